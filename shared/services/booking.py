"""Booking from the phone (网上预约): free slots, booking and cancelling.

A phone booking is an `appointment` row like an imported one, so the kiosk's 预约签到
checks it in unchanged. The mobile number is kept only as its last four digits and a
keyed hash (HMAC-SHA256 with the hall's `web_secret.phone_key`), enough to hold one phone
to the hall's limit per service and day. A booking takes a place in its day's quota at
once (see shared.services.quota); check-in hands that place to the ticket.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from shared.domain.slots import day_slots

# What a booking is given and gives back: booking_input.py (re-exported).
from shared.services.booking_input import CODE_ALPHABET as CODE_ALPHABET
from shared.services.booking_input import CODE_LENGTH as CODE_LENGTH
from shared.services.booking_input import BookingError as BookingError
from shared.services.booking_input import BookingView as BookingView
from shared.services.booking_input import Slot as Slot
from shared.services.booking_input import normalise_phone as normalise_phone
from shared.services.booking_input import phone_hash as phone_hash
from shared.services.common import Ctx, context, lock_service, record
from shared.services.estimates import issued_today
from shared.services.quota import day_bounds, outstanding_bookings
from shared.store.db import Store
from shared.store.models import Appointment, Service, ServiceDayOverride, WebSecret


def phone_key(store: Store) -> str:
    """The hall's phone-hash key (made when the hall file was first applied)."""
    with store.read() as session:
        ctx = context(store, session)
        row = session.get(WebSecret, ctx.hall_id)
        if row is None:
            raise BookingError("not_bookable", "no web keys yet: run `hallq config apply`")
        return row.phone_key


def bookable(ctx: Ctx) -> dict[str, int]:
    """Bookable service codes and their per-slot capacity (hall file)."""
    return dict(ctx.hall.settings.bookable)


def _service(ctx: Ctx, code: str) -> tuple[Service, int]:
    capacity = bookable(ctx).get(code)
    svc = ctx.session.scalars(
        select(Service).where(Service.hall_id == ctx.hall_id, Service.code == code)
    ).first()
    if capacity is None or svc is None or not svc.active:
        raise BookingError("not_bookable", f"service {code!r} takes no phone bookings")
    return svc, capacity


def _days(ctx: Ctx) -> list[date]:
    return [ctx.day + timedelta(days=n) for n in range(ctx.hall.web.booking_days)]


def _taken(ctx: Ctx, svc: Service, day: date) -> dict[datetime, int]:
    start, end = day_bounds(day, ctx.hall.timezone)
    rows = ctx.session.execute(
        select(Appointment.slot_start, func.count(Appointment.id))
        .where(
            Appointment.hall_id == ctx.hall_id,
            Appointment.service_id == svc.id,
            Appointment.state != "cancelled",
            Appointment.slot_start >= start,
            Appointment.slot_start < end,
        )
        .group_by(Appointment.slot_start)
    ).all()
    return {moment: int(n) for moment, n in rows}


def _quota_left(ctx: Ctx, svc: Service, day: date) -> int | None:
    """Places left in `day`'s quota (tickets and outstanding bookings); None: no quota."""
    override = ctx.session.scalars(
        select(ServiceDayOverride).where(
            ServiceDayOverride.service_id == svc.id, ServiceDayOverride.business_day == day
        )
    ).first()
    if override is not None and override.closed:
        return 0
    if svc.daily_quota <= 0:
        return None
    quota = svc.daily_quota + (override.extra_quota if override else 0)
    tickets = issued_today(ctx, [svc.id]).get(svc.id, 0) if day == ctx.day else 0
    return quota - tickets - outstanding_bookings(ctx, svc.id, day)


def _slots(ctx: Ctx, svc: Service, capacity: int, day: date) -> list[Slot]:
    web = ctx.hall.web
    hours = svc.hours or ctx.hall.hours_json
    earliest = ctx.now + timedelta(minutes=web.booking_lead_minutes)
    taken = _taken(ctx, svc, day)
    left = _quota_left(ctx, svc, day)
    out = []
    for start, end in day_slots(hours, day, web.slot_minutes, ctx.hall.timezone):
        if start < earliest:
            continue
        free = capacity - taken.get(start.astimezone(ZoneInfo("UTC")), 0)
        if left is not None:
            free = min(free, left)
        out.append(Slot(start, end, max(0, free)))
    return out


def free_slots(store: Store, service: str) -> dict[date, list[Slot]]:
    """Today's and the next days' slots of a bookable service with their free places."""
    with store.read() as session:
        ctx = context(store, session)
        svc, capacity = _service(ctx, service)
        return {day: _slots(ctx, svc, capacity, day) for day in _days(ctx)}


