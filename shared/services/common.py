"""Helpers every use case shares: the hall, locks, lookups and the event row."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.config.settings import HallSettings, settings_from_json
from shared.config.spec import (
    AnnounceSpec,
    DispatchRules,
    Hours,
    KioskSpec,
    LoginRules,
    PrinterSpec,
    RatingSpec,
    WebSpec,
)
from shared.domain.errors import (
    InvalidInput,
    NoCurrentTicket,
    UnknownCounter,
    UnknownService,
    UnknownTicket,
)
from shared.domain.hours import hours_to_json
from shared.domain.numbering import business_day
from shared.limits import LOGIN, TYPED, TextLimit, text_problem
from shared.services import statements as sql
from shared.services.catalog import HALL_TTL_S, Catalog, load_catalog
from shared.services.results import CallInfo
from shared.store.db import Store
from shared.store.models import Counter, Hall, Service, Ticket

NOTIFY_CHANNEL = "hallq_events"
# The first key of hallq's advisory locks on a service (the second is the service id).
SERVICE_LOCK_SPACE = 0x4851  # "HQ"


def checked_login(value: str | None, field: str = "clerk") -> str | None:
    """A clerk's login within its limit, or InvalidInput naming `field` (lengths are checked
    here, so SQLite and PostgreSQL refuse alike)."""
    if value is None:
        return None
    problem = text_problem(value, LOGIN)
    if problem:
        raise InvalidInput(f"{field} {problem}")
    return value


def checked_text(value: str, name: str) -> str:
    """Text a clerk typed, within shared.limits.TYPED[name]; else InvalidInput."""
    limit = TYPED[name]
    assert isinstance(limit, TextLimit)
    problem = text_problem(value, limit)
    if problem:
        raise InvalidInput(f"{name} {problem}")
    return value


@dataclass(frozen=True)
class HallInfo:
    """The hall's row as use cases read it (a detached copy, safe to share)."""

    id: int
    code: str
    name: str
    name_en: str
    timezone: str
    number_width: int
    settings: HallSettings  # read once from hall.settings into the hall file's specs

    @property
    def hours(self) -> Hours:
        return self.settings.hours

    @property
    def dispatch(self) -> DispatchRules:
        return self.settings.dispatch

    @property
    def login(self) -> LoginRules:
        return self.settings.login

    @property
    def printer(self) -> PrinterSpec:
        return self.settings.printer

    @property
    def announce(self) -> AnnounceSpec:
        return self.settings.announce

    @property
    def rating(self) -> RatingSpec:
        return self.settings.rating

    @property
    def kiosk(self) -> KioskSpec:
        return self.settings.kiosk

    @property
    def web(self) -> WebSpec:
        return self.settings.web

    @property
    def notice(self) -> str:
        return self.settings.notice

    @property
    def notice_en(self) -> str:
        return self.settings.notice_en

    @property
    def hours_json(self) -> dict[str, Any]:
        """The hall's opening hours as shared.domain.hours reads them."""
        return hours_to_json(self.hours.days, self.hours.periods)


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


def hall_info(store: Store, session: Session) -> HallInfo:
    cached = store.cache.get("hall")
    if cached is not None and time.monotonic() - cached[0] < HALL_TTL_S:
        return cached[1]  # type: ignore[no-any-return]
    row = session.get(Hall, store.hall_id(session))
    assert row is not None
    info = HallInfo(
        row.id,
        row.code,
        row.name,
        row.name_en,
        row.timezone,
        row.number_width,
        settings_from_json(row.settings),
    )
    store.cache["hall"] = (time.monotonic(), info)
    return info


def context(store: Store, session: Session) -> Ctx:
    """The transaction's view, with `now` read once the transaction holds its lock.

    On SQLite a writing session begins with BEGIN IMMEDIATE when it first touches its
    connection: reading the clock before that would stamp the event with the time it
    started waiting for another writer, earlier than events committed meanwhile.
    """
    session.connection()
    hall = hall_info(store, session)
    now = store.clock.now()
    return Ctx(store, session, hall, now, business_day(now, hall.timezone))


