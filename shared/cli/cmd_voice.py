"""`hallq voice pack make|check`: a hall's recorded voice (真人语音) as a folder of fragments."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from shared.cli.common import CliError

EXIT_PACK_PROBLEMS = 2


def register(commands: Any) -> None:
    voice = commands.add_parser(
        "voice",
        help="the hall's recorded voice pack",
        description="Voice packs: recorded fragments joined at call time.",
    )
    sub = voice.add_subparsers(dest="voice_command", metavar="COMMAND", required=True)
    pack = sub.add_parser("pack", help="make or check a voice pack folder")
    actions = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    make = actions.add_parser(
        "make",
        help="write a starter pack spoken by a speech engine, and the recording script",
        description="Writes every fragment a hall records (digits, 幺 十 百 千, letters A-Z, "
        "请 号 到 窗口 办理 重复呼叫 and the English words) as WAVs, manifest.json and "
        "script.txt (what to record, format and levels). Replace the WAVs with recordings.",
    )
    make.add_argument("folder", type=Path, metavar="DIR")
    make.add_argument(
        "--engine",
        choices=("pyttsx3", "espeak-ng"),
        help="the engine that speaks the starter fragments (default: pyttsx3 "
        "where it has a Chinese voice, else espeak-ng)",
    )
    make.set_defaults(handler=run_make)
    check = actions.add_parser(
        "check",
        help="report missing, silent, clipped, wrongly sampled or too quiet fragments",
        description="Exit 0 when the pack is ready, 2 with one line per problem.",
    )
    check.add_argument("folder", type=Path, metavar="DIR")
    check.set_defaults(handler=run_check)


def run_make(args: argparse.Namespace) -> int:
    """Write the starter pack and say what to record."""
    from shared.config.spec import AnnounceSpec
    from shared.speech.callwav import build_engines
    from shared.speech.errors import SpeechError
    from shared.speech.pack.make import make_pack

    spec = AnnounceSpec(engines=(args.engine,) if args.engine else ())
    try:
        args.folder.mkdir(parents=True, exist_ok=True)
        written = make_pack(args.folder, build_engines(spec))
    except (SpeechError, OSError) as error:
        raise CliError(f"could not make a voice pack in {args.folder}: {error}") from error
    print(f"{len(written)} fragments written to {args.folder}")
    print(f"what to record: {args.folder / 'script.txt'}")
    print(f"then: hallq voice pack check {args.folder}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Print each problem; exit 2 if there is any."""
    from shared.speech.pack import PackError
    from shared.speech.pack.check import check_pack

    try:
        problems = check_pack(args.folder)
    except PackError as error:
        raise CliError(str(error)) from error
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{args.folder}: {len(problems)} problem(s)", file=sys.stderr)
        return EXIT_PACK_PROBLEMS
    print(f"{args.folder}: ready")
    return 0
