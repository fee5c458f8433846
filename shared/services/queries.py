"""Read-only views: the hall's status and the event log after a given id."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from shared.domain.forecast import Snapshot, WaitEstimate, people_ahead
from shared.services.common import Ctx, catalog, context
from shared.services.estimates import (
    issued_today,
    overrides_today,
    waiting_by_service,
)
from shared.services.forecasting import waiting_estimates
from shared.services.issuing import service_unavailable
from shared.services.results import (
    CounterStatus,
    EventInfo,
    HallStatus,
    ServiceStatus,
    WaitingTicket,
)
from shared.store.db import Store
from shared.store.models import Counter, Department, Event, Ticket


def hall_status(store: Store, *, estimates: bool = True, max_age_s: float = 0.0) -> HallStatus:
    """Waiting per service with a new ticket's estimate, every counter's state and current
    ticket, and every waiting ticket with its estimate as the live queue stands.

    Without `estimates` the figures are left out (None) and no replay runs. With
    `max_age_s` this process may reuse estimates replayed that many seconds ago (a kiosk
    re-reading after every event elsewhere); the per-ticket list is then left out.
    """
    with store.read() as session:
        ctx = context(store, session)
        return _status(ctx, estimates, max_age_s)


def _estimates(
    ctx: Ctx, codes: list[str], seed: int, max_age_s: float
) -> tuple[Snapshot | None, dict[int, WaitEstimate | None], dict[str, WaitEstimate | None]]:
    """(the snapshot, or None when reused from the cache; per ticket; per service)."""
    cache: dict[str, Any] = ctx.store.cache
    hit = cache.get("status_estimates")
    if (
        max_age_s > 0
        and hit is not None
        and time.monotonic() - hit[0] <= max_age_s
        and hit[1] == ctx.day
    ):
        return None, {}, hit[2]
    snap, per_ticket, per_service = waiting_estimates(ctx, codes, seed=seed)
    cache["status_estimates"] = (time.monotonic(), ctx.day, per_service)
    return snap, per_ticket, per_service


def _status(ctx: Ctx, estimates: bool = True, max_age_s: float = 0.0) -> HallStatus:
    s = ctx.session
    cat = catalog(ctx)
    waiting = waiting_by_service(ctx)
    counters = s.execute(
        select(
            Counter.id,
            Counter.number,
            Counter.name,
            Counter.state,
            Counter.clerk,
            Counter.pause_reason,
            Ticket.code,
            Ticket.status,
        )
        .outerjoin(Ticket, Ticket.id == Counter.current_ticket_id)
        .where(Counter.hall_id == ctx.hall_id, Counter.active.is_(True))
        .order_by(Counter.number)
    ).all()
    open_ids = {int(c.id) for c in counters if c.state == "open"}
    departments = dict(
        s.execute(
            select(Department.id, Department.code).where(Department.hall_id == ctx.hall_id)
        ).all()
    )
    last = max_event_id(s, ctx.hall_id)
    codes = [svc.code for svc in cat.services if svc.active]
    per_ticket: dict[int, WaitEstimate | None] = {}
    per_service: dict[str, WaitEstimate | None] = {}
    snap = None
    if estimates:
        snap, per_ticket, per_service = _estimates(ctx, codes, int(last), max_age_s)
    overrides = overrides_today(ctx)
    issued = issued_today(ctx, [svc.id for svc in cat.services if svc.daily_quota > 0])
    open_per_service: dict[int, int] = {}
    for counter_id in open_ids:
        for sid, _rank, _w in cat.links.get(counter_id, ()):
            open_per_service[sid] = open_per_service.get(sid, 0) + 1
    svc_rows = []
    for svc in cat.services:
        n = waiting.get(svc.id, 0)
        wait = per_service.get(svc.code)
        reason = service_unavailable(
            ctx, svc, override=overrides.get(svc.id), issued=issued.get(svc.id, 0)
        )
        svc_rows.append(
            ServiceStatus(
                code=svc.code,
                prefix=svc.prefix,
                name=svc.name,
                name_en=svc.name_en,
                department=departments.get(svc.department_id, ""),
                waiting=n,
                est_wait_min=wait.minutes if wait else None,
                open_counters=open_per_service.get(svc.id, 0),
                available=reason is None,
                reason=reason.value if reason else "",
                est_wait_low_min=wait.low if wait else None,
                est_wait_high_min=wait.high if wait else None,
                closes_first=wait.closes_first if wait else False,
            )
        )
    counter_rows = [
        CounterStatus(
            number=c.number,
            name=c.name,
            state=c.state,
            clerk=c.clerk,
            services=tuple(
                cat.by_id[sid].code
                for sid, _r, _w in cat.links.get(int(c.id), ())
                if sid in cat.by_id
            ),
            current=c.code,
            current_status=c.status,
            pause_reason=c.pause_reason,
        )
        for c in counters
    ]
    tickets: tuple[WaitingTicket, ...] = ()
    if snap is not None:
        tickets = _waiting_tickets(ctx, snap, per_ticket)
    return HallStatus(
        hall=ctx.hall.code,
        hall_name=ctx.hall.name,
        business_day=ctx.day,
        services=tuple(svc_rows),
        counters=tuple(counter_rows),
        last_event_id=int(last),
        tickets=tickets,
    )


def _waiting_tickets(
    ctx: Ctx, snap: Snapshot, per_ticket: dict[int, WaitEstimate | None]
) -> tuple[WaitingTicket, ...]:
    """Every ticket in line, in the order each service calls them, with its estimate."""
    rows = {
        int(r.id): r
        for r in ctx.session.execute(
            select(Ticket.id, Ticket.code, Ticket.issued_at).where(
                Ticket.id.in_([t.ticket_id for t in snap.tickets])
            )
        )
    }
    out = []
    for t in sorted(snap.tickets, key=lambda t: (t.service, not t.priority, t.queue_key)):
        row = rows.get(t.ticket_id)
        if row is None:
            continue
        wait = per_ticket.get(t.ticket_id)
        out.append(
            WaitingTicket(
                code=row.code,
                service=t.service,
                priority=t.priority,
                issued_at=row.issued_at,
                people_ahead=people_ahead(snap, t.ticket_id),
                est_wait_min=wait.minutes if wait else None,
                est_wait_low_min=wait.low if wait else None,
                est_wait_high_min=wait.high if wait else None,
                closes_first=wait.closes_first if wait else False,
            )
        )
    return tuple(out)


def max_event_id(session: Session, hall_id: int | None) -> int:
    """The highest event id of the hall (of every hall with None); 0 before the first event."""
    query = select(func.max(Event.id))
    if hall_id is not None:
        query = query.where(Event.hall_id == hall_id)
    return int(session.scalar(query) or 0)


def select_events(
    session: Session, hall_id: int, *where: ColumnElement[bool], limit: int, newest: bool = False
) -> list[EventInfo]:
    """The hall's events matching `where`, oldest first: the first `limit` of them, or with
    `newest` the last `limit`."""
    rows = session.scalars(
        select(Event)
        .where(Event.hall_id == hall_id, *where)
        .order_by(Event.id.desc() if newest else Event.id)
        .limit(limit)
    ).all()
    return [
        EventInfo(
            id=e.id,
            at=e.at,
            kind=e.kind,
            ticket_id=e.ticket_id,
            code=e.code,
            counter=e.counter,
            service=e.service,
            clerk=e.clerk,
            details=dict(e.details or {}),
            recorded_at=e.recorded_at,
            recorded_by=e.recorded_by,
        )
        for e in (reversed(rows) if newest else rows)
    ]


def events_after(store: Store, last_id: int = 0, *, limit: int = 1000) -> list[EventInfo]:
    """Events with id > last_id, oldest first: a consumer resumes from the last id it saw."""
    with store.read() as session:
        return select_events(session, store.hall_id(session), Event.id > last_id, limit=limit)


def last_event_id(store: Store) -> int:
    with store.read() as session:
        return max_event_id(session, store.hall_id(session))


def clock_skew(
    store: Store, tolerance_s: float, *, since: int = 0, batch: int = 5000
) -> Iterator[tuple[EventInfo, float]]:
    """Events whose business time `at` and the store's `recorded_at` differ by more than
    `tolerance_s` seconds (at minus recorded_at): a PC whose clock is wrong, or a
    simulated day."""
    last = since
    while True:
        events = events_after(store, last, limit=batch)
        for event in events:
            if event.recorded_at is None:
                continue
            skew = (event.at - event.recorded_at).total_seconds()
            if abs(skew) > tolerance_s:
                yield event, skew
        if len(events) < batch:
            return
        last = events[-1].id
