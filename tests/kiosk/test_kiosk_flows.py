"""The kiosk as a citizen uses it: issue, double tap, priority, quota, hours, elder, English."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kiosk.theme import Theme, contrast
from shared.config.spec import KioskSpec, PriorityLane
from shared.services import issue_ticket
from shared.services.queries import events_after
from shared.store.apply import apply_hall
from shared.store.models import Event, Ticket
from tests.factories import small_hall
from tests.kiosk.helpers import take, tap, tile


def tickets(store: Any) -> list[Ticket]:
    with store.read() as session:
        return list(session.scalars(select(Ticket).order_by(Ticket.id)))


def test_one_tap_issues_prints_and_confirms(qtbot, sqlite_store, make_kiosk, tmp_path: Path):
    kiosk = make_kiosk(sqlite_store)
    result = take(qtbot, kiosk, "rsj", "A")
    window = kiosk.window
    assert window.stack.currentWidget() is window.confirm
    assert window.confirm.code.text() == "A001"
    assert result.ok and result.code == "A001"
    data = (tmp_path / "tickets.bin").read_bytes()
    assert data == result.data
    assert b"A001" in data
    assert b"\x1c&" + "企业养老保险".encode("gb18030") + b"\x1c." in data  # Chinese mode
    assert b"\x1d(k" in data  # native QR (GS ( k)
    assert data.endswith(b"\x1bd\x03\x1dVB\x00")  # feed, then cut
    assert [t.code for t in tickets(sqlite_store)] == ["A001"]


def test_double_tap_issues_one_ticket(qtbot, sqlite_store, make_kiosk):
    kiosk = make_kiosk(sqlite_store)
    tap(qtbot, tile(kiosk, "dept:rsj"))
    button = tile(kiosk, "service:A")
    with qtbot.waitSignal(kiosk.controller.printed, timeout=10000):
        tap(qtbot, button)
        tap(qtbot, button)  # the second tap lands while the first is under way
    kiosk.controller.jobs.wait()
    assert len(tickets(sqlite_store)) == 1


def test_idle_time_returns_home(qtbot, sqlite_store, make_kiosk):
    kiosk = make_kiosk(sqlite_store, idle_ms=200)
    take(qtbot, kiosk, "rsj", "B")
    qtbot.waitUntil(lambda: kiosk.window.stack.currentWidget() is kiosk.window.home, timeout=5000)
    assert kiosk.window.home.department is None


def test_open_priority_lane(qtbot, sqlite_store, make_kiosk):
    kiosk = make_kiosk(sqlite_store)
    issue_ticket(sqlite_store, service="A")
    tap(qtbot, kiosk.window.home.priority_button)
    assert kiosk.window.home.banner.isVisibleTo(kiosk.window)
    take(qtbot, kiosk, "rsj", "A")
    issued = tickets(sqlite_store)[-1]
    assert issued.priority and kiosk.window.confirm.ahead.text() == "前方等待 0 人"


def test_staff_pin_priority_lane(qtbot, clock, tmp_path, make_kiosk, sqlite_store):
    apply_hall(
        sqlite_store,
        replace(
            small_hall(), kiosk=KioskSpec(priority_lane=PriorityLane.STAFF_PIN, priority_pin="1234")
        ),
    )
    kiosk = make_kiosk(sqlite_store)
    window = kiosk.window
    tap(qtbot, window.home.priority_button)
    assert window.stack.currentWidget() is window.pin
    qtbot.keyClicks(window.pin.field, "9999")
    with qtbot.waitSignal(kiosk.controller.pin_checked, timeout=5000):
        tap(qtbot, window.pin.ok)  # checked by the store, off the GUI thread
    assert window.stack.currentWidget() is window.message
    assert not window.home.priority
    assert [e.kind for e in events_after(sqlite_store, 0)][-1] == "priority_pin_failed"
    tap(qtbot, window.message.back_button)
    tap(qtbot, window.home.priority_button)
    for key in "1234":
        tap(qtbot, window.pin.findChild(type(window.pin.ok), f"pin_key{key}"))
    with qtbot.waitSignal(kiosk.controller.pin_checked, timeout=5000):
        tap(qtbot, window.pin.ok)
    assert window.home.priority
    take(qtbot, kiosk, "rsj", "B")
    assert tickets(sqlite_store)[-1].priority


def test_hidden_priority_lane_has_no_button(qtbot, sqlite_store, make_kiosk):
    apply_hall(
        sqlite_store, replace(small_hall(), kiosk=KioskSpec(priority_lane=PriorityLane.HIDDEN))
    )
    kiosk = make_kiosk(sqlite_store)
    assert not kiosk.window.home.priority_button.isVisibleTo(kiosk.window)


def test_quota_reached_is_greyed_with_reason(qtbot, sqlite_store, make_kiosk):
    for _ in range(3):
        issue_ticket(sqlite_store, service="C")  # C's daily quota is 3
    kiosk = make_kiosk(sqlite_store)
    tap(qtbot, tile(kiosk, "dept:bdc"))
    service = tile(kiosk, "service:C")
    assert not service.isEnabled()
    assert service.detail.text() == "今日号已发完"
    tap(qtbot, service)
    kiosk.controller.jobs.wait()
    assert len(tickets(sqlite_store)) == 3


def test_out_of_hours_is_greyed(qtbot, sqlite_store, make_kiosk, clock):
    clock.advance(timedelta(hours=9))  # Monday 19:00 local
    kiosk = make_kiosk(sqlite_store)
    tap(qtbot, tile(kiosk, "dept:rsj"))
    for code in ("A", "B"):
        assert not tile(kiosk, f"service:{code}").isEnabled()
        assert tile(kiosk, f"service:{code}").detail.text() == "不在办理时间"


def test_service_closing_between_read_and_tap_gets_a_message(
    qtbot, sqlite_store, make_kiosk, clock
):
    kiosk = make_kiosk(sqlite_store)
    tap(qtbot, tile(kiosk, "dept:rsj"))
    clock.advance(timedelta(hours=9))  # the tile still shows it open
    with qtbot.waitSignal(kiosk.controller.refused, timeout=10000):
        tap(qtbot, tile(kiosk, "service:A"))
    assert kiosk.window.stack.currentWidget() is kiosk.window.message
    assert kiosk.window.message.detail.text() == "不在办理时间"
    assert tickets(sqlite_store) == []


def test_elder_mode_enlarges_speaks_and_shows_fewer(qtbot, sqlite_store, make_kiosk, tmp_path):
    kiosk = make_kiosk(sqlite_store)
    window = kiosk.window
    normal_height = window.home.checkin.height()
    tap(qtbot, window.home.elder_button)
    theme = window.theme
    assert theme.elder
    assert theme.body_px * 72 / theme.dpi >= 18  # at least 18 pt
    assert theme.target_px >= 60 * theme.dpi / 160
    assert theme.per_page(12) <= 6
    qtbot.waitUntil(lambda: window.home.checkin.height() > normal_height)
    said: list[str] = []
    kiosk.speaker.spoken.connect(said.append)
    take(qtbot, kiosk, "rsj", "A")
    qtbot.waitUntil(lambda: any("前方等待0人" in text for text in said), timeout=20000)
    assert "您已领取A零零一号，前方等待0人" in said
    wavs = sorted((tmp_path / "spoken").glob("*.wav"))
    assert wavs and all(p.stat().st_size > 10000 for p in wavs)  # real speech, not empty files


def test_theme_contrast_is_at_least_4_5() -> None:
    for elder in (False, True):
        theme = Theme(elder=elder)
        for fg, bg in (
            (theme.fg, theme.bg),
            (theme.fg, theme.card),
            (theme.muted_fg, theme.muted_bg),
            (theme.on_primary, theme.primary),
            (theme.on_primary, theme.green),
            (theme.warn, theme.bg),
        ):
            assert contrast(fg, bg) >= 4.5, (fg, bg)


def test_english_in_one_tap(qtbot, sqlite_store, make_kiosk):
    kiosk = make_kiosk(sqlite_store)
    window = kiosk.window
    tap(qtbot, window.home.lang_button)
    assert window.lang == "en"
    assert window.home.prompt.text() == "Please choose a department"
    assert window.home.checkin.text() == "Appointment check-in"
    tap(qtbot, tile(kiosk, "dept:rsj"))
    assert tile(kiosk, "service:A").title.text() == "Pensions"
    tap(qtbot, window.home.lang_button)
    assert window.home.checkin.text() == "预约签到"


def test_live_counts_follow_the_store(qtbot, sqlite_store, make_kiosk):
    kiosk = make_kiosk(sqlite_store)
    tap(qtbot, tile(kiosk, "dept:rsj"))
    issue_ticket(sqlite_store, service="A", source="cli")
    with qtbot.waitSignal(kiosk.controller.snapshot, timeout=10000):
        kiosk.controller.refresh()  # what the change feed's signal triggers
    assert tile(kiosk, "service:A").detail.text().startswith("等待 1 人")
    with sqlite_store.read() as session:
        assert session.scalar(select(Event.kind).order_by(Event.id.desc())) == "issued"
