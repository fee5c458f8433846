"""`hallq clerk password LOGIN` and `hallq clerk invite LOGIN`: the admin's side of log-in.

On PostgreSQL the store allows both only to the admin PC's role (or the owner).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from shared.cli.common import LOGIN, CliError, open_store
from shared.limits import CLI, IntLimit

_PASSWORD = CLI["clerk password (typed or --stdin)"]
assert isinstance(_PASSWORD, IntLimit)
MAX_PASSWORD = _PASSWORD.high


def register(commands: Any) -> None:
    clerk = commands.add_parser("clerk", help="clerks' log-in")
    sub = clerk.add_subparsers(dest="clerk_command", metavar="ACTION", required=True)
    pw = sub.add_parser("password", help="set or reset a clerk's password; lifts a lockout")
    pw.add_argument("login", type=LOGIN, metavar="LOGIN")
    pw.add_argument(
        "--clear", action="store_true", help="remove it: the clerk sets one at next log-in"
    )
    pw.add_argument("--stdin", action="store_true", help="read the password from standard input")
    pw.set_defaults(handler=clerk_password)
    inv = sub.add_parser(
        "invite",
        help="print a one-time setup code: the clerk's first log-in (or the next, after "
        "--clear) sets a password with it",
    )
    inv.add_argument("login", metavar="LOGIN")
    inv.add_argument(
        "--valid-minutes",
        type=int,
        default=24 * 60,
        metavar="M",
        help="how long the code works (default: 1440, one day; at most 7 days)",
    )
    inv.set_defaults(handler=clerk_invite)


def clerk_invite(args: argparse.Namespace) -> int:
    from shared.services import auth

    store = open_store(args)
    try:
        code, expires = auth.invite(store, login=args.login, minutes=args.valid_minutes)
    except auth.AuthError as exc:
        raise CliError(str(exc)) from None
    with store.read() as session:
        from shared.services.common import context

        tz = context(store, session).hall.timezone
    from zoneinfo import ZoneInfo

    local = expires.astimezone(ZoneInfo(tz))
    print(f"setup code for {args.login}: {code[:4]}-{code[4:8]}-{code[8:]}")
    print(f"valid until {local:%Y-%m-%d %H:%M} ({tz}), once; give it to the clerk in person")
    return 0


def clerk_password(args: argparse.Namespace) -> int:
    from shared.services import auth

    if args.clear:
        password = None
    elif args.stdin:
        password = sys.stdin.readline(MAX_PASSWORD + 2).rstrip("\n")
    else:
        password = getpass.getpass(f"new password for {args.login}: ")
        if getpass.getpass("again: ") != password:
            raise CliError("the two passwords differ")
    if password is not None and len(password) > MAX_PASSWORD:
        raise CliError(f"a password is at most {MAX_PASSWORD} characters")
    try:
        auth.reset_password(open_store(args), login=args.login, password=password, by="hallq-cli")
    except auth.AuthError as exc:
        raise CliError(str(exc)) from None
    print(f"password of {args.login} {'cleared' if password is None else 'set'}")
    return 0
