"""Phone bookings as use cases: slots, quota counted once, one booking per phone, cancel."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.domain.clock import ManualClock
from shared.domain.errors import ServiceUnavailable
from shared.services import issue_ticket
from shared.services.appointments import check_in
from shared.services.booking import (
    BookingError,
    book,
    booking_by_token,
    cancel_booking,
    free_slots,
    phone_hash,
    phone_key,
)
from shared.store.apply import apply_hall
from shared.store.db import Store
from shared.store.models import Appointment
from tests.web.conftest import web_hall


@pytest.fixture
def hall(store: Store) -> Store:
    """The web test hall on the manual clock (Monday 10:00): C has a quota of 3."""
    apply_hall(store, web_hall())
    return store


def first_free(store: Store, service: str, day: int = 0) -> object:
    days = free_slots(store, service)
    return next(s for s in list(days.values())[day] if s.free > 0)


def test_slots_offer_today_after_now_and_the_next_days(hall: Store, clock: ManualClock) -> None:
    days = free_slots(hall, "A")
    assert len(days) == 3
    today = next(iter(days.values()))
    assert today[0].start >= clock.now() and today[0].free == 2
    with pytest.raises(BookingError) as refused:
        free_slots(hall, "B")  # not phone-bookable
    assert refused.value.reason == "not_bookable"


def test_phone_kept_as_tail_and_keyed_hash_only(hall: Store) -> None:
    slot = first_free(hall, "A")
    code, token = book(hall, service="A", slot_start=slot.start, phone="+86 138-0013-8000")
    with hall.read() as session:
        row = session.query(Appointment).filter_by(booking_code=code).one()
        assert row.phone_tail == "8000" and row.source == "phone"
        assert row.phone_hash == phone_hash(phone_key(hall), "13800138000")
        assert "13800138000" not in repr(row.__dict__)
    view = booking_by_token(hall, token)
    assert view is not None and view.state == "booked" and view.phone_tail == "8000"
    for bad in ("12345", "23800138000", "1380013800x", "1" * 40):
        with pytest.raises(BookingError, match="mobile"):
            book(hall, service="A", slot_start=slot.start, phone=bad)


def test_one_booking_per_phone_service_and_day_and_slot_capacity(hall: Store) -> None:
    slot = first_free(hall, "A")
    book(hall, service="A", slot_start=slot.start, phone="13800000001")
    with pytest.raises(BookingError) as refused:
        later = first_free(hall, "A")
        book(hall, service="A", slot_start=later.start, phone="13800000001")
    assert refused.value.reason == "phone_limit"
    book(hall, service="C", slot_start=slot.start, phone="13800000001")  # another service: ok
    book(hall, service="A", slot_start=slot.start, phone="13800000002")  # capacity 2: full now
    with pytest.raises(BookingError) as full:
        book(hall, service="A", slot_start=slot.start, phone="13800000003")
    assert full.value.reason == "full"
    tomorrow = first_free(hall, "A", day=1)
    book(hall, service="A", slot_start=tomorrow.start, phone="13800000001")  # another day: ok


def test_booking_counts_against_the_quota_once(hall: Store, clock: ManualClock) -> None:
    # C: daily quota 3. Two walk-ins and one booking fill it.
    issue_ticket(hall, service="C")
    issue_ticket(hall, service="C")
    slot = first_free(hall, "C")
    code, token = book(hall, service="C", slot_start=slot.start, phone="13900000000")
    with pytest.raises(ServiceUnavailable):
        issue_ticket(hall, service="C")  # the booking holds the last place
    assert all(s.free == 0 for s in next(iter(free_slots(hall, "C").values())))
    with pytest.raises(BookingError) as refused:
        book(hall, service="C", slot_start=slot.start, phone="13900000001")
    assert refused.value.reason in ("quota", "full")
    clock.set(slot.start)
    check_in(hall, booking_code=code)  # the booking's place goes to its ticket, not a 4th
    with pytest.raises(ServiceUnavailable):
        issue_ticket(hall, service="C")
    assert cancel_booking(hall, token).state == "checked_in"  # too late to cancel


def test_cancel_gives_the_place_back(hall: Store, clock: ManualClock) -> None:
    issue_ticket(hall, service="C")
    issue_ticket(hall, service="C")
    slot = first_free(hall, "C")
    code, token = book(hall, service="C", slot_start=slot.start, phone="13900000000")
    assert cancel_booking(hall, token).state == "cancelled"
    assert cancel_booking(hall, "not-a-token") is None
    issue_ticket(hall, service="C")  # the place is free again
    clock.advance(timedelta(minutes=1))
    with pytest.raises(Exception, match="cancelled"):
        check_in(hall, booking_code=code)
