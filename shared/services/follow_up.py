"""差评整改: the follow-up of a bad rating — list the items, close one with its outcome."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from shared.domain.errors import DomainError
from shared.domain.numbering import business_day
from shared.services.common import context, record
from shared.services.rating import LEVELS
from shared.store.db import Store
from shared.store.models import Clerk, FollowUp, Hall, Rating, Service, Ticket


class Outcome(StrEnum):
    """How a bad rating was dealt with (the four ways the guidance names)."""

    FIXED = "fixed"  # 立行立改: fixed at once
    LEDGER = "ledger"  # 列入台账: put on the ledger with a deadline
    EXPLAINED = "explained"  # 解释说明: explained to the citizen
    APPEALED = "appealed"  # 申诉: appealed as a mistaken rating


OUTCOME_ZH = {
    # The same words as the counter's follow-up dialog (counter/follow_up.py).
    Outcome.FIXED: "立即整改",
    Outcome.LEDGER: "列入台账限期整改",
    Outcome.EXPLAINED: "解释说明",
    Outcome.APPEALED: "申诉（误评）",
}


class FollowUpNotFound(DomainError):
    def __init__(self, follow_up_id: int) -> None:
        super().__init__(f"no follow-up item {follow_up_id}: see `hallq rating follow-up list`")
        self.follow_up_id = follow_up_id


class FollowUpClosed(DomainError):
    def __init__(self, follow_up_id: int, closed_by: str | None) -> None:
        who = f" by {closed_by}" if closed_by else ""
        super().__init__(f"follow-up item {follow_up_id} is already closed{who}")
        self.follow_up_id = follow_up_id


@dataclass(frozen=True)
class FollowUpItem:
    """One follow-up item, as the CLI, the reports and the counter's supervisor view show it."""

    id: int
    ticket_id: int
    code: str
    business_day: date
    service: str
    service_name: str
    counter: int | None
    clerk: str | None
    level: int
    level_label: str
    reasons: tuple[str, ...]
    opened_at: datetime
    due_on: date
    age_days: int  # whole days since it was opened, in the hall's calendar
    overdue: bool
    state: str  # open | closed
    outcome: str | None
    action: str
    closed_by: str | None
    closed_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["reasons"] = list(self.reasons)
        for key in ("business_day", "due_on", "opened_at", "closed_at"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        return data


def _query(hall_id: int) -> Select[FollowUp, Rating, Ticket, str, str]:
    return (
        select(FollowUp, Rating, Ticket, Service.code, Service.name)
        .join(Rating, Rating.id == FollowUp.rating_id)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .join(Service, Service.id == Ticket.service_id)
        .where(FollowUp.hall_id == hall_id)
        .order_by(FollowUp.opened_at, FollowUp.id)
    )


def _items(
    session: Session, query: Select[FollowUp, Rating, Ticket, str, str], hall: Hall, now: datetime
) -> list[FollowUpItem]:
    today = business_day(now, hall.timezone)
    zone = ZoneInfo(hall.timezone)
    items = []
    for follow, rating, ticket, svc_code, svc_name in session.execute(query).all():
        opened_day = follow.opened_at.astimezone(zone).date()
        still_open = follow.state == "open"
        end_day = (
            today
            if still_open or follow.closed_at is None
            else business_day(follow.closed_at, hall.timezone)
        )
        items.append(
            FollowUpItem(
                id=follow.id,
                ticket_id=ticket.id,
                code=ticket.code,
                business_day=ticket.business_day,
                service=svc_code,
                service_name=svc_name,
                counter=rating.counter,
                clerk=rating.clerk,
                level=int(rating.level or 0),
                level_label=LEVELS.get(int(rating.level or 0), "未评价"),
                reasons=tuple(str(r) for r in (rating.reasons or {}).get("items", [])),
                opened_at=follow.opened_at,
                due_on=follow.due_on,
                age_days=max(0, (end_day - opened_day).days),
                overdue=still_open and today > follow.due_on,
                state=follow.state,
                outcome=follow.outcome,
                action=follow.action or "",
                closed_by=follow.closed_by,
                closed_at=follow.closed_at,
            )
        )
    return items


def list_follow_ups(store: Store, *, open_only: bool = False) -> list[FollowUpItem]:
    """Every follow-up item of the hall, oldest first; with `open_only` those still open."""
    with store.read() as session:
        hall = session.get(Hall, store.hall_id(session))
        assert hall is not None
        query = _query(hall.id)
        if open_only:
            query = query.where(FollowUp.state == "open")
        return _items(session, query, hall, store.clock.now())


def open_follow_ups(store: Store) -> list[FollowUpItem]:
    """The follow-up items still open, oldest first, with their age and whether overdue."""
    return list_follow_ups(store, open_only=True)


def _check_supervisor(session: Session, hall_id: int, login: str) -> None:
    clerk = session.scalars(
        select(Clerk).where(Clerk.hall_id == hall_id, Clerk.login == login)
    ).first()
    if clerk is None or not clerk.active:
        raise DomainError(f"no active staff member with login {login!r} in this hall")
    roles = {r.strip() for r in clerk.roles.split(",")}
    if not roles & {"supervisor", "admin"}:
        raise DomainError(f"{login} is not a supervisor: only a supervisor closes a follow-up")


def close_follow_up(
    store: Store,
    *,
    follow_up_id: int,
    outcome: Outcome | str,
    action: str,
    by: str | None = None,
) -> int:
    """Record what was done about a bad rating and close its item; returns the event id."""
    try:
        chosen = Outcome(outcome)
    except ValueError:
        names = ", ".join(o.value for o in Outcome)
        raise DomainError(f"follow-up outcome must be one of {names}, got {outcome!r}") from None
    action = action.strip()
    if not action:
        raise DomainError("say what was done: the follow-up action text is empty")
    with store.write() as session:
        ctx = context(store, session)
        follow = session.scalars(
            select(FollowUp)
            .where(FollowUp.id == follow_up_id, FollowUp.hall_id == ctx.hall_id)
            .with_for_update()
        ).first()
        if follow is None:
            raise FollowUpNotFound(follow_up_id)
        if follow.state != "open":
            raise FollowUpClosed(follow_up_id, follow.closed_by)
        if by is not None:
            _check_supervisor(session, ctx.hall_id, by)
        rating = session.get(Rating, follow.rating_id)
        assert rating is not None
        ticket = session.get(Ticket, rating.ticket_id)
        assert ticket is not None
        svc = session.get(Service, ticket.service_id)
        follow.state = "closed"
        follow.outcome = chosen.value
        follow.action = action
        follow.closed_by = by
        follow.closed_at = ctx.now
        return record(
            ctx,
            "follow_up_closed",
            ticket=ticket,
            service=svc.code if svc else None,
            counter=rating.counter,
            clerk=by,
            details={
                "follow_up_id": follow.id,
                "outcome": chosen.value,
                "action": action,
                "level": rating.level,
                "rated_clerk": rating.clerk,
                "late": ctx.day > follow.due_on,
            },
        ).id


__all__ = [
    "OUTCOME_ZH",
    "FollowUpClosed",
    "FollowUpItem",
    "FollowUpNotFound",
    "Outcome",
    "close_follow_up",
    "list_follow_ups",
    "open_follow_ups",
]
