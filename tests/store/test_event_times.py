"""Event times are true: read once the store's lock is held, never before what they follow.

Random operations from several threads (each its own Store, like separate PCs) on a
clock that runs in real time; afterwards, per ticket: issued <= called <= started <=
finished, events of one ticket in id order never go back in time, and no report fact
has a negative wait or service time. On SQLite a writer may wait for another's write
lock; its event must carry the time it got the lock, not the time it began to wait.
"""

from __future__ import annotations

import contextlib
import threading
import time
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from shared import services as uc
from shared.domain.errors import DomainError
from shared.reports.facts import case_facts
from shared.reports.period import day
from shared.services.common import context
from shared.store.db import Store, StoreBusy
from shared.store.models import Event, Ticket
from tests.factories import MONDAY_10

OPS = ("issue", "call", "start", "finish", "no_show", "recall")


class RunningClock:
    """Monday 10:00 plus the real time elapsed: a business day that really moves."""

    def __init__(self, start: datetime) -> None:
        self.start, self.t0 = start, time.monotonic()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.t0)


CLOCKS: dict[str, RunningClock] = {}


def _run(store: Store, counter: int, ops: list[str], errors: list[BaseException]) -> None:
    try:
        for op in ops:
            try:
                if op == "issue":
                    uc.issue_ticket(store, service="A" if counter % 2 else "B")
                elif op == "call":
                    uc.call_next(store, counter=counter)
                elif op == "start":
                    uc.start_service(store, counter=counter)
                elif op == "finish":
                    uc.finish(store, counter=counter)
                elif op == "no_show":
                    uc.mark_no_show(store, counter=counter)
                else:
                    uc.recall(store, counter=counter)
            except DomainError:
                pass  # nothing waiting, nothing in hand, a wrong state: normal at a counter
    except BaseException as exc:
        errors.append(exc)


def _check(store: Store) -> None:
    with store.read() as session:
        tickets = session.scalars(select(Ticket)).all()
        for t in tickets:
            stamps = [s for s in (t.issued_at, t.called_at, t.started_at, t.ended_at) if s]
            assert stamps == sorted(stamps), (t.code, stamps)
        events = session.execute(
            select(Event.ticket_id, Event.at, Event.kind, Event.id)
            .where(Event.ticket_id.is_not(None))
            .order_by(Event.id)
        ).all()
        last: dict[int, tuple[datetime, str]] = {}
        for tid, at, kind, eid in events:
            if tid in last:
                assert at >= last[tid][0], f"event {eid} {kind} at {at} before {last[tid]}"
            last[tid] = (at, kind)
        hall = store.hall_id(session)
        for fact in case_facts(session.connection(), hall, "Asia/Shanghai", day("2026-11-30")):
            assert fact.wait_s is None or fact.wait_s >= 0, fact
            assert fact.service_s is None or fact.service_s >= 0, fact


@settings(
    max_examples=3,
    deadline=None,
    database=None,
    # Threads make every run different: no replay or shrinking, just fresh random plans.
    phases=[Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plans=st.lists(st.lists(st.sampled_from(OPS), min_size=8, max_size=25), min_size=4, max_size=4)
)
def test_times_follow_each_ticket_under_concurrent_use(
    db_url: str, plans: list[list[str]], store: Store
) -> None:
    clock = CLOCKS.setdefault(db_url, RunningClock(MONDAY_10))  # one per store: examples share it
    stores = [Store(db_url, clock=clock) for _ in plans]
    for s in stores[:1]:
        for _ in range(6):
            uc.issue_ticket(s, service="A")
            uc.issue_ticket(s, service="B")
    for number in (5, 6, 7, 8):
        with contextlib.suppress(DomainError):  # open from an earlier example
            uc.open_counter(stores[0], counter=number)
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=_run, args=(s, 5 + i, plan, errors))
        for i, (s, plan) in enumerate(zip(stores, plans, strict=True))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for s in stores:
        s.dispose()
    assert not errors, errors
    _check(store)


def test_a_writer_that_waited_for_the_lock_is_stamped_after_the_holder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """SQLite: the second writer's event is not stamped with the time it began to wait."""
    from shared.store.apply import apply_hall
    from shared.store.migrate import upgrade
    from tests.factories import small_hall

    url = f"sqlite:///{tmp_path / 'hall.sqlite'}"
    clock = RunningClock(MONDAY_10)
    owner = Store(url, clock=clock)
    upgrade(owner)
    apply_hall(owner, small_hall())
    uc.issue_ticket(owner, service="A")
    uc.open_counter(owner, counter=2)
    holder = Store(url, clock=clock)
    got_lock, release = threading.Event(), threading.Event()

    def hold() -> None:
        with holder.write() as session:
            session.connection()  # BEGIN IMMEDIATE: the write lock is ours
            got_lock.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    assert got_lock.wait(5)
    caller_store = Store(url, clock=clock)
    with caller_store.read() as session:
        context(caller_store, session)  # the hall is cached: no read before the clock
    caller = threading.Thread(target=lambda: uc.call_next(caller_store, counter=2))
    caller.start()
    time.sleep(0.5)  # the caller now waits for the lock
    released_at = clock.now()
    release.set()
    t.join()
    caller.join(30)
    with owner.read() as session:
        called = session.scalars(select(Event).where(Event.kind == "called")).one()
    assert called.at >= released_at - timedelta(milliseconds=5)
    assert called.details["wait_s"] >= 0


def test_a_lock_held_past_the_busy_timeout_says_busy_not_unreachable(  # type: ignore[no-untyped-def]
    tmp_path, monkeypatch, capsys
) -> None:
    """SQLite: another program holding the write lock gives StoreBusy, exit 4 'store busy'."""
    import sqlite3

    from shared.cli.main import main
    from shared.store import db
    from shared.store.apply import apply_hall
    from shared.store.migrate import upgrade
    from tests.factories import small_hall

    monkeypatch.setattr(db, "SQLITE_BUSY_MS", 300)
    path = tmp_path / "hall.sqlite"
    url = f"sqlite:///{path}"
    owner = Store(url)
    upgrade(owner)
    apply_hall(owner, small_hall())
    owner.dispose()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a stuck sqlite3 shell holding the write lock
    try:
        with pytest.raises(StoreBusy, match="busy"), Store(url).write() as session:
            session.connection()
        capsys.readouterr()
        assert main(["--db", url, "ticket", "issue", "--service", "A"]) == 4
        err = capsys.readouterr().err
        assert "store busy" in err and "write lock" in err and "unreachable" not in err
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert main(["--db", url, "ticket", "issue", "--service", "A"]) == 0  # and then it works
