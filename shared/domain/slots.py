"""Booking slots: a service's opening periods cut into equal slots."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from shared.domain.hours import parse_hhmm


def day_slots(
    hours: dict[str, Any], day: date, slot_minutes: int, timezone: str
) -> list[tuple[datetime, datetime]]:
    """The slots of `day` (local periods cut into `slot_minutes`), as aware instants.

    A period's tail shorter than a slot is not offered: nobody books a 10-minute slot
    that closes before the case could be served.
    """
    if day.isoweekday() not in hours.get("days", []):
        return []
    tz = ZoneInfo(timezone)
    step = timedelta(minutes=slot_minutes)
    out = []
    for first, last in hours.get("periods", []):
        start = datetime.combine(day, parse_hhmm(first), tz)
        end = datetime.combine(day, parse_hhmm(last), tz)
        while start + step <= end:
            out.append((start, start + step))
            start += step
    return out
