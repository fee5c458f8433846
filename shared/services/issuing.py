"""Issuing and cancelling tickets, and voiding those left when the day closes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from shared.domain.dispatch import queue_key_at
from shared.domain.errors import ServiceUnavailable
from shared.domain.forecast import WaitEstimate
from shared.domain.hours import Unavailable, availability
from shared.domain.numbering import format_code
from shared.domain.ticket import Action, TicketStatus, next_status
from shared.services import statements as sql
from shared.services.common import (
    Ctx,
    after_ticket,
    catalog,
    checked_login,
    context,
    record,
    service_by_code,
    ticket_by_code,
)
from shared.services.estimates import issued_today
from shared.services.forecasting import ticket_estimate
from shared.services.quota import outstanding_bookings
from shared.services.results import TicketInfo
from shared.store.db import Store
from shared.store.models import Service, ServiceDayOverride, Ticket


def new_web_token() -> str:
    """The key of a ticket's phone page: 128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class NewTicket:
    id: int
    code: str
    service_id: int
    priority: bool
    queue_key: int


def next_number(ctx: Ctx, prefix: str) -> int:
    """Take the next number for `prefix` today: one atomic upsert, safe across processes."""
    params = {"hall_id": ctx.hall_id, "day": ctx.day, "prefix": prefix}
    stmt = sql.next_number(ctx.store.is_postgres)
    return int(ctx.session.connection().execute(stmt, params).scalar_one())


def service_unavailable(
    ctx: Ctx,
    svc: Any,
    *,
    override: ServiceDayOverride | bool | None = False,
    issued: int | None = None,
) -> Unavailable | None:
    """Why `svc` takes no tickets now (closed, out of hours, quota), or None.

    `override` and `issued` may be passed in when read for many services at once.
    """
    if override is False:
        override = ctx.session.scalars(
            select(ServiceDayOverride).where(
                ServiceDayOverride.service_id == svc.id,
                ServiceDayOverride.business_day == ctx.day,
            )
        ).first()
    assert override is None or isinstance(override, ServiceDayOverride)
    if issued is None:
        issued = 0
        if svc.daily_quota > 0:
            issued = issued_today(ctx, [svc.id]).get(svc.id, 0)
    if svc.daily_quota > 0:
        issued += outstanding_bookings(ctx, svc.id)  # a booking holds its place in the quota
    hours = svc.hours or ctx.hall.hours_json
    return availability(
        active=svc.active,
        closed_today=bool(override and override.closed),
        hours=hours,
        local=ctx.now.astimezone(ZoneInfo(ctx.hall.timezone)),
        closes_at=override.closes_at if override else None,
        quota=svc.daily_quota + (override.extra_quota if override else 0),
        issued_today=issued,
    )


def people_ahead(ctx: Ctx, ticket: Any) -> int:
    """Waiting tickets of the same service that will be called before this one."""
    params = {
        "hall_id": ctx.hall_id,
        "day": ctx.day,
        "service_id": ticket.service_id,
        "ticket_id": ticket.id,
        "queue_key": ticket.queue_key,
    }
    stmt = sql.people_ahead(bool(ticket.priority))
    return int(ctx.session.connection().execute(stmt, params).scalar_one() or 0)


def estimate_fields(wait: WaitEstimate | None) -> dict[str, Any]:
    """The estimate as TicketInfo and the `issued` event carry it."""
    if wait is None:
        return {"est_wait_min": None}
    return {
        "est_wait_min": wait.minutes,
        "est_wait_low_min": wait.low,
        "est_wait_high_min": wait.high,
        "closes_first": wait.closes_first,
    }


