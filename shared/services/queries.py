"""Read-only views: the hall's status and the event log after a given id."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select

from shared.domain.estimate import estimate_wait_minutes, mean_service_minutes
from shared.services.common import Ctx, catalog, context
from shared.services.estimates import (
    capacity,
    issued_today,
    overrides_today,
    recent_service_seconds,
    waiting_by_service,
)
from shared.services.issuing import service_unavailable
from shared.services.results import CounterStatus, EventInfo, HallStatus, ServiceStatus
from shared.store.db import Store
from shared.store.models import Counter, Department, Event, Ticket


def hall_status(store: Store) -> HallStatus:
    """Waiting per service with its estimate, and every counter's state and current ticket."""
    with store.read() as session:
        ctx = context(store, session)
        return _status(ctx)


def _status(ctx: Ctx) -> HallStatus:
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
    ids = [svc.id for svc in cat.services]
    recent = recent_service_seconds(ctx, ids)
    overrides = overrides_today(ctx)
    issued = issued_today(ctx, [svc.id for svc in cat.services if svc.daily_quota > 0])
    open_per_service: dict[int, int] = {}
    for counter_id in open_ids:
        for sid, _rank, _w in cat.links.get(counter_id, ()):
            open_per_service[sid] = open_per_service.get(sid, 0) + 1
    svc_rows = []
    for svc in cat.services:
        n = waiting.get(svc.id, 0)
        cap = capacity(cat, open_ids, waiting, svc.id)
        mean_min = mean_service_minutes(recent.get(svc.id, []), svc.target_minutes)
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
                est_wait_min=estimate_wait_minutes(n, cap, mean_min),
                open_counters=open_per_service.get(svc.id, 0),
                available=reason is None,
                reason=reason.value if reason else "",
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
    last = s.scalar(select(func.max(Event.id)).where(Event.hall_id == ctx.hall_id)) or 0
    return HallStatus(
        hall=ctx.hall.code,
        hall_name=ctx.hall.name,
        business_day=ctx.day,
        services=tuple(svc_rows),
        counters=tuple(counter_rows),
        last_event_id=int(last),
    )


def events_after(store: Store, last_id: int = 0, *, limit: int = 1000) -> list[EventInfo]:
    """Events with id > last_id, oldest first: a consumer resumes from the last id it saw."""
    with store.read() as session:
        hall_id = store.hall_id(session)
        rows = session.scalars(
            select(Event)
            .where(Event.hall_id == hall_id, Event.id > last_id)
            .order_by(Event.id)
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
            for e in rows
        ]


def last_event_id(store: Store) -> int:
    with store.read() as session:
        hall_id = store.hall_id(session)
        return int(session.scalar(select(func.max(Event.id)).where(Event.hall_id == hall_id)) or 0)


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
