"""Appointments (预约): adding, importing and checking in a booking at the kiosk (a
booking's value, checks and CSV reader: shared.services.appointment_input).

A checked-in booking becomes a ticket whose place in line (`queue_key`) is its slot's
start, not the moment of arrival: a citizen who booked 10:30 and arrives at 10:10 is
called after those who took a number before 10:30, and one who arrives at 10:40 goes
ahead of those who took a number after 10:30. So a booked ticket is called near its slot.
Arrivals earlier than the hall's window (kiosk.checkin_early_minutes, default 30) and
after the slot's end are refused with a plain message.
"""

from __future__ import annotations

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
from shared.services.appointment_input import CSV_COLUMNS as CSV_COLUMNS
from shared.services.appointment_input import AppointmentImportError as AppointmentImportError
from shared.services.appointment_input import NewAppointment as NewAppointment
from shared.services.appointment_input import check_new, read_csv
from shared.services.appointment_input import parse_local as parse_local
from shared.services.common import Ctx, context, record, service_by_code
from shared.services.forecasting import ticket_estimate
from shared.services.issuing import estimate_fields, new_web_token, next_number, people_ahead
from shared.services.results import TicketInfo
from shared.store.db import Store
from shared.store.models import Appointment, Service, Ticket


class AppointmentError(DomainError):
    """A booking code cannot be checked in; `reason` is unknown|used|cancelled|expired|early."""

    def __init__(self, code: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason


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


def _add(ctx: Ctx, item: NewAppointment, where: str) -> Appointment:
    check_new(item, where)
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
