"""Every use case on a real store, SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from shared import services as uc
from shared.domain.clock import ManualClock
from shared.domain.errors import (
    AlreadyRated,
    CounterBusy,
    CounterNotOpen,
    InvalidTransition,
    NoCurrentTicket,
    NothingWaiting,
    ServiceUnavailable,
    TooManyRecalls,
    UnknownService,
)
from shared.store.db import Store
from shared.store.models import Event, FollowUp, Rating, Ticket


def kinds(store: Store) -> list[str]:
    return [e.kind for e in uc.events_after(store, 0)]


def test_issue_numbers_per_prefix_and_day(store: Store, clock: ManualClock) -> None:
    a1 = uc.issue_ticket(store, service="A")
    a2 = uc.issue_ticket(store, service="A")
    b1 = uc.issue_ticket(store, service="B")
    assert (a1.code, a2.code, b1.code) == ("A001", "A002", "B001")
    assert a2.people_ahead == 1 and b1.people_ahead == 0
    assert a1.issued_at == clock.now()
    clock.advance(timedelta(days=1))
    assert uc.issue_ticket(store, service="A").code == "A001"  # a new business day


def test_business_day_is_the_halls_local_day(store: Store, clock: ManualClock) -> None:
    # 15:59 UTC is 23:59 in Shanghai, still Monday; 16:00 UTC is Tuesday there.
    clock.set(clock.now().replace(hour=15, minute=59))
    late = uc.issue_ticket(store, service="A", enforce_limits=False)
    clock.advance(60)
    early = uc.issue_ticket(store, service="A", enforce_limits=False)
    assert late.business_day.isoformat() == "2026-11-30"
    assert early.business_day.isoformat() == "2026-12-01"
    assert early.code == "A001"


def test_unknown_service(store: Store) -> None:
    with pytest.raises(UnknownService):
        uc.issue_ticket(store, service="ZZ")


def test_quota_and_hours_enforced_for_the_kiosk_only(store: Store, clock: ManualClock) -> None:
    for _ in range(3):
        uc.issue_ticket(store, service="C")
    with pytest.raises(ServiceUnavailable) as err:
        uc.issue_ticket(store, service="C")
    assert err.value.reason == "quota_reached"
    assert uc.issue_ticket(store, service="C", enforce_limits=False).code == "C004"
    clock.advance(timedelta(hours=9))  # 19:00 local: closed
    with pytest.raises(ServiceUnavailable) as err:
        uc.issue_ticket(store, service="A")
    assert err.value.reason == "out_of_hours"


def test_call_cycle_writes_one_event_per_step(store: Store, clock: ManualClock) -> None:
    uc.issue_ticket(store, service="A")
    uc.open_counter(store, counter=2, clerk="li.wei")
    called = uc.call_next(store, counter=2)
    assert (called.code, called.counter, called.service) == ("A001", 2, "A")
    clock.advance(30)
    uc.recall(store, counter=2)
    uc.start_service(store, counter=2)
    clock.advance(300)
    done = uc.finish(store, counter=2)
    assert done.details["service_s"] == 300.0
    assert kinds(store)[-6:] == [
        "issued",
        "counter_opened",
        "called",
        "recalled",
        "started",
        "finished",
    ]
    with pytest.raises(NothingWaiting):
        uc.call_next(store, counter=2)


def test_counter_must_be_open_and_free(store: Store) -> None:
    uc.issue_ticket(store, service="A", enforce_limits=False)
    uc.issue_ticket(store, service="A")
    with pytest.raises(CounterNotOpen):
        uc.call_next(store, counter=2)
    uc.open_counter(store, counter=2)
    uc.call_next(store, counter=2)
    with pytest.raises(CounterBusy):
        uc.call_next(store, counter=2)
    uc.pause_counter(store, counter=2, reason="午休")
    uc.finish(store, counter=2)  # a case in hand may be finished while paused
    with pytest.raises(CounterNotOpen):
        uc.call_next(store, counter=2)
    uc.resume_counter(store, counter=2)
    assert uc.call_next(store, counter=2).code == "A002"


def test_recall_limit(store: Store) -> None:
    uc.issue_ticket(store, service="A")
    uc.open_counter(store, counter=2)
    uc.call_next(store, counter=2)
    for n in range(1, 4):
        assert uc.recall(store, counter=2).recalls == n
    with pytest.raises(TooManyRecalls):
        uc.recall(store, counter=2)


def test_no_show_requeues_places_back_then_is_final(store: Store, clock: ManualClock) -> None:
    for _ in range(6):
        uc.issue_ticket(store, service="A")
        clock.advance(1)
    uc.open_counter(store, counter=2)
    first = uc.call_next(store, counter=2)
    ns = uc.mark_no_show(store, counter=2)
    assert ns.details["requeued"] is True
    order = []
    for _ in range(6):
        order.append(uc.call_next(store, counter=2).code)
        if order[-1] == first.code:
            gone = uc.mark_no_show(store, counter=2)  # second time: final
            assert gone.details["requeued"] is False
        else:
            uc.finish(store, counter=2)
    # Three places back: behind A002, A003, A004.
    assert order == ["A002", "A003", "A004", "A001", "A005", "A006"]
    with pytest.raises(NothingWaiting):
        uc.call_next(store, counter=2)
    # A latecomer may still be called by hand (特呼).
    assert uc.call_chosen(store, counter=2, code="A001").code == "A001"


def test_priority_first_with_starvation_bound(store: Store, clock: ManualClock) -> None:
    for _ in range(3):
        uc.issue_ticket(store, service="A")
        clock.advance(1)
    for _ in range(6):
        uc.issue_ticket(store, service="A", priority=True)
        clock.advance(1)
    uc.open_counter(store, counter=2)
    seq = []
    for _ in range(9):
        call = uc.call_next(store, counter=2)
        seq.append(call.code)
        uc.finish(store, counter=2)
    # Codes A004-A009 are priority: three in a row, then a normal one gets its turn.
    assert seq == ["A004", "A005", "A006", "A001", "A007", "A008", "A009", "A002", "A003"]


def test_dispatch_modes(store: Store, clock: ManualClock) -> None:
    uc.issue_ticket(store, service="A")
    clock.advance(60)
    uc.issue_ticket(store, service="C")
    clock.advance(60)
    for n in (1, 4):
        uc.open_counter(store, counter=n)
    assert uc.call_next(store, counter=4).code == "C001"  # order: C before A
    assert uc.call_next(store, counter=1).code == "A001"  # fifo


def test_weighted_dispatch_favours_weight(store: Store, clock: ManualClock) -> None:
    uc.issue_ticket(store, service="C", enforce_limits=False)  # waits 100 s, weight 1
    clock.advance(60)
    uc.issue_ticket(store, service="B")  # waits 40 s, weight 3 -> 120 > 100
    clock.advance(40)
    uc.open_counter(store, counter=3)
    assert uc.call_next(store, counter=3).code == "B001"


def test_transfer_keeps_code_and_place(store: Store, clock: ManualClock) -> None:
    uc.issue_ticket(store, service="A")
    clock.advance(10)
    uc.issue_ticket(store, service="B")
    clock.advance(10)
    uc.open_counter(store, counter=2)
    uc.open_counter(store, counter=1)
    uc.call_next(store, counter=2)
    t = uc.transfer(store, counter=2, to_service="B", note="需补医保材料")
    assert t.details["to_service"] == "B"
    # A001 kept its place by issue time, ahead of B001.
    assert uc.call_next(store, counter=1).code == "A001"
    with store.read() as s:
        rows = s.execute(select(Ticket.status, Ticket.parent_id).where(Ticket.code == "A001")).all()
    assert sorted(r.status for r in rows) == ["called", "transferred"]


def test_transfer_to_counter_goes_to_that_counter(store: Store) -> None:
    uc.issue_ticket(store, service="A")
    uc.issue_ticket(store, service="A")
    for n in (2, 5):
        uc.open_counter(store, counter=n)
    uc.call_next(store, counter=2)
    uc.transfer(store, counter=2, to_counter=5)
    assert uc.call_next(store, counter=2).code == "A002"
    uc.finish(store, counter=2)
    assert uc.call_next(store, counter=5).code == "A001"


def test_cancel_and_invalid_transition(store: Store) -> None:
    uc.issue_ticket(store, service="A")
    uc.cancel_ticket(store, code="A001", reason="重复取号")
    with pytest.raises(InvalidTransition):
        uc.cancel_ticket(store, code="A001")
    uc.open_counter(store, counter=2)
    with pytest.raises(NothingWaiting):
        uc.call_next(store, counter=2)
    with pytest.raises(NoCurrentTicket):
        uc.finish(store, counter=2)


def test_close_counter_releases_a_called_ticket(store: Store) -> None:
    uc.issue_ticket(store, service="A")
    uc.open_counter(store, counter=2)
    uc.call_next(store, counter=2)
    with pytest.raises(CounterBusy):
        uc.close_counter(store, counter=2)
    uc.close_counter(store, counter=2, release=True)
    uc.open_counter(store, counter=5)
    assert uc.call_next(store, counter=5).code == "A001"


def test_rating_once_and_bad_rating_opens_follow_up(store: Store) -> None:
    for _ in range(2):
        uc.issue_ticket(store, service="A")
    uc.open_counter(store, counter=2, clerk="li.wei")
    uc.call_next(store, counter=2)
    uc.finish(store, counter=2)
    uc.rate(store, code="A001", level=5, reasons=["等待时间过长"])
    with pytest.raises(AlreadyRated):
        uc.rate(store, code="A001", level=1)
    uc.call_next(store, counter=2)
    uc.finish(store, counter=2)
    uc.rate(store, code="A002", level=None)  # 未评价, not a good rating
    with store.read() as s:
        ratings = {r.ticket_id: r for r in s.scalars(select(Rating))}
        assert sorted((r.level, r.source) for r in ratings.values() if r.level) == [(5, "pad")]
        assert [r.source for r in ratings.values() if r.level is None] == ["timeout"]
        assert all(r.clerk == "li.wei" for r in ratings.values())
        assert s.scalar(select(func.count(FollowUp.id))) == 1


def test_status_shows_waiting_estimates_and_counters(store: Store) -> None:
    for _ in range(4):
        uc.issue_ticket(store, service="A")
    uc.open_counter(store, counter=2)
    uc.call_next(store, counter=2)
    status = uc.hall_status(store)
    a = next(s for s in status.services if s.code == "A")
    # A ticket taken now waits for the case in hand and the 3 ahead: 4 x 5 min at 1 counter
    # (no case finished yet today, so the target time stands in, with its spread).
    assert a.waiting == 3 and a.est_wait_min is not None and 14 <= a.est_wait_min <= 26
    assert a.est_wait_low_min is not None and a.est_wait_high_min is not None
    assert a.est_wait_low_min <= a.est_wait_min <= a.est_wait_high_min
    c2 = next(c for c in status.counters if c.number == 2)
    assert (c2.state, c2.current, c2.services) == ("open", "A001", ("A",))
    data = status.to_json()
    assert {"business_day", "services", "counters", "tickets"} <= data.keys()
    # Every waiting ticket with its estimate as the queue stands: later in line, later called.
    line = [t for t in data["tickets"] if t["service"] == "A"]
    assert [t["code"] for t in line] == ["A002", "A003", "A004"]
    assert [t["people_ahead"] for t in line] == [0, 1, 2]
    waits = [t["est_wait_min"] for t in line]
    assert waits == sorted(waits) and waits[0] < waits[-1] < a.est_wait_min + 1


def test_event_log_is_append_only_and_ordered(store: Store) -> None:
    uc.issue_ticket(store, service="A")
    uc.issue_ticket(store, service="B")
    events = uc.events_after(store, 0)
    assert [e.id for e in events] == sorted(e.id for e in events)
    assert uc.events_after(store, events[-1].id) == []
    assert [e.kind for e in uc.events_after(store, events[-2].id)] == ["issued"]
    with store.read() as s:
        assert s.scalar(select(func.count(Event.id))) == len(events)
    first = events[-2].to_json()
    assert first["at"].endswith("+00:00") and "." in first["at"]


def test_a_held_ticket_called_elsewhere_is_no_longer_held(store: Store) -> None:
    from shared.services.holding import held_tickets, hold

    for _ in range(2):
        uc.issue_ticket(store, service="A")
    for n in (2, 5):
        uc.open_counter(store, counter=n)
    uc.call_next(store, counter=2)
    hold(store, counter=2)
    assert [h.code for h in held_tickets(store, counter=2)] == ["A001"]
    assert next(s for s in uc.hall_status(store).services if s.code == "A").waiting == 1
    uc.call_chosen(store, counter=5, code="A001")  # 特呼 at another counter
    uc.mark_no_show(store, counter=5)  # requeued into the ordinary line
    assert held_tickets(store, counter=2) == []
    assert uc.call_next(store, counter=5).code == "A002"
    uc.finish(store, counter=5)
    assert uc.call_next(store, counter=5).code == "A001"
