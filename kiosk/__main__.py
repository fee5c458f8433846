"""`hallq-kiosk` / `python -m kiosk`: the ticket kiosk (取号机), or one screenshot of it."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from shared.qt.geometry import add_geometry_option, place
from shared.store.db import install_log_masking, mask_secrets


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hallq-kiosk", description="hallq ticket kiosk (取号机)")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="the store (default: $HALLQ_DB_URL, else a SQLite file in the user data directory)",
    )
    parser.add_argument(
        "--printer",
        metavar="URL",
        help="usb://VID:PID, serial:///dev/ttyUSB0"
        "?baudrate=19200, tcp://HOST:9100, file:///PATH or none "
        "(default: $HALLQ_PRINTER, else printer in this PC's "
        "devices file; see docs/security.md)",
    )
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument("--elder", action="store_true", help="start in elder mode (适老化)")
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument("--portrait", action="store_true", help="1080x1920 (the default)")
    shape.add_argument("--landscape", action="store_true", help="1920x1080")
    parser.add_argument("--windowed", action="store_true", help="not full screen")
    add_geometry_option(parser)
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        type=Path,
        help="render a page offscreen, save it and exit",
    )
    parser.add_argument(
        "--page",
        choices=("home", "checkin", "confirm"),
        default="home",
        help="with --screenshot: the page to show; confirm takes a real "
        "ticket and prints it (use a demo store)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    install_log_masking()  # a store URL's password never reaches a log line
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.app import KioskSettings, build, start
    from kiosk.screenshot import screenshot
    from shared.store.db import StoreError

    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = KioskSettings(
        db_url=args.db,
        printer_url=args.printer,
        lang=args.lang,
        elder=args.elder,
        portrait=not args.landscape,
        fullscreen=not (args.windowed or args.screenshot or args.geometry),
        feed=not args.screenshot,
        speech=not args.screenshot,
    )
    try:
        kiosk = build(settings, app)  # type: ignore[arg-type]
    except (StoreError, ValueError) as exc:
        print(f"hallq-kiosk: {mask_secrets(str(exc))}", file=sys.stderr)
        return 4 if isinstance(exc, StoreError) else 2
    if args.screenshot:
        return screenshot(kiosk, args.screenshot, args.page)
    place(kiosk.window, args.geometry)
    start(kiosk, settings)
    from shared.qt.signals import quit_on_signals

    wake = quit_on_signals(app)
    code = app.exec()
    del wake
    kiosk.close()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
