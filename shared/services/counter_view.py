"""What one counter's clerk sees: the case in hand, who waits, who comes next."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from shared.config.spec import RatingSpec
from shared.domain.dispatch import CounterPolicy, decide
from shared.domain.errors import UnknownCounter
from shared.domain.forecast import around, forecast, ghost_id
from shared.services import statements as sql
from shared.services.common import Ctx, catalog, context
from shared.services.forecasting import hall_snapshot, served_now
from shared.services.holding import HeldTicket, held_list
from shared.services.queries import max_event_id
from shared.store.db import Store
from shared.store.models import Counter, Event, Rating, Service, Ticket


@dataclass(frozen=True)
class Case:
    """A ticket at this counter (in hand, or the last one finished)."""

    ticket_id: int
    code: str
    service: str
    service_name: str
    service_name_en: str
    status: str
    priority: bool
    called_at: datetime | None
    started_at: datetime | None
    recalls: int
    target_s: float
    note: str = ""
    rated: bool = False


@dataclass(frozen=True)
class Waiting:
    code: str
    prefix: str
    name: str
    name_en: str
    waiting: int
    # A ticket taken now for this service: its wait, the range around it, closing first.
    est_wait_min: int | None = None
    est_wait_low_min: int | None = None
    est_wait_high_min: int | None = None
    closes_first: bool = False


@dataclass(frozen=True)
class NextUp:
    code: str
    service: str
    priority: bool
    issued_at: datetime
    ticket_id: int = 0
    est_wait_min: int | None = None  # as the whole hall's queue stands now


@dataclass(frozen=True)
class ServiceRef:
    code: str
    prefix: str
    name: str
    name_en: str


@dataclass(frozen=True)
class CounterView:
    number: int
    name: str
    name_en: str
    state: str
    clerk: str | None
    pause_reason: str | None
    current: Case | None
    last_case: Case | None
    waiting: tuple[Waiting, ...]
    next_up: tuple[NextUp, ...]
    recall_limit: int
    services: tuple[ServiceRef, ...]  # every active service of the hall (transfer targets)
    devices: dict[str, Any] = field(default_factory=dict)
    rating: RatingSpec = field(default_factory=RatingSpec)
    at: datetime | None = None
    last_event_id: int = 0
    held: tuple[HeldTicket, ...] = ()  # set aside here (挂起), oldest first
    has_printer: bool = False  # the hall has a ticket printer (代取号 prints)

    @property
    def total_waiting(self) -> int:
        return sum(w.waiting for w in self.waiting)


def counter_view(store: Store, *, counter: int, next_n: int = 5) -> CounterView:
    """Read the counter's whole working view in one transaction."""
    with store.read() as session:
        ctx = context(store, session)
        row = session.scalars(
            select(Counter).where(Counter.hall_id == ctx.hall_id, Counter.number == counter)
        ).first()
        if row is None or not row.active:
            raise UnknownCounter(counter)
        policy, ids = catalog(ctx).policy(row.id, row.dispatch)
        services = session.scalars(
            select(Service)
            .where(Service.hall_id == ctx.hall_id, Service.active.is_(True))
            .order_by(Service.sort, Service.code)
        ).all()
        by_id = {s.id: s for s in services}
        current = session.get(Ticket, row.current_ticket_id) if row.current_ticket_id else None
        return CounterView(
            number=row.number,
            name=row.name,
            name_en=row.name_en,
            state=row.state,
            clerk=row.clerk,
            pause_reason=row.pause_reason,
            current=_case(ctx, current, by_id) if current else None,
            last_case=_last_case(ctx, row, by_id),
            **_with_estimates(
                ctx,
                policy.services,
                _waiting(ctx, ids, by_id),
                _next_up(ctx, row, policy, ids, by_id, next_n),
            ),
            recall_limit=ctx.hall.dispatch.recall_limit,
            services=tuple(ServiceRef(s.code, s.prefix, s.name, s.name_en) for s in services),
            devices=dict(row.devices or {}),
            rating=ctx.hall.rating,
            at=ctx.now,
            held=tuple(held_list(ctx, row.number)),
            has_printer=_has_printer(ctx),
            last_event_id=max_event_id(session, ctx.hall_id),
        )


# Fewer runs than a ticket's own estimate: the view is re-read after every event.
VIEW_RUNS = 12