def issue_ticket(
    store: Store,
    *,
    service: str,
    priority: bool = False,
    enforce_limits: bool = True,
    issued_by: str | None = None,
    appointment_id: int | None = None,
    source: str = "kiosk",
) -> TicketInfo:
    """Take a number for `service`.

    With `enforce_limits` (the kiosk) a closed service, out of hours or past its daily
    quota raises ServiceUnavailable; staff and scripts may issue regardless.
    """
    checked_login(issued_by, "issued_by")
    with store.write() as session:
        ctx = context(store, session)
        svc = catalog(ctx).service(service)
        if enforce_limits and svc.daily_quota > 0:
            # Serialise what takes the quota's places (tickets here, phone bookings), so
            # the last place is not handed out twice (SQLite's BEGIN IMMEDIATE already does).
            service_by_code(ctx, service, lock=True)
        if enforce_limits:
            reason = service_unavailable(ctx, svc)
            if reason is not None:
                raise ServiceUnavailable(service, reason.value)
        number = next_number(ctx, svc.prefix)
        code = format_code(svc.prefix, number, ctx.hall.number_width)
        queue_key = queue_key_at(ctx.now)
        token = new_web_token()
        values = {
            "hall_id": ctx.hall_id,
            "business_day": ctx.day,
            "service_id": svc.id,
            "code": code,
            "number": number,
            "priority": priority,
            "status": TicketStatus.WAITING.value,
            "queue_key": queue_key,
            "issued_at": ctx.now,
            "issued_by": issued_by,
            "appointment_id": appointment_id,
            "recalls": 0,
            "requeues": 0,
            "note": "",
            "web_token": token,
        }
        ticket_id = int(session.connection().execute(sql.insert_ticket(), values).scalar_one())
        ticket = NewTicket(ticket_id, code, svc.id, priority, queue_key)
        ahead = people_ahead(ctx, ticket)
        wait = ticket_estimate(ctx, ticket.id, svc.code)
        event = record(
            ctx,
            "issued",
            ticket=ticket,
            service=svc.code,
            clerk=issued_by,
            details={
                "priority": priority,
                "ahead": ahead,
                **estimate_fields(wait),
                "source": source,
                **({"appointment_id": appointment_id} if appointment_id else {}),
            },
        )
        return TicketInfo(
            id=ticket.id,
            code=code,
            service=svc.code,
            service_name=svc.name,
            status=TicketStatus.WAITING.value,
            priority=priority,
            issued_at=ctx.now,
            business_day=ctx.day,
            people_ahead=ahead,
            event_id=event.id,
            **estimate_fields(wait),
            web_token=token,
        )


def cancel_ticket(store: Store, *, code: str, clerk: str | None = None, reason: str = "") -> int:
    """Void a ticket (作废); returns the event id. A ticket at a counter frees the counter."""
    from shared.store.models import Counter

    with store.write() as session:
        ctx = context(store, session)
        ticket = ticket_by_code(ctx, code)
        ctx = after_ticket(ctx, ticket)
        ticket.status = next_status(ticket.code, ticket.status, Action.CANCEL).value
        ticket.ended_at = ctx.now
        if ticket.counter_number is not None:
            counter = session.scalars(
                select(Counter).where(
                    Counter.hall_id == ctx.hall_id, Counter.current_ticket_id == ticket.id
                )
            ).first()
            if counter is not None:
                counter.current_ticket_id = None
        svc = session.get(Service, ticket.service_id)
        event = record(
            ctx,
            "cancelled",
            ticket=ticket,
            service=svc.code if svc else None,
            counter=ticket.counter_number,
            clerk=clerk,
            details={"reason": reason},
        )
        return event.id


# The `cancelled` event's detail that marks a ticket voided at the day's close (日终作废).
DAY_CLOSED = "day_closed"


def close_day(store: Store, *, clerk: str | None = None) -> list[int]:
    """日终: void (作废) every ticket of today still waiting; returns their ids, in order.

    Those citizens went home unserved. Their tickets are not carried to the next day
    (numbers restart then); each gets a `cancelled` event marked `day_closed`, which
    reports count apart as `unserved`. Cases at a counter are left to be finished.
    """
    clerk = checked_login(clerk)
    with store.write() as session:
        ctx = context(store, session)
        tickets = session.scalars(
            select(Ticket)
            .where(
                Ticket.hall_id == ctx.hall_id,
                Ticket.business_day == ctx.day,
                Ticket.status == TicketStatus.WAITING.value,
            )
            .order_by(Ticket.id)
            .with_for_update()
        ).all()
        codes = {svc.id: svc.code for svc in catalog(ctx).services}
        for ticket in tickets:
            ticket.status = next_status(ticket.code, ticket.status, Action.CANCEL).value
            ticket.ended_at = ctx.now
            record(
                ctx,
                "cancelled",
                ticket=ticket,
                service=codes.get(ticket.service_id),
                clerk=clerk,
                details={"reason": "business day closed", DAY_CLOSED: True},
            )
        return [t.id for t in tickets]
