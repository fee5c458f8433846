"""The clerk's actions on tickets: call, recall, no-show, requeue, start, finish, transfer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from shared.domain.dispatch import (
    Candidate,
    decide,
    queue_key_at,
    requeue_behind,
)
from shared.domain.errors import (
    CounterBusy,
    CounterNotOpen,
    DomainError,
    NoCurrentTicket,
    NothingWaiting,
    TooManyRecalls,
    UnknownCounter,
)
from shared.domain.ticket import Action, TicketStatus, next_status
from shared.services import statements as sql
from shared.services.common import (
    Ctx,
    EventRow,
    after_ticket,
    call_info,
    catalog,
    context,
    counter_for_update,
    current_ticket,
    record,
    service_by_code,
    service_code,
    ticket_by_code,
)
from shared.services.results import CallInfo
from shared.store.db import Store
from shared.store.models import Counter, Ticket

WAITING = TicketStatus.WAITING.value
# Heads fetched per (service, class): enough for every counter calling at once; more only
# when other counters hold all of them.
HEADS = 40


def _lock_first(ctx: Ctx, ranked: list[Candidate]) -> Any:
    """The best-ranked candidate that still waits and no other counter holds, locked.

    Most calls meet no contention: the best candidate is tried with a reused statement.
    Otherwise one statement: PostgreSQL sorts by rank, skips rows other callers hold and
    locks only the first it gets; SQLite's BEGIN IMMEDIATE already holds every writer off.
    """
    conn = ctx.session.connection()
    head = conn.execute(sql.lock_waiting(), {"ticket_id": ranked[0].ticket_id}).first()
    if head is not None or len(ranked) == 1:
        return head
    if not ctx.store.is_postgres:
        # SQLite: BEGIN IMMEDIATE holds every other writer off, so the candidates read in
        # this transaction still wait; a head that does not is a stale read.
        for cand in ranked[1:]:
            row = conn.execute(sql.lock_waiting(), {"ticket_id": cand.ticket_id}).first()
            if row is not None:
                return row
        return None
    ids = [c.ticket_id for c in ranked[1:]]
    return conn.execute(sql.lock_first_of(), {"ids": ids}).first()


def _counter(ctx: Ctx, number: int) -> Any:
    row = (
        ctx.session.connection()
        .execute(sql.counter_row(), {"hall_id": ctx.hall_id, "number": number})
        .first()
    )
    if row is None or not row.active:
        raise UnknownCounter(number)
    return row


def _ready_counter(ctx: Ctx, number: int) -> Any:
    row = _counter(ctx, number)
    if row.state != "open":
        raise CounterNotOpen(number, row.state)
    if row.current_ticket_id is not None:
        busy = ctx.session.get(Ticket, row.current_ticket_id)
        raise CounterBusy(number, busy.code if busy else "?")
    return row


def _in_hand(ctx: Ctx, number: int) -> Any:
    """The counter's current ticket with the counter's id and clerk, both rows locked."""
    row = (
        ctx.session.connection()
        .execute(sql.counter_with_current(), {"hall_id": ctx.hall_id, "number": number})
        .first()
    )
    if row is None or not row.active:
        _counter(ctx, number)  # UnknownCounter where that is the reason
        raise NoCurrentTicket(number)
    return row


def _set_ticket(ctx: Ctx, ticket_id: int, **values: Any) -> None:
    ctx.session.connection().execute(
        sql.ticket_update(*sorted(values)),
        {"ticket_id": ticket_id, **{f"v_{k}": v for k, v in values.items()}},
    )


def _info(
    ctx: Ctx, event: EventRow, ticket: Any, counter: int, recalls: int | None = None
) -> CallInfo:
    return CallInfo(
        event_id=event.id,
        kind=event.kind,
        ticket_id=int(ticket.id),
        code=ticket.code,
        counter=counter,
        service=event.service or "",
        at=event.at,
        recalls=int(ticket.recalls if recalls is None else recalls),
        details=dict(event.details),
    )


def call_next(store: Store, *, counter: int, clerk: str | None = None) -> CallInfo:
    """Call the next ticket for `counter` by the hall's dispatch rules; NothingWaiting if none."""
    with store.write() as session:
        ctx = context(store, session)
        row = _ready_counter(ctx, counter)
        policy, ids = catalog(ctx).policy(row.id, row.dispatch)
        limit = int(ctx.setting("dispatch", "priority_streak_limit", 3))
        heads: int | None = HEADS
        while True:
            sent, waiting = sql.read_candidates(
                session.connection(), ctx.hall_id, ctx.day, counter, ids, heads
            )
            decision = decide(
                waiting, policy, streak=row.priority_streak, streak_limit=limit, now=ctx.now,
                sent=sent,
            )
            if not decision.order:
                raise NothingWaiting(counter)
            ticket = _lock_first(ctx, list(decision.order))
            if ticket is not None:
                ctx = after_ticket(ctx, ticket)
                break
            if heads is None:
                raise NothingWaiting(counter)
            heads = None  # every head is held by another counter: look further back
        cand = next(c for c in decision.order if c.ticket_id == ticket.id)
        streak = decision.streak_after(cand)
        next_status(ticket.code, ticket.status, Action.CALL)
        who = clerk or row.clerk
        conn = session.connection()
        conn.execute(
            sql.take_ticket(),
            {"ticket_id": ticket.id, "b_now": ctx.now, "b_number": counter, "b_clerk": who},
        )
        conn.execute(
            sql.set_counter_current(),
            {"counter_id": row.id, "ticket_id": ticket.id, "streak": streak},
        )
        svc = cand.service if cand.service != "?" else service_code(ctx, ticket.service_id)
        event = record(
            ctx,
            "called",
            ticket=ticket,
            service=svc,
            counter=counter,
            clerk=who,
            details={"priority": bool(ticket.priority), "wait_s": _wait_s(ctx, ticket)},
        )
        return _info(ctx, event, ticket, counter, recalls=0)


