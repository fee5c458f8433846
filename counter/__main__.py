"""`hallq-counter` / `python -m counter`: the clerk's window at one counter."""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from collections.abc import Sequence

from counter.actions import HotKeyError, parse_key_options
from shared.qt.geometry import add_geometry_option, place
from shared.store.db import install_log_masking, mask_secrets

ENV_COUNTER = "HALLQ_COUNTER"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hallq-counter", description="hallq 叫号终端")
    parser.add_argument("--db", metavar="URL", help="the store (else HALLQ_DB_URL, else default)")
    parser.add_argument("--hall", metavar="CODE", help="the hall, when the store holds several")
    parser.add_argument(
        "--counter",
        type=int,
        metavar="N",
        help=f"this PC's counter (else ${ENV_COUNTER}, else the counter whose host is this PC)",
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
    add_geometry_option(parser)
    parser.add_argument("--no-devices", action="store_true", help="ignore keypad and rating pad")
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        help="render the window offscreen with the current store and exit",
    )
    parser.add_argument("--supervisor", action="store_true", help="screenshot the supervisor view")
    parser.add_argument(
        "--rating", action="store_true", help="screenshot the touch rating window (a bad level)"
    )
    return parser.parse_args(argv)


def _given_counter(args: argparse.Namespace) -> int:
    """--counter, else $HALLQ_COUNTER, else 0 (find it by hostname); ValueError if unreadable."""
    if args.counter is not None:
        if args.counter <= 0:
            raise ValueError(f"--counter must be a counter number (1 or more), got {args.counter}")
        return int(args.counter)
    raw = os.environ.get(ENV_COUNTER, "").strip()
    if not raw:
        return 0
    if not raw.isdigit() or int(raw) <= 0:
        raise ValueError(f"${ENV_COUNTER} must be a counter number, got {raw!r}")
    return int(raw)


def main(argv: Sequence[str] | None = None, *, hostname: str | None = None) -> int:
    """Start the counter app (or render a screenshot); returns the exit code.

    Without --counter or $HALLQ_COUNTER the counter is the one whose hall-file `host`
    is this PC's hostname (`hostname` overrides it for tests).
    """
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    install_log_masking()  # a store URL's password never reaches a log line
    try:
        counter = _given_counter(args)
    except ValueError as exc:
        print(f"hallq-counter: {mask_secrets(str(exc))}", file=sys.stderr)
        return 2
    try:
        keys = parse_key_options(args.key)
    except HotKeyError as exc:
        print(f"hallq-counter: {mask_secrets(str(exc))}", file=sys.stderr)
        return 2
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from counter.app import build
    from counter.screenshot import render, render_rating
    from shared.qt.i18n import install_translators
    from shared.services.counter_view import counter_for_host
    from shared.services.supervision import overview_without_login
    from shared.store.db import Store, StoreError

    # One application per process; a test (or an embedding shell) may have made it already.
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    translators = install_translators(app, args.lang, ("counter",))
    try:
        store = Store(args.db, hall=args.hall)
        if counter == 0:
            host = hostname if hostname is not None else socket.gethostname()
            found = counter_for_host(store, host=host)
            if found is None:
                print(
                    f'hallq-counter: no counter has host = "{host}" (this PC\'s hostname); '
                    f'give --counter N or ${ENV_COUNTER}, or add host = "{host}" to this '
                    "counter's [[counters]] entry in the hall file and apply it",
                    file=sys.stderr,
                )
                return 2
            counter = found
        if args.screenshot and args.rating:
            return render_rating(store, counter, args.screenshot)
        if args.screenshot and args.supervisor and not overview_without_login(store):
            print(
                "hallq-counter: --screenshot --supervisor shows the whole hall without a "
                "log-in: on PostgreSQL give the admin PC's URL (or the owner's), or render "
                "a demo store",
                file=sys.stderr,
            )
            return 2
        if args.screenshot:
            return render(
                store, counter, args.screenshot, lang=args.lang, supervisor=args.supervisor
            )
        counter_app = build(
            store, counter=counter, lang=args.lang, keys=keys, use_devices=not args.no_devices
        )
    except (StoreError, HotKeyError) as exc:
        print(f"hallq-counter: {mask_secrets(str(exc))}", file=sys.stderr)
        return 4 if isinstance(exc, StoreError) else 2
    if args.on_top:
        counter_app.window.set_on_top(True)
    if args.bar:
        counter_app.window.set_bar(True)
    place(counter_app.window, args.geometry)
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
