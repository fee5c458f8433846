"""The supervisor's overview, today's extensions, and the counter's working view."""

from __future__ import annotations

import pytest

from shared import services as uc
from shared.domain.clock import ManualClock
from shared.domain.errors import DomainError, ServiceUnavailable
from shared.services.counter_view import counter_view
from shared.services.supervision import extend_service_day, hall_overview
from shared.store.db import Store


def test_overview_shows_states_waits_overtime_and_bad_ratings(
    store: Store, clock: ManualClock
) -> None:
    for svc in ("A", "A", "B"):
        uc.issue_ticket(store, service=svc)
        clock.advance(60)
    uc.open_counter(store, counter=1, clerk="li.wei")
    uc.open_counter(store, counter=2, clerk="wang.fang")
    uc.pause_counter(store, counter=2, reason="会议")
    first = uc.call_next(store, counter=1)
    uc.start_service(store, counter=1)
    clock.advance(6 * 60)  # A's target is 5 minutes
    view = hall_overview(store)
    one = next(c for c in view.counters if c.number == 1)
    two = next(c for c in view.counters if c.number == 2)
    assert (one.state, one.clerk, one.current, one.current_status) == (
        "open",
        "li.wei",
        first.code,
        "serving",
    )
    assert one.serving_s == 360 and one.target_s == 300 and one.overtime
    assert (two.state, two.pause_reason, two.current) == ("paused", "会议", None)
    assert [c.number for c in view.overtime] == [1]
    waits = {s.code: (s.waiting, s.longest_wait_s) for s in view.services}
    assert waits["A"] == (1, 8 * 60) and waits["B"] == (1, 7 * 60) and waits["C"] == (0, None)
    uc.finish(store, counter=1)
    uc.rate(store, code=first.code, level=5, reasons=["服务态度差"])
    bad = hall_overview(store).bad_ratings
    assert [(b.code, b.label, b.counter, b.clerk, b.reasons) for b in bad] == [
        (first.code, "非常不满意", 1, "li.wei", ("服务态度差",))
    ]


def test_extend_quota_and_hours_for_today(store: Store, clock: ManualClock) -> None:
    for _ in range(3):
        uc.issue_ticket(store, service="C", enforce_limits=True)
    with pytest.raises(ServiceUnavailable):
        uc.issue_ticket(store, service="C", enforce_limits=True)
    extend_service_day(store, service="C", extra_quota=2, clerk="wang.fang")
    uc.issue_ticket(store, service="C", enforce_limits=True)
    extend_service_day(store, service="C", extra_quota=1)
    row = next(s for s in hall_overview(store).services if s.code == "C")
    assert row.extra_quota == 3
    # Out of hours at 17:45 until the day is extended to 18:30.
    clock.advance((17 * 60 + 45 - 10 * 60) * 60)
    with pytest.raises(ServiceUnavailable):
        uc.issue_ticket(store, service="A", enforce_limits=True)
    event_id = extend_service_day(store, service="A", closes_at="18:30")
    assert uc.issue_ticket(store, service="A", enforce_limits=True).code == "A001"
    event = uc.events_after(store, event_id - 1)[0]
    assert event.kind == "service_extended" and event.details["closes_at"] == "18:30"


@pytest.mark.parametrize(("closes_at", "extra"), [("25:00", 0), ("6pm", 0), (None, 0), (None, -1)])
def test_extend_refuses_bad_input(store: Store, closes_at: str | None, extra: int) -> None:
    with pytest.raises(DomainError):
        extend_service_day(store, service="A", closes_at=closes_at, extra_quota=extra)


def test_counter_view_matches_what_call_next_takes(store: Store, clock: ManualClock) -> None:
    for svc, prio in (("A", False), ("B", False), ("A", True), ("B", False)):
        uc.issue_ticket(store, service=svc, priority=prio)
        clock.advance(30)
    uc.open_counter(store, counter=1, clerk="li.wei")
    view = counter_view(store, counter=1, next_n=3)
    assert view.state == "open" and view.current is None
    assert [(w.code, w.waiting) for w in view.waiting] == [("A", 2), ("B", 2)]
    predicted = [n.code for n in view.next_up]
    taken = []
    for _ in range(3):
        taken.append(uc.call_next(store, counter=1).code)
        uc.finish(store, counter=1)
    assert predicted == taken
    after = counter_view(store, counter=1)
    assert after.last_case is not None and after.last_case.code == taken[-1]
    assert after.total_waiting == 1
