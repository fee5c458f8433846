"""Opening hours and daily quotas: may a ticket for a service be taken now?"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from enum import StrEnum
from typing import Any


class Unavailable(StrEnum):
    """Why a service takes no tickets now; the apps translate these."""

    CLOSED = "closed"
    OUT_OF_HOURS = "out_of_hours"
    QUOTA_REACHED = "quota_reached"


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def hours_to_json(days: Sequence[int], periods: Sequence[tuple[time, time]]) -> dict[str, Any]:
    return {
        "days": list(days),
        "periods": [[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in periods],
    }


def is_open(hours: dict[str, Any], local: datetime, closes_at: str | None = None) -> bool:
    """Open at local wall time `local`; `closes_at` ("HH:MM") extends the day (延时服务)."""
    if local.isoweekday() not in hours.get("days", []):
        return False
    now = local.time()
    periods = [(parse_hhmm(a), parse_hhmm(b)) for a, b in hours.get("periods", [])]
    if any(start <= now < end for start, end in periods):
        return True
    if closes_at and periods:
        last_end = max(end for _, end in periods)
        return last_end <= now < parse_hhmm(closes_at)
    return False


def availability(
    *,
    active: bool,
    closed_today: bool,
    hours: dict[str, Any],
    local: datetime,
    closes_at: str | None,
    quota: int,
    issued_today: int,
) -> Unavailable | None:
    """None when a ticket may be taken, else the reason it may not."""
    if not active or closed_today:
        return Unavailable.CLOSED
    if not is_open(hours, local, closes_at):
        return Unavailable.OUT_OF_HOURS
    if quota > 0 and issued_today >= quota:
        return Unavailable.QUOTA_REACHED
    return None


def closes_in_s(
    hours: dict[str, Any], local: datetime, closes_at: str | None = None
) -> float | None:
    """Seconds from `local` until the open period it lies in ends (延时服务 counted); None
    when the service is not open at `local`."""
    if not is_open(hours, local, closes_at):
        return None
    now = local.time()
    periods = [(parse_hhmm(a), parse_hhmm(b)) for a, b in hours.get("periods", [])]
    ends = [end for start, end in periods if start <= now < end]
    end = ends[0] if ends else parse_hhmm(closes_at or "00:00")
    if closes_at and periods and end == max(e for _, e in periods):
        end = max(end, parse_hhmm(closes_at))
    until = datetime.combine(local.date(), end, tzinfo=local.tzinfo)
    return max(0.0, (until - local).total_seconds())


def last_ticket_time(hours: Sequence[dict[str, Any]], weekday: int) -> time | None:
    """The latest end of an opening period on ISO `weekday` among `hours` (the hall's and
    its services' own): when the kiosks stop issuing that day; None if all are shut."""
    ends = [
        parse_hhmm(end)
        for block in hours
        if weekday in block.get("days", [])
        for _, end in block.get("periods", [])
    ]
    return max(ends) if ends else None
