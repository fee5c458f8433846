"""Bookings as they come in, before any store: the value, its checks, the CSV reader."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from shared.domain.errors import DomainError
from shared.limits import CLI, MAX_CSV_BYTES, TextLimit, text_problem

CSV_COLUMNS = ("booking_code", "service", "slot_start", "slot_end", "name", "phone")


class AppointmentImportError(DomainError):
    """A bookings file has a bad row; the message names the file, line and field."""


@dataclass(frozen=True)
class NewAppointment:
    """One booking as it comes in; slot times are timezone-aware."""

    booking_code: str
    service: str
    slot_start: datetime
    slot_end: datetime
    name: str = ""
    phone: str = ""


def check_new(item: NewAppointment, where: str) -> None:
    """A booking fit to store, or AppointmentImportError naming `where` and the field."""
    code = item.booking_code.strip()
    if not code or len(code) > 64 or any(ch.isspace() for ch in code):
        raise AppointmentImportError(
            f"{where}: booking_code {item.booking_code!r} is empty, "
            "has spaces or is longer than 64 characters"
        )
    for label, value, limit in (
        ("booking_code", code, "appointment add --code BOOKING, CSV booking_code"),
        ("name", item.name.strip(), "appointment add --name, CSV name"),
        ("phone", item.phone.strip(), "appointment add --phone, CSV phone"),
    ):
        rule = CLI[limit]
        problem = text_problem(value, rule) if isinstance(rule, TextLimit) else None
        if problem:
            raise AppointmentImportError(f"{where}: {label} {problem}")
    for label, moment in (("slot_start", item.slot_start), ("slot_end", item.slot_end)):
        if moment.tzinfo is None:
            raise AppointmentImportError(f"{where}: {label} must carry a time zone")
    if item.slot_end <= item.slot_start:
        raise AppointmentImportError(
            f"{where}: slot_end {item.slot_end:%Y-%m-%d %H:%M} is not "
            f"after slot_start {item.slot_start:%Y-%m-%d %H:%M}"
        )


def parse_local(text: str, tz: ZoneInfo, where: str) -> datetime:
    """An ISO 8601 time; without an offset it is the hall's local time."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise AppointmentImportError(
            f"{where}: {text!r} is not a time like 2026-11-30 10:30 or 2026-11-30T10:30+08:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def read_csv(path: Path, timezone: str) -> list[NewAppointment]:
    """Bookings from a UTF-8 CSV with the header booking_code,service,slot_start,slot_end[,...]."""
    tz = ZoneInfo(timezone)
    try:
        with path.open("rb") as handle:  # bounded: /dev/zero or a huge file is refused
            raw = handle.read(MAX_CSV_BYTES + 1)
        if len(raw) > MAX_CSV_BYTES:
            raise AppointmentImportError(f"{path}: larger than {MAX_CSV_BYTES} bytes; split it")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        header = rows[0].keys() if rows else ()
    except OSError as exc:
        raise AppointmentImportError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise AppointmentImportError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    missing = [c for c in CSV_COLUMNS[:4] if c not in header]
    if rows and missing:
        raise AppointmentImportError(
            f"{path}:1: missing column(s) {', '.join(missing)}; expected {','.join(CSV_COLUMNS)}"
        )
    items = []
    for line, row in enumerate(rows, 2):
        where = f"{path}:{line}"
        if any(row.get(c) in (None, "") for c in CSV_COLUMNS[:4]):
            raise AppointmentImportError(
                f"{where}: booking_code, service, slot_start and slot_end are all required"
            )
        item = NewAppointment(
            booking_code=row["booking_code"].strip(),
            service=row["service"].strip(),
            slot_start=parse_local(row["slot_start"], tz, where),
            slot_end=parse_local(row["slot_end"], tz, where),
            name=(row.get("name") or "").strip(),
            phone=(row.get("phone") or "").strip(),
        )
        check_new(item, where)
        items.append(item)
    return items
