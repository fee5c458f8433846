"""Ticket and counter rows as the use cases read them: typed, immutable values.

shared.services.statements reads them (its TICKET_COLUMNS and counter_row(), in order).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.domain.dispatch import Candidate


@dataclass(frozen=True, slots=True)
class TicketRow:
    """A ticket as the use cases read it (TICKET_COLUMNS, in order)."""

    id: int
    code: str
    status: str
    service_id: int
    priority: bool
    issued_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    recalls: int
    requeues: int
    queue_key: int
    clerk: str | None


@dataclass(frozen=True, slots=True)
class InHand(TicketRow):
    """The ticket in a counter's hands, with that counter's id and clerk."""

    counter_id: int
    counter_clerk: str | None


@dataclass(frozen=True, slots=True)
class CounterRow:
    """A counter as the use cases read it (see counter_row())."""

    id: int
    number: int
    state: str
    clerk: str | None
    current_ticket_id: int | None
    priority_streak: int
    dispatch: str
    active: bool


def _ticket(row: Any) -> TicketRow | None:
    return None if row is None else TicketRow(*row)


def ticket_row(row: Any) -> TicketRow | None:
    """A row of TICKET_COLUMNS as a TicketRow (None stays None)."""
    return None if row is None else TicketRow(*row)


def candidates_of(
    rows: Iterable[Any], codes: Mapping[int, str]
) -> tuple[list[Candidate], list[Candidate]]:
    """(tickets sent to the counter, the others waiting) as the dispatch decision takes
    them; `codes` are service codes by id."""
    sent: list[Candidate] = []
    waiting: list[Candidate] = []
    for r in rows:
        cand = Candidate(
            int(r.id), codes.get(r.service_id, "?"), bool(r.priority), int(r.queue_key)
        )
        (waiting if r.target_counter is None else sent).append(cand)
    return sent, waiting
