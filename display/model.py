"""The board's state as plain data: calls, counters and waiting counts, updated by events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from shared.config.spec import DisplaySpec
from shared.services.results import CounterStatus, EventInfo, HallStatus, ServiceStatus

CALL_KINDS = frozenset({"called", "recalled"})
# Events after which a counter has no ticket in front of it any more.
RELEASING_KINDS = frozenset({"finished", "no_show", "transferred", "counter_closed"})
RECENT_LIMIT = 12


@dataclass(frozen=True)
class ShownCall:
    """One call on the board: a ticket code sent to a counter."""

    event_id: int
    code: str
    counter: int
    service: str
    kind: str  # called | recalled
    at: datetime

    @property
    def is_recall(self) -> bool:
        return self.kind == "recalled"


@dataclass(frozen=True)
class CounterCell:
    """One counter as the board shows it."""

    number: int
    name: str
    state: str  # open | paused | closed
    code: str | None = None
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class BoardFilter:
    """Which part of the hall a board shows (a floor, a wing): departments and counters."""

    departments: frozenset[str] = frozenset()
    counters: frozenset[int] = frozenset()

    @classmethod
    def from_spec(cls, spec: DisplaySpec) -> BoardFilter:
        return cls(frozenset(spec.departments), frozenset(spec.counters))

    def service_ok(self, department: str | None) -> bool:
        return not self.departments or department in self.departments

    def counter_ok(self, number: int | None) -> bool:
        return not self.counters or number in self.counters


@dataclass
class BoardState:
    """Everything the board paints; `apply()` folds in events, `apply_status()` a fresh read."""

    filter: BoardFilter = field(default_factory=BoardFilter)
    recent: list[ShownCall] = field(default_factory=list)  # newest first
    counters: dict[int, CounterCell] = field(default_factory=dict)
    services: tuple[ServiceStatus, ...] = ()
    last_event_id: int = 0
    # service code -> department code, from the last status read
    departments: dict[str, str] = field(default_factory=dict)

    @property
    def newest(self) -> ShownCall | None:
        return self.recent[0] if self.recent else None

    def call_visible(self, event: EventInfo) -> bool:
        """Whether a call event belongs on this board (its counter and its department)."""
        return self.filter.counter_ok(event.counter) and self.filter.service_ok(
            self.departments.get(event.service or "")
        )

    def apply_status(self, status: HallStatus) -> bool:
        """Take waiting counts and counters from a status read; False if it is older than us."""
        self.departments = {s.code: s.department for s in status.services}
        self.services = tuple(s for s in status.services if self.filter.service_ok(s.department))
        if status.last_event_id < self.last_event_id:
            return False  # counters would go back in time; the caller reads again
        # The last event id is not taken from the read: events after ours still come
        # through apply(), which would skip them (and their announcements) otherwise.
        self.counters = {c.number: _cell(c) for c in status.counters}
        return True

    def start(self, status: HallStatus) -> None:
        """The first read: the board follows events after this status's last one."""
        self.apply_status(status)
        self.last_event_id = status.last_event_id

    def load_history(self, calls: Iterable[EventInfo]) -> None:
        """The day's earlier calls (oldest first), shown as history and never announced."""
        for event in calls:
            call = self._call(event)
            if call is not None:
                self._push(call)

    def apply(self, event: EventInfo) -> ShownCall | None:
        """Fold one event in; the call to show (and speak) if it is a new call for this board."""
        if event.id <= self.last_event_id:
            return None  # seen already: a feed that catches up never repeats a call
        self.last_event_id = event.id
        number = event.counter
        cell = self.counters.get(number) if number is not None else None
        if cell is not None:
            self.counters[cell.number] = _next_cell(cell, event)
        call = self._call(event)
        if call is not None:
            self._push(call)
        return call

    def apply_all(self, events: Sequence[EventInfo]) -> list[ShownCall]:
        """Fold a batch in, oldest first; the new calls in order."""
        return [call for call in map(self.apply, events) if call is not None]

    def visible_counters(self) -> list[CounterCell]:
        """The counters this board shows in its counters layout, by number."""
        cells = sorted(self.counters.values(), key=lambda c: c.number)
        if self.filter.counters:
            return [c for c in cells if c.number in self.filter.counters]
        if self.filter.departments:
            return [
                c
                for c in cells
                if any(self.filter.service_ok(self.departments.get(s)) for s in c.services)
            ]
        return cells

    def _call(self, event: EventInfo) -> ShownCall | None:
        if event.kind not in CALL_KINDS or not event.code or event.counter is None:
            return None
        if not self.call_visible(event):
            return None
        return ShownCall(
            event.id, event.code, event.counter, event.service or "", event.kind, event.at
        )

    def _push(self, call: ShownCall) -> None:
        # A recall moves the ticket back to the top instead of listing it twice.
        self.recent = [c for c in self.recent if (c.code, c.counter) != (call.code, call.counter)]
        self.recent.insert(0, call)
        del self.recent[RECENT_LIMIT:]


def _cell(status: CounterStatus) -> CounterCell:
    serving = status.current if status.current_status in (None, "called", "serving") else None
    return CounterCell(status.number, status.name, status.state, serving, status.services)


def _next_cell(cell: CounterCell, event: EventInfo) -> CounterCell:
    kind = event.kind
    if kind in CALL_KINDS:
        state = "open" if cell.state == "closed" else cell.state
        return replace(cell, code=event.code, state=state)
    if kind in RELEASING_KINDS or (kind == "cancelled" and event.code == cell.code):
        cell = replace(cell, code=None)
    if kind == "paused":
        return replace(cell, state="paused")
    if kind in ("resumed", "counter_opened"):
        return replace(cell, state="open")
    if kind == "counter_closed":
        return replace(cell, state="closed")
    return cell
