"""BoardState: events folded in, filters, history, status reads that come late."""

from __future__ import annotations

from datetime import UTC, datetime

from display.model import BoardFilter, BoardState, CounterCell
from shared.services.results import CounterStatus, EventInfo, HallStatus, ServiceStatus

AT = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def event(
    id_: int,
    kind: str,
    code: str | None = None,
    counter: int | None = None,
    service: str | None = "A",
) -> EventInfo:
    return EventInfo(id_, AT, kind, None, code, counter, service, None, {})


def status(last: int, counters: tuple[CounterStatus, ...] = ()) -> HallStatus:
    services = (
        ServiceStatus("A", "A", "养老", "Pensions", "rsj", 3, 5, 1),
        ServiceStatus("C", "C", "不动产", "Real estate", "bdc", 2, 9, 1),
    )
    return HallStatus("t", "测试", AT.date(), services, counters, last)


def counter(number: int, state: str = "open", current: str | None = None) -> CounterStatus:
    return CounterStatus(
        number, f"窗口{number}", state, None, ("A", "C"), current, "called" if current else None
    )


def test_a_call_becomes_the_newest_and_a_recall_moves_up_without_a_duplicate() -> None:
    state = BoardState()
    state.apply_status(status(10, (counter(1), counter(2))))
    first = state.apply(event(11, "called", "A001", 1))
    second = state.apply(event(12, "called", "A002", 2))
    assert first is not None and second is not None
    assert [c.code for c in state.recent] == ["A002", "A001"]
    again = state.apply(event(13, "recalled", "A001", 1))
    assert again is not None and again.is_recall
    assert [c.code for c in state.recent] == ["A001", "A002"]
    assert state.counters[1].code == "A001" and state.counters[2].code == "A002"


def test_an_event_seen_before_is_ignored() -> None:
    state = BoardState()
    state.start(status(10, (counter(1),)))
    assert state.apply(event(11, "called", "A001", 1)) is not None
    assert state.apply(event(11, "called", "A001", 1)) is None
    assert state.apply(event(9, "called", "A009", 1)) is None
    assert [c.code for c in state.recent] == ["A001"]


def test_counter_cells_follow_finish_pause_and_close() -> None:
    state = BoardState()
    state.apply_status(status(1, (counter(1),)))
    state.apply(event(2, "called", "A001", 1))
    state.apply(event(3, "finished", "A001", 1))
    assert state.counters[1] == CounterCell(1, "窗口1", "open", None, ("A", "C"))
    state.apply(event(4, "paused", None, 1, None))
    assert state.counters[1].state == "paused"
    state.apply(event(5, "resumed", None, 1, None))
    state.apply(event(6, "called", "A002", 1))
    state.apply(event(7, "counter_closed", None, 1, None))
    assert state.counters[1].state == "closed" and state.counters[1].code is None


def test_department_filter_hides_other_calls_and_services() -> None:
    state = BoardState(filter=BoardFilter(departments=frozenset({"bdc"})))
    state.apply_status(status(1, (counter(1), counter(2))))
    assert [s.code for s in state.services] == ["C"]
    assert state.apply(event(2, "called", "A001", 1, "A")) is None
    assert state.apply(event(3, "called", "C001", 2, "C")) is not None
    assert [c.code for c in state.recent] == ["C001"]
    assert state.counters[1].code == "A001"  # counters still follow every call


def test_counter_filter_picks_cells_and_calls() -> None:
    state = BoardState(filter=BoardFilter(counters=frozenset({2})))
    state.apply_status(status(1, (counter(1), counter(2), counter(3))))
    assert [c.number for c in state.visible_counters()] == [2]
    assert state.apply(event(2, "called", "A001", 1)) is None
    assert state.apply(event(3, "called", "A002", 2)) is not None


def test_a_status_read_older_than_the_events_keeps_the_counters() -> None:
    state = BoardState()
    state.apply_status(status(1, (counter(1),)))
    state.apply(event(5, "called", "A001", 1))
    assert not state.apply_status(status(4, (counter(1),)))
    assert state.counters[1].code == "A001"
    assert state.apply_status(status(5, (counter(1, current="A001"),)))
    assert state.counters[1].code == "A001"


def test_a_status_read_ahead_of_the_feed_does_not_swallow_the_call() -> None:
    state = BoardState()
    state.start(status(5, (counter(1),)))
    # The read already sees the call at event 6; the feed has not delivered it yet.
    assert state.apply_status(status(6, (counter(1, current="A001"),)))
    call = state.apply(event(6, "called", "A001", 1))
    assert call is not None and call.code == "A001"


def test_history_is_listed_newest_first_and_capped() -> None:
    state = BoardState()
    state.apply_status(status(100))
    state.load_history(event(i, "called", f"A{i:03d}", 1 + i % 3) for i in range(1, 40))
    assert len(state.recent) == 12
    assert state.newest is not None and state.newest.code == "A039"