def _wait_s(ctx: Ctx, ticket: Any) -> float:
    return round(float((ctx.now - ticket.issued_at).total_seconds()), 3)


def _take(ctx: Ctx, ticket: Ticket, counter: Counter, clerk: str | None) -> None:
    ticket.status = next_status(ticket.code, ticket.status, Action.CALL).value
    ticket.called_at = ctx.now
    ticket.counter_number = counter.number
    ticket.clerk = clerk or counter.clerk
    ticket.recalls = 0
    ticket.target_counter = None  # no longer sent to (or held at) a particular counter
    counter.current_ticket_id = ticket.id


def call_chosen(store: Store, *, counter: int, code: str, clerk: str | None = None) -> CallInfo:
    """特呼: call a chosen waiting ticket (or a no-show who came back) to `counter`."""
    with store.write() as session:
        ctx = context(store, session)
        _ready_counter(ctx, counter)
        row = counter_for_update(ctx, counter)
        ticket = ticket_by_code(ctx, code)
        ctx = after_ticket(ctx, ticket)
        _take(ctx, ticket, row, clerk)
        event = record(
            ctx,
            "called",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=ticket.clerk,
            details={"chosen": True, "priority": ticket.priority, "wait_s": _wait_s(ctx, ticket)},
        )
        return call_info(ctx, event, ticket, counter)


def recall(store: Store, *, counter: int, clerk: str | None = None) -> CallInfo:
    """重呼: call the counter's current ticket again, up to the hall's recall limit."""
    with store.write() as session:
        ctx = context(store, session)
        ticket = _in_hand(ctx, counter)
        ctx = after_ticket(ctx, ticket)
        limit = int(ctx.setting("dispatch", "recall_limit", 3))
        next_status(ticket.code, ticket.status, Action.RECALL)
        if ticket.recalls >= limit:
            raise TooManyRecalls(ticket.code, limit)
        recalls = int(ticket.recalls) + 1
        _set_ticket(ctx, ticket.id, recalls=recalls)
        event = record(
            ctx,
            "recalled",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=clerk or ticket.counter_clerk,
            details={"recalls": recalls, "limit": limit},
        )
        return _info(ctx, event, ticket, counter, recalls=recalls)


def _back_place(ctx: Ctx, ticket: Any) -> tuple[int, bool, int]:
    """过号重排: (places, priority, queue key) that put the ticket `requeue_places` behind
    the head of its service's call order."""
    places = int(ctx.setting("dispatch", "requeue_places", 3))
    line = ctx.session.execute(
        select(Ticket.priority, Ticket.queue_key).where(
            Ticket.hall_id == ctx.hall_id,
            Ticket.business_day == ctx.day,
            Ticket.service_id == ticket.service_id,
            Ticket.status == WAITING,
            Ticket.target_counter.is_(None),
            Ticket.id != ticket.id,
        )
    ).all()
    priority, key = requeue_behind(
        line, places, priority=bool(ticket.priority), fallback=queue_key_at(ctx.now)
    )
    return places, priority, key


def _put_back(ctx: Ctx, ticket: Ticket) -> int:
    places, ticket.priority, ticket.queue_key = _back_place(ctx, ticket)
    ticket.requeues += 1
    ticket.status = next_status(ticket.code, ticket.status, Action.REQUEUE).value
    return places


def mark_no_show(
    store: Store, *, counter: int, clerk: str | None = None, requeue: bool | None = None
) -> CallInfo:
    """过号: the citizen did not come. By the hall's rule the ticket goes a few places back."""
    with store.write() as session:
        ctx = context(store, session)
        ticket = _in_hand(ctx, counter)
        ctx = after_ticket(ctx, ticket)
        next_status(ticket.code, ticket.status, Action.NO_SHOW)
        limit = int(ctx.setting("dispatch", "requeue_limit", 1))
        put_back = (ticket.requeues < limit) if requeue is None else requeue
        details: dict[str, Any] = {"recalls": int(ticket.recalls), "requeued": False}
        session.connection().execute(sql.free_counter(), {"counter_id": ticket.counter_id})
        if put_back:
            places, priority, key = _back_place(ctx, ticket)
            details.update(requeued=True, places=places)
            _set_ticket(
                ctx,
                ticket.id,
                status=WAITING,
                priority=priority,
                queue_key=key,
                requeues=int(ticket.requeues) + 1,
                counter_number=None,
                ended_at=None,
            )
        else:
            _set_ticket(ctx, ticket.id, status=TicketStatus.NO_SHOW.value, ended_at=ctx.now)
        event = record(
            ctx,
            "no_show",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=clerk or ticket.counter_clerk,
            details=details,
        )
        return _info(ctx, event, ticket, counter)


