"""Domain rules in milliseconds: transitions, numbering, dispatch, requeue, estimates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.config.spec import DispatchMode
from shared.domain.clock import ManualClock
from shared.domain.dispatch import Candidate, CounterPolicy, rank_candidates, requeue_key
from shared.domain.errors import InvalidTransition
from shared.domain.estimate import estimate_wait_minutes, mean_service_minutes
from shared.domain.hours import Unavailable, availability, is_open
from shared.domain.numbering import business_day, format_code, parse_code
from shared.domain.ticket import Action, TicketStatus, can, next_status

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "action", "expected"),
    [
        ("waiting", Action.CALL, "called"),
        ("called", Action.START, "serving"),
        ("called", Action.FINISH, "finished"),
        ("serving", Action.FINISH, "finished"),
        ("called", Action.NO_SHOW, "no_show"),
        ("no_show", Action.REQUEUE, "waiting"),
        ("serving", Action.TRANSFER, "transferred"),
        ("waiting", Action.CANCEL, "cancelled"),
    ],
)
def test_allowed_transitions(status: str, action: Action, expected: str) -> None:
    assert next_status("A001", status, action) == TicketStatus(expected)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("waiting", Action.FINISH),
        ("finished", Action.CALL),
        ("cancelled", Action.CALL),
        ("serving", Action.NO_SHOW),
        ("transferred", Action.FINISH),
        ("waiting", Action.RECALL),
    ],
)
def test_forbidden_transitions_say_which_ticket(status: str, action: Action) -> None:
    assert not can(status, action)
    with pytest.raises(InvalidTransition, match=f"A001 is {status}"):
        next_status("A001", status, action)


def test_codes() -> None:
    assert format_code("A", 1, 3) == "A001"
    assert format_code("A", 999, 3) == "A999"
    assert format_code("A", 1000, 3) == "A1000"  # still unique past 999
    assert format_code("AB", 7, 4) == "AB0007"
    assert parse_code("a012") == ("A", 12)
    with pytest.raises(ValueError):
        parse_code("12A")
    with pytest.raises(ValueError):
        format_code("A", 0, 3)


def test_business_day_in_hall_time_zone() -> None:
    assert business_day(datetime(2026, 11, 30, 15, 59, tzinfo=UTC), "Asia/Shanghai").day == 30
    assert business_day(datetime(2026, 11, 30, 16, 0, tzinfo=UTC), "Asia/Shanghai").day == 1
    assert business_day(datetime(2026, 11, 30, 16, 0, tzinfo=UTC), "Europe/London").day == 30


def test_manual_clock_never_runs_backwards() -> None:
    clock = ManualClock(NOW)
    clock.advance(3600)
    assert clock.now() == NOW + timedelta(hours=1)
    with pytest.raises(ValueError):
        clock.advance(-1)


def c(i: int, service: str, key: int, priority: bool = False) -> Candidate:
    return Candidate(i, service, priority, key)


def test_fifo_order_and_weighted() -> None:
    cands = [c(1, "A", 300), c(2, "B", 100), c(3, "A", 200)]
    fifo = CounterPolicy(("A", "B"))
    assert [
        x.ticket_id
        for x in rank_candidates(cands, fifo, priority_streak=0, streak_limit=3, now=NOW)
    ] == [2, 3, 1]
    order = CounterPolicy(("A", "B"), mode=DispatchMode.ORDER)
    assert [
        x.ticket_id
        for x in rank_candidates(cands, order, priority_streak=0, streak_limit=3, now=NOW)
    ] == [3, 1, 2]


def test_priority_goes_first_until_the_streak_limit() -> None:
    cands = [c(1, "A", 100), c(2, "A", 200, priority=True)]
    policy = CounterPolicy(("A",))
    first = rank_candidates(cands, policy, priority_streak=2, streak_limit=3, now=NOW)
    assert first[0].ticket_id == 2
    bounded = rank_candidates(cands, policy, priority_streak=3, streak_limit=3, now=NOW)
    assert bounded[0].ticket_id == 1


def test_requeue_key() -> None:
    assert requeue_key([10, 20, 30, 40], 2, 99) == 25  # behind the second in line
    assert requeue_key([10, 20], 3, 99) == 21  # fewer than places: at the end
    assert requeue_key([], 3, 99) == 99


def test_estimates() -> None:
    assert mean_service_minutes([], 10.0) == 10.0
    assert mean_service_minutes([300.0] * 20, 10.0) == pytest.approx(5.0)
    assert estimate_wait_minutes(0, 1, 5) == 0
    assert estimate_wait_minutes(4, 2, 5) == 10
    assert estimate_wait_minutes(4, 0, 5) is None


def test_hours_and_quota() -> None:
    hours = {"days": [1, 2, 3, 4, 5], "periods": [["09:00", "12:00"], ["13:30", "17:30"]]}
    monday = datetime(2026, 11, 30, 10, 0)
    assert is_open(hours, monday)
    assert not is_open(hours, monday.replace(hour=12, minute=30))
    assert not is_open(hours, monday.replace(hour=18))
    assert is_open(hours, monday.replace(hour=18), closes_at="19:00")  # 延时服务
    assert not is_open(hours, monday + timedelta(days=5))  # Saturday
    common = {"active": True, "closed_today": False, "hours": hours, "closes_at": None}
    assert availability(**common, local=monday, quota=2, issued_today=2) is (
        Unavailable.QUOTA_REACHED
    )
    assert availability(**common, local=monday, quota=0, issued_today=500) is None


def test_requeue_place_follows_the_call_order() -> None:
    from shared.domain.dispatch import requeue_place

    # A priority no-show with only normal tickets waiting lands behind three of them.
    assert requeue_place([], [10, 20, 30, 40], 3, priority=True, fallback=99) == (False, 35)
    # Behind priority tickets when enough of them wait.
    assert requeue_place([5, 6, 8, 9], [10], 2, priority=True, fallback=99) == (True, 7)
    # Landing between the classes: at the end of the priority line.
    assert requeue_place([5, 6], [10, 20], 2, priority=False, fallback=99) == (True, 7)
    assert requeue_place([], [], 3, priority=True, fallback=99) == (True, 99)
