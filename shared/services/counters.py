"""Opening, closing, pausing and resuming counters."""

from __future__ import annotations

from shared.domain.errors import CounterBusy
from shared.domain.ticket import Action, TicketStatus, next_status
from shared.services.common import (
    Ctx,
    EventRow,
    checked_login,
    checked_text,
    context,
    counter_for_update,
    record,
    service_code,
    transaction,
)
from shared.store.db import Store
from shared.store.models import Ticket


def open_counter(store: Store, *, counter: int, clerk: str | None = None) -> int:
    """A clerk signs in at a counter (any qualified clerk at any counter: AB角)."""
    checked_login(clerk)
    with transaction(store) as ctx:
        event = open_in(ctx, counter=counter, clerk=clerk)
    return event.id


def open_in(ctx: Ctx, *, counter: int, clerk: str | None) -> EventRow:
    """open_counter's body, in the caller's transaction."""
    row = counter_for_update(ctx, counter)
    previous = {"state": row.state, "clerk": row.clerk}
    row.state = "open"
    row.clerk = clerk
    row.pause_reason = None
    return record(ctx, "counter_opened", counter=counter, clerk=clerk, details=previous)


def close_counter(
    store: Store, *, counter: int, clerk: str | None = None, release: bool = False
) -> int:
    """Close a counter. A called ticket goes back to the line with `release`; else CounterBusy."""
    checked_login(clerk)
    with transaction(store) as ctx:
        event = close_in(ctx, counter=counter, clerk=clerk, release=release)
    return event.id


def close_in(ctx: Ctx, *, counter: int, clerk: str | None, release: bool = False) -> EventRow:
    """close_counter's body, in the caller's transaction."""
    row = counter_for_update(ctx, counter)
    details: dict[str, object] = {"clerk": row.clerk}
    if row.current_ticket_id is not None:
        ticket = ctx.session.get(Ticket, row.current_ticket_id)
        assert ticket is not None
        if not release or ticket.status != TicketStatus.CALLED.value:
            raise CounterBusy(counter, ticket.code)
        ticket.status = next_status(ticket.code, ticket.status, Action.RELEASE).value
        ticket.counter_number = None
        row.current_ticket_id = None
        details["released"] = ticket.code
        details["released_service"] = service_code(ctx, ticket.service_id)
    row.state = "closed"
    row.clerk = None
    row.pause_reason = None
    row.priority_streak = 0
    return record(ctx, "counter_closed", counter=counter, clerk=clerk, details=details)


def pause_counter(store: Store, *, counter: int, reason: str = "", clerk: str | None = None) -> int:
    """暂停: the counter takes no calls; a case in hand may still be finished."""
    checked_text(reason, "pause reason")
    checked_login(clerk)
    with store.write() as session:
        ctx = context(store, session)
        row = counter_for_update(ctx, counter)
        row.state = "paused"
        row.pause_reason = reason
        return record(
            ctx, "paused", counter=counter, clerk=clerk or row.clerk, details={"reason": reason}
        ).id


def resume_counter(store: Store, *, counter: int, clerk: str | None = None) -> int:
    """恢复: the counter takes calls again."""
    with store.write() as session:
        ctx = context(store, session)
        row = counter_for_update(ctx, counter)
        row.state = "open"
        row.pause_reason = None
        if clerk:
            row.clerk = clerk
        return record(ctx, "resumed", counter=counter, clerk=clerk or row.clerk).id
