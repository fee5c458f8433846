"""Helpers every use case shares: the hall, locks, lookups and the event row."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.domain.errors import NoCurrentTicket, UnknownCounter, UnknownService, UnknownTicket
from shared.domain.numbering import business_day
from shared.services.results import CallInfo
from shared.store.db import Store
from shared.store.models import Counter, Event, Hall, Service, Ticket

NOTIFY_CHANNEL = "hallq_events"


@dataclass(frozen=True)
class HallInfo:
    """The hall's row as use cases read it (a detached copy, safe to share)."""

    id: int
    code: str
    name: str
    name_en: str
    timezone: str
    number_width: int
    settings: dict[str, Any]


# The hall's settings change only by `config apply` or a supervisor; reading them again at
# most this often saves a query per use case. Numbers, tickets and counters are never cached.
HALL_TTL_S = 2.0


@dataclass(frozen=True)
class Ctx:
    """One transaction's view: the session, the hall, now and today."""

    store: Store
    session: Session
    hall: HallInfo
    now: datetime
    day: date

    @property
    def hall_id(self) -> int:
        return self.hall.id

    def setting(self, section: str, key: str, default: Any) -> Any:
        return (self.hall.settings or {}).get(section, {}).get(key, default)


def hall_info(store: Store, session: Session) -> HallInfo:
    cached = store.cache.get("hall")
    if cached is not None and time.monotonic() - cached[0] < HALL_TTL_S:
        return cached[1]  # type: ignore[no-any-return]
    row = session.get(Hall, store.hall_id(session))
    assert row is not None
    info = HallInfo(
        row.id, row.code, row.name, row.name_en, row.timezone, row.number_width,
        dict(row.settings or {}),
    )
    store.cache["hall"] = (time.monotonic(), info)
    return info


def context(store: Store, session: Session) -> Ctx:
    hall = hall_info(store, session)
    now = store.clock.now()
    return Ctx(store, session, hall, now, business_day(now, hall.timezone))


def record(
    ctx: Ctx,
    kind: str,
    *,
    ticket: Ticket | None = None,
    service: str | None = None,
    counter: int | None = None,
    clerk: str | None = None,
    details: dict[str, Any] | None = None,
) -> Event:
    """Append the one event row of this transaction and notify listeners on commit."""
    event = Event(
        hall_id=ctx.hall_id,
        at=ctx.now,
        kind=kind,
        ticket_id=ticket.id if ticket else None,
        code=ticket.code if ticket else None,
        service=service,
        counter=counter,
        clerk=clerk,
        details=details or {},
    )
    ctx.session.add(event)
    # On PostgreSQL a trigger on the event table NOTIFYs listeners at commit.
    ctx.session.flush()
    return event


def service_by_code(ctx: Ctx, code: str, *, lock: bool = False) -> Service:
    query = select(Service).where(Service.hall_id == ctx.hall_id, Service.code == code)
    if lock:
        query = query.with_for_update()
    svc = ctx.session.scalars(query).first()
    if svc is None:
        raise UnknownService(code)
    return svc


def service_code(ctx: Ctx, service_id: int) -> str:
    """A service's code; an id's code never changes, so it is kept once read."""
    codes: dict[int, str] = ctx.store.cache.setdefault("service_codes", {})
    code = codes.get(service_id)
    if code is None:
        svc = ctx.session.get(Service, service_id)
        assert svc is not None
        code = codes[service_id] = svc.code
    return code


def counter_for_update(ctx: Ctx, number: int) -> Counter:
    """The counter row, locked: one counter's actions never interleave."""
    counter = ctx.session.scalars(
        select(Counter)
        .where(Counter.hall_id == ctx.hall_id, Counter.number == number)
        .with_for_update()
    ).first()
    if counter is None or not counter.active:
        raise UnknownCounter(number)
    return counter


def current_ticket(ctx: Ctx, counter: Counter) -> Ticket:
    if counter.current_ticket_id is None:
        raise NoCurrentTicket(counter.number)
    ticket = ctx.session.scalars(
        select(Ticket).where(Ticket.id == counter.current_ticket_id).with_for_update()
    ).first()
    if ticket is None:
        raise NoCurrentTicket(counter.number)
    return ticket


def ticket_by_code(ctx: Ctx, code: str, *, day: date | None = None) -> Ticket:
    """Today's live ticket with this code (a transfer's continuation, not its closed origin)."""
    code = code.strip().upper()
    ticket = ctx.session.scalars(
        select(Ticket)
        .where(
            Ticket.hall_id == ctx.hall_id,
            Ticket.business_day == (day or ctx.day),
            Ticket.code == code,
        )
        .order_by(Ticket.id.desc())
        .limit(1)
        .with_for_update()
    ).first()
    if ticket is None:
        raise UnknownTicket(code)
    return ticket


def call_info(ctx: Ctx, event: Event, ticket: Ticket, counter: int) -> CallInfo:
    return CallInfo(
        event_id=event.id,
        kind=event.kind,
        ticket_id=ticket.id,
        code=ticket.code,
        counter=counter,
        service=event.service or "",
        at=event.at,
        recalls=ticket.recalls,
        details=dict(event.details or {}),
    )
