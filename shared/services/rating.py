"""好差评: one rating per case, kept until sent upward; a bad one opens a follow-up."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from shared.domain.errors import AlreadyRated, DomainError
from shared.services.common import after_ticket, context, record, service_code, ticket_by_code
from shared.store.db import Store
from shared.store.models import FollowUp, Rating, Ticket

LEVELS = {1: "非常满意", 2: "满意", 3: "基本满意", 4: "不满意", 5: "非常不满意"}
BAD = frozenset({4, 5})


def add_working_days(start: date, days: int) -> date:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.isoweekday() <= 5:
            days -= 1
    return current


def rate(
    store: Store,
    *,
    code: str | None = None,
    ticket_id: int | None = None,
    level: int | None,
    reasons: list[str] | None = None,
    dimensions: dict[str, Any] | None = None,
    source: str = "pad",
) -> int:
    """Record the citizen's rating of a case; `level` None is 未评价. Returns the event id."""
    if level is not None and level not in LEVELS:
        raise DomainError(f"rating level must be 1..5 ({', '.join(LEVELS.values())}), got {level}")
    with store.write() as session:
        ctx = context(store, session)
        if ticket_id is not None:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                raise DomainError(f"no ticket with id {ticket_id}")
        elif code is not None:
            ticket = ticket_by_code(ctx, code)
        else:
            raise DomainError("rate needs a ticket code or id")
        ctx = after_ticket(ctx, ticket)
        if session.scalars(select(Rating.id).where(Rating.ticket_id == ticket.id)).first():
            raise AlreadyRated(ticket.code)
        version = ctx.hall.rating.reasons_version
        rating = Rating(
            hall_id=ctx.hall_id,
            ticket_id=ticket.id,
            level=level,
            dimensions=dimensions or {},
            reasons={"items": list(reasons or [])} if level in BAD else {},
            reasons_version=version if level in BAD else "",
            counter=ticket.counter_number,
            clerk=ticket.clerk,
            source=source if level is not None else "timeout",
            at=ctx.now,
        )
        session.add(rating)
        session.flush()
        if level in BAD:
            days = ctx.hall.rating.follow_up_days
            session.add(
                FollowUp(
                    hall_id=ctx.hall_id,
                    rating_id=rating.id,
                    opened_at=ctx.now,
                    due_on=add_working_days(ctx.day, days),
                )
            )
        return record(
            ctx,
            "rated",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=ticket.counter_number,
            clerk=ticket.clerk,
            details={
                "level": level,
                "label": LEVELS.get(level, "未评价") if level else "未评价",
                "reasons": list(reasons or []) if level in BAD else [],
                "reasons_version": rating.reasons_version,
                "source": rating.source,
            },
        ).id
