"""Use cases composed in one transaction, on SQLite and PostgreSQL alike: sign in at a
counter (log in, open it), finish and call next. Both halves commit, or neither does."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from shared import services as uc
from shared.domain.errors import CounterBusy, CounterNotOpen, NothingWaiting, UnknownCounter
from shared.services import auth
from shared.services.counter_view import counter_view
from shared.store.db import Store
from shared.store.models import ClerkSession, Counter, Event, Ticket
from tests.conftest import PASSWORD


def events(store: Store) -> list[tuple[int, str, str | None, int | None]]:
    return [(e.id, e.kind, e.code, e.counter) for e in uc.events_after(store, 0)]


def kinds_since(store: Store, after: int) -> list[str]:
    return [e.kind for e in uc.events_after(store, after)]


def counter_row(store: Store, number: int) -> tuple[str, str | None]:
    with store.read() as s:
        row = s.execute(select(Counter.state, Counter.clerk).where(Counter.number == number)).one()
    return row.state, row.clerk


def open_sessions(store: Store) -> int:
    if not store.is_postgres:
        return 0
    with store.read() as s:
        query = (
            select(func.count()).select_from(ClerkSession).where(ClerkSession.closed_at.is_(None))
        )
        return int(s.scalar(query) or 0)


# --- sign in at a counter --------------------------------------------------------------


def test_sign_in_logs_in_and_opens_the_counter(clerks: Store, hasher: PasswordHasher) -> None:
    before = uc.last_event_id(clerks)
    session = auth.sign_in(clerks, login="li.wei", password=PASSWORD, counter=2, hasher=hasher)
    assert session.login == "li.wei" and session.counter == 2
    assert counter_row(clerks, 2) == ("open", "li.wei")
    after = uc.events_after(clerks, before)
    assert [(e.kind, e.clerk, e.counter) for e in after] == [
        ("login", "li.wei", 2),
        ("counter_opened", "li.wei", 2),
    ]
    assert session.event_id == after[0].id
    assert (session.token is not None) == clerks.is_postgres
    assert clerks.clerk_token == session.token


def test_sign_in_at_a_counter_that_cannot_open_leaves_no_log_in(
    clerks: Store, hasher: PasswordHasher
) -> None:
    before = uc.last_event_id(clerks)
    sessions = open_sessions(clerks)
    with pytest.raises(UnknownCounter):
        auth.sign_in(clerks, login="li.wei", password=PASSWORD, counter=99, hasher=hasher)
    assert kinds_since(clerks, before) == []  # no login event: the log-in rolled back too
    assert open_sessions(clerks) == sessions
    assert clerks.clerk_token is None
    # The password was right and nothing was counted: the next sign-in goes through.
    auth.sign_in(clerks, login="li.wei", password=PASSWORD, counter=2, hasher=hasher)
    assert counter_row(clerks, 2) == ("open", "li.wei")


def test_a_refused_sign_in_is_counted_and_opens_nothing(
    clerks: Store, hasher: PasswordHasher
) -> None:
    before = uc.last_event_id(clerks)
    with pytest.raises(auth.BadPassword) as refused:
        auth.sign_in(clerks, login="li.wei", password="wrong", counter=2, hasher=hasher)
    assert refused.value.remaining == clerks_limit(clerks) - 1
    assert kinds_since(clerks, before) == ["login_failed"]
    assert counter_row(clerks, 2) == ("closed", None)
    with pytest.raises(auth.BadPassword) as again:
        auth.sign_in(clerks, login="li.wei", password="wrong", counter=2, hasher=hasher)
    assert again.value.remaining == refused.value.remaining - 1  # the first was committed


def clerks_limit(store: Store) -> int:
    from shared.services.common import context

    with store.read() as session:
        return context(store, session).hall.login.max_failures


def test_sign_in_without_the_clerk_role_leaves_the_counter_alone(
    store: Store, hasher: PasswordHasher
) -> None:
    from shared.config.spec import ClerkSpec, Role
    from shared.store.apply import apply_hall
    from tests.factories import small_hall

    boss = ClerkSpec("zhou.min", "周敏", (Role.SUPERVISOR,))
    apply_hall(store, small_hall(clerks=(*small_hall().clerks, boss)))
    auth.reset_password(store, login="zhou.min", password=PASSWORD, hasher=hasher)
    session = auth.sign_in(store, login="zhou.min", password=PASSWORD, counter=2, hasher=hasher)
    assert session.roles == ("supervisor",)
    assert counter_row(store, 2) == ("closed", None)


# --- sign out at a counter -------------------------------------------------------------


def test_sign_out_closes_the_counter_and_logs_out(clerks: Store, hasher: PasswordHasher) -> None:
    auth.sign_in(clerks, login="li.wei", password=PASSWORD, counter=2, hasher=hasher)
    sessions = open_sessions(clerks)
    before = uc.last_event_id(clerks)
    auth.sign_out(clerks, login="li.wei", counter=2)
    assert counter_row(clerks, 2) == ("closed", None)
    assert [(e.kind, e.clerk, e.counter) for e in uc.events_after(clerks, before)] == [
        ("counter_closed", "li.wei", 2),
        ("logout", "li.wei", 2),
    ]
    assert open_sessions(clerks) == max(sessions - 1, 0)
    assert clerks.clerk_token is None


def test_sign_out_with_a_case_in_hand_leaves_the_clerk_signed_in(
    clerks: Store, hasher: PasswordHasher
) -> None:
    uc.issue_ticket(clerks, service="A")
    auth.sign_in(clerks, login="li.wei", password=PASSWORD, counter=2, hasher=hasher)
    uc.call_next(clerks, counter=2, clerk="li.wei")
    uc.start_service(clerks, counter=2, clerk="li.wei")
    sessions = open_sessions(clerks)
    token = clerks.clerk_token
    before = uc.last_event_id(clerks)
    with pytest.raises(CounterBusy):
        auth.sign_out(clerks, login="li.wei", counter=2)
    assert kinds_since(clerks, before) == []  # no log-out without the counter closed
    assert counter_row(clerks, 2) == ("open", "li.wei")
    assert open_sessions(clerks) == sessions and clerks.clerk_token == token
    uc.finish(clerks, counter=2, clerk="li.wei")
    auth.sign_out(clerks, login="li.wei", counter=2)
    assert kinds_since(clerks, before)[-2:] == ["counter_closed", "logout"]


def test_sign_out_without_closing_only_logs_out(clerks: Store, hasher: PasswordHasher) -> None:
    auth.sign_in(clerks, login="li.wei", password=PASSWORD, counter=2, hasher=hasher)
    before = uc.last_event_id(clerks)
    auth.sign_out(clerks, login="li.wei", counter=2, close=False)
    assert kinds_since(clerks, before) == ["logout"]
    assert counter_row(clerks, 2) == ("open", "li.wei")


def test_a_log_out_that_fails_leaves_the_counter_open(
    clerks: Store, hasher: PasswordHasher, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth.sign_in(clerks, login="li.wei", password=PASSWORD, counter=2, hasher=hasher)
    before = uc.last_event_id(clerks)

    class Lost(Exception):
        pass

    def fail(*_: object, **__: object) -> object:
        raise Lost("the store went away")

    # The second half fails: the store's log-out (PostgreSQL) or the clerk's row (SQLite).
    monkeypatch.setattr(auth, "text", fail)
    monkeypatch.setattr(auth, "clerk_for_update", fail)
    with pytest.raises(Lost):
        auth.sign_out(clerks, login="li.wei", counter=2)
    assert kinds_since(clerks, before) == []
    assert counter_row(clerks, 2) == ("open", "li.wei")  # the close rolled back with it


# --- finish and call next --------------------------------------------------------------


def in_hand(store: Store, counter: int) -> tuple[str, str] | None:
    view = counter_view(store, counter=counter)
    return None if view.current is None else (view.current.code, view.current.status)


def test_finish_and_call_next_does_both_in_order(store: Store) -> None:
    for _ in range(2):
        uc.issue_ticket(store, service="A")
    uc.open_counter(store, counter=2)
    first = uc.call_next(store, counter=2)
    uc.start_service(store, counter=2)
    before = uc.last_event_id(store)
    called = uc.finish_and_call_next(store, counter=2)
    assert called.code == "A002" and called.kind == "called"
    after = uc.events_after(store, before)
    assert [(e.kind, e.code) for e in after] == [("finished", "A001"), ("called", "A002")]
    assert after[0].id < after[1].id == called.event_id
    assert after[0].at <= after[1].at
    with store.read() as s:
        assert s.get(Ticket, first.ticket_id).status == "finished"  # type: ignore[union-attr]
    assert in_hand(store, 2) == ("A002", "called")


def test_finish_and_call_next_with_nothing_waiting_keeps_the_case_in_hand(
    store: Store,
) -> None:
    uc.issue_ticket(store, service="A")
    uc.open_counter(store, counter=2)
    uc.call_next(store, counter=2)
    uc.start_service(store, counter=2)
    before = uc.last_event_id(store)
    with pytest.raises(NothingWaiting):
        uc.finish_and_call_next(store, counter=2)
    assert kinds_since(store, before) == []  # the finish rolled back with the call
    assert in_hand(store, 2) == ("A001", "serving")
    uc.issue_ticket(store, service="A")
    assert uc.finish_and_call_next(store, counter=2).code == "A002"
    assert kinds_since(store, before) == ["issued", "finished", "called"]


def test_finish_and_call_next_at_a_paused_counter_finishes_nothing(store: Store) -> None:
    for _ in range(2):
        uc.issue_ticket(store, service="A")
    uc.open_counter(store, counter=2)
    uc.call_next(store, counter=2)
    uc.pause_counter(store, counter=2, reason="午休")
    before = uc.last_event_id(store)
    with pytest.raises(CounterNotOpen):
        uc.finish_and_call_next(store, counter=2)
    assert kinds_since(store, before) == []
    assert in_hand(store, 2) == ("A001", "called")


def test_finish_and_call_next_with_empty_hands_just_calls(store: Store) -> None:
    uc.issue_ticket(store, service="A")
    uc.open_counter(store, counter=2)
    before = uc.last_event_id(store)
    assert uc.finish_and_call_next(store, counter=2).code == "A001"
    assert kinds_since(store, before) == ["called"]
    with store.read() as s:
        assert (
            s.scalar(select(func.count()).select_from(Event).where(Event.kind == "finished")) == 0
        )
