"""The replayed estimate on small halls, worked out by hand (cases of a fixed length)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime

from shared.config.spec import DispatchMode
from shared.domain.dispatch import CounterPolicy, queue_key_at
from shared.domain.forecast import (
    Desk,
    InLine,
    Snapshot,
    around,
    forecast,
    ghost_id,
    people_ahead,
    replay,
    shown_range,
    summarise,
)
from shared.domain.hours import closes_in_s

NOW = datetime(2026, 11, 3, 2, 0, tzinfo=UTC)  # 10:00 in the hall
KEY = queue_key_at(NOW)
FIVE = [300.0] * 50  # every case takes 5 minutes


def ticket(
    tid: int,
    service: str = "A",
    priority: bool = False,
    ago_s: float = 0.0,
    target: int | None = None,
) -> InLine:
    return InLine(tid, service, priority, KEY - int(ago_s * 1e6) - (1000 - tid), target)


def desk(
    number: int,
    *services: str,
    mode: DispatchMode = DispatchMode.FIFO,
    weights: tuple[int, ...] = (),
    busy: str | None = None,
    elapsed: float = 0.0,
    state: str = "open",
    back_in_s: float | None = None,
    speed: float = 1.0,
) -> Desk:
    return Desk(
        number,
        CounterPolicy(services, weights, mode),
        state,
        busy_service=busy,
        busy_elapsed_s=elapsed,
        back_in_s=back_in_s,
        speed=speed,
    )


def snap(tickets: list[InLine], desks: list[Desk], **kw: object) -> Snapshot:
    base: dict[str, object] = {
        "now": NOW,
        "now_key": KEY,
        "tickets": tuple(tickets),
        "desks": tuple(desks),
        "case_s": {"A": FIVE, "B": FIVE, "C": FIVE},
        "target_s": {"A": 300, "B": 300, "C": 300},
        "prior_weight": 0,
    }
    base.update(kw)
    return Snapshot(**base)  # type: ignore[arg-type]


def once(s: Snapshot, ids: list[int], ghosts: tuple[str, ...] = ()) -> dict[int, float]:
    return replay(s, ids, ghosts, rng=random.Random(1))


def test_one_counter_calls_in_line_after_the_case_in_hand() -> None:
    s = snap(
        [ticket(1, ago_s=30), ticket(2, ago_s=20), ticket(3, ago_s=10)],
        [desk(1, "A", busy="A", elapsed=120)],
    )
    # The case in hand has 3 of its 5 minutes left; then one case of 5 minutes each.
    assert once(s, [1, 2, 3], ("A",)) == {1: 180, 2: 480, 3: 780, ghost_id("A", ["A"]): 1080}
    est = forecast(s, [3])[3]
    assert (est.minutes, est.low, est.high, est.closes_first) == (13, 13, 13, False)


def test_two_counters_share_the_line() -> None:
    s = snap(
        [ticket(i, ago_s=100 - i) for i in range(1, 5)],
        [desk(1, "A", busy="A", elapsed=0), desk(2, "A", busy="A", elapsed=150)],
    )
    # Counter 2 frees at 150 s, counter 1 at 300 s; then every 300 s each.
    assert once(s, [1, 2, 3, 4]) == {1: 150, 2: 300, 3: 450, 4: 600}


def test_priority_goes_first_and_the_streak_limit_lets_a_normal_one_through() -> None:
    normal = ticket(1, ago_s=60)
    late_priority = [ticket(i, priority=True, ago_s=10 - i) for i in (2, 3, 4, 5)]
    s = snap([normal, *late_priority], [desk(1, "A")], streak_limit=3)
    times = once(s, [1, 2, 3, 4, 5])
    # Three priority calls, then the waiting normal ticket, then the last priority one.
    assert [tid for tid, _ in sorted(times.items(), key=lambda x: x[1])] == [2, 3, 4, 1, 5]
    assert people_ahead(s, 1) == 4 and people_ahead(s, 3) == 1


def test_a_ticket_sent_to_a_counter_goes_first_there() -> None:
    s = snap([ticket(1, ago_s=60), ticket(2, ago_s=1, target=1)], [desk(1, "A")])
    assert once(s, [1, 2]) == {2: 0, 1: 300}


def test_order_mode_serves_the_first_service_while_anyone_waits_there() -> None:
    s = snap(
        [ticket(1, "B", ago_s=600), ticket(2, "A", ago_s=10), ticket(3, "A", ago_s=5)],
        [desk(1, "A", "B", mode=DispatchMode.ORDER)],
    )
    assert once(s, [1, 2, 3]) == {2: 0, 3: 300, 1: 600}
    # A steady stream of A tickets (one every 5 minutes on average) pushes B further back.
    busy = snap(s.tickets, s.desks, arrivals_per_h={("A", False): 12.0})
    assert forecast(busy, [1])[1].minutes > forecast(s, [1])[1].minutes


def test_a_paused_counter_counts_from_when_it_is_expected_back() -> None:
    s = snap([ticket(1)], [desk(1, "A", state="paused", back_in_s=600)])
    assert once(s, [1]) == {1: 600}
    gone = snap([ticket(1)], [desk(1, "A", state="paused", back_in_s=None)])
    assert forecast(gone, [1])[1].beyond_horizon


def test_a_slow_counter_takes_longer() -> None:
    s = snap([ticket(1, ago_s=5), ticket(2)], [desk(1, "A", busy="A", speed=2.0)])
    assert once(s, [1, 2]) == {1: 600, 2: 1200}


def test_closing_first_is_said_when_the_period_ends_before_the_call() -> None:
    s = snap(
        [ticket(i, ago_s=100 - i) for i in range(1, 5)],
        [desk(1, "A", busy="A")],
        closes_in_s={"A": 900.0},
    )
    found = forecast(s, [2, 4])
    assert not found[2].closes_first  # called at 10 minutes
    assert found[4].closes_first  # called at 20 minutes, after the period's end at 15


def test_the_range_comes_from_the_spread_of_case_times() -> None:
    spread = [120.0, 300.0, 600.0, 900.0] * 10
    s = snap(
        [ticket(i, ago_s=100 - i) for i in range(1, 7)],
        [desk(1, "A", busy="A")],
        case_s={"A": spread},
    )
    est = forecast(s, [6], runs=40)[6]
    assert est.low < est.minutes < est.high
    # Six cases of 8 minutes on average, the one in hand already under way.
    assert 30 <= est.minutes <= 70


def test_around_keeps_the_counters_that_share_a_service() -> None:
    desks = [desk(1, "A"), desk(2, "A", "B"), desk(3, "B", "C"), desk(4, "C")]
    part = around(snap([ticket(1), ticket(2, "C")], desks), ["A"])
    assert [d.number for d in part.desks] == [1, 2, 3]
    assert [t.ticket_id for t in part.tickets] == [1, 2]


def test_summary_rounds_and_shows_a_range_only_when_wide() -> None:
    assert shown_range(9.0, 10.5, 10) == (10, 10)
    assert shown_range(8.2, 15.1, 12) == (8, 16)
    assert shown_range(31.0, 52.0, 40) == (30, 55)
    est = summarise([600.0] * 10, None)
    assert (est.minutes, est.low, est.high) == (10, 10, 10)
    assert summarise([10.0] * 10, None).minutes == 0


def test_closes_in_follows_the_period_and_the_extension() -> None:
    hours = {"days": [1, 2, 3, 4, 5], "periods": [["09:00", "12:00"], ["13:30", "17:30"]]}
    tue = datetime(2026, 11, 3, 11, 30)
    assert closes_in_s(hours, tue) == 1800
    assert closes_in_s(hours, tue.replace(hour=12, minute=30)) is None
    assert closes_in_s(hours, tue.replace(hour=17, minute=0), "18:30") == 5400


def test_nothing_to_track_gives_nothing() -> None:
    assert forecast(snap([], [desk(1, "A")])) == {}
    assert forecast(snap([ticket(1)], [desk(1, "B")]), [1])[1].beyond_horizon  # no one serves A


def test_arrivals_stop_when_the_period_ends() -> None:
    base = snap(
        [ticket(1, "B", ago_s=60)],
        [desk(1, "A", "B", mode=DispatchMode.ORDER, busy="A")],
        arrivals_per_h={("A", False): 30.0},
    )
    open_all_day = forecast(base, [1], runs=40)[1].minutes
    closing = forecast(replace(base, closes_in_s={"A": 60.0}), [1], runs=40)[1].minutes
    assert closing < open_all_day
