"""`hallq clerk password LOGIN`: an installer sets, resets or clears a clerk's password."""

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
