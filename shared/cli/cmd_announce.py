"""`hallq announce`: the call sentence as the voice engine gets it, or the call's WAV."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shared.cli.common import COUNTER, CliError, bounded_text, open_store


def register(commands: Any) -> None:
    announce = commands.add_parser(
        "announce",
        help="print a call's spoken text or render it (chime included) to a WAV",
        description="The call as the hall board speaks it, with the hall's [announce] settings "
        "from the store (or the built-in defaults with --defaults).",
    )
    announce.add_argument(
        "--code",
        required=True,
        type=bounded_text("announce --code CODE"),
        metavar="CODE",
        help="ticket code, e.g. A012",
    )
    announce.add_argument("--counter", required=True, type=COUNTER, metavar="N")
    announce.add_argument(
        "--text",
        action="store_true",
        help="print the text handed to the voice engine, one sentence a line",
    )
    announce.add_argument(
        "--wav",
        type=Path,
        metavar="FILE",
        help="write chime + sentences (repeated as the hall says) to FILE",
    )
    announce.add_argument("--recall", action="store_true", help="a recall (重呼), not a call")
    announce.add_argument(
        "--defaults",
        action="store_true",
        help="ignore the store: the built-in template, voice and repeat",
    )
    announce.add_argument(
        "--engines",
        metavar="LIST",
        help="speech engines to try in order instead of the hall's, "
        "e.g. pack,espeak-ng (pack, pyttsx3, espeak-ng)",
    )
    announce.add_argument(
        "--voice-pack",
        type=Path,
        metavar="DIR",
        help="the voice pack folder instead of the hall's voice_pack",
    )
    announce.add_argument(
        "--once", action="store_true", help="the short form a late call gets: one round only"
    )
    announce.set_defaults(handler=run_announce)


def run_announce(args: argparse.Namespace) -> int:
    """Print the text (the default, or --text) and/or render the WAV (--wav)."""
    from dataclasses import replace

    from shared.config.spec import SPEECH_ENGINES, AnnounceSpec
    from shared.speech import (
        Announcement,
        AnnouncementKind,
        CallTextError,
        SpeechError,
        SpokenForm,
        VoiceCallRenderer,
        announcement_sentences,
    )
    from shared.speech.callwav import build_engines
    from shared.speech.settings import CHIME_PATH

    spec = AnnounceSpec() if args.defaults else _hall_announce(args)
    if args.voice_pack is not None:
        spec = replace(spec, voice_pack=str(args.voice_pack.resolve()))
    if args.engines:
        order = tuple(e.strip() for e in args.engines.split(",") if e.strip())
        bad = [e for e in order if e not in SPEECH_ENGINES]
        if bad or not order:
            raise CliError(
                f"--engines: {args.engines!r} must list some of {', '.join(SPEECH_ENGINES)}"
            )
        if "pack" in order and not spec.voice_pack:
            raise CliError(
                "--engines lists pack but the hall has no voice_pack: give --voice-pack DIR"
            )
        spec = replace(spec, engines=order)
    try:
        sentences = announcement_sentences(spec, args.code, args.counter, recall=args.recall)
    except CallTextError as error:
        raise CliError(str(error)) from error
    if args.text or args.wav is None:
        for sentence in sentences:
            print(sentence.text)
    if args.wav is not None:
        kind = AnnouncementKind.RECALL if args.recall else AnnouncementKind.CALL
        form = SpokenForm.ONCE if args.once else SpokenForm.FULL
        item = Announcement(args.code, args.counter, kind, "", datetime.now(UTC), form=form)
        engines = build_engines(spec)
        renderer = VoiceCallRenderer(
            spec, chime=CHIME_PATH if CHIME_PATH.exists() else None, engines=engines
        )
        try:
            args.wav.parent.mkdir(parents=True, exist_ok=True)
            renderer.render(item, args.wav)
        except (SpeechError, OSError) as error:
            raise CliError(f"could not render {args.wav}: {error}") from error
        said = sorted({a.engine for a in engines.last_attempts if a.ok})
        print(args.wav)
        print(f"spoken by: {', '.join(said)}", file=sys.stderr)
    return 0


def _hall_announce(args: argparse.Namespace) -> Any:
    from shared.speech.settings import announce_from_settings
    from shared.store.models import Hall

    store = open_store(args)
    try:
        with store.read() as session:
            hall = session.get(Hall, store.hall_id(session))
            data = dict((hall.settings or {}).get("announce") or {}) if hall else {}
    finally:
        store.dispose()
    return announce_from_settings(data)
