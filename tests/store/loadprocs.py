"""Worker processes for the concurrency tests: real processes, each with its own engine."""

from __future__ import annotations

import contextlib
from typing import Any

from shared import services as uc
from shared.domain.errors import NoCurrentTicket, NothingWaiting
from shared.store.db import Store


def issuer(url: str, service: str, count: int, out: Any) -> None:
    store = Store(url, pool_size=1)
    codes = []
    errors = 0
    for _ in range(count):
        try:
            codes.append(uc.issue_ticket(store, service=service, enforce_limits=False).code)
        except Exception as exc:  # reported to the test, which fails on any
            errors += 1
            out.put(("error", repr(exc)))
    out.put(("issued", codes, errors))
    store.dispose()


def caller(url: str, counter: int, issuers_done: Any, out: Any, composite: bool = False) -> None:
    """Finish the case in hand and call the next until nothing waits once issuing is done;
    `composite`: both in one transaction (finish_and_call_next), else one after the other."""
    store = Store(url, pool_size=1)
    called = []
    errors = 0

    def next_call() -> int:
        if composite:
            return uc.finish_and_call_next(store, counter=counter).ticket_id
        with contextlib.suppress(NoCurrentTicket):
            uc.finish(store, counter=counter)
        return uc.call_next(store, counter=counter).ticket_id

    while True:
        try:
            called.append(next_call())
        except NothingWaiting:
            if issuers_done.is_set():
                # One more look: a ticket committed just before the flag was set.
                try:
                    called.append(next_call())
                    continue
                except NothingWaiting:
                    break
        except Exception as exc:
            errors += 1
            out.put(("error", repr(exc)))
            if errors > 20:
                break
    out.put(("called", called, errors))
    store.dispose()
