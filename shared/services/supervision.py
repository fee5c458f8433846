"""The supervisor's view of the hall and changes for today: longer hours, a larger quota."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from shared.domain.errors import DomainError
from shared.services.common import Ctx, context, record, service_by_code
from shared.services.rating import LEVELS
from shared.store.db import Store
from shared.store.models import (
    Counter,
    Event,
    Rating,
    Service,
    ServiceDayOverride,
    Ticket,
)

_HHMM = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
BAD_LEVELS = (4, 5)


@dataclass(frozen=True)
class CounterRow:
    number: int
    name: str
    state: str
    clerk: str | None
    pause_reason: str | None
    current: str | None
    current_status: str | None
    service: str | None
    serving_s: float | None  # since the service started (or the call, before it started)
    target_s: float | None

    @property
    def overtime(self) -> bool:
        return (
            self.serving_s is not None
            and self.target_s is not None
            and (self.serving_s > self.target_s)
        )


@dataclass(frozen=True)
class ServiceRow:
    code: str
    name: str
    name_en: str
    waiting: int
    longest_wait_s: float | None
    closes_at: str | None  # today's extended closing time, if any
    extra_quota: int
    daily_quota: int


@dataclass(frozen=True)
class BadRating:
    code: str
    level: int
    label: str
    counter: int | None
    clerk: str | None
    reasons: tuple[str, ...]
    at: datetime


@dataclass(frozen=True)
class PinFailure:
    """A wrong priority PIN typed at a kiosk (a `priority_pin_failed` event)."""

    at: datetime
    kiosk: str


@dataclass(frozen=True)
class Overview:
    """Everything the supervisor view shows, read in one transaction."""

    hall_name: str
    at: datetime
    counters: tuple[CounterRow, ...]
    services: tuple[ServiceRow, ...]
    bad_ratings: tuple[BadRating, ...]
    pin_failures: tuple[PinFailure, ...] = ()  # the last day's, newest first

    @property
    def overtime(self) -> tuple[CounterRow, ...]:
        return tuple(c for c in self.counters if c.overtime)


def hall_overview(store: Store, *, ratings: int = 10) -> Overview:
    """Every counter's state, clerk and case time; waiting per service; recent bad ratings."""
    with store.read() as session:
        ctx = context(store, session)
        return Overview(
            hall_name=ctx.hall.name,
            at=ctx.now,
            counters=tuple(counter_rows(ctx)),
            services=tuple(_service_rows(ctx)),
            bad_ratings=tuple(_bad_ratings(ctx, ratings)),
            pin_failures=tuple(_pin_failures(ctx)),
        )


def overview_without_login(store: Store) -> bool:
    """Whether this store's role may see the whole hall without a log-in: the admin PC's
    role or the owner's on PostgreSQL.

    A SQLite store is one PC and one trust domain: whoever reads its file reads it all.
    """
    if not store.is_postgres:
        return True
    from shared.store.roles import pc_kind

    with store.engine.connect() as conn:
        return pc_kind(conn) in (None, "admin")


def _pin_failures(ctx: Ctx, limit: int = 50) -> list[PinFailure]:
    rows = ctx.session.scalars(
        select(Event)
        .where(
            Event.hall_id == ctx.hall_id,
            Event.kind == "priority_pin_failed",
            Event.at >= ctx.now - timedelta(days=1),
        )
        .order_by(Event.id.desc())
        .limit(limit)
    ).all()
    return [PinFailure(at=e.at, kiosk=str((e.details or {}).get("kiosk", ""))) for e in rows]


def counter_rows(ctx: Ctx, number: int | None = None) -> list[CounterRow]:
    """The active counters (or just `number`) with their current case and its time."""
    query = (
        select(Counter, Ticket, Service)
        .outerjoin(Ticket, Ticket.id == Counter.current_ticket_id)
        .outerjoin(Service, Service.id == Ticket.service_id)
        .where(Counter.hall_id == ctx.hall_id, Counter.active.is_(True))
        .order_by(Counter.number)
    )
    if number is not None:
        query = query.where(Counter.number == number)
    rows = []
    for counter, ticket, svc in ctx.session.execute(query).all():
        began = (ticket.started_at or ticket.called_at) if ticket is not None else None
        rows.append(
            CounterRow(
                number=counter.number,
                name=counter.name,
                state=counter.state,
                clerk=counter.clerk,
                pause_reason=counter.pause_reason,
                current=ticket.code if ticket is not None else None,
                current_status=ticket.status if ticket is not None else None,
                service=svc.code if svc is not None else None,
                serving_s=(ctx.now - began).total_seconds() if began else None,
                target_s=svc.target_minutes * 60 if svc is not None else None,
            )
        )
    return rows


