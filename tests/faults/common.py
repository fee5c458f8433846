"""What every fault test checks afterwards, and how it runs `hallq` as a real process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter as Tally
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text

from shared.store.db import normalise_url

ROOT = Path(__file__).resolve().parents[2]
HALLQ = [sys.executable, "-m", "shared.cli.main"]


def hallq(url: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`hallq --db URL args` in its own process, to the end."""
    return subprocess.run(
        [*HALLQ, "--db", url, *args],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def spawn(url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*HALLQ, "--db", url, *args],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def rows(url: str, query: str) -> list[tuple[object, ...]]:
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(query)).all()]
    finally:
        engine.dispose()


def count(url: str, query: str) -> int:
    return int(rows(url, query)[0][0])  # type: ignore[call-overload]


def kill_when(proc: subprocess.Popen[str], ready: Callable[[], bool], timeout: float = 60) -> bool:
    """SIGKILL `proc` as soon as `ready()`; False if it ended by itself first."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            proc.kill()  # SIGKILL: no cleanup, no rollback by the client
            proc.wait(10)
            return True
        time.sleep(0.02)
    return False


def writing_now(url: str) -> bool:
    """Whether another process is inside a writing transaction on the store right now.

    PostgreSQL: a backend holds a transaction id (it has written and not committed).
    SQLite: the write lock is taken (BEGIN IMMEDIATE cannot start at once).
    """
    if url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(url.split("sqlite:///", 1)[1], timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            conn.close()
    return (
        count(
            url,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = "
            "current_database() AND pid <> pg_backend_pid() "
            "AND backend_xid IS NOT NULL",
        )
        > 0
    )


def held_for(check: Callable[[], bool], seconds: float) -> Callable[[], bool]:
    """A `ready` for kill_when: `check()` has been true on every poll for `seconds`."""
    since: list[float] = []

    def ready() -> bool:
        if not check():
            since.clear()
            return False
        since[:] = since or [time.monotonic()]
        return time.monotonic() - since[0] >= seconds

    return ready


def check_store(url: str) -> dict[str, int]:
    """The invariants every fault must leave intact; returns the last number per prefix.

    - no ticket code twice in a day, and every ticket has exactly one `issued` event and
      every `issued` event its ticket;
    - per day and prefix the numbers run 1..N without a gap, and the numbering row says N;
    - a counter's current ticket is called or being served, at that counter, and no ticket
      is called at two counters.
    """
    tickets = rows(
        url,
        "SELECT id, business_day, code, number, status, counter_number "
        "FROM ticket WHERE parent_id IS NULL",
    )
    codes = Tally((str(day), code) for _, day, code, *_ in tickets)
    twice = [key for key, n in codes.items() if n > 1]
    assert not twice, f"ticket codes issued twice: {twice[:5]}"
    issued = Tally(r[0] for r in rows(url, "SELECT ticket_id FROM event WHERE kind = 'issued'"))
    ids = {r[0] for r in tickets}
    assert not [t for t, n in issued.items() if n != 1], "a ticket with several issued events"
    assert set(issued) == ids, (
        f"tickets without an issued event: {sorted(ids - set(issued))[:5]}"
        f"; events without a ticket: {sorted(set(issued) - ids)[:5]}"
    )
    last: dict[str, int] = {}
    by_prefix: dict[tuple[str, str], list[int]] = {}
    for _, day, code, number, *_ in tickets:
        prefix = re.match(r"[A-Z]+", str(code))[0]  # type: ignore[index]
        by_prefix.setdefault((str(day), prefix), []).append(int(number))  # type: ignore[call-overload]
    seq = {
        (str(d), p): int(n)
        for d, p, n in rows(  # type: ignore[call-overload]
            url, "SELECT business_day, prefix, last_number FROM number_seq"
        )
    }
    for key, numbers in by_prefix.items():
        numbers.sort()
        assert numbers == list(range(1, len(numbers) + 1)), f"{key}: a gap or a repeat"
        assert seq.get(key) == numbers[-1], f"{key}: numbering row {seq.get(key)} != {numbers[-1]}"
        last[key[1]] = numbers[-1]
    status = {r[0]: (r[4], r[5]) for r in tickets}
    current = rows(
        url, "SELECT number, current_ticket_id FROM counter WHERE current_ticket_id IS NOT NULL"
    )
    held = Tally(t for _, t in current)
    assert all(n == 1 for n in held.values()), "one ticket current at two counters"
    for number, ticket_id in current:
        state, at = status.get(ticket_id, ("?", None))
        assert state in ("called", "serving") and at == number, (number, ticket_id, state, at)
    return last
