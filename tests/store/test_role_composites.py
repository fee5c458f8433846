"""The counter PC's own role runs the composed use cases: signing in (the store's log-in
function and the counter's opening on one connection, in one transaction) and finishing
a case while calling the next."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared import services as uc
from shared.domain.clock import ManualClock
from shared.domain.errors import CounterBusy, NothingWaiting, UnknownCounter
from shared.services import auth
from shared.store.db import Store
from shared.store.models import ClerkSession, Counter
from tests.factories import MONDAY_10
from tests.store.pgroles import RoleStore
from tests.store.test_role_apps import PASSWORD, hall  # noqa: F401  (the fixture)

pytestmark = pytest.mark.pg


def owner_reads(rs: RoleStore) -> Store:
    return Store(rs.owner_url, clock=ManualClock(MONDAY_10))


def test_the_counter_role_signs_in_and_works(
    hall: tuple[RoleStore, dict[str, Store]],  # noqa: F811
) -> None:
    rs, pcs = hall
    counter_pc = pcs["counter"]
    for _ in range(2):
        uc.issue_ticket(pcs["kiosk"], service="A")
    before = uc.last_event_id(pcs["display"])
    session = auth.sign_in(counter_pc, login="li.wei", password=PASSWORD, counter=2)
    assert counter_pc.clerk_token == session.token is not None
    uc.call_next(counter_pc, counter=2)
    called = uc.finish_and_call_next(counter_pc, counter=2)
    assert called.code == "A002"
    after = uc.events_after(pcs["display"], before)
    assert [(e.kind, e.clerk, e.recorded_by) for e in after] == [
        ("login", "li.wei", rs.names["counter"]),
        ("counter_opened", "li.wei", rs.names["counter"]),
        ("called", "li.wei", rs.names["counter"]),
        ("finished", "li.wei", rs.names["counter"]),
        ("called", "li.wei", rs.names["counter"]),
    ]
    with pytest.raises(NothingWaiting):
        uc.finish_and_call_next(counter_pc, counter=2)
    assert uc.last_event_id(pcs["display"]) == after[-1].id


def test_a_counter_role_sign_in_that_cannot_open_leaves_no_session(
    hall: tuple[RoleStore, dict[str, Store]],  # noqa: F811
) -> None:
    rs, pcs = hall
    counter_pc = pcs["counter"]
    owner = owner_reads(rs)
    try:
        with owner.read() as s:
            sessions = s.scalar(select(func.count()).select_from(ClerkSession))
        before = uc.last_event_id(owner)
        with pytest.raises(UnknownCounter):
            auth.sign_in(counter_pc, login="li.wei", password=PASSWORD, counter=99)
        assert counter_pc.clerk_token is None
        with owner.read() as s:
            assert s.scalar(select(func.count()).select_from(ClerkSession)) == sessions
        assert uc.last_event_id(owner) == before  # no login event either
        # Without a session this PC is nobody: the store refuses its clerk actions.
        with pytest.raises(Exception, match="no clerk is logged in"):
            uc.open_counter(counter_pc, counter=2, clerk="li.wei")
        with owner.read() as s:
            state = s.scalar(select(Counter.state).where(Counter.number == 2))
        assert state == "closed"
    finally:
        owner.dispose()


def test_the_counter_role_signs_out_in_one_transaction(
    hall: tuple[RoleStore, dict[str, Store]],  # noqa: F811
) -> None:
    rs, pcs = hall
    counter_pc = pcs["counter"]
    owner = owner_reads(rs)
    try:
        uc.issue_ticket(pcs["kiosk"], service="A")
        auth.sign_in(counter_pc, login="li.wei", password=PASSWORD, counter=2)
        uc.call_next(counter_pc, counter=2)
        before = uc.last_event_id(owner)
        with pytest.raises(CounterBusy):
            auth.sign_out(counter_pc, login="li.wei", counter=2)
        assert uc.last_event_id(owner) == before and counter_pc.clerk_token is not None
        uc.finish(counter_pc, counter=2)
        auth.sign_out(counter_pc, login="li.wei", counter=2)
        assert counter_pc.clerk_token is None
        after = uc.events_after(owner, before)
        assert [(e.kind, e.clerk, e.recorded_by) for e in after][-2:] == [
            ("counter_closed", "li.wei", rs.names["counter"]),
            ("logout", "li.wei", rs.names["counter"]),
        ]
        with owner.read() as s:
            assert (
                s.scalar(
                    select(func.count())
                    .select_from(ClerkSession)
                    .where(ClerkSession.closed_at.is_(None))
                )
                == 0
            )
            assert s.scalar(select(Counter.state).where(Counter.number == 2)) == "closed"
    finally:
        owner.dispose()
