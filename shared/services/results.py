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
class HallStatus:
    hall: str
    hall_name: str
    business_day: date
    services: tuple[ServiceStatus, ...]
    counters: tuple[CounterStatus, ...]
    last_event_id: int

    def to_json(self) -> dict[str, Any]:
        return {
            "hall": self.hall,
            "hall_name": self.hall_name,
            "business_day": self.business_day.isoformat(),
            "last_event_id": self.last_event_id,
            "services": [asdict(s) for s in self.services],
            "counters": [{**asdict(c), "services": list(c.services)} for c in self.counters],
        }
