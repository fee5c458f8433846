"""The change feed never skips a committed event, whatever order transactions commit in.

On PostgreSQL ids come from a sequence when a row is inserted; a feed that reads
`id > last_seen` would step past an id whose transaction commits after a later one.
These tests make that interleaving happen on purpose (one thread holding its
transaction open after the insert), and with real processes committing after random
delays, on both stores.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import select

from shared import services as uc
from shared.events.feed import EventFeed
from shared.services.common import context, record
from shared.store.db import Store
from shared.store.models import Event

WRITER = Path(__file__).with_name("feed_writer.py")


def _all_ids(store: Store, after: int) -> list[int]:
    with store.read() as session:
        return list(session.scalars(select(Event.id).where(Event.id > after).order_by(Event.id)))


def test_an_event_committed_after_a_later_one_reaches_the_feed_once(store: Store) -> None:
    feed = EventFeed(store)
    assert feed.fetch() == []  # start at the end of the log
    inserted, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_writer() -> None:
        try:
            with store.write() as session:
                record(context(store, session), "probe", details={"writer": "slow"})
                inserted.set()
                release.wait(20)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
            inserted.set()

    def later_writer() -> None:
        try:
            uc.issue_ticket(store, service="A")
        except BaseException as exc:
            errors.append(exc)

    slow = threading.Thread(target=slow_writer)
    slow.start()
    assert inserted.wait(10)
    later = threading.Thread(target=later_writer)
    later.start()
    later.join(1.0)  # it commits now, or waits for the slow one: either way, read meanwhile
    seen = feed.fetch()
    release.set()
    slow.join(20)
    later.join(40)
    for _ in range(50):
        seen += feed.fetch()
        if len(seen) >= 2:
            break
        feed.wait(0.1)
    seen += feed.fetch()
    assert not errors, errors
    kinds = sorted(e.kind for e in seen)
    assert kinds == ["issued", "probe"], kinds
    assert len({e.id for e in seen}) == 2  # each once
    assert [e.id for e in seen] == sorted(e.id for e in seen)  # in id order, too


def test_events_from_concurrent_processes_all_reach_the_feed(db_url: str, store: Store) -> None:
    """Four writer processes commit after random delays while one feed follows."""
    start = max(_all_ids(store, 0), default=0)
    feed = EventFeed(store, last_id=start)
    seen: list[int] = []
    done = threading.Event()

    def follow() -> None:
        while not done.is_set():
            feed.wait(0.05)
            seen.extend(e.id for e in feed.fetch())
        seen.extend(e.id for e in feed.fetch())

    follower = threading.Thread(target=follow)
    follower.start()
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), db_url, "40", str(seed)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in range(4)
    ]
    outputs = [w.communicate(timeout=240) for w in writers]
    assert all(w.returncode == 0 for w in writers), outputs
    time.sleep(0.3)  # the feed's next poll or notification
    done.set()
    follower.join(30)
    logged = _all_ids(store, start)
    assert len(logged) == 4 * 40
    assert sorted(seen) == logged, f"missed {sorted(set(logged) - set(seen))[:20]}"
    assert len(seen) == len(set(seen))  # nothing twice
