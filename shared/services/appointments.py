"""Appointments (预约): adding, importing and checking in a booking at the kiosk.

A checked-in booking becomes a ticket whose place in line (`queue_key`) is its slot's
start, not the moment of arrival: a citizen who booked 10:30 and arrives at 10:10 is
called after those who took a number before 10:30, and one who arrives at 10:40 goes
ahead of those who took a number after 10:30. So a booked ticket is called near its slot.
Arrivals earlier than the hall's window (kiosk.checkin_early_minutes, default 30) and
after the slot's end are refused with a plain message.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from shared.domain.dispatch import queue_key_at
from shared.domain.errors import DomainError
from shared.domain.numbering import format_code
from shared.domain.ticket import TicketStatus
from shared.limits import CLI, MAX_CSV_BYTES, TextLimit, text_problem
from shared.services.common import Ctx, context, record, service_by_code
from shared.services.forecasting import ticket_estimate
from shared.services.issuing import estimate_fields, new_web_token, next_number, people_ahead
from shared.services.results import TicketInfo
from shared.store.db import Store
from shared.store.models import Appointment, Service, Ticket

CSV_COLUMNS = ("booking_code", "service", "slot_start", "slot_end", "name", "phone")


class AppointmentError(DomainError):
    """A booking code cannot be checked in; `reason` is unknown|used|cancelled|expired|early."""

    def __init__(self, code: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason


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


@dataclass(frozen=True)
class CheckIn:
    """What a check-in hands back: the ticket and the slot it is called near."""

    ticket: TicketInfo
    booking_code: str
    slot_start: datetime
    slot_end: datetime


def mask_name(name: str) -> str:
    """张三丰 -> 张**: only the family name is kept (names on screens are masked)."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


def _phone_tail(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[-4:]


def _check(item: NewAppointment, where: str) -> None:
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


def _add(ctx: Ctx, item: NewAppointment, where: str) -> Appointment:
    _check(item, where)
    svc = ctx.session.scalars(
        select(Service).where(Service.hall_id == ctx.hall_id, Service.code == item.service)
    ).first()
    if svc is None:
        raise AppointmentImportError(f"{where}: no service with code {item.service!r}")
    clash = ctx.session.scalars(
        select(Appointment.id).where(
            Appointment.hall_id == ctx.hall_id, Appointment.booking_code == item.booking_code
        )
    ).first()
    if clash is not None:
        raise AppointmentImportError(f"{where}: booking code {item.booking_code!r} exists already")
    row = Appointment(
        hall_id=ctx.hall_id,
        booking_code=item.booking_code.strip(),
        service_id=svc.id,
        slot_start=item.slot_start,
        slot_end=item.slot_end,
        name_masked=mask_name(item.name),
        phone_tail=_phone_tail(item.phone),
        state="booked",
        created_at=ctx.now,
    )
    ctx.session.add(row)
    ctx.session.flush()
    return row


def add_appointments(
    store: Store, items: Iterable[NewAppointment], *, source: str = "cli", clerk: str | None = None
) -> int:
    """Add bookings in one transaction (all or none) and one `appointments_added` event."""
    with store.write() as session:
        ctx = context(store, session)
        codes = [_add(ctx, item, f"booking {n}").booking_code for n, item in enumerate(items, 1)]
        record(
            ctx,
            "appointments_added",
            clerk=clerk,
            details={"count": len(codes), "codes": codes[:50], "source": source},
        )
        return len(codes)


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
        _check(item, where)
        items.append(item)
    return items


def import_appointments(store: Store, path: Path, *, clerk: str | None = None) -> int:
    """`hallq appointment import FILE.csv`: every row or none; returns how many were added."""
    with store.read() as session:
        timezone = context(store, session).hall.timezone
    return add_appointments(
        store, read_csv(path, timezone), source=f"import:{path.name}", clerk=clerk
    )


def _refuse(ctx: Ctx, row: Appointment | None, code: str) -> None:
    tz = ZoneInfo(ctx.hall.timezone)
    if row is None:
        raise AppointmentError(code, "unknown", f"no booking with code {code!r}")
    if row.state == "checked_in":
        raise AppointmentError(code, "used", f"booking {code} was checked in already")
    if row.state == "cancelled":
        raise AppointmentError(code, "cancelled", f"booking {code} was cancelled")
    early = ctx.hall.kiosk.checkin_early_minutes
    if ctx.now >= row.slot_end:
        raise AppointmentError(
            code, "expired", f"booking {code} ended at {row.slot_end.astimezone(tz):%Y-%m-%d %H:%M}"
        )
    if ctx.now < row.slot_start - timedelta(minutes=early):
        raise AppointmentError(
            code,
            "early",
            f"booking {code} starts at "
            f"{row.slot_start.astimezone(tz):%Y-%m-%d %H:%M}; check in from "
            f"{early} minutes before",
        )


def _booking(ctx: Ctx, code: str) -> Appointment | None:
    """The booking `code` names, locked; letters in any case when only one booking fits.

    The kiosk's on-screen keys type capitals, a scanner types what the code holds.
    """
    exact = ctx.session.scalars(
        select(Appointment)
        .where(Appointment.hall_id == ctx.hall_id, Appointment.booking_code == code)
        .with_for_update()
    ).first()
    if exact is not None or not code:
        return exact
    loose = list(
        ctx.session.scalars(
            select(Appointment)
            .where(
                Appointment.hall_id == ctx.hall_id,
                func.upper(Appointment.booking_code) == code.upper(),
            )
            .limit(2)
            .with_for_update()
        )
    )
    return loose[0] if len(loose) == 1 else None


def check_in(store: Store, *, booking_code: str, source: str = "kiosk") -> CheckIn:
    """Turn a booking into a ticket placed in line at its slot's start; one `issued` event."""
    code = booking_code.strip()
    with store.write() as session:
        ctx = context(store, session)
        row = _booking(ctx, code)
        _refuse(ctx, row, code)
        assert row is not None
        svc = session.get(Service, row.service_id)
        assert svc is not None
        service_by_code(ctx, svc.code, lock=True)  # numbering order as issue_ticket takes it
        number = next_number(ctx, svc.prefix)
        ticket = Ticket(
            hall_id=ctx.hall_id,
            business_day=ctx.day,
            service_id=svc.id,
            code=format_code(svc.prefix, number, ctx.hall.number_width),
            number=number,
            priority=False,
            status=TicketStatus.WAITING.value,
            queue_key=queue_key_at(row.slot_start),
            issued_at=ctx.now,
            appointment_id=row.id,
            web_token=new_web_token(),
        )
        session.add(ticket)
        session.flush()
        row.state = "checked_in"
        row.ticket_id = ticket.id
        ahead = people_ahead(ctx, ticket)
        wait = ticket_estimate(ctx, ticket.id, svc.code)
        event = record(
            ctx,
            "issued",
            ticket=ticket,
            service=svc.code,
            details={
                "priority": False,
                "ahead": ahead,
                **estimate_fields(wait),
                "source": source,
                "appointment_id": row.id,
                "booking_code": row.booking_code,
                "checked_in": True,
                "slot_start": row.slot_start.isoformat(),
            },
        )
        info = TicketInfo(
            id=ticket.id,
            code=ticket.code,
            service=svc.code,
            service_name=svc.name,
            status=ticket.status,
            priority=False,
            issued_at=ticket.issued_at,
            business_day=ctx.day,
            people_ahead=ahead,
            event_id=event.id,
            **estimate_fields(wait),
            web_token=ticket.web_token,
        )
        return CheckIn(info, row.booking_code, row.slot_start, row.slot_end)
