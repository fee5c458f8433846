"""Day boundaries and hours are the hall's local ones, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

from shared import services as uc
from shared.domain.clock import ManualClock
from shared.reports.build import build_report
from shared.reports.period import date_range, day, month
from shared.store.db import Store

# 23:59:00 on Monday 30 November in Shanghai is 15:59:00 UTC.
LATE = datetime(2026, 11, 30, 15, 59, 0, tzinfo=UTC)


def test_a_ticket_issued_at_2359_belongs_to_that_day(store: Store, clock: ManualClock) -> None:
    clock.set(LATE)
    uc.issue_ticket(store, service="A", enforce_limits=False)
    uc.open_counter(store, counter=2)
    clock.advance(40)  # called at 23:59:40
    uc.call_next(store, counter=2)
    clock.advance(120)  # finished at 00:01:40 on Tuesday
    uc.finish(store, counter=2)
    uc.issue_ticket(store, service="A", enforce_limits=False)  # a Tuesday ticket
    monday = build_report(store, day("2026-11-30"), by="hour")
    assert monday.total.issued == 1
    assert monday.total.served == 1
    assert monday.total.wait_mean_s == 40.0
    assert [r.key for r in monday.rows] == ["23"]
    assert monday.hourly[23].arrivals == 1
    assert monday.hourly[0].served == 1  # finished at 00:01 local
    tuesday = build_report(store, day("2026-12-01"))
    assert (tuesday.total.issued, tuesday.total.open) == (1, 1)
    both = build_report(store, date_range("2026-11-30", "2026-12-01"), by="day")
    assert [(r.key, r.figures.issued) for r in both.rows] == [
        ("2026-11-30", 1),
        ("2026-12-01", 1),
    ]
    assert build_report(store, month("2026-11")).total.issued == 1
    assert build_report(store, month("2026-12")).total.issued == 1


def test_closing_the_day_voids_only_those_still_waiting(store: Store, clock: ManualClock) -> None:
    """日终: waiting tickets go home unserved; the case in hand, a cancelled ticket and
    the next day's tickets are left alone, and reports count each apart."""
    clock.set(datetime(2026, 11, 30, 9, 30, tzinfo=UTC))  # 17:30 in Shanghai
    codes = [uc.issue_ticket(store, service="A", enforce_limits=False).code for _ in range(4)]
    uc.open_counter(store, counter=2)
    uc.call_next(store, counter=2)  # the first one is at the counter
    uc.cancel_ticket(store, code=codes[1], reason="citizen left")
    clock.advance(1800)
    voided = uc.close_day(store)
    assert len(voided) == 2
    uc.finish(store, counter=2)  # the case in hand is finished after the close
    clock.set(datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    uc.issue_ticket(store, service="A", enforce_limits=False)
    monday = build_report(store, day("2026-11-30")).total
    assert (monday.issued, monday.served, monday.cancelled, monday.unserved, monday.open) == (
        4,
        1,
        1,
        2,
        0,
    )
    assert monday.to_json()["unserved"] == 2
    assert build_report(store, day("2026-12-01")).total.open == 1
    assert len(uc.close_day(store)) == 1  # Tuesday's close voids Tuesday's ticket only
    assert build_report(store, day("2026-12-01")).total.unserved == 1
    assert build_report(store, day("2026-11-30")).total == monday
