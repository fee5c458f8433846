"""When the kiosk re-reads the hall: coalesced bursts, nothing while a ticket is in flight."""

from __future__ import annotations

from typing import Any

from kiosk.refresh import RefreshPolicy
from tests.kiosk.helpers import take


def _policy(qtbot: Any, interval_ms: int) -> tuple[RefreshPolicy, list[int]]:
    policy = RefreshPolicy(interval_ms)
    reads: list[int] = []
    policy.read.connect(lambda: reads.append(1))
    return policy, reads


def test_a_burst_of_requests_becomes_one_read_per_interval(qtbot) -> None:
    policy, reads = _policy(qtbot, 200)
    policy.request()
    assert reads == [1]  # the first goes at once
    policy.finished()
    for _ in range(5):
        policy.request()  # a burst from the change feed
    assert reads == [1]
    qtbot.waitUntil(lambda: len(reads) == 2, timeout=2000)  # one more, after the interval
    policy.finished()
    qtbot.wait(300)
    assert len(reads) == 2


def test_no_read_while_a_ticket_is_in_flight(qtbot) -> None:
    policy, reads = _policy(qtbot, 10)
    policy.hold()
    policy.now()
    policy.request()
    qtbot.wait(50)
    assert reads == []
    policy.release()
    qtbot.waitUntil(lambda: len(reads) == 1, timeout=2000)
    policy.finished()
    qtbot.wait(50)
    assert len(reads) == 1  # the two asks became one read


def test_requests_during_a_read_are_folded_into_one_more(qtbot) -> None:
    policy, reads = _policy(qtbot, 10)
    policy.now()
    policy.now()
    policy.request()
    assert reads == [1]
    policy.finished()
    qtbot.waitUntil(lambda: len(reads) == 2, timeout=2000)


def test_kiosk_reads_once_after_its_ticket_and_ignores_its_own_events(
    qtbot, sqlite_store, make_kiosk
):
    kiosk = make_kiosk(sqlite_store, refresh_ms=50)
    controller = kiosk.controller
    reads: list[int] = []
    controller.reads.read.connect(lambda: reads.append(1))
    with qtbot.waitSignal(controller.snapshot, timeout=10000):
        result = take(qtbot, kiosk, "rsj", "A")
    assert result.ok and reads == [1]  # none while in flight, one after the print
    waiting = {s.code: s.waiting for s in controller.last.status.services}
    assert waiting["A"] == 1
    issued_id = kiosk.window.confirm.issued.ticket.event_id
    controller._on_events([_Event(issued_id)])  # the feed reporting our own ticket
    qtbot.wait(100)
    assert reads == [1]
    controller._on_events([_Event(issued_id + 1000)])  # someone else's event
    qtbot.waitUntil(lambda: len(reads) == 2, timeout=2000)


class _Event:
    def __init__(self, event_id: int) -> None:
        self.id = event_id
