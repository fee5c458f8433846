"""Helpers every use case shares: the transaction, its view of the hall, locks and lookups
(the event rows it writes: recording.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.domain.errors import (
    NoCurrentTicket,
    UnknownCounter,
    UnknownService,
    UnknownTicket,
)
from shared.domain.numbering import business_day
from shared.services import statements as sql

# The hall's settings live in catalog.py, the input checks in checks.py (re-exported).
from shared.services.catalog import Catalog, HallInfo, load_catalog
from shared.services.catalog import hall_info as hall_info
from shared.services.checks import checked_login as checked_login
from shared.services.checks import checked_text as checked_text

# What a use case writes to the event log, and returns, lives in recording.py (re-exported).
from shared.services.recording import Acted as Acted
from shared.services.recording import EventRow as EventRow
from shared.services.recording import HasCode as HasCode
from shared.services.recording import HasRecalls as HasRecalls
from shared.services.recording import call_info as call_info
from shared.services.recording import record as record
from shared.services.recording import write_events as write_events
from shared.store.db import Store
from shared.store.models import Counter, Service, Ticket

NOTIFY_CHANNEL = "hallq_events"
# The first key of hallq's advisory locks on a service (the second is the service id).
SERVICE_LOCK_SPACE = 0x4851  # "HQ"


@dataclass(frozen=True)
class Ctx:
    """One transaction's view: the session, the hall, now and today."""

    store: Store
    session: Session
    hall: HallInfo
    now: datetime
    day: date
    # In a `transaction()`: the events recorded so far, written when its body is done
    # (shared by every copy `after_lock` makes). None: record() writes at once.
    pending: list[EventRow] | None = None

    @property
    def hall_id(self) -> int:
        return self.hall.id


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


@contextmanager
def transaction(store: Store) -> Iterator[Ctx]:
    """One writing transaction for one use case or several composed (sign in at a counter:
    log in and open it; finish and call next): all of it commits, or none of it.

    The events its parts record are written when the body is done, in the order recorded:
    on PostgreSQL the first event insert takes the hall's event lock, held to commit (ids
    commit in order), so no part may wait on a row lock after it. A part's EventRow has
    its id once the body is done; read results after the `with` block.
    """
    with store.write() as session:
        ctx = replace(context(store, session), pending=[])
        yield ctx
        write_events(ctx)


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
