"""What every `hallq` command shares: exit codes, opening the store, JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from shared.limits import CLI, IntLimit, TextLimit, int_problem, text_problem

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

    store = Store(args.db, hall=getattr(args, "hall", None))
    args.__dict__.setdefault("opened_stores", []).append(store)  # main() disposes them
    return store


def emit_json(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def bounded_int(name: str) -> Callable[[str], int]:
    """An argparse type: a whole number within shared.limits.CLI[name]."""
    limit = CLI[name]
    assert isinstance(limit, IntLimit)

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            shown = text if len(text) <= 40 else text[:40] + "…"
            raise argparse.ArgumentTypeError(f"expected a whole number, got {shown!r}") from None
        problem = int_problem(value, limit)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return parse


def bounded_text(name: str) -> Callable[[str], str]:
    """An argparse type: text within shared.limits.CLI[name] (length, characters, form)."""
    limit = CLI[name]
    assert isinstance(limit, TextLimit)

    def parse(text: str) -> str:
        problem = text_problem(text, limit)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return text

    return parse


COUNTER = bounded_int("counter open|close N, --counter N")
LOGIN = bounded_text("--clerk LOGIN, --by LOGIN, clerk password LOGIN")
SERVICE = bounded_text("--service CODE")
TICKET_CODE = bounded_text("ticket reprint CODE")
EVENT_ID = bounded_int("events|watch --since ID")


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value