def _service_rows(ctx: Ctx) -> list[ServiceRow]:
    waiting = {sid: (n, oldest) for sid, n, oldest in _waiting_rows(ctx)}
    overrides = {
        o.service_id: o
        for o in ctx.session.scalars(
            select(ServiceDayOverride).where(ServiceDayOverride.business_day == ctx.day)
        )
    }
    rows = []
    services = ctx.session.scalars(
        select(Service)
        .where(Service.hall_id == ctx.hall_id, Service.active.is_(True))
        .order_by(Service.sort, Service.code)
    )
    for svc in services:
        count, oldest = waiting.get(svc.id, (0, None))
        override = overrides.get(svc.id)
        rows.append(
            ServiceRow(
                code=svc.code,
                name=svc.name,
                name_en=svc.name_en,
                waiting=int(count),
                longest_wait_s=(ctx.now - oldest).total_seconds() if oldest else None,
                closes_at=override.closes_at if override else None,
                extra_quota=override.extra_quota if override else 0,
                daily_quota=svc.daily_quota,
            )
        )
    return rows


def _waiting_rows(ctx: Ctx) -> list[tuple[int, int, datetime]]:
    # A transfer's continuation keeps the original issue time: its wait counts from there.
    return [
        (int(sid), int(n), oldest)
        for sid, n, oldest in ctx.session.execute(
            select(Ticket.service_id, func.count(), func.min(Ticket.issued_at))
            .where(
                Ticket.hall_id == ctx.hall_id,
                Ticket.business_day == ctx.day,
                Ticket.status == "waiting",
            )
            .group_by(Ticket.service_id)
        ).all()
    ]


def _bad_ratings(ctx: Ctx, limit: int) -> list[BadRating]:
    rows = ctx.session.execute(
        select(Rating, Ticket.code)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .where(Rating.hall_id == ctx.hall_id, Rating.level.in_(BAD_LEVELS))
        .order_by(Rating.at.desc(), Rating.id.desc())
        .limit(limit)
    ).all()
    return [
        BadRating(
            code=code,
            level=int(rating.level or 0),
            label=LEVELS.get(int(rating.level or 0), ""),
            counter=rating.counter,
            clerk=rating.clerk,
            reasons=tuple((rating.reasons or {}).get("items", [])),
            at=rating.at,
        )
        for rating, code in rows
    ]


def extend_service_day(
    store: Store,
    *,
    service: str,
    closes_at: str | None = None,
    extra_quota: int = 0,
    clerk: str | None = None,
) -> int:
    """延时服务 for today: a later closing time ("HH:MM") and/or more tickets. Returns the event id.

    The extra quota adds to what was already granted today; the closing time replaces it.
    """
    if closes_at is None and extra_quota == 0:
        raise DomainError("extend a service by a closing time, an extra quota, or both")
    if closes_at is not None and not _HHMM.fullmatch(closes_at):
        raise DomainError(f"closing time must be HH:MM (e.g. 18:30), got {closes_at!r}")
    if extra_quota < 0:
        raise DomainError(f"extra quota must be 0 or more, got {extra_quota}")
    with store.write() as session:
        ctx = context(store, session)
        svc = service_by_code(ctx, service, lock=True)
        override = session.scalars(
            select(ServiceDayOverride).where(
                ServiceDayOverride.service_id == svc.id, ServiceDayOverride.business_day == ctx.day
            )
        ).first()
        if override is None:
            override = ServiceDayOverride(service_id=svc.id, business_day=ctx.day, extra_quota=0)
            session.add(override)
        if closes_at is not None:
            override.closes_at = closes_at
        override.extra_quota = (override.extra_quota or 0) + extra_quota
        session.flush()
        return record(
            ctx,
            "service_extended",
            service=svc.code,
            clerk=clerk,
            details={
                "closes_at": override.closes_at,
                "extra_quota": override.extra_quota,
                "added_quota": extra_quota,
                "day": ctx.day.isoformat(),
            },
        ).id
