"""Report figures from hand-built event sequences, compared with figures worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from shared.domain.clock import ManualClock
from shared.reports.build import build_report
from shared.reports.figures import p90
from shared.reports.period import day
from shared.store.db import Store
from tests.reports.scenario import play_morning

MONDAY = "2026-11-30"


@pytest.fixture
def morning(store: Store, clock: ManualClock) -> Store:
    play_morning(store, clock)
    return store


def test_p90_is_nearest_rank() -> None:
    assert p90([]) is None
    assert p90([5.0]) == 5.0
    assert p90([float(v) for v in range(1, 11)]) == 9.0  # ceil(0.9*10) = 9th
    assert p90([float(v) for v in range(1, 12)]) == 10.0  # ceil(9.9) = 10th
    assert p90([60.0, 180.0, 240.0, 480.0, 600.0]) == 600.0


def test_hall_totals_match_the_hand_count(morning: Store) -> None:
    total = build_report(morning, day(MONDAY), by="service").total
    assert (total.issued, total.served, total.no_show, total.cancelled) == (7, 4, 1, 1)
    assert (total.transferred, total.open) == (1, 1)
    # waits: A001 240, B001 180, A002 480, A003 600, B002 60
    assert total.wait_count == 5
    assert total.wait_mean_s == pytest.approx(312.0)
    assert (total.wait_p90_s, total.wait_max_s) == (600.0, 600.0)
    # service: A001 300, B001 in A 120, A003 420 (pause included), B002 600
    assert total.service_count == 4
    assert total.service_mean_s == pytest.approx(360.0)
    assert total.over_target == 2
    assert total.target_s == pytest.approx((300 + 300 + 300 + 480) / 4)
    assert total.ratings == (1, 0, 1, 0, 1)
    assert total.unrated == 1
    assert total.satisfied_rate == pytest.approx(1 / 3)
    assert total.basic_rate == pytest.approx(2 / 3)


def test_by_service_counts_the_transfer_for_the_source(morning: Store) -> None:
    rows = {r.key: r.figures for r in build_report(morning, day(MONDAY), by="service").rows}
    a, b, c = rows["A"], rows["B"], rows["C"]
    assert (a.issued, a.served, a.no_show, a.cancelled, a.transferred) == (4, 3, 1, 1, 0)
    assert (a.wait_mean_s, a.wait_p90_s, a.wait_max_s) == (440.0, 600.0, 600.0)
    assert (a.service_mean_s, a.over_target, a.target_s) == (280.0, 1, 300.0)
    assert a.ratings == (1, 0, 1, 0, 1)
    assert (b.issued, b.served, b.transferred, b.open) == (2, 1, 1, 0)
    assert (b.wait_mean_s, b.wait_p90_s, b.wait_max_s) == (120.0, 180.0, 180.0)
    assert (b.service_mean_s, b.over_target, b.target_s) == (600.0, 1, 480.0)
    assert (b.rated, b.unrated, b.satisfied_rate) == (0, 1, None)
    assert (c.issued, c.open, c.served, c.wait_count, c.target_s) == (1, 1, 0, 0, 900.0)


def test_by_counter_clerk_department_class_and_hour(morning: Store) -> None:
    period = day(MONDAY)
    counters = {r.key: r.figures for r in build_report(morning, period, by="counter").rows}
    assert set(counters) == {"2", "3", "-"}
    assert (counters["2"].issued, counters["2"].served, counters["2"].no_show) == (3, 3, 1)
    assert (counters["3"].issued, counters["3"].served, counters["3"].transferred) == (2, 1, 1)
    assert (counters["-"].issued, counters["-"].cancelled, counters["-"].open) == (2, 1, 1)
    clerks = {r.key: r for r in build_report(morning, period, by="clerk").rows}
    assert clerks["li.wei"].name == "李伟"
    assert clerks["li.wei"].figures.served == 3
    assert clerks["wang.fang"].figures.served == 1
    deps = {r.key: r.figures for r in build_report(morning, period, by="department").rows}
    assert (deps["rsj"].issued, deps["bdc"].issued) == (6, 1)
    classes = {r.key: r for r in build_report(morning, period, by="class").rows}
    assert classes["benefit"].name == "行政给付"
    assert (classes["benefit"].figures.issued, classes["confirmation"].figures.open) == (6, 1)
    hours = build_report(morning, period, by="hour")
    assert [r.key for r in hours.rows] == ["10"]
    assert hours.hourly[10].arrivals == 7
    assert hours.hourly[10].served == 4
    assert sum(h.arrivals for h in hours.hourly) == 7


def test_other_days_hold_nothing(morning: Store) -> None:
    report = build_report(morning, day("2026-12-01"))
    assert report.rows == ()
    assert report.total.issued == 0
    assert report.total.wait_mean_s is None


def test_open_follow_up_is_listed_with_ticket_clerk_and_service(morning: Store) -> None:
    report = build_report(morning, day(MONDAY))
    [item] = report.follow_ups
    assert (item.code, item.clerk, item.service, item.counter, item.level) == (
        "A003",
        "li.wei",
        "A",
        2,
        5,
    )
    assert item.reasons == ("态度不好",)
    assert item.age_days == 0
    assert item.business_day == date(2026, 11, 30)
