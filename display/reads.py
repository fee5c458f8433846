"""A light re-read for a live board: waiting counts and counters, without the wait estimates.

`hall_status` also estimates every service's wait (~130 ms on the demo hall, mostly
Python holding the GIL); run after every event it delayed the next call on screen.
The board shows counts, not estimates, so between full reads it takes only these.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from shared.services.common import context
from shared.services.estimates import waiting_by_service
from shared.services.results import CounterStatus, HallStatus
from shared.store.db import Store
from shared.store.models import Counter, CounterService, Event, Service, Ticket


def refresh_status(store: Store, previous: HallStatus) -> HallStatus:
    """`previous` with today's waiting counts, every counter and the last event id re-read."""
    with store.read() as session:
        ctx = context(store, session)
        waiting = waiting_by_service(ctx)
        codes = dict(session.execute(
            select(Service.id, Service.code).where(Service.hall_id == ctx.hall_id)).all())
        by_code = {codes[sid]: int(n) for sid, n in waiting.items() if sid in codes}
        served: dict[int, list[str]] = {}
        for counter_id, service_id in session.execute(
            select(CounterService.counter_id, CounterService.service_id)
            .order_by(CounterService.rank)
        ):
            if service_id in codes:
                served.setdefault(counter_id, []).append(codes[service_id])
        rows = session.execute(
            select(Counter, Ticket.code, Ticket.status)
            .outerjoin(Ticket, Ticket.id == Counter.current_ticket_id)
            .where(Counter.hall_id == ctx.hall_id, Counter.active.is_(True))
            .order_by(Counter.number)
        ).all()
        counters = tuple(
            CounterStatus(c.number, c.name, c.state, c.clerk, tuple(served.get(c.id, [])),
                          code, status, c.pause_reason)
            for c, code, status in rows
        )
        last = session.scalar(select(func.max(Event.id)).where(Event.hall_id == ctx.hall_id))
    services = tuple(replace(s, waiting=by_code.get(s.code, 0)) for s in previous.services)
    return replace(previous, services=services, counters=counters,
                   last_event_id=int(last or 0), business_day=ctx.day)
