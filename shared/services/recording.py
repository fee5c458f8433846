"""What a use case writes to the event log, and what a clerk's action returns of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from shared.services import statements as sql
from shared.services.results import CallInfo

if TYPE_CHECKING:
    from shared.services.common import Ctx


@dataclass(frozen=True)
class EventRow:
    """The event a use case wrote (what callers read back of it).

    Recorded in a `transaction()`, it is written when the transaction's body is done;
    `id` is known from then on.
    """

    kind: str
    at: datetime
    code: str | None
    service: str | None
    counter: int | None
    clerk: str | None
    details: dict[str, Any]
    ticket_id: int | None = None
    written: list[int] = field(default_factory=list, repr=False, compare=False)

    @property
    def id(self) -> int:
        if not self.written:
            raise RuntimeError(
                f"the {self.kind!r} event is not written yet: its transaction "
                "writes it when its body is done"
            )
        return self.written[0]

    def values(self, hall_id: int) -> dict[str, Any]:
        """The event table's columns."""
        return {
            "hall_id": hall_id,
            "at": self.at,
            "kind": self.kind,
            "ticket_id": self.ticket_id,
            "code": self.code,
            "service": self.service,
            "counter": self.counter,
            "clerk": self.clerk,
            "details": self.details,
        }

    def insert(self, ctx: Ctx) -> None:
        event_id = ctx.session.connection().execute(sql.insert_event(), self.values(ctx.hall_id))
        self.written.append(int(event_id.scalar_one()))


class HasCode(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def code(self) -> str: ...


def record(
    ctx: Ctx,
    kind: str,
    *,
    ticket: HasCode | None = None,
    service: str | None = None,
    counter: int | None = None,
    clerk: str | None = None,
    details: dict[str, Any] | None = None,
) -> EventRow:
    """Append an event row of this transaction (a Core insert: no ORM flush); in a
    `transaction()` it is written, after the others recorded there, when its body is done.

    On PostgreSQL a trigger on the event table draws the id under a per-hall lock held
    to commit (ids commit in order) and NOTIFYs listeners at commit. Pending ORM changes
    are flushed first, so nothing after the insert waits on another writer's row lock.
    """
    event = EventRow(
        kind,
        ctx.now,
        ticket.code if ticket else None,
        service,
        counter,
        clerk,
        details or {},
        ticket.id if ticket else None,
    )
    if ctx.pending is not None:
        ctx.pending.append(event)
        return event
    ctx.session.flush()
    event.insert(ctx)
    return event


def write_events(ctx: Ctx) -> None:
    """Write the events a `transaction()`'s body recorded, in order, after its ORM changes."""
    assert ctx.pending is not None
    ctx.session.flush()
    for event in ctx.pending:
        event.insert(ctx)
    ctx.pending.clear()


class HasRecalls(HasCode, Protocol):
    @property
    def recalls(self) -> int: ...


def call_info(
    ctx: Ctx, event: EventRow, ticket: HasRecalls, counter: int, *, recalls: int | None = None
) -> CallInfo:
    """What a clerk's action returns: the event it wrote and the ticket it was about."""
    return CallInfo(
        event_id=event.id,
        kind=event.kind,
        ticket_id=int(ticket.id),
        code=ticket.code,
        counter=counter,
        service=event.service or "",
        at=event.at,
        recalls=int(ticket.recalls if recalls is None else recalls),
        details=dict(event.details or {}),
    )


@dataclass(frozen=True)
class Acted:
    """A clerk's action done in a transaction; `info()` once its event is written."""

    ctx: Ctx
    event: EventRow
    ticket: HasRecalls
    counter: int
    recalls: int | None = None

    def info(self) -> CallInfo:
        return call_info(self.ctx, self.event, self.ticket, self.counter, recalls=self.recalls)
