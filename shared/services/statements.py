"""The one module of statements the use cases read and write through: ticket and counter
rows come back as the typed values of shared.services.rows.

The SQL itself is built once and reused (shared.services.compiled); the statements a use
case runs directly are re-exported here, so every use case imports this module alone.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, select

from shared.domain.dispatch import Candidate
from shared.domain.errors import NoCurrentTicket, UnknownCounter
from shared.services.compiled import (
    C,
    T,
    candidates,
    counter_with_current,
    free_counter,
    lock_first_of,
    lock_waiting,
    service_line,
    set_counter_current,
    take_ticket,
    ticket_of_code,
    ticket_update,
)
from shared.services.compiled import counter_row as counter_row
from shared.services.compiled import insert_event as insert_event
from shared.services.compiled import insert_ticket as insert_ticket
from shared.services.compiled import lock_service as lock_service
from shared.services.compiled import next_number as next_number
from shared.services.compiled import open_counter_ids as open_counter_ids
from shared.services.compiled import people_ahead as people_ahead
from shared.services.compiled import waiting_by_service as waiting_by_service
from shared.services.rows import CounterRow as CounterRow
from shared.services.rows import InHand as InHand
from shared.services.rows import TicketRow as TicketRow
from shared.services.rows import candidates_of, ticket_row


def counter_of(conn: Connection, hall_id: int, number: int) -> CounterRow:
    """The counter `number`, locked; UnknownCounter if there is none (or it is inactive)."""
    row = conn.execute(counter_row(), {"hall_id": hall_id, "number": number}).first()
    if row is None or not row.active:
        raise UnknownCounter(number)
    return CounterRow(*row)


def in_hand_of(conn: Connection, hall_id: int, number: int) -> InHand:
    """The ticket counter `number` holds, both rows locked; else NoCurrentTicket."""
    row = conn.execute(counter_with_current(), {"hall_id": hall_id, "number": number}).first()
    if row is None or not row.active:
        counter_of(conn, hall_id, number)  # UnknownCounter where that is the reason
        raise NoCurrentTicket(number)
    return InHand(*row[:-1])  # the ticket's columns, the counter's id and clerk


def lock_ticket(conn: Connection, ticket_id: int) -> TicketRow | None:
    """The ticket, locked, if it still waits and no other counter holds it."""
    return ticket_row(conn.execute(lock_waiting(), {"ticket_id": ticket_id}).first())


def lock_first(conn: Connection, ids: list[int]) -> TicketRow | None:
    """PostgreSQL: the first of `ids` that waits and no other counter holds, locked."""
    return ticket_row(conn.execute(lock_first_of(), {"ids": ids}).first())


def ticket_by_code(conn: Connection, hall_id: int, day: date, code: str) -> TicketRow | None:
    """The day's live ticket with this code (a transfer's continuation), locked."""
    params = {"hall_id": hall_id, "day": day, "code": code.strip().upper()}
    return ticket_row(conn.execute(ticket_of_code(), params).first())


def ticket_code(conn: Connection, ticket_id: int) -> str | None:
    return conn.execute(select(T.c.code).where(T.c.id == ticket_id)).scalar()


def counter_exists(conn: Connection, hall_id: int, number: int) -> bool:
    query = select(C.c.id).where(C.c.hall_id == hall_id, C.c.number == number)
    return conn.execute(query).first() is not None


def take(
    conn: Connection,
    ticket: TicketRow,
    counter: CounterRow,
    now: datetime,
    clerk: str | None,
    streak: int,
) -> None:
    """The counter calls the ticket: the ticket is called there, the counter holds it."""
    params = {"ticket_id": ticket.id, "b_now": now, "b_number": counter.number, "b_clerk": clerk}
    conn.execute(take_ticket(), params)
    conn.execute(
        set_counter_current(), {"counter_id": counter.id, "ticket_id": ticket.id, "streak": streak}
    )


def continue_ticket(conn: Connection, parent_id: int, values: dict[str, Any]) -> int:
    """A transfer's continuation of ticket `parent_id`: same hall, day, code, number, class,
    issue time and booking, with `values` (service_id, status, queue_key, target_counter,
    note) of its own. Returns its id."""
    params = {"parent_id": parent_id, **{f"v_{k}": v for k, v in values.items()}}
    return int(conn.execute(continuation(*sorted(values)), params).scalar_one())


@cache
def continuation(*columns: str) -> Any:
    kept = ("hall_id", "business_day", "code", "number", "priority", "issued_at", "appointment_id")
    source = select(
        *(T.c[name] for name in kept),
        T.c.id.label("parent_id"),
        *(bindparam(f"v_{name}", type_=T.c[name].type).label(name) for name in columns),
    ).where(T.c.id == bindparam("parent_id"))
    return T.insert().from_select([*kept, "parent_id", *columns], source).returning(T.c.id)


def set_ticket(conn: Connection, ticket_id: int, **values: Any) -> None:
    """UPDATE the ticket's `values` (a statement built once per set of columns)."""
    conn.execute(
        ticket_update(*sorted(values)),
        {"ticket_id": ticket_id, **{f"v_{k}": v for k, v in values.items()}},
    )


def free(conn: Connection, counter_id: int) -> None:
    conn.execute(free_counter(), {"counter_id": counter_id})


def line_of(conn: Connection, ticket: TicketRow, hall_id: int, day: date) -> list[Any]:
    """(priority, queue_key) of the others waiting in the ticket's service line (过号重排)."""
    params = {
        "hall_id": hall_id,
        "day": day,
        "service_id": ticket.service_id,
        "ticket_id": ticket.id,
    }
    return list(conn.execute(service_line(), params).all())


def read_candidates(
    conn: Connection,
    hall_id: int,
    day: date,
    number: int,
    ids: dict[str, int],
    heads: int | None,
) -> tuple[list[Candidate], list[Candidate]]:
    """(tickets sent to counter `number`, the first `heads` of each line it serves), as the
    dispatch decision takes them; `ids` are the counter's services' ids by code."""
    codes = {v: k for k, v in ids.items()}
    rows = conn.execute(
        candidates(),
        {
            "hall_id": hall_id,
            "day": day,
            "service_ids": list(ids.values()),
            "number": number,
            "heads": heads if heads is not None else 2**31 - 1,
        },
    ).all()
    return candidates_of(rows, codes)