def book(store: Store, *, service: str, slot_start: datetime, phone: str) -> tuple[str, str]:
    """Book a slot for a phone; returns (booking code, cancel key). One `booked` event."""
    number = normalise_phone(phone)
    with store.write() as session:
        ctx = context(store, session)
        svc, capacity = _service(ctx, service)
        lock_service(ctx, svc.id)
        day = slot_start.astimezone(ZoneInfo(ctx.hall.timezone)).date()
        slot = next(
            (
                s
                for d in _days(ctx)
                if d == day
                for s in _slots(ctx, svc, capacity, d)
                if s.start == slot_start
            ),
            None,
        )
        if slot is None:
            raise BookingError("no_slot", "that slot is not offered (past, closed or unknown)")
        if slot.free <= 0:
            left = _quota_left(ctx, svc, day)
            reason = "quota" if left is not None and left <= 0 else "full"
            raise BookingError(reason, "that slot is fully booked")
        key = session.get(WebSecret, ctx.hall_id)
        if key is None:
            raise BookingError("not_bookable", "no web keys yet: run `hallq config apply`")
        hashed = phone_hash(key.phone_key, number)
        start, end = day_bounds(day, ctx.hall.timezone)
        same = ctx.session.scalar(
            select(func.count(Appointment.id)).where(
                Appointment.hall_id == ctx.hall_id,
                Appointment.service_id == svc.id,
                Appointment.phone_hash == hashed,
                Appointment.state != "cancelled",
                Appointment.slot_start >= start,
                Appointment.slot_start < end,
            )
        )
        if int(same or 0) >= ctx.hall.web.bookings_per_phone:
            raise BookingError("phone_limit", "this phone has booked this service that day")
        code = _new_code(ctx)
        token = secrets.token_urlsafe(16)
        session.add(
            Appointment(
                hall_id=ctx.hall_id,
                booking_code=code,
                service_id=svc.id,
                slot_start=slot.start,
                slot_end=slot.end,
                name_masked="",
                phone_tail=number[-4:],
                state="booked",
                created_at=ctx.now,
                source="phone",
                phone_hash=hashed,
                cancel_token=token,
            )
        )
        record(
            ctx,
            "booked",
            service=svc.code,
            details={"booking_code": code, "slot_start": slot.start.isoformat(), "source": "phone"},
        )
        return code, token


def _new_code(ctx: Ctx) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        clash = ctx.session.scalar(
            select(Appointment.id).where(
                Appointment.hall_id == ctx.hall_id, Appointment.booking_code == code
            )
        )
        if clash is None:
            return code


def _view(ctx: Ctx, row: Appointment) -> BookingView:
    svc = ctx.session.get(Service, row.service_id)
    assert svc is not None
    return BookingView(
        row.booking_code,
        svc.code,
        svc.name,
        svc.name_en,
        row.slot_start,
        row.slot_end,
        row.state,
        row.phone_tail,
    )


def _by_token(ctx: Ctx, token: str) -> Appointment | None:
    if not token or len(token) > 64:
        return None
    return ctx.session.scalars(
        select(Appointment).where(
            Appointment.hall_id == ctx.hall_id, Appointment.cancel_token == token
        )
    ).first()


def booking_by_token(store: Store, token: str) -> BookingView | None:
    """The booking its cancel link names, or None."""
    with store.read() as session:
        ctx = context(store, session)
        row = _by_token(ctx, token)
        return _view(ctx, row) if row is not None else None


def cancel_booking(store: Store, token: str) -> BookingView | None:
    """Cancel the booking its link names (if still booked); one `booking_cancelled` event."""
    with store.write() as session:
        ctx = context(store, session)
        row = _by_token(ctx, token)
        if row is None:
            return None
        if row.state == "booked":
            row.state = "cancelled"
            svc = session.get(Service, row.service_id)
            record(
                ctx,
                "booking_cancelled",
                service=svc.code if svc else None,
                details={"booking_code": row.booking_code, "source": "phone"},
            )
        return _view(ctx, row)


def bookable_services(store: Store) -> list[tuple[str, str, str]]:
    """(code, name, name_en) of the services the phone may book, in the hall's order."""
    with store.read() as session:
        ctx = context(store, session)
        codes = bookable(ctx)
        rows = session.execute(
            select(Service.code, Service.name, Service.name_en)
            .where(
                Service.hall_id == ctx.hall_id,
                Service.active.is_(True),
                Service.code.in_(list(codes)),
            )
            .order_by(Service.sort)
        ).all()
        return [(r.code, r.name, r.name_en) for r in rows]
