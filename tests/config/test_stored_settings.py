"""hall.settings read back into the hall file's specs: one declaration of every field."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest

from shared.config.hallfile import load_hall_file, parse_hall_text
from shared.config.settings import (
    HallSettings,
    StoredSettingsError,
    settings_from_json,
    settings_of,
    settings_to_json,
)
from shared.config.spec import DispatchRules, HallSpec, Hours, KioskSpec, PriorityLane, WebSpec
from shared.store.apply import apply_hall, hall_settings
from shared.store.db import Store
from shared.store.migrate import upgrade
from shared.store.models import Hall

DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo-hall.toml"

# Every section of settings away from its default, so a field the round trip drops shows.
EVERY_SECTION = """\
[hall]
code = "t"
name = "测试大厅"
notice = "请带身份证"
notice_en = "Bring your ID card"
[hours]
days = [1, 2, 3, 4, 5, 6]
periods = [["08:30", "12:00"], ["14:00", "18:00"]]
[dispatch]
priority_streak_limit = 2
recall_limit = 1
requeue_places = 5
requeue_limit = 2
transfer_keeps_place = false
[login]
max_failures = 3
lock_minutes = 2.5
[printer]
paper_mm = 58
qr = "image"
qr_text = "{code}-{day}"
notice = "过号请重新取号"
[screens]
type = "hallq"
address = 2
baudrate = 19200
[announce]
template_zh = "请{code}号到{counter}号窗口"
languages = ["zh", "en"]
repeat = 1
volume = 0.8
rate = 170
read_one_as_yao = true
quiet_hours = [["12:00", "13:30"]]
[rating]
timeout_seconds = 45
reasons_version = "3"
reasons = ["等待时间过长", "其他"]
follow_up_days = 15
[kiosk]
idle_seconds = 40
priority_lane = "hidden"
services_per_page = 8
pin_tries_per_minute = 3
checkin_early_minutes = 20
[web]
web_base = "https://q.example.gov.cn"
notify_ahead = 5
booking_days = 7
slot_minutes = 20
slot_capacity = 4
booking_lead_minutes = 30
bookings_per_phone = 2
address_per_hour = 50
phone_per_day = 3
trusted_proxies = ["10.0.0.0/8"]
webhook_give_up_hours = 48
[[web.webhooks]]
name = "crm"
url = "https://crm.example.gov.cn/hook"
secret = "0123456789abcdef0123"
events = ["ticket.called", "booking.created"]
[[departments]]
code = "d1"
name = "部门"
[[services]]
code = "s1"
name = "事项"
department = "d1"
prefix = "A"
case_class = "行政许可"
phone_booking = true
slot_capacity = 6
[[counters]]
number = 1
services = ["s1"]
screen_address = 1
[[displays]]
name = "大厅"
layout = "counters"
departments = ["d1"]
counters = [1]
"""


def test_every_section_survives_the_store() -> None:
    spec = parse_hall_text(EVERY_SECTION)
    kept = settings_of(spec)
    back = settings_from_json(settings_to_json(kept))
    assert back == kept
    assert back.dispatch.recall_limit == 1 and back.login.lock_minutes == 2.5
    assert back.hours.periods[0] == (time(8, 30), time(12, 0))
    assert back.announce.quiet_hours == ((time(12, 0), time(13, 30)),)
    assert back.kiosk.priority_lane is PriorityLane.HIDDEN
    assert back.web.webhooks[0].events == ("ticket.called", "booking.created")
    assert dict(back.bookable) == {"s1": 6}
    assert back.screens is not None and back.screens.baudrate == 19200
    assert back.displays[0].counters == (1,)
    # what each section holds differs from its default, so nothing passes by default
    for f in dataclasses.fields(HallSettings):
        assert getattr(back, f.name) != getattr(HallSettings(), f.name), f.name


def test_the_demo_hall_survives_the_store() -> None:
    kept = settings_of(load_hall_file(DEMO))
    assert settings_from_json(settings_to_json(kept)) == kept


def test_what_stays_out_of_the_store_stays_out() -> None:
    spec = parse_hall_text(EVERY_SECTION)
    spec = replace(
        spec, kiosk=replace(spec.kiosk, priority_lane=PriorityLane.STAFF_PIN, priority_pin="2468")
    )
    stored = hall_settings(spec)
    text = str(stored)
    assert "0123456789abcdef0123" not in text and "2468" not in text
    assert "url" not in stored["printer"] and "port" not in stored["screens"]
    assert stored["kiosk"]["priority_pin_hash"].startswith("$argon2id$")
    back = settings_from_json(stored)
    assert back.kiosk.priority_pin == "" and back.kiosk.priority_pin_hash
    assert back.web.webhooks[0].secret == ""


def test_an_older_store_reads_with_the_specs_defaults() -> None:
    assert settings_from_json({}) == HallSettings()
    assert settings_from_json(None) == HallSettings()
    older = {
        "dispatch": {"recall_limit": 1},  # the other rules came later
        "kiosk": {"priority_lane": "staff_pin", "priority_pin": "2468"},  # before hashing
        "web": {"notify_ahead": 2, "services": {"s1": 3}},
        "printer": {"url": "tcp://10.0.0.66:9100", "paper_mm": 58},  # before URLs moved
        "retired_section": {"x": 1},
    }
    got = settings_from_json(older)
    assert got.dispatch == replace(DispatchRules(), recall_limit=1)
    assert got.kiosk == replace(
        KioskSpec(), priority_lane=PriorityLane.STAFF_PIN, priority_pin="2468"
    )
    assert got.web == replace(WebSpec(), notify_ahead=2)
    assert dict(got.bookable) == {"s1": 3}
    assert got.printer.paper_mm == 58 and got.hours == Hours()


@pytest.mark.parametrize(
    ("stored", "where"),
    [
        ({"dispatch": {"recall_limit": "three"}}, "dispatch.recall_limit"),
        ({"kiosk": {"priority_lane": "vip"}}, "kiosk.priority_lane"),
        ({"announce": {"quiet_hours": [["12:00"]]}}, "announce.quiet_hours[0]"),
        ({"displays": [{"layout": "recent"}]}, "displays[0]"),
        ({"rating": "none"}, "rating"),
    ],
)
def test_a_bad_stored_value_names_where_it_is(stored: dict[str, object], where: str) -> None:
    with pytest.raises(StoredSettingsError) as caught:
        settings_from_json(stored)
    assert caught.value.where == where
    assert "hallq config apply" in str(caught.value)


def test_settings_default_as_the_hall_file_does() -> None:
    """HallSettings is the settings part of HallSpec: same names, same defaults."""
    hall = HallSpec(code="", name="")
    lists = {
        "code",
        "name",
        "name_en",
        "timezone",
        "number_width",
        "departments",
        "services",
        "counters",
        "clerks",
        "warnings",
    }
    spec_fields = {f.name for f in dataclasses.fields(HallSpec)} - lists
    mine = {f.name for f in dataclasses.fields(HallSettings)} - {"bookable"}
    assert mine == spec_fields  # a new hall-file section must say whether the store keeps it
    for name in mine:
        assert getattr(HallSettings(), name) == getattr(hall, name), name


def test_use_cases_read_the_stored_settings_typed(tmp_path: Path) -> None:
    from shared.services.common import context

    store = Store(f"sqlite:///{tmp_path / 'h.sqlite'}")
    try:
        upgrade(store)
        apply_hall(store, parse_hall_text(EVERY_SECTION))
        with store.read() as session:
            hall = context(store, session).hall
            assert hall.dispatch.recall_limit == 1 and hall.login.max_failures == 3
            assert hall.kiosk.checkin_early_minutes == 20 and hall.web.notify_ahead == 5
        with store.write() as session:  # a store written before [login] and [dispatch] grew
            row = session.query(Hall).one()
            row.settings = {k: v for k, v in row.settings.items() if k not in ("login", "dispatch")}
        store.cache.clear()
        with store.read() as session:
            hall = context(store, session).hall
            assert hall.dispatch == DispatchRules() and hall.login.max_failures == 5
            assert hall.rating.follow_up_days == 15
    finally:
        store.dispose()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ("[login]\nmax_failures = 0\n", "login.max_failures", "from 1 to 100"),
        ("[login]\nlock_minutes = 0\n", "login.lock_minutes", "> 0"),
        ("[login]\nlock = 5\n", "login.lock", "unknown"),
        ("[kiosk]\ncheckin_early_minutes = -1\n", "kiosk.checkin_early_minutes", "from 0 to 1440"),
    ],
)
def test_the_new_hall_file_keys_are_checked(extra: str, field: str, message: str) -> None:
    from shared.config.errors import HallFileError
    from tests.config.hall_texts import BASE

    with pytest.raises(HallFileError) as caught:
        parse_hall_text(BASE + extra)
    assert [i.field for i in caught.value.issues] == [field]
    assert message in caught.value.issues[0].message
