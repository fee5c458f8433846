"""The booking-code keypad: letters and digits on screen, large keys, and the scanner path."""

from __future__ import annotations

from datetime import timedelta
from string import ascii_uppercase, digits

import pytest
from sqlalchemy import select

from kiosk.theme import Theme
from shared.services.appointments import (
    AppointmentError,
    NewAppointment,
    add_appointments,
    check_in,
)
from shared.store.models import Event, Ticket
from tests.kiosk.helpers import tap


def book(store, clock, code: str, start_min: int = 10, service: str = "A") -> None:
    start = clock.now() + timedelta(minutes=start_min)
    add_appointments(store, [NewAppointment(code, service, start, start + timedelta(minutes=30))])


def test_letters_match_in_any_case_when_only_one_booking_fits(store, clock) -> None:
    book(store, clock, "y7k2Q9")
    done = check_in(store, booking_code="Y7K2Q9")  # typed in capitals on the screen
    assert done.booking_code == "y7k2Q9"  # the code as booked is what is recorded
    with store.read() as session:
        event = session.scalars(select(Event).where(Event.kind == "issued")).one()
        assert event.details["booking_code"] == "y7k2Q9"
    book(store, clock, "ab12")
    book(store, clock, "AB12")
    with pytest.raises(AppointmentError) as caught:
        check_in(store, booking_code="Ab12")  # two bookings fit: neither is guessed
    assert caught.value.reason == "unknown"
    assert check_in(store, booking_code="ab12").booking_code == "ab12"  # exact still wins


def _key(page, key: str):
    return page.keys[key]


@pytest.mark.parametrize("landscape", [False, True])
@pytest.mark.parametrize("elder", [False, True])
def test_keypad_has_every_letter_and_digit_as_a_large_key(
    qtbot, sqlite_store, make_kiosk, elder, landscape
):
    kiosk = make_kiosk(sqlite_store, elder=elder, portrait=not landscape)
    window = kiosk.window
    tap(qtbot, window.home.checkin)
    page = window.checkin
    assert sorted(page.keys) == sorted(ascii_uppercase + digits)
    assert sorted(window.pin.keys) == sorted(digits)  # the staff PIN stays digits only
    qtbot.waitUntil(lambda: page.keys["Z"].height() > 0)
    floor = Theme(elder=elder, dpi=window.dpi).target_px
    assert floor >= (120 if elder else 96)
    for key, widget in page.keys.items():
        assert widget.isVisible(), key
        assert widget.width() >= floor and widget.height() >= floor, (key, widget.size())
        assert widget.geometry().bottom() < page.height()  # nothing pushed off the screen
    assert page.ok.geometry().bottom() < page.height()


def test_booking_code_with_letters_typed_on_screen(qtbot, sqlite_store, clock, make_kiosk):
    book(sqlite_store, clock, "Y7K2Q9")
    kiosk = make_kiosk(sqlite_store, elder=True)
    window = kiosk.window
    tap(qtbot, window.home.checkin)
    page = window.checkin
    for key in "Y7K2QQ":
        tap(qtbot, _key(page, key))
    tap(qtbot, page.delete)  # a slip, corrected
    tap(qtbot, _key(page, "9"))
    assert page.field.text() == "Y7K2Q9"
    with qtbot.waitSignal(kiosk.controller.printed, timeout=10000) as printed:
        tap(qtbot, page.ok)
    assert printed.args[0].ok
    assert window.stack.currentWidget() is window.confirm
    assert window.confirm.title.text() == "预约签到成功"
    assert window.confirm.code.text() == "A001"
    tap(qtbot, window.confirm.finish)
    tap(qtbot, window.home.checkin)
    for key in "ZZ1":
        tap(qtbot, _key(page, key))
    tap(qtbot, page.clear)
    assert page.field.text() == ""


def test_scanner_types_letters_on_the_home_page_and_in_the_field(
    qtbot, sqlite_store, clock, make_kiosk
):
    book(sqlite_store, clock, "BK7Y2Q")
    book(sqlite_store, clock, "QR9X4M")
    kiosk = make_kiosk(sqlite_store)
    window = kiosk.window
    with qtbot.waitSignal(kiosk.controller.printed, timeout=10000):
        qtbot.keyClicks(window, "BK7Y2Q")  # a keyboard-wedge scanner on the home page
        qtbot.keyClick(window, "\r")
    assert window.confirm.title.text() == "预约签到成功"
    tap(qtbot, window.confirm.finish)
    tap(qtbot, window.home.checkin)
    page = window.checkin
    assert page.field.hasFocus() or window.focusWidget() is page.field
    with qtbot.waitSignal(kiosk.controller.printed, timeout=10000):
        qtbot.keyClicks(page.field, "QR9X4M")  # the scanner on the check-in page
        qtbot.keyClick(page.field, "\r")
    assert window.confirm.code.text() == "A002"
    with sqlite_store.read() as session:
        booked = session.scalars(
            select(Ticket.appointment_id).where(Ticket.appointment_id.is_not(None))
        ).all()
        assert len(booked) == 2
