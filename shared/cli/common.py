"""What every `hallq` command shares: exit codes, opening the store, JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_NOTHING_WAITING = 3
EXIT_STORE = 4
EXIT_PRINT = 5


class CliError(Exception):
    """Bad input from the command line; printed without a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def open_store(args: argparse.Namespace) -> Any:
    """The store named by --db (else HALLQ_DB_URL, else the default file)."""
    from shared.store.db import Store

    return Store(args.db, hall=getattr(args, "hall", None))


def emit_json(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value
