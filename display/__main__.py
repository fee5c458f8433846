"""`hallq-display` / `python -m display`: the hall board, full screen, or a screenshot of it."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from shared.qt.geometry import add_geometry_option, place
from shared.store.db import install_log_masking, mask_secrets

if TYPE_CHECKING:
    from display.app import DisplayApp
    from display.model import BoardState
    from shared.services.board import BoardSettings
    from shared.store.db import Store

EXIT_BAD_INPUT = 2
EXIT_STORE = 4


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{2,5})[xX](\d{2,5})", text.strip())
    if not match:
        raise argparse.ArgumentTypeError(
            f"size must be WIDTHxHEIGHT such as 1920x1080, got {text!r}"
        )
    return int(match.group(1)), int(match.group(2))


def parser() -> argparse.ArgumentParser:
    """The command line of hallq-display."""
    p = argparse.ArgumentParser(prog="hallq-display", description="hallq hall board (综合屏)")
    p.add_argument("--db", metavar="URL", help="the store (else $HALLQ_DB_URL, else the default)")
    p.add_argument("--hall", metavar="CODE", help="the hall, when the store holds several")
    p.add_argument("--display", metavar="NAME", help="one of the hall file's [[displays]]")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument(
        "--screenshot",
        metavar="FILE.png",
        type=Path,
        help="render the board offscreen with the current store, save, exit",
    )
    p.add_argument(
        "--size",
        type=_size,
        default=None,
        metavar="WxH",
        help="window or screenshot size (default: full screen / 1920x1080)",
    )
    p.add_argument("--windowed", action="store_true", help="a window, not full screen")
    add_geometry_option(p)
    p.add_argument(
        "--log-json",
        action="store_true",
        help="one JSON line on stdout per call shown and per announcement started",
    )
    p.add_argument("--no-voice", action="store_true", help="show calls without speaking them")
    p.add_argument(
        "--wav-dir",
        type=Path,
        metavar="DIR",
        help="write each announcement's WAV to DIR instead of playing it",
    )
    p.add_argument(
        "--screens",
        action="store_true",
        help="drive the counter screens on this PC's screens port "
        "($HALLQ_SCREENS_PORT or screens in its devices file, docs/security.md)",
    )
    p.add_argument(
        "--screens-port",
        metavar="URL",
        help="drive the counter screens on this port (device or pyserial URL)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the board until closed (or write a screenshot); returns the exit status."""
    args = parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install_log_masking()
    if args.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from display.app import DisplayOptions, build, snapshot_state
    from shared.qt.i18n import install_translators
    from shared.services.board import DisplaySettingsError
    from shared.store.db import StoreError

    app = QApplication.instance() or QApplication(sys.argv[:1])
    translators = install_translators(app, args.lang, ("display",))  # noqa: F841 (kept alive)
    options = DisplayOptions(
        db=args.db,
        hall=args.hall,
        display=args.display,
        lang=args.lang,
        voice=not (args.no_voice or args.screenshot),
        wav_dir=args.wav_dir,
        screens=args.screens and not args.screenshot,
        screens_port=args.screens_port,
        log_json=args.log_json,
        animate=args.screenshot is None,
    )
    try:
        board = build(options)
        if args.screenshot is not None:
            return _screenshot(board, args.screenshot, args.size or (1920, 1080), snapshot_state)
    except DisplaySettingsError as error:
        print(f"hallq-display: {mask_secrets(str(error))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except StoreError as error:
        print(
            f"hallq-display: the store does not answer: {mask_secrets(str(error))}", file=sys.stderr
        )
        return EXIT_STORE
    view = board.view
    if args.size:
        view.resize(*args.size)
    place(view, args.geometry)
    if args.windowed or args.size or args.geometry:
        view.show()
    else:
        view.showFullScreen()
    board.controller.start()
    from shared.qt.signals import quit_on_signals

    wake = quit_on_signals(app)
    try:
        return app.exec()
    finally:
        board.stop()
        del wake


def _screenshot(
    board: DisplayApp,
    path: Path,
    size: tuple[int, int],
    snapshot: Callable[[Store, BoardSettings], BoardState],
) -> int:
    board.view.resize(*size)
    board.view.show_state(snapshot(board.store, board.settings))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not board.view.grab().save(str(path)):
        print(f"hallq-display: could not write {path}", file=sys.stderr)
        board.stop()
        return EXIT_BAD_INPUT
    print(path)
    board.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
