"""`hallq web serve` runs hallq-web (the citizen's phone); `hallq web outbox` lists webhooks
not yet delivered."""

from __future__ import annotations

import argparse
from typing import Any

from shared.cli.common import CliError, emit_json, open_store

DEFAULT_BIND = "127.0.0.1:8080"


def register(commands: Any) -> None:
    web = commands.add_parser("web", help="the citizen's phone: ticket pages, board, bookings")
    sub = web.add_subparsers(dest="web_command", metavar="ACTION", required=True)
    serve = sub.add_parser("serve", help="run hallq-web (ASGI on uvicorn)")
    add_serve_options(serve)
    serve.set_defaults(handler=web_serve)
    outbox = sub.add_parser("outbox", help="webhook events pending or failed")
    outbox.add_argument(
        "--state",
        choices=("pending", "failed", "delivered", "all"),
        help="only rows in this state (default: pending and failed)",
    )
    outbox.add_argument("--json", action="store_true", help="one JSON object a line")
    outbox.set_defaults(handler=web_outbox)


def add_serve_options(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: `hallq --db URL web serve` and `hallq web serve --db URL` both work.
    parser.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="the store (default: $HALLQ_DB_URL, else the user data file)",
    )
    parser.add_argument(
        "--bind",
        metavar="HOST:PORT",
        default=DEFAULT_BIND,
        help=f"where to listen (default {DEFAULT_BIND}; put the hall's HTTPS "
        "reverse proxy in front)",
    )
    parser.add_argument(
        "--no-webhooks", action="store_true", help="do not deliver webhooks from this process"
    )


def parse_bind(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CliError(f"--bind must be HOST:PORT such as 0.0.0.0:8080, got {text!r}")
    return host.strip("[]"), int(port)


def web_serve(args: argparse.Namespace) -> int:
    from web.server import serve

    host, port = parse_bind(args.bind)
    serve(open_store(args), host, port, webhooks=not args.no_webhooks)
    return 0


def web_outbox(args: argparse.Namespace) -> int:
    from shared.services.outbox import outbox_rows

    states = (
        ("pending", "failed", "delivered")
        if args.state == "all"
        else (args.state,)
        if args.state
        else ("pending", "failed")
    )
    rows = outbox_rows(open_store(args), states)
    if args.json:
        for row in rows:
            emit_json(row.to_json())
        return 0
    if not rows:
        print("outbox: nothing " + " or ".join(states))
        return 0
    print(
        f"{'id':>6}  {'receiver':<12} {'kind':<18} {'state':<9} {'tries':>5}  "
        f"{'next attempt (UTC)':<19}  last error"
    )
    for r in rows:
        print(
            f"{r.id:>6}  {r.receiver:<12} {r.kind:<18} {r.state:<9} {r.attempts:>5}  "
            f"{r.next_attempt_at:%Y-%m-%d %H:%M:%S}  {r.last_error}"
        )
    return 0
