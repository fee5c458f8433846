"""What use cases hand back: plain, JSON-ready dataclasses (no ORM rows escape)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


def _iso(moment: datetime | None) -> str | None:
    # ISO 8601 with microseconds and offset, always (isoformat drops zero microseconds).
    return moment.isoformat(timespec="microseconds") if moment else None


@dataclass(frozen=True)
class TicketInfo:
    id: int
    code: str
    service: str
    service_name: str
    status: str
    priority: bool
    issued_at: datetime
    business_day: date
    people_ahead: int = 0
    est_wait_min: int | None = None
    counter: int | None = None
    event_id: int | None = None
    # The range around est_wait_min (equal to it when the spread is narrow), and whether
    # the service's opening period may end before the ticket is called.
    est_wait_low_min: int | None = None
    est_wait_high_min: int | None = None
    closes_first: bool = False
    web_token: str | None = None  # the phone page's key: {web_base}/t/{web_token}

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "service": self.service,
            "status": self.status,
            "priority": self.priority,
            "issued_at": _iso(self.issued_at),
            "business_day": self.business_day.isoformat(),
            "people_ahead": self.people_ahead,
            "est_wait_min": self.est_wait_min,
            "est_wait_low_min": self.est_wait_low_min,
            "est_wait_high_min": self.est_wait_high_min,
            "closes_first": self.closes_first,
            "event_id": self.event_id,
            "web_token": self.web_token,
        }


@dataclass(frozen=True)
class CallInfo:
    event_id: int
    kind: str  # called | recalled | no_show | finished | started | transferred ...
    ticket_id: int
    code: str
    counter: int
    service: str
    at: datetime
    recalls: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "kind": self.kind,
            "code": self.code,
            "counter": self.counter,
            "service": self.service,
            "ticket_id": self.ticket_id,
            "at": _iso(self.at),
            "recalls": self.recalls,
        }


@dataclass(frozen=True)
class EventInfo:
    id: int
    at: datetime
    kind: str
    ticket_id: int | None
    code: str | None
    counter: int | None
    service: str | None
    clerk: str | None
    details: dict[str, Any]
    # Filled by the store: its own clock and the database role that wrote the row.
    recorded_at: datetime | None = None
    recorded_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": _iso(self.at),
            "kind": self.kind,
            "code": self.code,
            "counter": self.counter,
            "service": self.service,
            "ticket_id": self.ticket_id,
            "clerk": self.clerk,
            "details": self.details,
            "recorded_at": _iso(self.recorded_at) if self.recorded_at else None,
            "recorded_by": self.recorded_by,
        }


@dataclass(frozen=True)
class ServiceStatus:
    code: str
    prefix: str
    name: str
    name_en: str
    department: str
    waiting: int
    est_wait_min: int | None
    open_counters: int
    available: bool = True
    reason: str = ""  # why tickets cannot be taken now
    # A ticket taken now: the range around est_wait_min, and whether closing comes first.
    est_wait_low_min: int | None = None
    est_wait_high_min: int | None = None
    closes_first: bool = False


@dataclass(frozen=True)
class CounterStatus:
    number: int
    name: str
    state: str
    clerk: str | None
    services: tuple[str, ...]
    current: str | None
    current_status: str | None = None
    pause_reason: str | None = None


@dataclass(frozen=True)
class WaitingTicket:
    """A ticket in line and its estimate as the live queue stands (not frozen at issue)."""

    code: str
    service: str
    priority: bool
    issued_at: datetime
    people_ahead: int
    est_wait_min: int | None
    est_wait_low_min: int | None = None
    est_wait_high_min: int | None = None
    closes_first: bool = False

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "issued_at": _iso(self.issued_at)}


@dataclass(frozen=True)
class HallStatus:
    hall: str
    hall_name: str
    business_day: date
    services: tuple[ServiceStatus, ...]
    counters: tuple[CounterStatus, ...]
    last_event_id: int
    tickets: tuple[WaitingTicket, ...] = ()  # every waiting ticket with its current estimate

    def to_json(self) -> dict[str, Any]:
        return {
            "hall": self.hall,
            "hall_name": self.hall_name,
            "business_day": self.business_day.isoformat(),
            "last_event_id": self.last_event_id,
            "services": [asdict(s) for s in self.services],
            "counters": [{**asdict(c), "services": list(c.services)} for c in self.counters],
            "tickets": [t.to_json() for t in self.tickets],
        }
