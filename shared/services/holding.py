"""挂起/恢复: set the case in hand aside (the citizen fetches a document) and call it back later.

A held ticket is `waiting` again, but marked as held by its counter: `target_counter`
is the counter's number negated, which no counter's `call_next` looks for (counters
take tickets targeted at their own positive number, or untargeted ones), and its
`queue_key` is moved far past every real key, so counts of "people ahead" at the kiosk
do not include it. The original key is given back on restore, so a later transfer
that keeps the ticket's place keeps its real place. While tickets are held the counter
calls others as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.domain.errors import CounterBusy, CounterNotOpen, DomainError, InvalidTransition
from shared.domain.ticket import AT_COUNTER, TicketStatus
from shared.services.common import (
    Ctx,
    after_ticket,
    call_info,
    context,
    counter_for_update,
    current_ticket,
    record,
    service_code,
)
from shared.services.results import CallInfo
from shared.store.db import Store
from shared.store.models import Event, Service, Ticket

# Far beyond any real queue key (microseconds since 2000 stay below 2**52 for a century).
HELD_OFFSET = 2**62


class NothingHeld(DomainError):
    """The counter holds no ticket to restore."""

    def __init__(self, counter: int) -> None:
        super().__init__(f"counter {counter} holds no ticket")
        self.counter = counter


class NotHeldHere(DomainError):
    """The ticket asked for is not held at this counter."""

    def __init__(self, code: str, counter: int) -> None:
        super().__init__(f"ticket {code} is not held at counter {counter}")
        self.code = code
        self.counter = counter


@dataclass(frozen=True)
class HeldTicket:
    """A ticket set aside at a counter, oldest hold first."""

    ticket_id: int
    code: str
    service: str
    service_name: str
    service_name_en: str
    priority: bool
    status_before: str  # called | serving: what restore gives back
    held_at: datetime
    reason: str


def held_marker(counter: int) -> int:
    """The `target_counter` value that marks a ticket as held at `counter`."""
    return -counter


def hold(store: Store, *, counter: int, clerk: str | None = None, reason: str = "") -> CallInfo:
    """挂起: the counter's current ticket is set aside; the counter is free to call others."""
    with store.write() as session:
        ctx = context(store, session)
        row = counter_for_update(ctx, counter)
        ticket = current_ticket(ctx, row)
        ctx = after_ticket(ctx, ticket)
        if TicketStatus(ticket.status) not in AT_COUNTER:
            raise InvalidTransition(ticket.code, ticket.status, "hold")
        before = ticket.status
        original_key = ticket.queue_key
        ticket.status = TicketStatus.WAITING.value
        ticket.target_counter = held_marker(counter)
        ticket.queue_key = original_key + HELD_OFFSET
        row.current_ticket_id = None
        event = record(
            ctx,
            "held",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=clerk or row.clerk,
            details={"status_before": before, "queue_key": original_key, "reason": reason},
        )
        return call_info(ctx, event, ticket, counter)


def restore(
    store: Store, *, counter: int, code: str | None = None, clerk: str | None = None
) -> CallInfo:
    """恢复: take a held ticket back as the case in hand (`code` None: the last one held).

    It comes back as it was set aside: called (the citizen is called again), or in
    service with its original start time, so the case's time includes the break; the
    `restored` event says how long it was held.
    """
    with store.write() as session:
        ctx = context(store, session)
        row = counter_for_update(ctx, counter)
        if row.state != "open":
            raise CounterNotOpen(counter, row.state)
        if row.current_ticket_id is not None:
            busy = session.get(Ticket, row.current_ticket_id)
            raise CounterBusy(counter, busy.code if busy else "?")
        held = _held(session, ctx.hall_id, ctx.day, counter)
        if not held:
            raise NothingHeld(counter)
        if code is None:
            chosen = held[-1]
        else:
            wanted = code.strip().upper()
            found = [h for h in held if h[0].code == wanted]
            if not found:
                raise NotHeldHere(wanted, counter)
            chosen = found[0]
        ticket, hold_event = chosen
        # Locked and read again: another counter may have called it (特呼) meanwhile.
        session.refresh(ticket, with_for_update=True)
        ctx = after_ticket(ctx, ticket)
        if ticket.status != TicketStatus.WAITING.value or ticket.target_counter != held_marker(
            counter
        ):
            raise NotHeldHere(ticket.code, counter)
        details = dict(hold_event.details or {})
        before = str(details.get("status_before", TicketStatus.CALLED.value))
        ticket.queue_key = int(details.get("queue_key", ticket.queue_key - HELD_OFFSET))
        ticket.target_counter = None
        ticket.status = before
        ticket.counter_number = counter
        ticket.clerk = clerk or row.clerk
        if before == TicketStatus.CALLED.value:
            ticket.called_at = ctx.now
            ticket.recalls = 0
        row.current_ticket_id = ticket.id
        event = record(
            ctx,
            "restored",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=ticket.clerk,
            details={
                "status": before,
                "held_s": round((ctx.now - hold_event.at).total_seconds(), 3),
                "priority": ticket.priority,
            },
        )
        return call_info(ctx, event, ticket, counter)


def held_tickets(store: Store, *, counter: int) -> list[HeldTicket]:
    """Today's tickets held at `counter`, oldest hold first."""
    with store.read() as session:
        ctx = context(store, session)
        return held_list(ctx, counter)


def held_list(ctx: Ctx, counter: int) -> list[HeldTicket]:
    """As `held_tickets`, inside a transaction already open (the counter's view)."""
    out = []
    for ticket, event in _held(ctx.session, ctx.hall_id, ctx.day, counter):
        svc = ctx.session.get(Service, ticket.service_id)
        details = dict(event.details or {})
        out.append(
            HeldTicket(
                ticket_id=ticket.id,
                code=ticket.code,
                service=svc.code if svc else "?",
                service_name=svc.name if svc else "",
                service_name_en=svc.name_en if svc else "",
                priority=ticket.priority,
                status_before=str(details.get("status_before", "called")),
                held_at=event.at,
                reason=str(details.get("reason", "")),
            )
        )
    return out


def _held(session: Session, hall_id: int, day: date, counter: int) -> list[tuple[Ticket, Event]]:
    """(ticket, its latest `held` event) for each ticket held at `counter`, oldest first."""
    tickets = session.scalars(
        select(Ticket).where(
            Ticket.hall_id == hall_id,
            Ticket.business_day == day,
            Ticket.status == TicketStatus.WAITING.value,
            Ticket.target_counter == held_marker(counter),
        )
    ).all()
    if not tickets:
        return []
    latest = dict(
        session.execute(
            select(Event.ticket_id, func.max(Event.id))
            .where(Event.ticket_id.in_([t.id for t in tickets]), Event.kind == "held")
            .group_by(Event.ticket_id)
        ).all()
    )
    events = {
        e.ticket_id: e
        for e in session.scalars(select(Event).where(Event.id.in_(list(latest.values()))))
    }
    pairs = [(t, events[t.id]) for t in tickets if t.id in events]
    return sorted(pairs, key=lambda pair: pair[1].id)


__all__ = [
    "HELD_OFFSET",
    "HeldTicket",
    "NotHeldHere",
    "NothingHeld",
    "held_list",
    "held_marker",
    "held_tickets",
    "hold",
    "restore",
]
