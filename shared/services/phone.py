"""What the citizen's phone reads: a ticket by its page token, in bulk for live pages.

hallq-web follows the change feed once and, after each batch of events, reads every open
page's ticket in one transaction (`ticket_views`), never once per page.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from shared.config.spec import WebSpec
from shared.domain.forecast import WaitEstimate
from shared.services.common import Ctx, catalog, context
from shared.services.forecasting import waiting_estimates
from shared.services.queries import max_event_id
from shared.services.quota import day_bounds
from shared.services.results import EventInfo
from shared.store.db import Store
from shared.store.models import Department, Event, Ticket

TOKEN_MAX = 64  # longer path segments are refused before the store is asked
# The replayed estimates change slowly: pages reuse one replay of the hall this long
# (people ahead and the state are read afresh at every refresh).
ESTIMATE_TTL_S = 10.0
# The ticket columns a page needs (the web role's grants in shared/store/roles.py).
PAGE_COLUMNS = (
    Ticket.id,
    Ticket.code,
    Ticket.service_id,
    Ticket.status,
    Ticket.priority,
    Ticket.queue_key,
    Ticket.counter_number,
    Ticket.recalls,
    Ticket.requeues,
    Ticket.business_day,
    Ticket.parent_id,
    Ticket.web_token,
)


@dataclass(frozen=True)
class TicketView:
    """One ticket as its phone page shows it: no personal data, no internal id."""

    code: str
    service: str
    service_name: str
    service_name_en: str
    status: str  # waiting | called | serving | finished | no_show | transferred | cancelled
    people_ahead: int
    est_wait_min: int | None
    counter: int | None
    recalls: int
    requeues: int  # 过号重排: put back in line after a no-show
    business_day: date

    def to_json(self) -> dict[str, Any]:
        # Built by hand: asdict() deep-copies, and a live hall sends this to every page.
        return {
            "code": self.code,
            "service": self.service,
            "service_name": self.service_name,
            "service_name_en": self.service_name_en,
            "status": self.status,
            "people_ahead": self.people_ahead,
            "est_wait_min": self.est_wait_min,
            "counter": self.counter,
            "recalls": self.recalls,
            "requeues": self.requeues,
            "business_day": self.business_day.isoformat(),
        }


def root_by_token(store: Store, token: str) -> int | None:
    """The id of today's ticket whose page key is `token`; None if none (or not today)."""
    if not token or len(token) > TOKEN_MAX:
        return None
    with store.read() as session:
        ctx = context(store, session)
        row = session.execute(
            select(Ticket.id, Ticket.business_day).where(
                Ticket.hall_id == ctx.hall_id, Ticket.web_token == token
            )
        ).first()
        if row is None or row.business_day != ctx.day:
            return None  # another day's ticket: its page has expired
        return int(row.id)


Known = dict[int, tuple[str, date]]  # root id -> (code, business day), as a page last saw it


def ticket_views(
    store: Store, roots: list[int], known: Known | None = None
) -> dict[int, TicketView]:
    """The current view of each ticket (by its root id), read in one transaction.

    `known` gives roots' codes and days already read (a root's code never changes),
    which saves reading them again.
    """
    if not roots:
        return {}
    with store.read() as session:
        ctx = context(store, session)
        return _views(ctx, roots, known or {})


def _views(ctx: Ctx, roots: list[int], known: Known) -> dict[int, TicketView]:
    s = ctx.session
    origin = {root: known[root] for root in roots if root in known}
    missing = [root for root in roots if root not in known]
    if missing:
        origin.update(
            (int(r.id), (r.code, r.business_day))
            for r in s.execute(
                select(Ticket.id, Ticket.code, Ticket.business_day).where(Ticket.id.in_(missing))
            )
        )
    # Only today's: yesterday's A001 must never show today's A001.
    origin = {root: (code, day) for root, (code, day) in origin.items() if day == ctx.day}
    codes = {code for code, _day in origin.values()}
    # One read of today's waiting tickets and of the pages' own (a transfer's continuation
    # shares the code: the newest row of a code is the live one).
    latest: dict[str, Any] = {}
    queue = []
    for row in s.execute(
        select(*PAGE_COLUMNS)
        .where(
            Ticket.hall_id == ctx.hall_id,
            Ticket.business_day == ctx.day,
            (Ticket.status == "waiting") | Ticket.code.in_(codes),
        )
        .order_by(Ticket.id)
    ):
        if row.code in codes:
            latest[row.code] = row
        if row.status == "waiting":
            queue.append(row)
    lines = waiting_lines(queue)
    cat = catalog(ctx)
    shown = [int(row.id) for row in latest.values() if row.status == "waiting"]
    estimates = _estimates(ctx, shown) if shown else {}
    out: dict[int, TicketView] = {}
    for root, (code, _day) in origin.items():
        found = latest.get(code)
        if found is None:
            continue
        row = found
        svc = cat.by_id.get(row.service_id)
        ahead, est = 0, None
        if row.status == "waiting" and svc is not None:
            ahead = max(0, lines[row.service_id].ahead(row)) if row.service_id in lines else 0
            wait = estimates.get(int(row.id))
            est = wait.minutes if wait is not None else None
        out[root] = TicketView(
            code=row.code,
            service=svc.code if svc else "",
            service_name=svc.name if svc else "",
            service_name_en=svc.name_en if svc else "",
            status=row.status,
            people_ahead=ahead,
            est_wait_min=est,
            counter=row.counter_number if row.status in ("called", "serving") else None,
            recalls=row.recalls,
            requeues=row.requeues,
            business_day=row.business_day,
        )
    return out


