"""A morning at the small test hall, played through the real use cases, minute by minute.

Every figure the report tests expect is worked out by hand from this script (see the
comments at each step: w = the citizen's wait, s = service time).
"""

from __future__ import annotations

from datetime import timedelta

from shared import services as uc
from shared.domain.clock import ManualClock
from shared.store.db import Store
from tests.factories import MONDAY_10


def at(clock: ManualClock, minute: int) -> None:
    """Move the clock to 10:MM local on the test Monday."""
    clock.set(MONDAY_10 + timedelta(minutes=minute))


def play_morning(store: Store, clock: ManualClock) -> None:
    """Tickets A001-A004, B001, B002, C001 with a transfer, a recall, a requeued and a final
    no-show, a pause mid-service, a cancellation and four ratings (one 未评价)."""
    at(clock, 0)
    uc.issue_ticket(store, service="A")  # A001
    at(clock, 1)
    uc.issue_ticket(store, service="A")  # A002
    at(clock, 2)
    uc.issue_ticket(store, service="B")  # B001
    at(clock, 3)
    uc.issue_ticket(store, service="A")  # A003
    uc.open_counter(store, counter=2, clerk="li.wei")  # serves A
    uc.open_counter(store, counter=3, clerk="wang.fang")  # serves B, C
    at(clock, 4)
    assert uc.call_next(store, counter=2).code == "A001"  # w 240
    uc.start_service(store, counter=2)
    at(clock, 5)
    assert uc.call_next(store, counter=3).code == "B001"  # w 180
    uc.start_service(store, counter=3)
    at(clock, 7)
    uc.transfer(store, counter=3, to_service="A")  # a transfer counted for B
    at(clock, 9)
    uc.finish(store, counter=2)  # A001 s 300 = A's target: not over
    uc.rate(store, code="A001", level=1)
    assert uc.call_next(store, counter=2).code == "A002"  # w 480
    at(clock, 10)
    uc.recall(store, counter=2)
    at(clock, 11)
    assert uc.mark_no_show(store, counter=2).details["requeued"] is True  # not final
    # B001's continuation keeps its 10:02 place in A's line: ahead of A003 and A002.
    assert uc.call_next(store, counter=2).code == "B001"  # a continuation: no wait of its own
    uc.start_service(store, counter=2)
    at(clock, 13)
    uc.finish(store, counter=2)  # B001 (in A) s 120
    uc.rate(store, code="B001", level=3)
    assert uc.call_next(store, counter=2).code == "A003"  # w 600
    uc.start_service(store, counter=2)
    at(clock, 15)
    uc.pause_counter(store, counter=2, reason="系统故障")  # stops calls, not the case in hand
    at(clock, 17)
    uc.resume_counter(store, counter=2)
    at(clock, 20)
    uc.finish(store, counter=2)  # A003 s 420 > 300: over target
    uc.rate(store, code="A003", level=5, reasons=["态度不好"])  # opens a follow-up
    assert uc.call_next(store, counter=2).code == "A002"  # second call: not a new wait
    at(clock, 22)
    assert uc.mark_no_show(store, counter=2).details["requeued"] is False  # final no-show
    uc.issue_ticket(store, service="A")  # A004
    at(clock, 23)
    uc.cancel_ticket(store, code="A004")
    uc.issue_ticket(store, service="C")  # C001: never called, still open
    at(clock, 24)
    uc.issue_ticket(store, service="B")  # B002
    at(clock, 25)
    assert uc.call_next(store, counter=3).code == "B002"  # w 60
    at(clock, 35)
    uc.finish(store, counter=3)  # s 600 from the call (never started) > 480: over target
    uc.rate(store, code="B002", level=None)  # 未评价
