"""Ticket numbering: per prefix, per business day in the hall's time zone."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

CODE_RE = re.compile(r"^([A-Z]{1,2})(\d+)$")


def business_day(moment: datetime, timezone: str) -> date:
    """The hall's calendar day at `moment` (a ticket at 23:59 local time is that day's)."""
    if moment.tzinfo is None:
        raise ValueError("business_day needs a timezone-aware moment")
    return moment.astimezone(ZoneInfo(timezone)).date()


def format_code(prefix: str, number: int, width: int) -> str:
    """A001 for (A, 1, 3); past 10**width - 1 the code simply grows (A1000), staying unique."""
    if number < 1:
        raise ValueError(f"ticket numbers start at 1, got {number}")
    return f"{prefix}{number:0{width}d}"


def parse_code(code: str) -> tuple[str, int]:
    """Split A012 into ("A", 12); ValueError for anything else."""
    match = CODE_RE.match(code.strip().upper())
    if not match:
        raise ValueError(f"not a ticket code: {code!r} (expected letters then digits, e.g. A012)")
    return match.group(1), int(match.group(2))
