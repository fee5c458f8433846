"""Read-only views: the hall's status and the event log after a given id."""

from __future__ import annotations

from sqlalchemy import func, select

from shared.domain.estimate import estimate_wait_minutes
from shared.services.common import Ctx, context
from shared.services.estimates import service_capacity, waiting_by_service
from shared.services.issuing import service_unavailable
from shared.services.results import CounterStatus, EventInfo, HallStatus, ServiceStatus
from shared.store.db import Store
from shared.store.models import Counter, CounterService, Department, Event, Service, Ticket


def hall_status(store: Store) -> HallStatus:
    """Waiting per service with its estimate, and every counter's state and current ticket."""
    with store.read() as session:
        ctx = context(store, session)
        return _status(ctx)


def _status(ctx: Ctx) -> HallStatus:
    s = ctx.session
    waiting = waiting_by_service(ctx)
    departments = dict(
        s.execute(
            select(Department.id, Department.code).where(Department.hall_id == ctx.hall_id)
        ).all()
    )
    services = s.scalars(
        select(Service).where(Service.hall_id == ctx.hall_id).order_by(Service.sort, Service.code)
    ).all()
    svc_rows = []
    for svc in services:
        n = int(waiting.get(svc.id, 0))
        counters, mean_min = service_capacity(ctx, svc, waiting)
        reason = service_unavailable(ctx, svc)
        svc_rows.append(
            ServiceStatus(
                code=svc.code,
                prefix=svc.prefix,
                name=svc.name,
                name_en=svc.name_en,
                department=departments.get(svc.department_id, ""),
                waiting=n,
                est_wait_min=estimate_wait_minutes(n, counters, mean_min),
                open_counters=_open_counters(ctx, svc.id),
                available=reason is None,
                reason=reason.value if reason else "",
            )
        )
    codes = {svc.id: svc.code for svc in services}
    links = s.execute(
        select(CounterService.counter_id, CounterService.service_id).order_by(CounterService.rank)
    ).all()
    served: dict[int, list[str]] = {}
    for counter_id, service_id in links:
        if service_id in codes:
            served.setdefault(counter_id, []).append(codes[service_id])
    current = dict(
        s.execute(
            select(Ticket.id, Ticket.code).join(Counter, Counter.current_ticket_id == Ticket.id)
        ).all()
    )
    current_status = dict(
        s.execute(
            select(Ticket.id, Ticket.status).join(Counter, Counter.current_ticket_id == Ticket.id)
        ).all()
    )
    counters_rows = [
        CounterStatus(
            number=c.number,
            name=c.name,
            state=c.state,
            clerk=c.clerk,
            services=tuple(served.get(c.id, [])),
            current=current.get(c.current_ticket_id) if c.current_ticket_id else None,
            current_status=current_status.get(c.current_ticket_id) if c.current_ticket_id else None,
            pause_reason=c.pause_reason,
        )
        for c in s.scalars(
            select(Counter)
            .where(Counter.hall_id == ctx.hall_id, Counter.active.is_(True))
            .order_by(Counter.number)
        )
    ]
    last = s.scalar(select(func.max(Event.id)).where(Event.hall_id == ctx.hall_id)) or 0
    return HallStatus(
        hall=ctx.hall.code,
        hall_name=ctx.hall.name,
        business_day=ctx.day,
        services=tuple(svc_rows),
        counters=tuple(counters_rows),
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
            )
            for e in rows
        ]


def last_event_id(store: Store) -> int:
    with store.read() as session:
        hall_id = store.hall_id(session)
        return int(session.scalar(select(func.max(Event.id)).where(Event.hall_id == hall_id)) or 0)


def _open_counters(ctx: Ctx, service_id: int) -> int:
    return int(
        ctx.session.scalar(
            select(func.count())
            .select_from(CounterService)
            .join(Counter, Counter.id == CounterService.counter_id)
            .where(CounterService.service_id == service_id, Counter.state == "open")
        )
        or 0
    )
