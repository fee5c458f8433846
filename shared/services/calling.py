"""The clerk's actions on tickets: call, recall, no-show, requeue, start, finish, transfer."""

from __future__ import annotations

from typing import Any

from shared.domain.dispatch import Candidate, decide, queue_key_at
from shared.domain.errors import (
    CounterBusy,
    CounterNotOpen,
    DomainError,
    NothingWaiting,
    TooManyRecalls,
    UnknownCounter,
    UnknownTicket,
)
from shared.domain.ticket import Action, next_status
from shared.services import statements as sql
from shared.services.common import (
    Acted,
    Ctx,
    after_lock,
    after_ticket,
    call_info,
    catalog,
    context,
    record,
    service_by_code,
    service_code,
    transaction,
)
from shared.services.requeue import mark_no_show, requeue
from shared.services.results import CallInfo
from shared.services.rows import CounterRow, TicketRow
from shared.store.db import Store

WAITING = "waiting"
# Heads fetched per (service, class): enough for every counter calling at once; more only
# when other counters hold all of them.
HEADS = 40


def _lock_first(ctx: Ctx, ranked: tuple[Candidate, ...]) -> TicketRow | None:
    """The best-ranked candidate that still waits and no other counter holds, locked.

    Most calls meet no contention: the best candidate is tried with a reused statement.
    Otherwise one statement: PostgreSQL sorts by rank, skips rows other callers hold and
    locks only the first it gets; SQLite's BEGIN IMMEDIATE already holds every writer off.
    """
    conn = ctx.session.connection()
    head = sql.lock_ticket(conn, ranked[0].ticket_id)
    if head is not None or len(ranked) == 1:
        return head
    if not ctx.store.is_postgres:
        # SQLite: BEGIN IMMEDIATE holds every other writer off, so the candidates read in
        # this transaction still wait; a head that does not is a stale read.
        for cand in ranked[1:]:
            row = sql.lock_ticket(conn, cand.ticket_id)
            if row is not None:
                return row
        return None
    return sql.lock_first(conn, [c.ticket_id for c in ranked[1:]])


def _ready_counter(ctx: Ctx, number: int) -> CounterRow:
    """The counter, locked, open and free to call."""
    conn = ctx.session.connection()
    row = sql.counter_of(conn, ctx.hall_id, number)
    if row.state != "open":
        raise CounterNotOpen(number, row.state)
    if row.current_ticket_id is not None:
        raise CounterBusy(number, sql.ticket_code(conn, row.current_ticket_id) or "?")
    return row


def _wait_s(ctx: Ctx, ticket: TicketRow) -> float:
    return round(float((ctx.now - ticket.issued_at).total_seconds()), 3)


def call_next(store: Store, *, counter: int, clerk: str | None = None) -> CallInfo:
    """Call the next ticket for `counter` by the hall's dispatch rules; NothingWaiting if none."""
    with transaction(store) as ctx:
        called = call_next_in(ctx, counter=counter, clerk=clerk)
    return called.info()


def finish_and_call_next(store: Store, *, counter: int, clerk: str | None = None) -> CallInfo:
    """叫下一位 with a case in hand: finish it (办结) and call the next, in one transaction.

    Both or neither: when nothing waits (or the counter may not call) the case stays in
    hand, unfinished. A counter with no case in hand just calls. Returns the call.
    """
    with transaction(store) as ctx:
        if sql.counter_of(ctx.session.connection(), ctx.hall_id, counter).current_ticket_id:
            finished = finish_in(ctx, counter=counter, clerk=clerk)
            ctx = after_lock(ctx, finished.event.at)
        called = call_next_in(ctx, counter=counter, clerk=clerk)
    return called.info()


def call_next_in(ctx: Ctx, *, counter: int, clerk: str | None) -> Acted:
    """call_next's body, in the caller's transaction."""
    conn = ctx.session.connection()
    row = _ready_counter(ctx, counter)
    policy, ids = catalog(ctx).policy(row.id, row.dispatch)
    limit = ctx.hall.dispatch.priority_streak_limit
    heads: int | None = HEADS
    while True:
        sent, waiting = sql.read_candidates(conn, ctx.hall_id, ctx.day, counter, ids, heads)
        decision = decide(
            waiting,
            policy,
            streak=row.priority_streak,
            streak_limit=limit,
            now=ctx.now,
            sent=sent,
        )
        if not decision.order:
            raise NothingWaiting(counter)
        ticket = _lock_first(ctx, decision.order)
        if ticket is not None:
            ctx = after_ticket(ctx, ticket)
            break
        if heads is None:
            raise NothingWaiting(counter)
        heads = None  # every head is held by another counter: look further back
    cand = next(c for c in decision.order if c.ticket_id == ticket.id)
    next_status(ticket.code, ticket.status, Action.CALL)
    who = clerk or row.clerk
    sql.take(conn, ticket, row, ctx.now, who, decision.streak_after(cand))
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
    return Acted(ctx, event, ticket, counter, recalls=0)


