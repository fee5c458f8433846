"""The hall board on the phone: the lobby board's content, kept by the hub, filtered per page.

One full status read per batch of events serves every open board; calls are shown from
the events themselves first, so a call reaches the phone before that read ends.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from shared.services.phone import todays_calls
from shared.services.queries import hall_status
from shared.services.results import EventInfo, HallStatus
from shared.store.db import Store

RECENT = 8
CALL_KINDS = ("called", "recalled")
RELEASING = ("finished", "no_show", "transferred", "counter_closed", "cancelled")


class BoardFeed:
    """The last status read plus the calls since, as each department's board shows them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.status: HallStatus | None = None
        self.recent: list[dict[str, Any]] = []  # newest first
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self.status is not None

    def reload(self) -> None:
        """Read the hall's status (and, the first time, today's latest calls)."""
        status = hall_status(self.store)
        calls = todays_calls(self.store, RECENT) if self.status is None else None
        with self._lock:
            if self.status is not None and status.last_event_id < self.status.last_event_id:
                return
            self.status = status
            if calls is not None:
                self.recent = [_call(e) for e in reversed(calls)]

    def apply(
        self, events: Iterable[EventInfo], departments: Iterable[str]
    ) -> list[tuple[str, str]]:
        """Fold in calls and releases; the boards (by department) that changed."""
        touched: set[str] = set()
        with self._lock:
            if self.status is None:
                return []
            for event in events:
                if event.kind in CALL_KINDS and event.code and event.counter is not None:
                    self.recent = [_call(event), *self.recent][:RECENT]
                    self._set_counter(event.counter, event.code, "called")
                    touched.add(self._department(event.service))
                elif event.kind in RELEASING and event.counter is not None:
                    self._set_counter(event.counter, None, None)
                    touched.add(self._department(event.service))
        return [(d, self.message(d)) for d in departments if d == "" or d in touched]

    def _department(self, service: str | None) -> str:
        assert self.status is not None
        return next((s.department for s in self.status.services if s.code == service), "")

    def _set_counter(self, number: int, code: str | None, state: str | None) -> None:
        assert self.status is not None
        counters = tuple(
            replace(c, current=code, current_status=state) if c.number == number else c
            for c in self.status.counters
        )
        self.status = replace(self.status, counters=counters)

    def message(self, department: str) -> str:
        """The board of one department ("" = the whole hall) as one SSE data line."""
        with self._lock:
            return json.dumps(self._board(department), ensure_ascii=False)

    def _board(self, department: str) -> dict[str, Any]:
        status = self.status
        if status is None:
            return {"services": [], "counters": [], "recent": [], "sent": time.time()}
        services = [s for s in status.services if not department or s.department == department]
        codes = {s.code for s in services}
        return {
            "hall_name": status.hall_name,
            "department": department,
            "services": [
                {
                    "code": s.code,
                    "name": s.name,
                    "name_en": s.name_en,
                    "waiting": s.waiting,
                    "est_wait_min": s.est_wait_min,
                    "available": s.available,
                }
                for s in services
            ],
            "counters": [
                {"number": c.number, "name": c.name, "state": c.state, "current": c.current}
                for c in status.counters
                if c.state != "closed" and (not department or codes.intersection(c.services))
            ],
            "recent": [c for c in self.recent if not department or c["service"] in codes],
            "sent": time.time(),
        }


def _call(event: EventInfo) -> dict[str, Any]:
    return {
        "code": event.code,
        "counter": event.counter,
        "service": event.service,
        "kind": event.kind,
        "event_id": event.id,
        "at": event.at.isoformat(),
    }
