"""Inputs of the wait estimate, read from the store."""

from __future__ import annotations

from sqlalchemy import func, select

from shared.domain.estimate import mean_service_minutes
from shared.services.common import Ctx
from shared.store.models import Counter, CounterService, Service, Ticket

RECENT = 20


def waiting_by_service(ctx: Ctx) -> dict[int, int]:
    rows = ctx.session.execute(
        select(Ticket.service_id, func.count())
        .where(
            Ticket.hall_id == ctx.hall_id,
            Ticket.business_day == ctx.day,
            Ticket.status == "waiting",
        )
        .group_by(Ticket.service_id)
    ).all()
    return {int(sid): int(n) for sid, n in rows}


def service_capacity(
    ctx: Ctx, svc: Service, waiting: dict[int, int] | None = None
) -> tuple[float, float]:
    """(open counters working on `svc`, each counted by its share; mean service minutes).

    A counter serving several services gives each a share in proportion to who waits
    there (an idle service gets a small share), as its calls will.
    """
    if waiting is None:
        waiting = waiting_by_service(ctx)
    served_by = (
        select(CounterService.counter_id)
        .join(Counter, Counter.id == CounterService.counter_id)
        .where(CounterService.service_id == svc.id, Counter.state == "open")
    )
    links = ctx.session.execute(
        select(CounterService.counter_id, CounterService.service_id).where(
            CounterService.counter_id.in_(served_by)
        )
    ).all()
    per_counter: dict[int, list[int]] = {}
    for counter_id, service_id in links:
        per_counter.setdefault(int(counter_id), []).append(int(service_id))
    capacity = 0.0
    for served in per_counter.values():
        load = {sid: waiting.get(sid, 0) + 0.1 for sid in served}
        capacity += load[svc.id] / sum(load.values())
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
