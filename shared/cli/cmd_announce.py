"""`hallq announce`: the call sentence as the voice engine gets it, or the call's WAV."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from shared.cli.common import COUNTER, CliError, bounded_text, open_store


def register(commands: Any) -> None:
    announce = commands.add_parser(
        "announce", help="print a call's spoken text or render it (chime included) to a WAV",
        description="The call as the hall board speaks it, with the hall's [announce] settings "
        "from the store (or the built-in defaults with --defaults).",
    )
    announce.add_argument("--code", required=True, type=bounded_text("announce --code CODE"),
                          metavar="CODE",
                          help="ticket code, e.g. A012")
    announce.add_argument("--counter", required=True, type=COUNTER, metavar="N")
    announce.add_argument("--text", action="store_true",
                          help="print the text handed to the voice engine, one sentence a line")
    announce.add_argument("--wav", type=Path, metavar="FILE",
                          help="write chime + sentences (repeated as the hall says) to FILE")
    announce.add_argument("--recall", action="store_true", help="a recall (重呼), not a call")
    announce.add_argument("--defaults", action="store_true",
                          help="ignore the store: the built-in template, voice and repeat")
    announce.set_defaults(handler=run_announce)


def run_announce(args: argparse.Namespace) -> int:
    """Print the text (the default, or --text) and/or render the WAV (--wav)."""
    from shared.config.spec import AnnounceSpec
    from shared.speech import (
        Announcement,
        AnnouncementKind,
        CallTextError,
        SpeechError,
        VoiceCallRenderer,
        announcement_sentences,
    )
    from shared.speech.settings import CHIME_PATH

    spec = AnnounceSpec() if args.defaults else _hall_announce(args)
    try:
        sentences = announcement_sentences(spec, args.code, args.counter)
    except CallTextError as error:
        raise CliError(str(error)) from error
    if args.text or args.wav is None:
        for sentence in sentences:
            print(sentence.text)
    if args.wav is not None:
        kind = AnnouncementKind.RECALL if args.recall else AnnouncementKind.CALL
        item = Announcement(args.code, args.counter, kind, "", datetime.now(UTC))
        renderer = VoiceCallRenderer(spec, chime=CHIME_PATH if CHIME_PATH.exists() else None)
        try:
            args.wav.parent.mkdir(parents=True, exist_ok=True)
            renderer.render(item, args.wav)
        except (SpeechError, OSError) as error:
            raise CliError(f"could not render {args.wav}: {error}") from error
        print(args.wav)
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