def _estimates(ctx: Ctx, ticket_ids: list[int]) -> dict[int, WaitEstimate | None]:
    """The replayed estimate `status --json` and the board show, one replay of the hall for
    every open page, reused for ESTIMATE_TTL_S unless a page is new."""
    cached = ctx.store.cache.get("phone_estimates")
    now = time.monotonic()
    if (
        cached is not None
        and now - cached[0] < ESTIMATE_TTL_S
        and cached[1] == ctx.day
        and all(i in cached[2] for i in ticket_ids)
    ):
        return cached[2]  # type: ignore[no-any-return]
    # The inputs of hall_status's replay (its services, its seed): the same figure.
    codes = [svc.code for svc in catalog(ctx).services if svc.active]
    last = max_event_id(ctx.session, ctx.hall_id)
    _snap, per_ticket, _per_service = waiting_estimates(ctx, codes, seed=last)
    ctx.store.cache["phone_estimates"] = (now, ctx.day, per_ticket)
    return per_ticket


class _Line:
    """A service's waiting tickets by queue key: priority ones apart, both sorted."""

    def __init__(self) -> None:
        self.priority: list[int] = []
        self.normal: list[int] = []

    def ahead(self, ticket: Any) -> int:
        """As statements.people_ahead: priority tickets first, then by place in line."""
        key = ticket.queue_key
        if ticket.priority:
            return bisect_right(self.priority, key) - 1  # less the ticket itself
        return len(self.priority) + bisect_right(self.normal, key) - 1


def waiting_lines(queue: Sequence[Any]) -> dict[int, _Line]:
    """Each service's line of waiting tickets (rows with service_id, priority, queue_key)."""
    lines: dict[int, _Line] = {}
    for row in queue:
        line = lines.setdefault(int(row.service_id), _Line())
        (line.priority if row.priority else line.normal).append(int(row.queue_key))
    for line in lines.values():
        line.priority.sort()
        line.normal.sort()
    return lines


@dataclass(frozen=True)
class HallPage:
    """What every phone page shows of the hall, and the [web] settings."""

    code: str
    name: str
    name_en: str
    timezone: str
    notice: str
    notice_en: str
    web: WebSpec
    departments: tuple[tuple[str, str, str], ...]  # (code, name, name_en) in hall order


def hall_page(store: Store) -> HallPage:
    """The hall's names, notice, [web] settings and departments."""
    with store.read() as session:
        ctx = context(store, session)
        depts = session.execute(
            select(Department.code, Department.name, Department.name_en)
            .where(Department.hall_id == ctx.hall_id, Department.active.is_(True))
            .order_by(Department.sort)
        ).all()
        return HallPage(
            ctx.hall.code,
            ctx.hall.name,
            ctx.hall.name_en,
            ctx.hall.timezone,
            ctx.hall.notice,
            ctx.hall.notice_en,
            ctx.hall.web,
            tuple((d.code, d.name, d.name_en) for d in depts),
        )


def todays_calls(store: Store, limit: int = 12) -> list[EventInfo]:
    """Today's latest calls and recalls, oldest first: what the board starts with."""
    with store.read() as session:
        ctx = context(store, session)
        start, _end = day_bounds(ctx.day, ctx.hall.timezone)
        rows = session.scalars(
            select(Event)
            .where(
                Event.hall_id == ctx.hall_id,
                Event.kind.in_(("called", "recalled")),
                Event.at >= start,
            )
            .order_by(Event.id.desc())
            .limit(limit)
        ).all()
        return [
            EventInfo(e.id, e.at, e.kind, e.ticket_id, e.code, e.counter, e.service, None, {})
            for e in reversed(rows)
        ]
