"""The hot use cases' SQL, built once and reused (through shared.services.statements).

A statement object built once keeps its compiled form and cache key, which is most of
what a use case spends outside the database; each is made on first use, never at import.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from sqlalchemy import BigInteger, Table, any_, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from shared.services.rows import CounterRow as CounterRow
from shared.services.rows import InHand as InHand
from shared.services.rows import TicketRow as TicketRow
from shared.store.models import Counter, Event, NumberSeq, Ticket

T = cast(Table, Ticket.__table__)
C = cast(Table, Counter.__table__)
E = cast(Table, Event.__table__)
N = cast(Table, NumberSeq.__table__)

TICKET_COLUMNS = (
    T.c.id,
    T.c.code,
    T.c.status,
    T.c.service_id,
    T.c.priority,
    T.c.issued_at,
    T.c.called_at,
    T.c.started_at,
    T.c.ended_at,
    T.c.recalls,
    T.c.requeues,
    T.c.queue_key,
    T.c.clerk,
)


@cache
def counter_row() -> Any:
    """The counter, locked: one counter's actions never interleave."""
    return (
        select(
            C.c.id,
            C.c.number,
            C.c.state,
            C.c.clerk,
            C.c.current_ticket_id,
            C.c.priority_streak,
            C.c.dispatch,
            C.c.active,
        )
        .where(C.c.hall_id == bindparam("hall_id"), C.c.number == bindparam("number"))
        .with_for_update()
    )


@cache
def counter_with_current() -> Any:
    """The counter and the ticket in its hands, both locked."""
    return (
        select(
            *TICKET_COLUMNS,
            C.c.id.label("counter_id"),
            C.c.clerk.label("counter_clerk"),
            C.c.active,
        )
        .join(T, T.c.id == C.c.current_ticket_id)
        .where(C.c.hall_id == bindparam("hall_id"), C.c.number == bindparam("number"))
        .with_for_update()
    )


@cache
def candidates() -> Any:
    """The first `heads` waiting tickets of each line a counter serves, and those sent to it."""
    rn = (
        func.row_number()
        .over(
            partition_by=(T.c.service_id, T.c.priority, T.c.target_counter),
            order_by=(T.c.queue_key, T.c.id),
        )
        .label("rn")
    )
    inner = (
        select(T.c.id, T.c.service_id, T.c.priority, T.c.queue_key, T.c.target_counter, rn)
        .where(
            T.c.hall_id == bindparam("hall_id"),
            T.c.business_day == bindparam("day"),
            T.c.status == "waiting",
            (
                T.c.service_id.in_(bindparam("service_ids", expanding=True))
                & T.c.target_counter.is_(None)
            )
            | (T.c.target_counter == bindparam("number")),
        )
        .subquery()
    )
    return select(
        inner.c.id,
        inner.c.service_id,
        inner.c.priority,
        inner.c.queue_key,
        inner.c.target_counter,
    ).where(inner.c.rn <= bindparam("heads"))


@cache
def lock_waiting() -> Any:
    """One waiting ticket, locked, unless another counter holds it."""
    return (
        select(*TICKET_COLUMNS)
        .where(T.c.id == bindparam("ticket_id"), T.c.status == "waiting")
        .with_for_update(skip_locked=True)
    )


@cache
def lock_first_of() -> Any:
    """PostgreSQL: the first of :ids (in their order) that waits and is not held elsewhere."""
    ids = bindparam("ids", type_=ARRAY(BigInteger))
    return (
        select(*TICKET_COLUMNS)
        .where(T.c.id == any_(ids), T.c.status == "waiting")
        .order_by(func.array_position(ids, T.c.id))
        .limit(1)
        .with_for_update(skip_locked=True)
    )


@cache
def ticket_of_code() -> Any:
    return (
        select(*TICKET_COLUMNS)
        .where(
            T.c.hall_id == bindparam("hall_id"),
            T.c.business_day == bindparam("day"),
            T.c.code == bindparam("code"),
        )
        .order_by(T.c.id.desc())
        .limit(1)
        .with_for_update()
    )


@cache
def service_line() -> Any:
    return select(T.c.priority, T.c.queue_key).where(
        T.c.hall_id == bindparam("hall_id"),
        T.c.business_day == bindparam("day"),
        T.c.service_id == bindparam("service_id"),
        T.c.status == "waiting",
        T.c.target_counter.is_(None),
        T.c.id != bindparam("ticket_id"),
    )


@cache
def take_ticket() -> Any:
    return (
        update(T)
        .where(T.c.id == bindparam("ticket_id"))
        .values(
            status="called",
            called_at=bindparam("b_now"),
            counter_number=bindparam("b_number"),
            clerk=bindparam("b_clerk"),
            recalls=0,
            # Called: no longer sent to (or held at) a particular counter.
            target_counter=None,
        )
    )


@cache
def set_counter_current() -> Any:
    return (
        update(C)
        .where(C.c.id == bindparam("counter_id"))
        .values(
            current_ticket_id=bindparam("ticket_id"),
            priority_streak=bindparam("streak"),
        )
    )


@cache
def free_counter() -> Any:
    return update(C).where(C.c.id == bindparam("counter_id")).values(current_ticket_id=None)


@cache
def ticket_update(*columns: str) -> Any:
    """UPDATE ticket SET <columns> WHERE id = :ticket_id (values bound as :v_<column>)."""
    return (
        update(T)
        .where(T.c.id == bindparam("ticket_id"))
        .values({name: bindparam(f"v_{name}") for name in columns})
    )


@cache
def insert_event() -> Any:
    return E.insert().returning(E.c.id)


@cache
def insert_ticket() -> Any:
    return T.insert().returning(T.c.id)


@cache
def next_number(postgres: bool) -> Any:
    insert = pg_insert if postgres else sqlite_insert
    return (
        insert(N)
        .values(
            hall_id=bindparam("hall_id"),
            business_day=bindparam("day"),
            prefix=bindparam("prefix"),
            last_number=1,
        )
        .on_conflict_do_update(
            index_elements=["hall_id", "business_day", "prefix"],
            set_={"last_number": N.c.last_number + 1},
        )
        .returning(N.c.last_number)
    )


@cache
def people_ahead(priority: bool) -> Any:
    """Waiting tickets of the same service that will be called before a given one."""
    query = select(func.count(T.c.id)).where(
        T.c.hall_id == bindparam("hall_id"),
        T.c.business_day == bindparam("day"),
        T.c.service_id == bindparam("service_id"),
        T.c.status == "waiting",
        T.c.id != bindparam("ticket_id"),
    )
    if priority:
        return query.where(T.c.priority.is_(True), T.c.queue_key <= bindparam("queue_key"))
    return query.where(T.c.priority.is_(True) | (T.c.queue_key <= bindparam("queue_key")))


@cache
def waiting_by_service() -> Any:
    """Who waits per service; a ticket held aside by a counter (挂起) is not waiting in line."""
    return (
        select(T.c.service_id, func.count())
        .where(
            T.c.hall_id == bindparam("hall_id"),
            T.c.business_day == bindparam("day"),
            T.c.status == "waiting",
            T.c.target_counter.is_(None) | (T.c.target_counter >= 0),
        )
        .group_by(T.c.service_id)
    )


@cache
def open_counter_ids() -> Any:
    return select(C.c.id).where(C.c.hall_id == bindparam("hall_id"), C.c.state == "open")


@cache
def lock_service() -> Any:
    return select(func.pg_advisory_xact_lock(bindparam("space"), bindparam("service_id")))
