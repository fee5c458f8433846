"""Waiting counts, open counters and quota counts; and the simple estimate's inputs.

The estimate hallq shows is the replay (`shared.services.forecasting`);
`service_capacity` and `recent_mean_minutes` feed the simple one bench/estimate.py
compares it with.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Protocol

from sqlalchemy import func, select

from shared.domain.estimate import mean_service_minutes
from shared.services import statements as sql
from shared.services.catalog import Catalog
from shared.services.common import Ctx, catalog
from shared.store.models import ServiceDayOverride, Ticket

RECENT = 20


class ServiceLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def target_minutes(self) -> float: ...


def waiting_by_service(ctx: Ctx) -> dict[int, int]:
    rows = ctx.session.connection().execute(
        sql.waiting_by_service(), {"hall_id": ctx.hall_id, "day": ctx.day}
    )
    return {int(sid): int(n) for sid, n in rows}


def open_counter_ids(ctx: Ctx) -> set[int]:
    rows = ctx.session.connection().execute(sql.open_counter_ids(), {"hall_id": ctx.hall_id})
    return {int(cid) for (cid,) in rows}


def recent_service_seconds(ctx: Ctx, service_ids: Iterable[int]) -> dict[int, list[float]]:
    """The last RECENT finished cases' service seconds per service, today."""
    ids = list(service_ids)
    if not ids:
        return {}
    began = func.coalesce(Ticket.started_at, Ticket.called_at)
    rn = (
        func.row_number()
        .over(partition_by=Ticket.service_id, order_by=Ticket.ended_at.desc())
        .label("rn")
    )
    inner = (
        select(Ticket.service_id, began.label("began"), Ticket.ended_at, rn)
        .where(
            Ticket.hall_id == ctx.hall_id,
            Ticket.business_day == ctx.day,
            Ticket.status == "finished",
            Ticket.service_id.in_(ids),
        )
        .subquery()
    )
    out: dict[int, list[float]] = {}
    for sid, start, end in ctx.session.execute(
        select(inner.c.service_id, inner.c.began, inner.c.ended_at).where(inner.c.rn <= RECENT)
    ):
        if start is not None and end is not None:
            out.setdefault(int(sid), []).append(float((end - start).total_seconds()))
    return out


def capacity(cat: Catalog, open_ids: set[int], waiting: dict[int, int], service_id: int) -> float:
    """Open counters working on a service, each counted by its share.

    A counter serving several services gives each a share in proportion to who waits
    there (an idle service gets a small share), as its calls will.
    """
    total = 0.0
    for counter_id in open_ids:
        served = [sid for sid, _rank, _w in cat.links.get(counter_id, ())]
        if service_id not in served:
            continue
        load = {sid: waiting.get(sid, 0) + 0.1 for sid in served}
        total += load[service_id] / sum(load.values())
    return total


def service_capacity(
    ctx: Ctx, svc: ServiceLike, waiting: dict[int, int] | None = None
) -> tuple[float, float]:
    """(open counters working on `svc`, by their shares; mean service minutes)."""
    if waiting is None:
        waiting = waiting_by_service(ctx)
    cap = capacity(catalog(ctx), open_counter_ids(ctx), waiting, svc.id)
    return cap, recent_mean_minutes(ctx, svc)


# The recent mean moves slowly; a new ticket's estimate may use one read this long ago.
MEAN_TTL_S = 1.0


def recent_mean_minutes(ctx: Ctx, svc: ServiceLike) -> float:
    """Mean service minutes of the service's recent cases today (else its target)."""
    means: dict[tuple[int, object], tuple[float, float]] = ctx.store.cache.setdefault(
        "recent_means", {}
    )
    key = (svc.id, ctx.day)
    hit = means.get(key)
    if hit is not None and time.monotonic() - hit[0] < MEAN_TTL_S:
        return hit[1]
    recent = recent_service_seconds(ctx, [svc.id]).get(svc.id, [])
    mean = mean_service_minutes(recent, svc.target_minutes)
    means[key] = (time.monotonic(), mean)
    return mean


def overrides_today(ctx: Ctx) -> dict[int, ServiceDayOverride]:
    return {
        o.service_id: o
        for o in ctx.session.scalars(
            select(ServiceDayOverride).where(ServiceDayOverride.business_day == ctx.day)
        )
    }


def issued_today(ctx: Ctx, service_ids: Iterable[int]) -> dict[int, int]:
    ids = list(service_ids)
    if not ids:
        return {}
    rows = ctx.session.execute(
        select(Ticket.service_id, func.count(Ticket.id))
        .where(
            Ticket.business_day == ctx.day,
            Ticket.parent_id.is_(None),
            Ticket.service_id.in_(ids),
        )
        .group_by(Ticket.service_id)
    ).all()
    return {int(sid): int(n) for sid, n in rows}
