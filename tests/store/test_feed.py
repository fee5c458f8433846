"""The change feed: new events arrive, nothing is lost or repeated across a killed connection."""

from __future__ import annotations

import threading
import time

import pytest

from shared import services as uc
from shared.events.feed import EventFeed
from shared.store.db import Store


def drain(feed: EventFeed, want: int, timeout: float = 5.0) -> list[int]:
    got: list[int] = []
    deadline = time.monotonic() + timeout
    while len(got) < want and time.monotonic() < deadline:
        if feed.wait(0.2):
            got += [e.id for e in feed.fetch()]
    return got


def test_feed_delivers_each_event_once(store: Store) -> None:
    feed = EventFeed(store)
    assert feed.fetch() == []  # positions itself at the end of the log
    feed.wait(0.05)
    uc.issue_ticket(store, service="A")
    uc.open_counter(store, counter=2)
    uc.call_next(store, counter=2)
    ids = drain(feed, 3)
    assert len(ids) == 3 and ids == sorted(set(ids))
    assert not feed.wait(0.1) or feed.fetch() == []
    feed.close()


def test_feed_wakes_promptly(store: Store) -> None:
    feed = EventFeed(store)
    feed.fetch()
    feed.wait(0.05)  # PostgreSQL: LISTEN is in place from here on
    started = threading.Event()

    def later() -> None:
        started.wait()
        time.sleep(0.1)
        uc.issue_ticket(store, service="A")

    t = threading.Thread(target=later)
    t.start()
    started.set()
    t0 = time.monotonic()
    ids = drain(feed, 1)
    elapsed = time.monotonic() - t0
    t.join()
    assert len(ids) == 1
    assert elapsed < 2.0
    feed.close()


@pytest.mark.pg
def test_feed_survives_a_killed_connection(pg_store: Store) -> None:
    store = pg_store
    feed = EventFeed(store)
    feed.fetch()
    feed.wait(0.05)
    uc.issue_ticket(store, service="A")
    assert len(drain(feed, 1)) == 1
    pid = feed._listener.info.backend_pid
    with store.write() as s:
        s.connection().exec_driver_sql(f"SELECT pg_terminate_backend({pid})")
    # Written while the listener is dead: must still arrive, once.
    uc.issue_ticket(store, service="A")
    uc.issue_ticket(store, service="B")
    ids = drain(feed, 2)
    assert len(ids) == 2 and len(set(ids)) == 2
    uc.issue_ticket(store, service="B")
    assert len(drain(feed, 1)) == 1  # and it listens again
    feed.close()


def test_feed_resumes_from_a_given_id(store: Store) -> None:
    for _ in range(3):
        uc.issue_ticket(store, service="A")
    events = uc.events_after(store, 0)
    feed = EventFeed(store, last_id=events[-2].id)
    assert [e.id for e in feed.fetch()] == [events[-1].id]
    assert feed.fetch() == []
