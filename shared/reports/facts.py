"""Per-case facts replayed from the event log: one CaseFact per ticket row, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, Connection, Integer, and_, case, cast, extract, func, select

from shared.reports.period import Period
from shared.store.models import Event, Ticket

# The kinds that decide a case's figures; recalls, starts and counter events change none.
KINDS = ("issued", "called", "no_show", "requeued", "finished", "transferred", "cancelled", "rated")

SERVED, NO_SHOW, CANCELLED, TRANSFERRED, OPEN, UNSERVED = (
    "served",
    "no_show",
    "cancelled",
    "transferred",
    "open",
    "unserved",  # still waiting when the day closed: voided, went home unserved
)


@dataclass(slots=True)
class CaseFact:
    """What happened to one ticket row (a transfer's continuation is a row of its own)."""

    ticket_id: int
    origin: bool  # issued at the kiosk; False for a transfer's continuation
    service_id: int
    business_day: date
    issue_hour: int  # hall's local hour of the (first) issue
    outcome: str = OPEN
    wait_s: float | None = None  # issue to first call, origin rows only
    service_s: float | None = None
    finish_hour: int | None = None
    counter: int | None = None
    clerk: str | None = None
    rated: bool = False
    level: int | None = None  # 1..5; None with rated=True is 未评价


def _epoch(column: Any, dialect: str) -> Any:
    """Whole UTC seconds since 1970 in SQL: far cheaper to read than a datetime per row."""
    if dialect == "postgresql":
        return cast(extract("epoch", column), BigInteger)
    # SQLite keeps UTC text; strftime('%s') reads it as UTC.
    return cast(func.strftime("%s", column), Integer)


def _statement(hall_id: int, period: Period, dialect: str) -> Any:
    details = Event.details
    return (
        select(
            Ticket.id,
            Ticket.parent_id,
            Ticket.service_id,
            Ticket.business_day,
            _epoch(Ticket.issued_at, dialect),
            Event.kind,
            # Only a finish's moment is needed (the hour it was served).
            case((Event.kind == "finished", _epoch(Event.at, dialect))),
            Event.counter,
            Event.clerk,
            details["wait_s"].as_float(),
            details["service_s"].as_float(),
            details["requeued"].as_boolean(),
            details["level"].as_integer(),
            details["day_closed"].as_boolean(),
        )
        .select_from(Ticket)
        # Outer join: a continuation nobody has called yet has no event but is an open case.
        .outerjoin(Event, and_(Event.ticket_id == Ticket.id, Event.kind.in_(KINDS)))
        .where(
            Ticket.hall_id == hall_id,
            Ticket.business_day >= period.first,
            Ticket.business_day <= period.last,
        )
        .order_by(Ticket.id, Event.id)
    )


class LocalHours:
    """Local hour of a UTC epoch, converted once per quarter hour (every zone offset is a
    multiple of 15 minutes), so daylight saving is honoured at little cost."""

    def __init__(self, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)
        self.cache: dict[int, int] = {}

    def hour(self, epoch: int) -> int:
        slot = epoch // 900
        hour = self.cache.get(slot)
        if hour is None:
            hour = datetime.fromtimestamp(slot * 900, self.zone).hour
            self.cache[slot] = hour
        return hour


def _apply(fact: CaseFact, row: Any, hours: LocalHours) -> None:
    kind = row[5]
    if kind is None or kind == "issued":
        return
    if kind == "called":
        # The citizen's wait is issue to first call; later calls (after a requeued
        # no-show, or of a transfer's continuation) are not waits of their own.
        if fact.wait_s is None and fact.origin and row[9] is not None:
            fact.wait_s = float(row[9])
        fact.outcome = OPEN  # at a counter, not decided yet (a no-show may come back)
        fact.counter, fact.clerk = row[7], row[8]
        return
    if kind == "rated":
        fact.rated, fact.level = True, row[12]
        return
    if kind == "requeued" or (kind == "no_show" and row[11]):
        fact.outcome = OPEN
        return
    fact.outcome = {
        "no_show": NO_SHOW,
        "finished": SERVED,
        "transferred": TRANSFERRED,
        "cancelled": UNSERVED if row[13] else CANCELLED,
    }[kind]
    if row[7] is not None:
        fact.counter, fact.clerk = row[7], row[8] or fact.clerk
    if kind == "finished":
        fact.service_s = float(row[10]) if row[10] is not None else None
        fact.finish_hour = hours.hour(int(row[6]))


def case_facts(conn: Connection, hall_id: int, timezone: str, period: Period) -> Iterator[CaseFact]:
    """Every ticket row of the period's business days, replayed from its events, in id order."""
    hours = LocalHours(timezone)
    statement = _statement(hall_id, period, conn.dialect.name)
    result = conn.execution_options(yield_per=20_000).execute(statement)
    fact: CaseFact | None = None
    for row in result:
        if fact is None or row[0] != fact.ticket_id:
            if fact is not None:
                yield fact
            fact = CaseFact(
                ticket_id=row[0],
                origin=row[1] is None,
                service_id=row[2],
                business_day=row[3],
                issue_hour=hours.hour(int(row[4])),
            )
        _apply(fact, row, hours)
    if fact is not None:
        yield fact
