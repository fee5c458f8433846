"""Broken hall files: each names the exact line, field and what was wrong."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from shared.config.hallfile import HallFileError, HallFileIssue, parse_hall_text
from tests.config.hall_texts import BASE


def edit(old: str, new: str) -> str:
    """BASE with one line replaced (line numbers below stay put when `new` is one line)."""
    assert old in BASE
    return BASE.replace(old, new, 1)


def more(text: str) -> str:
    """BASE with `text` appended from line 16 on."""
    return BASE + text


SECOND_SERVICE = """[[services]]
code = "s2"
name = "事项二"
department = "d1"
prefix = "{prefix}"
case_class = "公共服务"
"""

# (id, text, line, field, message fragment)
CASES: list[tuple[str, str, int, str, str]] = [
    ("syntax", edit('name = "测试大厅"', 'name = "测试大厅'), 3, "(syntax)", "TOML syntax error"),
    (
        "typo-key",
        edit('prefix = "A"', 'prefx = "A"'),
        11,
        "services[0].prefx",
        "unknown key 'prefx' — did you mean 'prefix'?",
    ),
    (
        "typo-key-missing",
        edit('prefix = "A"', 'prefx = "A"'),
        7,
        "services[0].prefix",
        "missing required key 'prefix'",
    ),
    (
        "prefix-format",
        edit('prefix = "A"', 'prefix = "a1"'),
        11,
        "services[0].prefix",
        "prefix must be one or two capital letters A-Z, got 'a1'",
    ),
    (
        "prefix-twice",
        more(SECOND_SERVICE.format(prefix="A") + '[[counters]]\nnumber = 2\nservices = ["s2"]\n'),
        20,
        "services[1].prefix",
        "prefix 'A' is already used by services[0] (line 7)",
    ),
    (
        "service-code-twice",
        more(SECOND_SERVICE.format(prefix="B").replace('"s2"', '"s1"')),
        17,
        "services[1].code",
        "service code 's1' is already used by services[0]",
    ),
    (
        "department-unknown",
        edit('department = "d1"', 'department = "d2"'),
        10,
        "services[0].department",
        "department 'd2' is not defined in [[departments]]",
    ),
    (
        "department-twice",
        more('[[departments]]\ncode = "d1"\nname = "又一个"\n'),
        17,
        "departments[1].code",
        "department code 'd1' is already used by departments[0]",
    ),
    (
        "case-class",
        edit('case_class = "行政许可"', 'case_class = "许可"'),
        12,
        "services[0].case_class",
        "case_class must be one of 'licensing' (行政许可)",
    ),
    (
        "target-minutes",
        edit('prefix = "A"', 'prefix = "A"\ntarget_minutes = 0'),
        12,
        "services[0].target_minutes",
        "target_minutes must be > 0 and <= 1440, got 0",
    ),
    (
        "quota-negative",
        edit('case_class = "行政许可"', 'case_class = "行政许可"\ndaily_quota = -1'),
        13,
        "services[0].daily_quota",
        "daily_quota must be an integer from 0 to 999999, got -1",
    ),
    (
        "quota-too-big",
        edit('case_class = "行政许可"', 'case_class = "行政许可"\ndaily_quota = 1000'),
        13,
        "services[0].daily_quota",
        "does not fit in number_width 3",
    ),
    (
        "hours-overlap",
        edit(
            'case_class = "行政许可"',
            'case_class = "行政许可"\nhours = { '
            'periods = ["09:00-12:00",\n             "11:00-14:00"] }',
        ),
        14,
        "services[0].hours.periods[1]",
        "period 11:00-14:00 overlaps 09:00-12:00",
    ),
    (
        "hours-backwards",
        more('[hours]\nperiods = ["17:00-09:00"]\n'),
        17,
        "hours.periods[0]",
        "a period must start before it ends, got 17:00-09:00",
    ),
    (
        "hours-bad-time",
        more('[hours]\nperiods = [["9:00", "25:00"]]\n'),
        17,
        "hours.periods[0]",
        "a time must be \"HH:MM\" from 00:00 to 23:59, got '25:00'",
    ),
    (
        "hours-bad-day",
        more('[hours]\ndays = [\n  "mon",\n  8,\n]\n'),
        19,
        "hours.days[1]",
        "a day number must be 1 (Monday) to 7, got 8",
    ),
    (
        "hours-day-name",
        more('[hours]\ndays = ["mon-fry"]\n'),
        17,
        "hours.days[0]",
        "a day must be 1..7, one of mon, tue",
    ),
    (
        "timezone",
        edit('code = "t"', 'timezone = "Asia/Shangai"'),
        2,
        "hall.timezone",
        "timezone must be an IANA time zone",
    ),
    (
        "number-width",
        edit('code = "t"', 'code = "t"\nnumber_width = 7'),
        3,
        "hall.number_width",
        "number_width must be an integer from 2 to 6, got 7",
    ),
    (
        "hall-missing",
        BASE.replace('[hall]\ncode = "t"\nname = "测试大厅"\n', ""),
        1,
        "hall",
        "missing the [hall] table",
    ),
    (
        "hall-name-missing",
        edit('name = "测试大厅"', "notice = ''"),
        1,
        "hall.name",
        "missing required key 'name'",
    ),
    (
        "hall-key-at-top",
        "number_width = 4\n" + BASE,
        1,
        "number_width",
        "must be written under the [hall] table",
    ),
    (
        "unknown-table",
        more("[kisok]\nidle_seconds = 20\n"),
        16,
        "kisok",
        "unknown table 'kisok' — did you mean 'kiosk'?",
    ),
    (
        "services-not-array",
        BASE.replace("[[services]]", "[services]"),
        7,
        "services",
        "services must be an array of tables: write each entry under its own [[services]]",
    ),
    (
        "counter-service-unknown",
        edit('services = ["s1"]', 'services = ["s1", "s9"]'),
        15,
        "counters[0].services[1]",
        "service 's9' is not defined in [[services]]",
    ),
    (
        "counter-no-services",
        edit('services = ["s1"]', "services = []"),
        15,
        "counters[0].services",
        "a counter must serve at least one service",
    ),
    (
        "counter-services-missing",
        edit('services = ["s1"]', 'name = "窗口"'),
        13,
        "counters[0].services",
        "missing required key 'services'",
    ),
    (
        "counter-weight",
        edit('services = ["s1"]', "services = { s1 = 0 }"),
        15,
        "counters[0].services.s1",
        "weight of 's1' must be a whole number from 1 to 100, got 0",
    ),
    (
        "counter-weight-fifo",
        edit('services = ["s1"]', 'services = { s1 = 2 }\ndispatch = "fifo"'),
        16,
        "counters[0].dispatch",
        "weights are only used with dispatch = 'weighted'",
    ),
    (
        "counter-dispatch",
        edit('services = ["s1"]', 'services = ["s1"]\ndispatch = "random"'),
        16,
        "counters[0].dispatch",
        "dispatch must be one of 'fifo', 'order', 'weighted', got 'random'",
    ),
    (
        "counter-number-twice",
        more('[[counters]]\nnumber = 1\nservices = ["s1"]\n'),
        17,
        "counters[1].number",
        "counter number 1 is already used by counters[0] (line 13)",
    ),
    (
        "counter-number-type",
        edit("number = 1", 'number = "1"'),
        14,
        "counters[0].number",
        "number must be an integer from 1 to 9999, got a string",
    ),
    (
        "counter-number-missing",
        edit("number = 1", "# number = 1"),
        13,
        "counters[0].number",
        "missing required key 'number'",
    ),
    (
        "service-unserved",
        more(SECOND_SERVICE.format(prefix="B")),
        17,
        "services[1].code",
        "service 's2' is not served by any counter",
    ),
    (
        "screen-without-bus",
        edit("number = 1", "number = 1\nscreen_address = 3"),
        15,
        "counters[0].screen_address",
        "the hall has no [screens] bus",
    ),
    (
        "keypad-baudrate",
        more('[counters.keypad]\nport = "COM3"\nbaudrate = 9601\n'),
        18,
        "counters[0].keypad.baudrate",
        "baudrate must be one of 1200, 2400",
    ),
    (
        "clerk-role",
        more('[[clerks]]\nlogin = "li.wei"\nname = "李伟"\nroles = ["clerk", "boss"]\n'),
        19,
        "clerks[0].roles[1]",
        "role must be one of clerk, supervisor, admin, got 'boss'",
    ),
    (
        "clerk-login-twice",
        more(
            '[[clerks]]\nlogin = "li.wei"\nname = "李伟"\n'
            '[[clerks]]\nlogin = "li.wei"\nname = "李薇"\n'
        ),
        20,
        "clerks[1].login",
        "login 'li.wei' is already used by clerks[0] (line 16)",
    ),
    (
        "clerk-login-format",
        more('[[clerks]]\nlogin = "Li Wei"\nname = "李伟"\n'),
        17,
        "clerks[0].login",
        "login must be 1-32 lower-case letters",
    ),
    (
        "clerk-service",
        more('[[clerks]]\nlogin = "li.wei"\nname = "李伟"\nservices = ["s"]\n'),
        19,
        "clerks[0].services[0]",
        "service 's' is not defined in [[services]] — did you mean 's1'?",
    ),
    (
        "printer-url",
        more('[printer]\nurl = "lpt1://x"\n'),
        17,
        "printer.url",
        "unknown printer URL 'lpt1://x'",
    ),
    (
        "printer-usb",
        more('[printer]\nurl = "usb://04g6:5011"\n'),
        17,
        "printer.url",
        "USB printers are named by VID:PID in hex",
    ),
    (
        "printer-paper",
        more("[printer]\npaper_mm = 76\n"),
        17,
        "printer.paper_mm",
        "paper_mm must be 80 or 58, got 76",
    ),
    (
        "printer-qr",
        more('[printer]\nqr = "svg"\n'),
        17,
        "printer.qr",
        "qr must be one of 'native', 'image', 'none', got 'svg'",
    ),
    (
        "announce-template",
        more('[announce]\ntemplate_zh = "请{code}号办理"\n'),
        17,
        "announce.template_zh",
        "must contain {counter}",
    ),
    (
        "announce-placeholder",
        more('[announce]\ntemplate_en = "{code} to {counter} {name}"\n'),
        17,
        "announce.template_en",
        "unknown placeholder {name}",
    ),
    (
        "announce-repeat",
        more("[announce]\nrepeat = 6\n"),
        17,
        "announce.repeat",
        "repeat must be an integer from 1 to 5, got 6",
    ),
    (
        "announce-volume",
        more("[announce]\nvolume = 1.5\n"),
        17,
        "announce.volume",
        "volume must be between 0 and 1, got 1.5",
    ),
    (
        "announce-engines",
        more('[announce]\nengines = ["pack", "sapi"]\n'),
        17,
        "announce.engines",
        "engines must list some of 'pack', 'pyttsx3', 'espeak-ng' once each",
    ),
    (
        "announce-pack-without-folder",
        more('[announce]\nengines = ["pack", "espeak-ng"]\n'),
        17,
        "announce.engines",
        "engines lists 'pack' but no voice_pack folder is set",
    ),
    (
        "announce-voice-pack-blank",
        more('[announce]\nvoice_pack = " "\n'),
        17,
        "announce.voice_pack",
        "voice_pack must name a folder",
    ),
    (
        "announce-skip-before-shorten",
        more("[announce]\nshorten_after_s = 30\nskip_after_s = 20\n"),
        18,
        "announce.skip_after_s",
        "skip_after_s (20) must be more than shorten_after_s (30)",
    ),
    (
        "announce-repeat-template",
        more('[announce]\ntemplate_zh_repeat = "{code}号"\n'),
        17,
        "announce.template_zh_repeat",
        "must contain {counter}",
    ),
    (
        "rating-reasons",
        more("[rating]\nreasons = []\n"),
        17,
        "rating.reasons",
        "reasons must list at least one reason",
    ),
    (
        "rating-blank-reason",
        more('[rating]\nreasons = [\n  "等待时间过长",\n  " ",\n]\n'),
        19,
        "rating.reasons[1]",
        "a reason must not be empty",
    ),
    (
        "kiosk-lane",
        more('[kiosk]\npriority_lane = "vip"\n'),
        17,
        "kiosk.priority_lane",
        "priority_lane must be one of 'open', 'staff_pin', 'hidden', got 'vip'",
    ),
    (
        "kiosk-pin-missing",
        more('[kiosk]\npriority_lane = "staff_pin"\n'),
        16,
        "kiosk.priority_pin",
        "priority_pin must be 4-8 digits when priority_lane = 'staff_pin'",
    ),
    (
        "kiosk-pin-int",
        more('[kiosk]\npriority_lane = "staff_pin"\npriority_pin = 2468\n'),
        18,
        "kiosk.priority_pin",
        "in quotes",
    ),
    (
        "display-layout",
        more('[[displays]]\nname = "大屏"\nlayout = "grid"\n'),
        18,
        "displays[0].layout",
        "layout must be one of 'recent', 'counters', got 'grid'",
    ),
    (
        "display-department",
        more('[[displays]]\nname = "大屏"\ndepartments = ["d1", "dx"]\n'),
        18,
        "displays[0].departments[1]",
        "department 'dx' is not defined",
    ),
    (
        "display-counter",
        more('[[displays]]\nname = "大屏"\ncounters = [1, 2]\n'),
        18,
        "displays[0].counters[1]",
        "counter '2' is not defined in [[counters]]",
    ),
    (
        "quoted-key-typo",
        edit('prefix = "A"', '"prefix " = "A"'),
        11,
        'services[0]."prefix "',
        "unknown key 'prefix ' — did you mean 'prefix'?",
    ),
    (
        "dispatch-rules",
        more("[dispatch]\nrecall_limit = true\n"),
        17,
        "dispatch.recall_limit",
        "recall_limit must be an integer from 0 to 10, got a boolean",
    ),
]


def issues_of(text: str) -> list[HallFileIssue]:
    with pytest.raises(HallFileError) as caught:
        parse_hall_text(text, filename="hall.toml")
    return caught.value.issues


@pytest.mark.parametrize(
    ("text", "line", "field", "fragment"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_broken_file_names_line_field_and_problem(
    text: str, line: int, field: str, fragment: str
) -> None:
    issues = issues_of(text)
    found = [(i.line, i.field) for i in issues if fragment in i.message]
    assert (line, field) in found, "\n".join(map(str, issues))
    assert all(issue.file == "hall.toml" for issue in issues)


def _value_at(data: Any, parts: list[str | int]) -> Any:
    for part in parts:
        data = data[part]
    return data


def _scalars(value: Any) -> list[str]:
    """How the scalars inside a value may appear in the source."""
    if isinstance(value, list):
        return [text for item in value for text in _scalars(item)]
    if isinstance(value, dict):
        return [key for key in value]
    return [str(value).lower() if isinstance(value, bool) else str(value)]


def _parts(field: str) -> list[str | int]:
    """Split 'counters[0].services."a b"' back into its keys and indices."""
    data = tomllib.loads(f"x = 1\n[probe.{field.replace('[', '.').replace(']', '')}]\n")
    parts: list[str | int] = []
    node = data["probe"]
    while node:
        (key,) = node
        parts.append(int(key) if key.isdigit() else key)
        node = node[key]
    return parts


@pytest.mark.parametrize("text", [case[1] for case in CASES], ids=[case[0] for case in CASES])
def test_every_issue_line_shows_its_key_or_table_header(text: str) -> None:
    lines = text.splitlines()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        data = {}
    for issue in issues_of(text):
        if issue.field.startswith("("):
            continue
        source = lines[issue.line - 1]
        parts = _parts(issue.field)
        keys = [p for p in parts if isinstance(p, str)]
        shown = [f"[{keys[0]}", f"[[{keys[0]}"] if source.lstrip().startswith("[") else []
        if isinstance(parts[-1], str):
            shown.append(parts[-1])
        else:
            shown.extend(_scalars(_value_at(data, parts)))
        assert any(s in source for s in shown) or (
            issue.line == 1 and "missing" in issue.message
        ), (str(issue), source)


def test_all_issues_reported_in_one_pass() -> None:
    text = (
        BASE.replace('prefix = "A"', 'prefix = "a"').replace("number = 1", "number = -1")
        + '[kiosk]\npriority_lane = "vip"\n[printer]\npaper_mm = 90\n'
    )
    fields = [issue.field for issue in issues_of(text)]
    assert fields == [
        "services[0].prefix",
        "counters[0].number",
        "kiosk.priority_lane",
        "printer.paper_mm",
    ]
