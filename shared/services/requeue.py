"""过号 and 过号重排: a citizen who did not come, and a no-show put back a few places behind."""

from __future__ import annotations

from typing import Any

from shared.domain.dispatch import queue_key_at, requeue_behind
from shared.domain.errors import DomainError, UnknownTicket
from shared.domain.ticket import Action, TicketStatus, next_status
from shared.services import statements as sql
from shared.services.common import Ctx, after_ticket, call_info, context, record, service_code
from shared.services.results import CallInfo
from shared.services.rows import TicketRow
from shared.store.db import Store


def _put_back(ctx: Ctx, ticket: TicketRow) -> int:
    """过号重排: the ticket waits again `requeue_places` behind the head of its service's call
    order (see dispatch.requeue_behind). Returns the places."""
    places = ctx.hall.dispatch.requeue_places
    conn = ctx.session.connection()
    priority, key = requeue_behind(
        sql.line_of(conn, ticket, ctx.hall_id, ctx.day),
        places,
        priority=bool(ticket.priority),
        fallback=queue_key_at(ctx.now),
    )
    sql.set_ticket(
        conn,
        ticket.id,
        status=TicketStatus.WAITING.value,
        priority=priority,
        queue_key=key,
        requeues=ticket.requeues + 1,
        counter_number=None,
        ended_at=None,
    )
    return places


def mark_no_show(
    store: Store, *, counter: int, clerk: str | None = None, requeue: bool | None = None
) -> CallInfo:
    """过号: the citizen did not come. By the hall's rule the ticket goes a few places back."""
    with store.write() as session:
        ctx = context(store, session)
        conn = session.connection()
        ticket = sql.in_hand_of(conn, ctx.hall_id, counter)
        ctx = after_ticket(ctx, ticket)
        next_status(ticket.code, ticket.status, Action.NO_SHOW)
        limit = ctx.hall.dispatch.requeue_limit
        put_back = (ticket.requeues < limit) if requeue is None else requeue
        details: dict[str, Any] = {"recalls": ticket.recalls, "requeued": False}
        sql.free(conn, ticket.counter_id)
        if put_back:
            details.update(requeued=True, places=_put_back(ctx, ticket))
        else:
            sql.set_ticket(conn, ticket.id, status=TicketStatus.NO_SHOW.value, ended_at=ctx.now)
        event = record(
            ctx,
            "no_show",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=clerk or ticket.counter_clerk,
            details=details,
        )
        return call_info(ctx, event, ticket, counter)


def requeue(store: Store, *, code: str, clerk: str | None = None, force: bool = False) -> int:
    """过号重排 by hand: a no-show who came back goes a few places behind the head."""
    with store.write() as session:
        ctx = context(store, session)
        ticket = sql.ticket_by_code(session.connection(), ctx.hall_id, ctx.day, code)
        if ticket is None:
            raise UnknownTicket(code.strip().upper())
        ctx = after_ticket(ctx, ticket)
        limit = ctx.hall.dispatch.requeue_limit
        if ticket.requeues >= limit and not force:
            raise DomainError(f"ticket {ticket.code} was requeued {ticket.requeues} times: final")
        next_status(ticket.code, ticket.status, Action.REQUEUE)
        places = _put_back(ctx, ticket)
        event = record(
            ctx,
            "requeued",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            clerk=clerk,
            details={"places": places, "forced": force},
        )
        return event.id
