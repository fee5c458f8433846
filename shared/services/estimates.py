"""Inputs of the wait estimate, read from the store."""

from __future__ import annotations

from sqlalchemy import func, select

from shared.domain.estimate import counter_share, mean_service_minutes
from shared.services.common import Ctx
from shared.store.models import Counter, CounterService, Service, Ticket

RECENT = 20


def service_capacity(ctx: Ctx, svc: Service) -> tuple[float, float]:
    """(counters working on `svc` now, each weighted by its share; mean service minutes)."""
    served_by = (
        select(CounterService.counter_id)
        .join(Counter, Counter.id == CounterService.counter_id)
        .where(CounterService.service_id == svc.id, Counter.state == "open")
    )
    counts = ctx.session.execute(
        select(CounterService.counter_id, func.count())
        .where(CounterService.counter_id.in_(served_by))
        .group_by(CounterService.counter_id)
    ).all()
    capacity = sum(counter_share(int(n)) for _, n in counts)
    rows = ctx.session.execute(
        select(Ticket.started_at, Ticket.called_at, Ticket.ended_at)
        .where(
            Ticket.service_id == svc.id,
            Ticket.business_day == ctx.day,
            Ticket.status == "finished",
        )
        .order_by(Ticket.ended_at.desc())
        .limit(RECENT)
    ).all()
    seconds = []
    for started, called, ended in rows:
        began = started or called
        if ended is not None and began is not None:
            seconds.append((ended - began).total_seconds())
    return capacity, mean_service_minutes(seconds, svc.target_minutes)
