"""Appointment check-in: a booking becomes a ticket placed at its slot; bad codes are refused."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from shared.domain.dispatch import queue_key_at
from shared.services import call_next, issue_ticket, open_counter
from shared.services.appointments import (
    AppointmentError,
    AppointmentImportError,
    NewAppointment,
    add_appointments,
    check_in,
    import_appointments,
)
from shared.store.models import Appointment, Event, Ticket
from tests.kiosk.helpers import tap


def book(store, clock, code: str, start_min: int, length: int = 30, service: str = "A") -> None:
    start = clock.now() + timedelta(minutes=start_min)
    add_appointments(
        store,
        [
            NewAppointment(
                code,
                service,
                start,
                start + timedelta(minutes=length),
                name="张三丰",
                phone="13800138000",
            )
        ],
    )


def test_check_in_places_the_ticket_at_its_slot(store, clock) -> None:
    book(store, clock, "BK100", start_min=20)  # booked 10:20, arrives 10:00
    walk_in = issue_ticket(store, service="A")  # 10:00
    done = check_in(store, booking_code="BK100")
    clock.advance(timedelta(minutes=25))
    later = issue_ticket(store, service="A")  # 10:25: after the slot's start
    with store.read() as session:
        ticket = session.get(Ticket, done.ticket.id)
        row = session.scalars(select(Appointment)).one()
        assert ticket is not None and ticket.queue_key == queue_key_at(row.slot_start)
        assert (row.state, row.ticket_id, row.name_masked, row.phone_tail) == (
            "checked_in",
            ticket.id,
            "张**",
            "8000",
        )
        event = session.scalars(select(Event).where(Event.ticket_id == ticket.id)).one()
        assert event.kind == "issued" and event.details["booking_code"] == "BK100"
    assert done.ticket.people_ahead == 1  # the walk-in of 10:00 only
    open_counter(store, counter=2)  # serves A only
    order = []
    for _ in range(3):
        order.append(call_next(store, counter=2).code)
        from shared.services import finish

        finish(store, counter=2)
    assert order == [walk_in.code, done.ticket.code, later.code]


@pytest.mark.parametrize(
    ("start_min", "end_min", "reason"),
    [
        (45, 75, "early"),  # more than 30 minutes before its slot
        (-60, -30, "expired"),
    ],
)
def test_too_early_or_expired_is_refused(store, clock, start_min, end_min, reason) -> None:
    book(store, clock, "BK1", start_min=start_min, length=end_min - start_min)
    with pytest.raises(AppointmentError) as caught:
        check_in(store, booking_code="BK1")
    assert caught.value.reason == reason
    with store.read() as session:
        assert session.scalars(select(Ticket)).all() == []


def test_used_and_unknown_codes_are_refused(store, clock) -> None:
    book(store, clock, "BK2", start_min=0)
    check_in(store, booking_code="BK2")
    for code, reason in (("BK2", "used"), ("NOPE", "unknown")):
        with pytest.raises(AppointmentError) as caught:
            check_in(store, booking_code=code)
        assert caught.value.reason == reason


def test_import_is_all_or_nothing_and_names_the_line(store, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "booking_code,service,slot_start,slot_end,name,phone\n"
        "X1,A,2026-11-30 10:30,2026-11-30 11:00,李四,13912345678\n"
        "X2,B,2026-11-30T11:00+08:00,2026-11-30T11:30+08:00,,\n",
        encoding="utf-8",
    )
    assert import_appointments(store, good) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "booking_code,service,slot_start,slot_end\n"
        "Y1,A,2026-11-30 10:30,2026-11-30 11:00\n"
        "Y2,A,2026-11-30 25:00,2026-11-30 11:00\n",
        encoding="utf-8",
    )
    with pytest.raises(AppointmentImportError, match=r"bad.csv:3: '2026-11-30 25:00'"):
        import_appointments(store, bad)
    dup = tmp_path / "dup.csv"
    dup.write_text(
        "booking_code,service,slot_start,slot_end\nX1,A,2026-11-30 10:30,2026-11-30 11:00\n",
        encoding="utf-8",
    )
    with pytest.raises(AppointmentImportError, match="exists already"):
        import_appointments(store, dup)
    with store.read() as session:
        assert sorted(session.scalars(select(Appointment.booking_code))) == ["X1", "X2"]


def test_kiosk_check_in_by_scanner_and_plain_refusals(qtbot, sqlite_store, clock, make_kiosk):
    book(sqlite_store, clock, "2024113001", start_min=10)
    kiosk = make_kiosk(sqlite_store)
    window = kiosk.window
    with qtbot.waitSignal(kiosk.controller.printed, timeout=10000):
        qtbot.keyClicks(window, "2024113001")  # a keyboard-wedge scanner on the home page
        qtbot.keyClick(window, "\r")
    assert window.stack.currentWidget() is window.confirm
    assert window.confirm.title.text() == "预约签到成功"
    assert window.confirm.code.text() == "A001"
    tap(qtbot, window.confirm.finish)
    tap(qtbot, window.home.checkin)  # typed on the screen's keypad, used twice
    for key in "2024113001":
        tap(qtbot, window.checkin.findChild(type(window.checkin.ok), f"checkin_key{key}"))
    with qtbot.waitSignal(kiosk.controller.refused, timeout=10000):
        tap(qtbot, window.checkin.ok)
    assert window.stack.currentWidget() is window.message
    assert window.message.detail.text() == "该预约码已签到，请勿重复取号"
    with sqlite_store.read() as session:
        assert len(session.scalars(select(Ticket)).all()) == 1
