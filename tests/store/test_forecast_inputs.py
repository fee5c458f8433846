"""What the estimate reads from the store, checked by hand on the small hall."""

from __future__ import annotations

from datetime import timedelta

from shared import services as uc
from shared.domain.clock import ManualClock
from shared.services.common import context
from shared.services.counter_view import counter_view
from shared.services.forecasting import hall_snapshot
from shared.services.queries import events_after
from shared.store.db import Store


def _snapshot(store: Store):  # type: ignore[no-untyped-def]
    with store.read() as session:
        return hall_snapshot(context(store, session))


def test_snapshot_holds_lines_counters_case_times_arrivals_and_hours(
    store: Store, clock: ManualClock
) -> None:
    for service in ("A", "A", "A", "B", "C"):
        uc.issue_ticket(store, service=service)
    uc.issue_ticket(store, service="B", priority=True)
    uc.open_counter(store, counter=2)  # A only
    uc.open_counter(store, counter=3)  # B x3, C x1, weighted
    uc.call_next(store, counter=2)  # A001
    uc.pause_counter(store, counter=3, reason="暂离")
    clock.advance(timedelta(minutes=4))
    uc.finish(store, counter=2)  # a 4-minute case
    uc.call_next(store, counter=2)  # A002
    clock.advance(timedelta(minutes=1))
    snap = _snapshot(store)

    assert sorted((t.service, t.priority) for t in snap.tickets) == [
        ("A", False),
        ("B", False),
        ("B", True),
        ("C", False),
    ]
    desks = {d.number: d for d in snap.desks}
    assert set(desks) == {2, 3}  # closed counters are not in it
    assert (desks[2].state, desks[2].busy_service, desks[2].busy_elapsed_s) == ("open", "A", 60)
    assert desks[2].policy.services == ("A",)
    # Paused 5 minutes ago; with no pause finished today, one is taken to last 10 minutes.
    assert desks[3].state == "paused" and desks[3].back_in_s == 300
    assert desks[3].policy.services == ("B", "C") and desks[3].policy.weights == (3, 1)
    assert snap.case_s == {"A": [240.0]}
    assert snap.target_s["B"] == 8 * 60
    # Six tickets in the first minutes of the day: rates over the shortest window, 10 minutes.
    assert snap.arrivals_per_h == {
        ("A", False): 18.0,
        ("B", False): 6.0,
        ("B", True): 6.0,
        ("C", False): 6.0,
    }
    # 10:05 on a Monday: the morning period ends at 12:00.
    assert snap.closes_in_s["A"] == 115 * 60


def test_a_finished_pause_sets_how_long_the_next_is_expected_to_last(
    store: Store, clock: ManualClock
) -> None:
    uc.open_counter(store, counter=2)
    uc.pause_counter(store, counter=2)
    clock.advance(timedelta(minutes=3))
    uc.resume_counter(store, counter=2)
    uc.pause_counter(store, counter=2)
    clock.advance(timedelta(minutes=1))
    assert _snapshot(store).desks[0].back_in_s == 120  # 3 minutes typical, 1 gone


def test_the_issued_ticket_carries_its_estimate_and_the_event_keeps_it(
    store: Store, clock: ManualClock
) -> None:
    none_open = uc.issue_ticket(store, service="A")
    assert none_open.est_wait_min is None  # no counter serves it now
    uc.open_counter(store, counter=2)
    uc.call_next(store, counter=2)
    for _ in range(3):
        uc.issue_ticket(store, service="A")
    info = uc.issue_ticket(store, service="A")
    # The case in hand and three ahead, 5 minutes each by the target (no case finished).
    assert info.people_ahead == 3
    assert info.est_wait_min is not None and 14 <= info.est_wait_min <= 26
    assert info.est_wait_low_min is not None and info.est_wait_high_min is not None
    assert info.est_wait_low_min <= info.est_wait_min <= info.est_wait_high_min
    details = events_after(store, 0)[-1].details
    assert details["est_wait_min"] == info.est_wait_min
    assert (details["est_wait_low_min"], details["est_wait_high_min"]) == (
        info.est_wait_low_min,
        info.est_wait_high_min,
    )
    assert info.to_json()["closes_first"] is False


def test_the_estimate_says_when_closing_comes_first(store: Store, clock: ManualClock) -> None:
    clock.set(clock.now().replace(hour=3, minute=50))  # 11:50 local
    uc.open_counter(store, counter=2)
    for _ in range(6):
        uc.issue_ticket(store, service="A")
    uc.call_next(store, counter=2)
    info = uc.issue_ticket(store, service="A")
    assert info.closes_first  # six cases of 5 minutes, the period ends in 10


def test_counter_view_shows_each_service_wait_and_the_next_tickets_estimates(
    store: Store,
) -> None:
    uc.open_counter(store, counter=1)  # A and B
    for service in ("A", "A", "B"):
        uc.issue_ticket(store, service=service)
    uc.call_next(store, counter=1)
    view = counter_view(store, counter=1)
    waits = {w.code: w for w in view.waiting}
    assert waits["A"].waiting == 1 and waits["A"].est_wait_min is not None
    assert waits["B"].est_wait_min is not None and waits["B"].est_wait_min >= 5
    assert [n.code for n in view.next_up] == ["A002", "B001"]
    first, second = view.next_up
    assert first.est_wait_min is not None and second.est_wait_min is not None
    assert first.est_wait_min < second.est_wait_min
