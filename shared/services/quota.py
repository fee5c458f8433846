"""A service's daily quota shared by walk-in tickets and bookings, each counted once.

A booking holds a place in its day's quota from the moment it is made; the ticket it
becomes at check-in takes that place over (the booking is then `checked_in`, no longer
outstanding), and a cancelled booking gives it back.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from shared.services.common import Ctx
from shared.store.models import Appointment


def day_bounds(day: date, timezone: str) -> tuple[datetime, datetime]:
    """The business day `day` as [start, end) instants."""
    start = datetime.combine(day, time(0), ZoneInfo(timezone))
    return start, start + timedelta(days=1)


def outstanding_bookings(ctx: Ctx, service_id: int, day: date | None = None) -> int:
    """Bookings of `service_id` on `day` (default today) not yet checked in nor cancelled."""
    start, end = day_bounds(day or ctx.day, ctx.hall.timezone)
    return int(
        ctx.session.scalar(
            select(func.count(Appointment.id)).where(
                Appointment.hall_id == ctx.hall_id,
                Appointment.service_id == service_id,
                Appointment.state == "booked",
                Appointment.slot_start >= start,
                Appointment.slot_start < end,
            )
        )
        or 0
    )
