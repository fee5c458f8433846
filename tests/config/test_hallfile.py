"""The hall file as a whole: the demo hall, the API's shapes and unreadable files."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from shared.config.hallfile import (
    ConfigError,
    HallFileError,
    HallFileIssue,
    load_hall_file,
    parse_hall_text,
)
from shared.config.spec import CaseClass, DispatchMode, PriorityLane, Role
from tests.config.hall_texts import BASE

DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo-hall.toml"


def test_demo_hall_loads_with_the_promised_size() -> None:
    spec = load_hall_file(DEMO)
    assert spec.name == "示范市政务服务中心" and spec.name_en
    assert spec.timezone == "Asia/Shanghai"
    assert len(spec.departments) >= 15
    assert len(spec.services) >= 30
    assert len(spec.counters) >= 40
    assert len(spec.clerks) >= 45
    assert {s.case_class for s in spec.services} == set(CaseClass)
    assert len({s.prefix for s in spec.services}) == len(spec.services)
    assert sum(len(c.services) > 1 for c in spec.counters) >= 10
    assert any(c.dispatch is DispatchMode.WEIGHTED for c in spec.counters)
    assert any(c.dispatch is DispatchMode.ORDER for c in spec.counters)
    assert any(len(c.roles) > 1 for c in spec.clerks)
    assert any(Role.ADMIN in c.roles for c in spec.clerks)
    assert any("爱心" in c.name for c in spec.counters)
    assert any(s.hours is not None for s in spec.services)
    assert any(s.daily_quota > 0 for s in spec.services)
    assert spec.printer.url == "none" and not spec.warnings  # printers are the PCs' own
    assert len(spec.displays) == 2 and spec.displays[1].departments
    assert spec.kiosk.priority_lane is PriorityLane.STAFF_PIN
    assert spec.notice


def test_minimal_hall_takes_the_defaults() -> None:
    spec = parse_hall_text(BASE)
    assert spec.code == "t" and spec.number_width == 3
    assert spec.hours.periods[0] == (time(9, 0), time(12, 0))
    assert spec.services[0].case_class is CaseClass.LICENSING
    assert spec.services[0].hours is None
    assert spec.counters[0].dispatch is DispatchMode.FIFO
    assert spec.counters[0].services[0].weight == 1
    assert spec.screens is None and spec.displays == ()


def test_counter_services_as_weights_default_to_weighted_dispatch() -> None:
    text = BASE.replace('services = ["s1"]', "services = { s1 = 4 }")
    counter = parse_hall_text(text).counters[0]
    assert counter.dispatch is DispatchMode.WEIGHTED
    assert counter.services[0].weight == 4


def test_service_hours_fill_missing_keys_from_the_hall() -> None:
    text = BASE + '[hours]\ndays = ["mon-sat"]\nperiods = [["08:30", "17:00"]]\n'
    text = text.replace(
        'case_class = "行政许可"', 'case_class = "licensing"\nhours = { periods = ["10:00-11:00"] }'
    )
    spec = parse_hall_text(text)
    assert spec.hours.days == (1, 2, 3, 4, 5, 6)
    assert spec.services[0].hours is not None
    assert spec.services[0].hours.days == (1, 2, 3, 4, 5, 6)
    assert spec.services[0].hours.periods == ((time(10, 0), time(11, 0)),)


def test_error_lists_every_issue_as_file_line_field_message() -> None:
    text = BASE.replace('prefix = "A"', 'prefix = "a1"').replace("number = 1", "number = 0")
    with pytest.raises(HallFileError) as caught:
        parse_hall_text(text, filename="hall.toml")
    error = caught.value
    assert isinstance(error, ConfigError)
    assert all(isinstance(issue, HallFileIssue) for issue in error.issues)
    assert str(error).splitlines() == [
        "hall.toml:11: services[0].prefix: prefix must be one or two capital letters A-Z, got 'a1'",
        "hall.toml:14: counters[0].number: number must be an integer from 1 to 9999, got 0",
    ]


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(HallFileError) as caught:
        load_hall_file(missing)
    (issue,) = caught.value.issues
    assert (issue.file, issue.line) == (str(missing), 0)
    assert "file not found" in issue.message


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(HallFileError, match="is a directory"):
        load_hall_file(str(tmp_path))


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(BASE.replace("测试大厅", "大厅").encode("gbk"))
    with pytest.raises(HallFileError) as caught:
        load_hall_file(path)
    (issue,) = caught.value.issues
    assert issue.line == 3
    assert "not UTF-8" in issue.message


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.replace("\n", "\r\n").encode())
    assert load_hall_file(path).name == "测试大厅"


@pytest.mark.parametrize("raw", [b"", b"\x00\x01\x02", b"\xff\xfe[\x00", b"[[[", b"= 1"])
def test_garbage_never_escapes_as_another_exception(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "junk.toml"
    path.write_bytes(raw)
    with pytest.raises(HallFileError) as caught:
        load_hall_file(path)
    assert all(issue.line in (0, 1) for issue in caught.value.issues)
    assert str(caught.value)


def test_the_reference_example_loads() -> None:
    doc = (DEMO.parents[1] / "docs" / "hall-file.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    spec = parse_hall_text(example)
    assert spec.services[0].case_class is CaseClass.BENEFIT


def test_devices_as_sub_tables_belong_to_the_counter_above() -> None:
    text = BASE + (
        '[counters.rating_pad]\nport = "/dev/ttyUSB2"\naddress = 9\n'
        '[screens]\nport = "/dev/ttyUSB0"\n'
    )
    text = text.replace("number = 1", 'number = 1\nscreen_address = 1\nkeypad = { port = "COM3" }')
    spec = parse_hall_text(text)
    counter = spec.counters[0]
    # ports are each PC's own setting: read with a warning, never kept
    assert counter.keypad is not None and counter.keypad.port == ""
    assert any(
        w.field == "counters[0].keypad.port" and "HALLQ_KEYPAD_PORT" in w.message
        for w in spec.warnings
    )
    assert counter.rating_pad is not None and counter.rating_pad.address == 9
    assert counter.screen_address == 1


def test_hall_notice_in_english_is_read_and_applied(tmp_path: Path) -> None:
    from shared.store.apply import apply_hall
    from shared.store.db import Store
    from shared.store.migrate import upgrade

    spec = load_hall_file(DEMO)
    assert spec.notice_en.startswith("Bring your ID card")
    store = Store(f"sqlite:///{tmp_path / 'h.sqlite'}")
    upgrade(store)
    apply_hall(store, spec)
    with store.read() as session:
        from shared.store.models import Hall

        hall = session.query(Hall).one()
        assert hall.settings["notice_en"] == spec.notice_en
