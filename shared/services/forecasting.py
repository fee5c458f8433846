"""The estimate's inputs, read from the store in a few statements, and the estimates themselves.

`hall_snapshot` reads what `shared.domain.forecast` replays: the waiting lines, the
counters (open or paused, what each holds and how fast it works), today's recent case
times and arrival rates, and the time left in each service's opening period.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from shared.domain.dispatch import queue_key_at
from shared.domain.forecast import (
    Desk,
    InLine,
    Snapshot,
    WaitEstimate,
    around,
    forecast,
    ghost_id,
)
from shared.domain.hours import closes_in_s
from shared.services.catalog import Catalog
from shared.services.common import Ctx, catalog
from shared.services.estimates import overrides_today
from shared.store.models import Counter, Event, Ticket

RECENT_CASES = 40  # per service: today's last finished cases the draws come from
ARRIVAL_WINDOW_S = 3600.0  # arrival rates over the last hour (or the day so far)
MIN_WINDOW_S = 600.0
SPEED_PRIOR = 10  # a counter's own speed counts fully after this many cases
PAUSE_DEFAULT_S = 600.0  # a pause's length before today has shown any


def _cases(ctx: Ctx, cat: Catalog) -> tuple[dict[str, list[float]], dict[int, float]]:
    """(service code -> recent case seconds, counter number -> speed factor)."""
    # Kept until another case finishes: one count tells (an index range of today's rows).
    finished = ctx.session.scalar(
        select(func.count()).where(
            Ticket.hall_id == ctx.hall_id,
            Ticket.business_day == ctx.day,
            Ticket.status == "finished",
        )
    )
    key = (ctx.hall_id, ctx.day, int(finished or 0))
    cache: dict[Any, Any] = ctx.store.cache.setdefault("forecast_cases", {})
    hit = cache.get("last")
    if hit is not None and hit[0] == key:
        return hit[1]  # type: ignore[no-any-return]
    rn = (
        func.row_number()
        .over(partition_by=Ticket.service_id, order_by=Ticket.ended_at.desc())
        .label("rn")
    )
    inner = (
        select(Ticket.service_id, Ticket.called_at, Ticket.ended_at, Ticket.counter_number, rn)
        .where(
            Ticket.hall_id == ctx.hall_id,
            Ticket.business_day == ctx.day,
            Ticket.status == "finished",
            Ticket.called_at.is_not(None),
        )
        .subquery()
    )
    rows = ctx.session.execute(
        select(inner.c.service_id, inner.c.called_at, inner.c.ended_at, inner.c.counter_number)
        .where(inner.c.rn <= RECENT_CASES)
        .order_by(inner.c.service_id, inner.c.ended_at.desc())
    ).all()
    by_service: dict[str, list[float]] = {}
    by_counter: list[tuple[int, str, float]] = []
    for sid, called, ended, number in rows:
        svc = cat.by_id.get(int(sid))
        if svc is None or called is None or ended is None:
            continue
        seconds = (ended - called).total_seconds()
        if seconds <= 0:
            continue
        by_service.setdefault(svc.code, []).append(seconds)
        if number is not None:
            by_counter.append((int(number), svc.code, seconds))
    means = {code: statistics.fmean(v) for code, v in by_service.items()}
    ratios: dict[int, list[float]] = {}
    for number, code, seconds in by_counter:
        ratios.setdefault(number, []).append(seconds / means[code])
    speed = {n: (sum(r) + SPEED_PRIOR) / (len(r) + SPEED_PRIOR) for n, r in ratios.items()}
    value = (by_service, speed)
    cache["last"] = (key, value)
    return value


def _arrivals(ctx: Ctx, cat: Catalog) -> dict[tuple[str, bool], float]:
    """Tickets an hour per (service code, priority) over the last hour of today."""
    first: dict[Any, datetime] = ctx.store.cache.setdefault("forecast_first_issue", {})
    start = first.get((ctx.hall_id, ctx.day))
    if start is None:
        start = ctx.session.scalar(
            select(func.min(Ticket.issued_at)).where(
                Ticket.hall_id == ctx.hall_id, Ticket.business_day == ctx.day
            )
        )
        if start is None:
            return {}
        first[(ctx.hall_id, ctx.day)] = start
    window = min(ARRIVAL_WINDOW_S, max(MIN_WINDOW_S, (ctx.now - start).total_seconds()))
    since = ctx.now - timedelta(seconds=window)
    rows = ctx.session.execute(
        select(Ticket.service_id, Ticket.priority, func.count())
        .where(
            Ticket.hall_id == ctx.hall_id,
            Ticket.business_day == ctx.day,
            Ticket.parent_id.is_(None),
            Ticket.issued_at >= since,
        )
        .group_by(Ticket.service_id, Ticket.priority)
    ).all()
    out: dict[tuple[str, bool], float] = {}
    for sid, priority, n in rows:
        svc = cat.by_id.get(int(sid))
        if svc is not None:
            out[(svc.code, bool(priority))] = int(n) * 3600.0 / window
    return out


def _pauses(ctx: Ctx, paused: dict[int, Any]) -> dict[int, float | None]:
    """counter number -> expected seconds until a paused counter calls again (None: not soon).

    A pause is expected to last as long as today's finished pauses did (their median);
    one already twice that long is taken as lasting.
    """
    if not paused:
        return {}
    day_start = ctx.now - timedelta(hours=24)
    rows = ctx.session.execute(
        select(Event.counter, Event.kind, Event.at)
        .where(
            Event.hall_id == ctx.hall_id,
            Event.at >= day_start,
            Event.kind.in_(("paused", "resumed")),
        )
        .order_by(Event.id)
    ).all()
    since: dict[int, datetime] = {}
    lengths: list[float] = []
    for number, kind, at in rows:
        if number is None:
            continue
        if kind == "paused":
            since[int(number)] = at
        elif int(number) in since:
            lengths.append((at - since.pop(int(number))).total_seconds())
    typical = statistics.median(lengths) if lengths else PAUSE_DEFAULT_S
    out: dict[int, float | None] = {}
    for number in paused:
        began = since.get(number)
        elapsed = (ctx.now - began).total_seconds() if began else 0.0
        out[number] = None if elapsed > 2 * typical else max(60.0, typical - elapsed)
    return out


def hall_snapshot(ctx: Ctx) -> Snapshot:
    """Everything the replay needs, as the store holds it now."""
    cat = catalog(ctx)
    code_of = {s.id: s.code for s in cat.services if s.active}
    tickets = tuple(
        InLine(
            int(r.id),
            code_of[int(r.service_id)],
            bool(r.priority),
            int(r.queue_key),
            int(r.target_counter) if r.target_counter is not None else None,
        )
        for r in ctx.session.execute(
            select(
                Ticket.id,
                Ticket.service_id,
                Ticket.priority,
                Ticket.queue_key,
                Ticket.target_counter,
            ).where(
                Ticket.hall_id == ctx.hall_id,
                Ticket.business_day == ctx.day,
                Ticket.status == "waiting",
                # A ticket held aside (挂起, a negative target) is not in line.
                Ticket.target_counter.is_(None) | (Ticket.target_counter > 0),
            )
        )
        if int(r.service_id) in code_of
    )
    rows = ctx.session.execute(
        select(
            Counter.id,
            Counter.number,
            Counter.state,
            Counter.dispatch,
            Counter.priority_streak,
            Ticket.service_id,
            Ticket.called_at,
        )
        .outerjoin(Ticket, Ticket.id == Counter.current_ticket_id)
        .where(
            Counter.hall_id == ctx.hall_id,
            Counter.active.is_(True),
            Counter.state.in_(("open", "paused")),
        )
    ).all()
    cases, speed = _cases(ctx, cat)
    back = _pauses(ctx, {int(r.number): r for r in rows if r.state == "paused"})
    desks = []
    for r in rows:
        policy, _ids = cat.policy(int(r.id), str(r.dispatch))
        if not policy.services:
            continue
        busy = code_of.get(int(r.service_id)) if r.service_id is not None else None
        elapsed = (ctx.now - r.called_at).total_seconds() if r.called_at is not None else 0.0
        desks.append(
            Desk(
                number=int(r.number),
                policy=policy,
                state=str(r.state),
                streak=int(r.priority_streak or 0),
                busy_service=busy,
                busy_elapsed_s=max(0.0, elapsed),
                back_in_s=back.get(int(r.number)),
                speed=speed.get(int(r.number), 1.0),
            )
        )
    return Snapshot(
        now=ctx.now,
        now_key=queue_key_at(ctx.now),
        tickets=tickets,
        desks=tuple(sorted(desks, key=lambda d: d.number)),
        case_s=cases,
        target_s={s.code: s.target_minutes * 60.0 for s in cat.services},
        arrivals_per_h=_arrivals(ctx, cat),
        closes_in_s=_closing(ctx, cat),
        streak_limit=ctx.hall.dispatch.priority_streak_limit,
    )


def _closing(ctx: Ctx, cat: Catalog) -> dict[str, float | None]:
    local = ctx.now.astimezone(ZoneInfo(ctx.hall.timezone))
    overrides = overrides_today(ctx)
    hall_hours = ctx.hall.hours_json
    out: dict[str, float | None] = {}
    for svc in cat.services:
        o = overrides.get(svc.id)
        out[svc.code] = closes_in_s(svc.hours or hall_hours, local, o.closes_at if o else None)
    return out


def served_now(snap: Snapshot, service: str) -> bool:
    """Whether a counter open (or paused and expected back) serves `service`."""
    return any(
        service in d.policy.services and (d.state == "open" or d.back_in_s is not None)
        for d in snap.desks
    )


def ticket_estimate(ctx: Ctx, ticket_id: int, service: str) -> WaitEstimate | None:
    """The wait of one waiting ticket; None when no counter serves its service now."""
    snap = hall_snapshot(ctx)
    if not served_now(snap, service):
        return None
    return forecast(around(snap, [service]), [ticket_id], seed=ticket_id).get(ticket_id)


def waiting_estimates(
    ctx: Ctx, services: Sequence[str], seed: int = 0
) -> tuple[Snapshot, dict[int, WaitEstimate | None], dict[str, WaitEstimate | None]]:
    """(the snapshot, every waiting ticket's estimate by id, a new ticket's per service)."""
    snap = hall_snapshot(ctx)
    ghosts = [s for s in services if served_now(snap, s)]
    ids = [t.ticket_id for t in snap.tickets if served_now(snap, t.service)]
    found = forecast(snap, ids, ghosts, seed=seed)
    per_ticket: dict[int, WaitEstimate | None] = {
        t.ticket_id: found.get(t.ticket_id) for t in snap.tickets
    }
    per_service: dict[str, WaitEstimate | None] = {
        s: (found.get(ghost_id(s, ghosts)) if s in ghosts else None) for s in services
    }
    return snap, per_ticket, per_service