def after_lock(ctx: Ctx, *stamps: datetime | None) -> Ctx:
    """`ctx` with `now` read again now that a ticket is locked, and never before its stamps.

    A transaction may begin before another one that issues or moves the same ticket and
    see that ticket only once the other has committed (PostgreSQL's row locks, SKIP
    LOCKED). Its event must not be stamped before what it follows; and PCs' clocks may
    differ by a little, so the ticket's own latest time is the floor.
    """
    now = max([ctx.store.clock.now(), ctx.now, *(s for s in stamps if s is not None)])
    if now == ctx.now:
        return ctx
    return replace(ctx, now=now)


def after_ticket(ctx: Ctx, ticket: Any) -> Ctx:
    """`after_lock` with the locked ticket's own times (a row or an ORM object) as the floor."""
    names = ("issued_at", "called_at", "started_at", "ended_at")
    return after_lock(ctx, *(getattr(ticket, name, None) for name in names))


@dataclass(frozen=True)
class EventRow:
    """The event a use case wrote (what callers read back of it)."""

    id: int
    kind: str
    at: datetime
    code: str | None
    service: str | None
    counter: int | None
    clerk: str | None
    details: dict[str, Any]


class HasCode(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def code(self) -> str: ...




def record(
    ctx: Ctx,
    kind: str,
    *,
    ticket: HasCode | None = None,
    service: str | None = None,
    counter: int | None = None,
    clerk: str | None = None,
    details: dict[str, Any] | None = None,
) -> EventRow:
    """Append the one event row of this transaction (a Core insert: no ORM flush).

    On PostgreSQL a trigger on the event table draws the id under a per-hall lock held
    to commit (ids commit in order) and NOTIFYs listeners at commit. Pending ORM changes
    are flushed first, so nothing after the insert waits on another writer's row lock.
    """
    ctx.session.flush()
    code = ticket.code if ticket else None
    payload = details or {}
    values: dict[str, Any] = {
        "hall_id": ctx.hall_id,
        "at": ctx.now,
        "kind": kind,
        "ticket_id": ticket.id if ticket else None,
        "code": code,
        "service": service,
        "counter": counter,
        "clerk": clerk,
        "details": payload,
    }
    event_id = ctx.session.connection().execute(sql.insert_event(), values).scalar_one()
    return EventRow(int(event_id), kind, ctx.now, code, service, counter, clerk, payload)


def catalog(ctx: Ctx) -> Catalog:
    return load_catalog(ctx.store, ctx.session, ctx.hall_id)


def service_by_code(ctx: Ctx, code: str, *, lock: bool = False) -> Service:
    """The service `code`; with `lock`, issuing for it is serialised until commit."""
    query = select(Service).where(Service.hall_id == ctx.hall_id, Service.code == code)
    svc = ctx.session.scalars(query).first()
    if svc is None:
        raise UnknownService(code)
    if lock:
        lock_service(ctx, svc.id)
    return svc


def lock_service(ctx: Ctx, service_id: int) -> None:
    """Serialise issuing (and extending) for one service until this transaction ends.

    PostgreSQL: a transaction advisory lock, not a row lock — a row lock needs UPDATE
    on the service table, which the kiosk's role must not have. SQLite's BEGIN
    IMMEDIATE already holds every other writer off.
    """
    if ctx.store.is_postgres:
        ctx.session.connection().execute(
            sql.lock_service(), {"space": SERVICE_LOCK_SPACE, "service_id": service_id}
        )


def service_code(ctx: Ctx, service_id: int) -> str:
    """A service's code (an id's code never changes)."""
    svc = catalog(ctx).by_id.get(service_id)
    if svc is not None:
        return svc.code
    row = ctx.session.get(Service, service_id)
    assert row is not None
    return row.code


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


class HasRecalls(HasCode, Protocol):
    @property
    def recalls(self) -> int: ...


def call_info(
    ctx: Ctx, event: EventRow, ticket: HasRecalls, counter: int, *, recalls: int | None = None
) -> CallInfo:
    """What a clerk's action returns: the event it wrote and the ticket it was about."""
    return CallInfo(
        event_id=event.id,
        kind=event.kind,
        ticket_id=int(ticket.id),
        code=ticket.code,
        counter=counter,
        service=event.service or "",
        at=event.at,
        recalls=int(ticket.recalls if recalls is None else recalls),
        details=dict(event.details or {}),
    )