def requeue(store: Store, *, code: str, clerk: str | None = None, force: bool = False) -> int:
    """过号重排 by hand: a no-show who came back goes a few places behind the head."""
    with store.write() as session:
        ctx = context(store, session)
        ticket = ticket_by_code(ctx, code)
        ctx = after_ticket(ctx, ticket)
        limit = int(ctx.setting("dispatch", "requeue_limit", 1))
        if ticket.requeues >= limit and not force:
            raise DomainError(f"ticket {ticket.code} was requeued {ticket.requeues} times: final")
        places = _put_back(ctx, ticket)
        ticket.ended_at = None
        ticket.counter_number = None
        event = record(
            ctx,
            "requeued",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            clerk=clerk,
            details={"places": places, "forced": force},
        )
        return event.id


def start_service(store: Store, *, counter: int, clerk: str | None = None) -> CallInfo:
    """The citizen is at the counter: service starts (its time counts from here)."""
    with store.write() as session:
        ctx = context(store, session)
        ticket = _in_hand(ctx, counter)
        ctx = after_ticket(ctx, ticket)
        status = next_status(ticket.code, ticket.status, Action.START)
        _set_ticket(ctx, ticket.id, status=status.value, started_at=ctx.now)
        event = record(
            ctx,
            "started",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=clerk or ticket.counter_clerk,
        )
        return _info(ctx, event, ticket, counter)


def finish(store: Store, *, counter: int, clerk: str | None = None) -> CallInfo:
    """办结: the case is done; the counter is free for the next call."""
    with store.write() as session:
        ctx = context(store, session)
        ticket = _in_hand(ctx, counter)
        ctx = after_ticket(ctx, ticket)
        status = next_status(ticket.code, ticket.status, Action.FINISH)
        _set_ticket(ctx, ticket.id, status=status.value, ended_at=ctx.now)
        session.connection().execute(sql.free_counter(), {"counter_id": ticket.counter_id})
        began = ticket.started_at or ticket.called_at or ctx.now
        event = record(
            ctx,
            "finished",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=clerk or ticket.counter_clerk,
            details={"service_s": round((ctx.now - began).total_seconds(), 3)},
        )
        return _info(ctx, event, ticket, counter)


def transfer(
    store: Store,
    *,
    counter: int,
    to_service: str | None = None,
    to_counter: int | None = None,
    note: str = "",
    clerk: str | None = None,
) -> CallInfo:
    """转移: the current ticket goes on to another service or counter, keeping its code.

    The original row ends as `transferred`; a continuation row (same code) waits in the
    new line, by default at its original place by issue time.
    """
    if to_service is None and to_counter is None:
        raise DomainError("a transfer needs a target service or counter")
    with store.write() as session:
        ctx = context(store, session)
        row = counter_for_update(ctx, counter)
        ticket = current_ticket(ctx, row)
        ctx = after_ticket(ctx, ticket)
        if to_counter is not None:
            target = session.scalars(
                select(Counter).where(Counter.hall_id == ctx.hall_id, Counter.number == to_counter)
            ).first()
            if target is None:
                from shared.domain.errors import UnknownCounter

                raise UnknownCounter(to_counter)
        svc_id = service_by_code(ctx, to_service).id if to_service else ticket.service_id
        ticket.status = next_status(ticket.code, ticket.status, Action.TRANSFER).value
        ticket.ended_at = ctx.now
        row.current_ticket_id = None
        keeps = bool(ctx.setting("dispatch", "transfer_keeps_place", True))
        follow = Ticket(
            hall_id=ctx.hall_id,
            business_day=ticket.business_day,
            service_id=svc_id,
            code=ticket.code,
            number=ticket.number,
            priority=ticket.priority,
            status=WAITING,
            queue_key=ticket.queue_key if keeps else queue_key_at(ctx.now),
            issued_at=ticket.issued_at,
            target_counter=to_counter,
            parent_id=ticket.id,
            appointment_id=ticket.appointment_id,
            note=note,
        )
        session.add(follow)
        session.flush()
        event = record(
            ctx,
            "transferred",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=clerk or row.clerk,
            details={
                "to_service": service_code(ctx, svc_id),
                "to_counter": to_counter,
                "new_ticket_id": follow.id,
                "note": note,
            },
        )
        return call_info(ctx, event, ticket, counter)


__all__ = [
    "call_chosen",
    "call_next",
    "finish",
    "mark_no_show",
    "recall",
    "requeue",
    "start_service",
    "transfer",
]