def call_chosen(store: Store, *, counter: int, code: str, clerk: str | None = None) -> CallInfo:
    """特呼: call a chosen waiting ticket (or a no-show who came back) to `counter`."""
    with store.write() as session:
        ctx = context(store, session)
        row = _ready_counter(ctx, counter)
        ticket = sql.ticket_by_code(session.connection(), ctx.hall_id, ctx.day, code)
        if ticket is None:
            raise UnknownTicket(code.strip().upper())
        ctx = after_ticket(ctx, ticket)
        next_status(ticket.code, ticket.status, Action.CALL)
        who = clerk or row.clerk
        # 特呼 leaves the counter's priority streak as it was.
        sql.take(session.connection(), ticket, row, ctx.now, who, row.priority_streak)
        event = record(
            ctx,
            "called",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=who,
            details={"chosen": True, "priority": ticket.priority, "wait_s": _wait_s(ctx, ticket)},
        )
        return call_info(ctx, event, ticket, counter, recalls=0)


def recall(store: Store, *, counter: int, clerk: str | None = None) -> CallInfo:
    """重呼: call the counter's current ticket again, up to the hall's recall limit."""
    with store.write() as session:
        ctx = context(store, session)
        ticket = sql.in_hand_of(session.connection(), ctx.hall_id, counter)
        ctx = after_ticket(ctx, ticket)
        limit = ctx.hall.dispatch.recall_limit
        next_status(ticket.code, ticket.status, Action.RECALL)
        if ticket.recalls >= limit:
            raise TooManyRecalls(ticket.code, limit)
        recalls = ticket.recalls + 1
        sql.set_ticket(session.connection(), ticket.id, recalls=recalls)
        event = record(
            ctx,
            "recalled",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=clerk or ticket.counter_clerk,
            details={"recalls": recalls, "limit": limit},
        )
        return call_info(ctx, event, ticket, counter, recalls=recalls)


def start_service(store: Store, *, counter: int, clerk: str | None = None) -> CallInfo:
    """The citizen is at the counter: service starts (its time counts from here)."""
    with store.write() as session:
        ctx = context(store, session)
        ticket = sql.in_hand_of(session.connection(), ctx.hall_id, counter)
        ctx = after_ticket(ctx, ticket)
        status = next_status(ticket.code, ticket.status, Action.START)
        sql.set_ticket(session.connection(), ticket.id, status=status.value, started_at=ctx.now)
        event = record(
            ctx,
            "started",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=clerk or ticket.counter_clerk,
        )
        return call_info(ctx, event, ticket, counter)


def finish(store: Store, *, counter: int, clerk: str | None = None) -> CallInfo:
    """办结: the case is done; the counter is free for the next call."""
    with transaction(store) as ctx:
        finished = finish_in(ctx, counter=counter, clerk=clerk)
    return finished.info()


def finish_in(ctx: Ctx, *, counter: int, clerk: str | None) -> Acted:
    """finish's body, in the caller's transaction."""
    conn = ctx.session.connection()
    ticket = sql.in_hand_of(conn, ctx.hall_id, counter)
    ctx = after_ticket(ctx, ticket)
    status = next_status(ticket.code, ticket.status, Action.FINISH)
    sql.set_ticket(conn, ticket.id, status=status.value, ended_at=ctx.now)
    sql.free(conn, ticket.counter_id)
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
    return Acted(ctx, event, ticket, counter)


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
        conn = session.connection()
        ticket = sql.in_hand_of(conn, ctx.hall_id, counter)
        ctx = after_ticket(ctx, ticket)
        if to_counter is not None and not sql.counter_exists(conn, ctx.hall_id, to_counter):
            raise UnknownCounter(to_counter)
        svc_id = service_by_code(ctx, to_service).id if to_service else ticket.service_id
        status = next_status(ticket.code, ticket.status, Action.TRANSFER)
        sql.set_ticket(conn, ticket.id, status=status.value, ended_at=ctx.now)
        sql.free(conn, ticket.counter_id)
        keeps = ctx.hall.dispatch.transfer_keeps_place
        follow: dict[str, Any] = {
            "service_id": svc_id,
            "status": WAITING,
            "queue_key": ticket.queue_key if keeps else queue_key_at(ctx.now),
            "target_counter": to_counter,
            "note": note,
        }
        follow_id = sql.continue_ticket(conn, ticket.id, follow)
        event = record(
            ctx,
            "transferred",
            ticket=ticket,
            service=service_code(ctx, ticket.service_id),
            counter=counter,
            clerk=clerk or ticket.counter_clerk,
            details={
                "to_service": service_code(ctx, svc_id),
                "to_counter": to_counter,
                "new_ticket_id": follow_id,
                "note": note,
            },
        )
        return call_info(ctx, event, ticket, counter)


__all__ = [
    "call_chosen",
    "call_next",
    "finish",
    "finish_and_call_next",
    "mark_no_show",
    "recall",
    "requeue",
    "start_service",
    "transfer",
]