def _with_estimates(
    ctx: Ctx, services: tuple[str, ...], waiting: list[Waiting], next_up: list[NextUp]
) -> dict[str, Any]:
    """`waiting` and `next_up` with their estimates, from a replay of this counter's part of
    the hall (its services, the counters sharing them and their lines)."""
    snap = around(hall_snapshot(ctx), services)
    ghosts = [s for s in services if served_now(snap, s)]
    found = forecast(
        snap, [n.ticket_id for n in next_up], ghosts, runs=VIEW_RUNS, seed=len(snap.tickets)
    )
    waits = {s: found.get(ghost_id(s, ghosts)) for s in ghosts}
    out_waiting = []
    for w in waiting:
        est = waits.get(w.code)
        if est is not None:
            w = replace(
                w,
                est_wait_min=est.minutes,
                est_wait_low_min=est.low,
                est_wait_high_min=est.high,
                closes_first=est.closes_first,
            )
        out_waiting.append(w)
    out_next = [
        replace(n, est_wait_min=found[n.ticket_id].minutes) if n.ticket_id in found else n
        for n in next_up
    ]
    return {"waiting": tuple(out_waiting), "next_up": tuple(out_next)}


def _has_printer(ctx: Ctx) -> bool:
    # only an older store still names a printer URL in the hall's settings
    return (ctx.hall.printer.url or "none") != "none"


def counter_for_host(store: Store, *, host: str) -> int | None:
    """The number of the active counter whose hall-file `host` is `host` (case-insensitive)."""
    wanted = host.strip().lower()
    with store.read() as session:
        ctx = context(store, session)
        rows = session.scalars(
            select(Counter).where(Counter.hall_id == ctx.hall_id, Counter.active.is_(True))
        ).all()
        for row in rows:
            if wanted and str((row.devices or {}).get("host") or "").strip().lower() == wanted:
                return row.number
    return None


def _case(ctx: Ctx, ticket: Ticket, by_id: dict[int, Service]) -> Case:
    svc = by_id.get(ticket.service_id) or ctx.session.get(Service, ticket.service_id)
    assert svc is not None
    rated = ctx.session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)) is not None
    return Case(
        ticket_id=ticket.id,
        code=ticket.code,
        service=svc.code,
        service_name=svc.name,
        service_name_en=svc.name_en,
        status=ticket.status,
        priority=ticket.priority,
        called_at=ticket.called_at,
        started_at=ticket.started_at,
        recalls=ticket.recalls,
        target_s=svc.target_minutes * 60,
        note=ticket.note,
        rated=rated,
    )


def _last_case(ctx: Ctx, row: Counter, by_id: dict[int, Service]) -> Case | None:
    """The case this counter finished last today: the one a late rating request is for."""
    # The event log, not ended_at: two cases may end within the same clock tick.
    ticket_id = ctx.session.scalar(
        select(Event.ticket_id)
        .where(
            Event.hall_id == ctx.hall_id,
            Event.counter == row.number,
            Event.kind.in_(("finished", "transferred")),
            Event.at >= ctx.now - timedelta(hours=24),
        )
        .order_by(Event.id.desc())
        .limit(1)
    )
    ticket = ctx.session.get(Ticket, ticket_id) if ticket_id is not None else None
    if ticket is None or ticket.business_day != ctx.day:
        return None
    return _case(ctx, ticket, by_id) if ticket is not None else None


def _waiting(ctx: Ctx, ids: dict[str, int], by_id: dict[int, Service]) -> list[Waiting]:
    counts = dict(
        ctx.session.execute(
            select(Ticket.service_id, func.count())
            .where(
                Ticket.hall_id == ctx.hall_id,
                Ticket.business_day == ctx.day,
                Ticket.status == "waiting",
                Ticket.service_id.in_(list(ids.values())),
                # Held tickets (挂起, a negative target) are not in line.
                Ticket.target_counter.is_(None) | (Ticket.target_counter > 0),
            )
            .group_by(Ticket.service_id)
        ).all()
    )
    return [
        Waiting(
            code,
            by_id[sid].prefix,
            by_id[sid].name,
            by_id[sid].name_en,
            int(counts.get(sid, 0)),
        )
        for code, sid in ids.items()
        if sid in by_id
    ]


def _next_up(
    ctx: Ctx,
    row: Counter,
    policy: CounterPolicy,
    ids: dict[str, int],
    by_id: dict[int, Service],
    limit: int,
) -> list[NextUp]:
    """The next tickets as call_next would take them (others' calls may still intervene):
    the same candidates and the same decision, so the first is the one the call takes."""
    # The first `limit` of each line hold the first `limit` of the call order.
    sent, waiting = sql.read_candidates(
        ctx.session.connection(), ctx.hall_id, ctx.day, row.number, ids, max(1, limit)
    )
    decision = decide(
        waiting,
        policy,
        streak=row.priority_streak,
        streak_limit=ctx.hall.dispatch.priority_streak_limit,
        now=ctx.now,
        sent=sent,
    )
    order = [c.ticket_id for c in decision.order[:limit]]
    tickets = {
        t.id: t for t in ctx.session.scalars(select(Ticket).where(Ticket.id.in_(order))).all()
    }
    out = []
    for tid in order:
        t = tickets[tid]
        svc = by_id.get(t.service_id)
        out.append(NextUp(t.code, svc.code if svc else "?", t.priority, t.issued_at, t.id))
    return out
