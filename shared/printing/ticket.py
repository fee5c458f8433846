"""What a printed ticket shows: the printer's input, independent of the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PrintableTicket:
    """One ticket as the printer sees it; `issued_at` must carry a time zone."""

    hall_name: str
    service_name: str
    service_name_en: str
    code: str
    people_ahead: int
    issued_at: datetime
    est_wait_min: int | None = None
    qr_text: str | None = None
    notice: str = ""
    priority: bool = False
    counter_hint: str | None = None
    # The range around est_wait_min (printed when wider than it), and whether the
    # service's opening period may end before the ticket is called.
    est_wait_low_min: int | None = None
    est_wait_high_min: int | None = None
    closes_first: bool = False

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError(
                f"PrintableTicket.issued_at must be time-zone aware, got {self.issued_at!r}"
            )
        if not self.code.strip():
            raise ValueError("PrintableTicket.code must not be empty")
        if self.people_ahead < 0:
            raise ValueError(f"PrintableTicket.people_ahead must be >= 0, got {self.people_ahead}")
        if self.est_wait_min is not None and self.est_wait_min < 0:
            raise ValueError(
                f"PrintableTicket.est_wait_min must be >= 0 or None, got {self.est_wait_min}"
            )
