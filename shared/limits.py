"""The limits of every input, in one place: `hallq`'s arguments and the hall file's fields.

The command line (shared.cli), the hall-file reader (shared.config) and the use cases
read their bounds from here, so a value is refused with the field's name before the
database sees it, and SQLite and PostgreSQL answer alike. docs/security.md shows these
tables (tests/config/test_limits.py keeps them in step).

Characters: a *name* (hall, department, service, counter, clerk, display) is one line
of printable text; a *text* (notice, template, reason) may also hold line breaks. Both
refuse control characters, bidirectional overrides and isolates, zero-width and other
invisible format characters, unassigned and private-use code points, and emoji: names
and notices are printed in GB18030 on thermal printers whose fonts have no emoji, are
read out by the voice, and must look the same on every screen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

INT64_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1
MAX_COUNT = 1000  # `ticket issue --count` and `call next --repeat`
MAX_HALL_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 8  # tables and arrays within each other; the hall file needs 6
MAX_URL = 2048


@dataclass(frozen=True)
class IntLimit:
    low: int
    high: int
    note: str = ""

    def describe(self) -> str:
        return f"whole number {self.low}..{self.high}" + (f"; {self.note}" if self.note else "")


@dataclass(frozen=True)
class TextLimit:
    max_len: int
    chars: str = "text"  # name | text | ascii | pattern
    pattern: str = ""  # for chars == "pattern": the whole value must match
    help: str = ""  # what the pattern means, for messages

    def describe(self) -> str:
        what = {
            "name": "one line, printable",
            "text": "printable, line breaks allowed",
            "ascii": "printable ASCII",
            "pattern": self.help,
        }[self.chars]
        return f"at most {self.max_len} characters; {what}"


@dataclass(frozen=True)
class ListLimit:
    max_items: int

    def describe(self) -> str:
        return f"at most {self.max_items} entries"


@dataclass(frozen=True)
class NumberLimit:
    low: float
    high: float
    low_open: bool = False  # the lower bound itself is refused

    def describe(self) -> str:
        low = f"more than {self.low:g}" if self.low_open else f"{self.low:g} or more"
        return f"a number, {low}, at most {self.high:g}"

    def problem(self, value: float) -> str | None:
        too_low = value <= self.low if self.low_open else value < self.low
        if value != value or too_low or value > self.high:  # NaN fails every comparison
            return f"must be {self.describe()}, got {value:g}"
        return None


Limit = IntLimit | TextLimit | ListLimit | NumberLimit
MAX_CSV_BYTES = 10 * 1024 * 1024  # appointment import, simulator profile

CODE_HELP = "ASCII letters, digits, '_', '.' or '-', starting with a letter or digit"
LOGIN_HELP = "lower-case letters, digits, '.', '_' or '-' (like 'li.wei')"
TICKET_HELP = "a ticket code: one or two capital letters and digits, e.g. A012"
CODE = TextLimit(32, "pattern", r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}", CODE_HELP)
LOGIN = TextLimit(32, "pattern", r"[a-z0-9][a-z0-9._-]{0,31}", LOGIN_HELP)
TICKET = TextLimit(12, "pattern", r"[A-Za-z]{1,2}[0-9]{1,10}", TICKET_HELP)
NAME = TextLimit(100, "name")
NAME_EN = TextLimit(200, "name")
NOTICE = TextLimit(500, "text")
COUNTER_NUMBER = IntLimit(1, 9999)

# `hallq` arguments, by the name the help shows.
CLI: dict[str, Limit] = {
    "--db URL": TextLimit(MAX_URL, "name"),
    "--hall CODE": CODE,
    "--printer URL": TextLimit(MAX_URL, "name"),
    "counter open|close N, --counter N": COUNTER_NUMBER,
    "--clerk LOGIN, --by LOGIN, clerk password LOGIN": LOGIN,
    "--service CODE": CODE,
    "ticket issue --count K": IntLimit(1, MAX_COUNT, "issue more in several runs"),
    "call next --repeat K": IntLimit(1, MAX_COUNT),
    "ticket reprint CODE": TICKET,
    "announce --code CODE": TextLimit(16, "name"),  # the speech text says what it cannot read
    "events|watch --since ID": IntLimit(0, INT64_MAX),
    "rating follow-up close ID": IntLimit(1, INT32_MAX),
    "rating follow-up close --action TEXT": TextLimit(2000, "text"),
    "appointment add --code BOOKING, CSV booking_code": TextLimit(64, "name"),
    "appointment add --name, CSV name": TextLimit(80, "name"),
    "appointment add --phone, CSV phone": TextLimit(32, "name"),  # the last 4 digits kept
    "clerk password (typed or --stdin)": IntLimit(6, 128, "characters"),
    "simulate --seed": IntLimit(0, 2**32 - 1),
    "simulate --hours H": NumberLimit(0, 24 * 366, low_open=True),
    "simulate, expected arrivals (hours x rates)": NumberLimit(0, 1_000_000),
    "simulate --arrivals CODE=RATE": NumberLimit(0, 10_000),
    "simulate --service-minutes CODE=MIN": NumberLimit(0, 24 * 60, low_open=True),
    "appointment import FILE.csv, simulate --profile CSV": IntLimit(0, MAX_CSV_BYTES, "bytes"),
    "hall file, devices file": IntLimit(
        0, MAX_HALL_FILE_BYTES, f"bytes; nesting at most {MAX_DEPTH} tables/arrays deep"
    ),
}

# Hall-file fields by path; "[]" stands for any entry of an array.
HALL: dict[str, Limit] = {
    "hall.code": CODE,
    "hall.name": NAME,
    "hall.name_en": NAME_EN,
    "hall.timezone": TextLimit(64, "ascii"),
    "hall.number_width": IntLimit(2, 6),
    "hall.notice": NOTICE,
    "hall.notice_en": NOTICE,
    "hours.days": ListLimit(7),
    "hours.periods": ListLimit(24),
    "dispatch.priority_streak_limit": IntLimit(1, 100),
    "dispatch.recall_limit": IntLimit(0, 10),
    "dispatch.requeue_places": IntLimit(1, 1000),
    "dispatch.requeue_limit": IntLimit(0, 10),
    "departments": ListLimit(200),
    "departments[].code": CODE,
    "departments[].name": NAME,
    "departments[].name_en": NAME_EN,
    "services": ListLimit(500),
    "services[].code": CODE,
    "services[].name": NAME,
    "services[].name_en": NAME_EN,
    "services[].department": CODE,
    "services[].prefix": TextLimit(2, "pattern", r"[A-Z]{1,2}", "one or two capital letters"),
    "services[].case_class": TextLimit(32, "name"),
    "services[].daily_quota": IntLimit(0, 999_999, "and within [hall] number_width"),
    "services[].hours.periods": ListLimit(24),
    "counters": ListLimit(2000),
    "counters[].number": COUNTER_NUMBER,
    "counters[].name": NAME,
    "counters[].name_en": NAME_EN,
    "counters[].services": ListLimit(100),
    "counters[].services[]": IntLimit(1, 100, "a service's weight"),
    "counters[].screen_address": IntLimit(0, 255),
    "counters[].host": TextLimit(253, "ascii"),
    "counters[].keypad.address": IntLimit(0, 255),
    "counters[].rating_pad.address": IntLimit(0, 255),
    "counters[].keypad.type": TextLimit(32, "ascii"),
    "counters[].rating_pad.type": TextLimit(32, "ascii"),
    "screens.address": IntLimit(0, 255),
    "screens.type": TextLimit(32, "ascii"),
    "clerks": ListLimit(5000),
    "clerks[].login": LOGIN,
    "clerks[].name": NAME,
    "clerks[].roles": ListLimit(3),
    "clerks[].services": ListLimit(500),
    "displays": ListLimit(50),
    "displays[].name": TextLimit(50, "name"),
    "displays[].departments": ListLimit(200),
    "displays[].counters": ListLimit(2000),
    "printer.notice": NOTICE,
    "printer.qr_text": TextLimit(300, "name"),
    "printer.url": TextLimit(MAX_URL, "name"),
    "announce.template_zh": TextLimit(200, "name"),
    "announce.template_en": TextLimit(200, "name"),
    "announce.voice": TextLimit(100, "ascii"),
    "announce.repeat": IntLimit(1, 5),
    "announce.rate": IntLimit(80, 450),
    "announce.quiet_hours": ListLimit(24),
    "rating.timeout_seconds": IntLimit(5, 600),
    "rating.reasons": ListLimit(20),
    "rating.reasons[]": TextLimit(50, "name"),
    "rating.reasons_version": TextLimit(40, "name"),
    "rating.follow_up_days": IntLimit(1, 60),
    "kiosk.idle_seconds": IntLimit(5, 3600),
    "kiosk.services_per_page": IntLimit(1, 48),
    "kiosk.priority_pin": TextLimit(8, "pattern", r"[0-9]{0,8}", "4-8 digits"),
    "kiosk.pin_tries_per_minute": IntLimit(1, 20),
}
# What clerks type in the apps, checked by the use cases.
TYPED: dict[str, Limit] = {
    "pause reason": TextLimit(200, "name"),
}
ANY_TEXT = TextLimit(500, "text")  # a hall-file string not listed above
ANY_LIST = ListLimit(500)

_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff\u180e")


def _is_emoji(ch: str) -> bool:
    o = ord(ch)
    return (
        0x1F000 <= o <= 0x1FAFF
        or 0x2600 <= o <= 0x27BF
        or 0xFE00 <= o <= 0xFE0F
        or 0x2B00 <= o <= 0x2BFF
        or 0xE0000 <= o <= 0xE007F
    )


def bad_character(text: str, *, line_breaks: bool = False) -> str | None:
    """The first character a name or text may not hold, described; None if all are fine."""
    for i, ch in enumerate(text):
        if ch == "\n" and line_breaks:
            continue
        category = unicodedata.category(ch)
        where = f"U+{ord(ch):04X} at position {i + 1}"
        if ch in _BIDI:
            return f"a bidirectional control character ({where})"
        if ch in _ZERO_WIDTH:
            return f"a zero-width character ({where})"
        if category in ("Cc", "Zl", "Zp"):
            return f"a control character ({where})"
        if category == "Cf":
            return f"an invisible format character ({where})"
        if category in ("Cn", "Co", "Cs"):
            return f"an unassigned or private-use character ({where})"
        if _is_emoji(ch):
            return (
                f"an emoji or pictograph ({where}); tickets are printed in GB18030 fonts "
                "that have none"
            )
    return None


def text_problem(value: str, limit: TextLimit) -> str | None:
    """Why `value` breaks `limit` (length, characters, pattern), or None."""
    if len(value) > limit.max_len:
        return f"must be at most {limit.max_len} characters, got {len(value)}"
    if limit.chars == "pattern":
        if not re.fullmatch(limit.pattern, value):
            shown = value if len(value) <= 40 else value[:40] + "…"
            return f"must be {limit.help}, got {shown!r}"
        return None
    if limit.chars == "ascii" and not all(" " <= ch <= "~" for ch in value):
        return "must be printable ASCII"
    bad = bad_character(value, line_breaks=limit.chars == "text")
    return None if bad is None else f"must not contain {bad}"


def int_problem(value: int, limit: IntLimit) -> str | None:
    if not limit.low <= value <= limit.high:
        shown = str(value) if len(str(value)) <= 30 else str(value)[:30] + "…"
        return f"must be from {limit.low} to {limit.high}, got {shown}"
    return None


def check_text(value: str, limit: TextLimit, field: str) -> str:
    """`value` if within `limit`; else ValueError naming `field`."""
    problem = text_problem(value, limit)
    if problem:
        raise ValueError(f"{field} {problem}")
    return value


def cli_number(name: str) -> NumberLimit:
    limit = CLI[name]
    assert isinstance(limit, NumberLimit)
    return limit


def hall_limit(pattern: str) -> Limit | None:
    return HALL.get(pattern)


def markdown_tables() -> str:
    """The two limits tables as docs/security.md shows them."""
    rows = ["| `hallq` argument | limit |", "| --- | --- |"]
    rows += [f"| `{_cell(name)}` | {_cell(limit.describe())} |" for name, limit in CLI.items()]
    rows += ["", "| hall-file field | limit |", "| --- | --- |"]
    rows += [f"| `{_cell(name)}` | {_cell(limit.describe())} |" for name, limit in HALL.items()]
    rows += ["", "| typed in the apps | limit |", "| --- | --- |"]
    rows += [f"| {_cell(name)} | {_cell(limit.describe())} |" for name, limit in TYPED.items()]
    rows += ["", "| hall-file, also | limit |", "| --- | --- |"]
    rows += [
        f"| any other string | {ANY_TEXT.describe()} |",
        f"| any other array | {ANY_LIST.describe()} |",
    ]
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
