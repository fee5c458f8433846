"""`hallq-counter` / `python -m counter`: the clerk's window at one counter."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from counter.actions import HotKeyError, parse_key_options

ENV_COUNTER = "HALLQ_COUNTER"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hallq-counter", description="hallq 叫号终端")
    parser.add_argument("--db", metavar="URL", help="the store (else HALLQ_DB_URL, else default)")
    parser.add_argument("--hall", metavar="CODE", help="the hall, when the store holds several")
    parser.add_argument(
        "--counter", type=int, metavar="N", help=f"this PC's counter (else ${ENV_COUNTER})"
    )
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument(
        "--key",
        action="append",
        default=[],
        metavar="ACTION=KEY",
        help="a hot key of this PC, e.g. call_next=Space (repeatable)",
    )
    parser.add_argument("--on-top", action="store_true", help="keep the window on top")
    parser.add_argument("--bar", action="store_true", help="start docked as a thin bar")
    parser.add_argument("--no-devices", action="store_true", help="ignore keypad and rating pad")
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="render the window offscreen with the current store and exit",
    )
    parser.add_argument("--supervisor", action="store_true", help="screenshot the supervisor view")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Start the counter app (or render a screenshot); returns the exit code."""
    args = parse_args(argv)
    counter = args.counter or int(os.environ.get(ENV_COUNTER, "0") or 0)
    if counter <= 0:
        print(
            f"hallq-counter: give the counter with --counter N or ${ENV_COUNTER}", file=sys.stderr
        )
        return 2
    try:
        keys = parse_key_options(args.key)
    except HotKeyError as exc:
        print(f"hallq-counter: {exc}", file=sys.stderr)
        return 2
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from counter.app import build
    from counter.screenshot import render
    from shared.qt.i18n import install_translators
    from shared.store.db import Store, StoreError

    app = QApplication(sys.argv[:1])
    translators = install_translators(app, args.lang, ("counter",))
    try:
        store = Store(args.db, hall=args.hall)
        if args.screenshot:
            return render(
                store, counter, args.screenshot, lang=args.lang, supervisor=args.supervisor
            )
        counter_app = build(
            store, counter=counter, lang=args.lang, keys=keys, use_devices=not args.no_devices
        )
    except (StoreError, HotKeyError) as exc:
        print(f"hallq-counter: {exc}", file=sys.stderr)
        return 4 if isinstance(exc, StoreError) else 2
    if args.on_top:
        counter_app.window.set_on_top(True)
    if args.bar:
        counter_app.window.set_bar(True)
    counter_app.window.show()
    counter_app.start()
    from shared.qt.signals import quit_on_signals

    wake = quit_on_signals(app)
    try:
        return int(app.exec())
    finally:
        counter_app.stop()
        del translators, wake


if __name__ == "__main__":
    sys.exit(main())
