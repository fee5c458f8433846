"""The span a report covers: a day, a month or a range of business days (inclusive)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


class PeriodError(ValueError):
    """A report period that cannot be read or makes no sense."""


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # inclusive
    kind: str  # day | month | range

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def label(self) -> str:
        if self.kind == "day":
            return self.first.isoformat()
        if self.kind == "month":
            return self.first.strftime("%Y-%m")
        return f"{self.first.isoformat()} – {self.last.isoformat()}"

    def dates(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(self.days)]


def _date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(f"{what}: expected a date YYYY-MM-DD, got {text!r}") from None


def day(text: str) -> Period:
    """One business day, YYYY-MM-DD."""
    d = _date(text, "--day")
    return Period(d, d, "day")


def month(text: str) -> Period:
    """A calendar month, YYYY-MM."""
    try:
        year_s, month_s = text.strip().split("-")
        year, mon = int(year_s), int(month_s)
        first = date(year, mon, 1)
    except ValueError:
        raise PeriodError(f"--month: expected YYYY-MM, got {text!r}") from None
    return Period(first, date(year, mon, calendar.monthrange(year, mon)[1]), "month")


def date_range(start: str, end: str) -> Period:
    """Business days from `start` to `end`, both included."""
    first, last = _date(start, "--from"), _date(end, "--to")
    if last < first:
        raise PeriodError(f"--to {last} is before --from {first}")
    return Period(first, last, "range")
