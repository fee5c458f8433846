"""`hallq`: the installers', scripts' and load tests' door to the same use cases the apps use.

Exit codes: 0 done, 2 bad input, 3 nothing waiting to call, 4 store unreachable (or
busy: another program holds its write lock; the message says which), 5 printing failed
(the ticket itself is valid).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Callable, Sequence

from shared.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_NOTHING_WAITING,
    EXIT_STORE,
    CliError,
    bounded_text,
)
from shared.domain.errors import DomainError, NothingWaiting
from shared.store.db import (
    StoreBusy,
    StoreError,
    StoreNotReady,
    StoreUnavailable,
    install_log_masking,
    mask_secrets,
)

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hallq",
        description="hallq queue-ticket system: store, hall file, tickets, calls, events.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        type=bounded_text("--db URL"),
        help="the store: sqlite:///PATH or postgresql://USER@HOST/DB "
        "(default: $HALLQ_DB_URL, else a SQLite file in the user data directory)",
    )
    parser.add_argument(
        "--hall",
        metavar="CODE",
        help="the hall, when the store holds several",
        type=bounded_text("--hall CODE"),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    # Each shared/cli/cmd_*.py module adds its own commands.
    import shared.cli as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"shared.cli.{info.name}")
            module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    install_log_masking()
    handler: Handler = args.handler
    try:
        return handler(args)
    except NothingWaiting as exc:
        print(f"hallq: {mask_secrets(str(exc))}", file=sys.stderr)
        return EXIT_NOTHING_WAITING
    except StoreBusy as exc:
        print(f"hallq: store busy: {mask_secrets(str(exc))}", file=sys.stderr)
        return EXIT_STORE
    except (StoreUnavailable, StoreNotReady) as exc:
        print(f"hallq: store unreachable: {mask_secrets(str(exc))}", file=sys.stderr)
        return EXIT_STORE
    except (DomainError, CliError, StoreError) as exc:
        print(f"hallq: {mask_secrets(str(exc))}", file=sys.stderr)
        return getattr(exc, "exit_code", EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:
        return 0
    finally:
        for store in getattr(args, "opened_stores", ()):
            store.dispose()


if __name__ == "__main__":
    sys.exit(main())
