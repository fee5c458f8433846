"""Parsers and checks for the hall file's compound values: times, hours, URLs, templates."""

from __future__ import annotations

import itertools
import re
import string
from datetime import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from shared.config.reader import Issues, Table, check_length, toml_type
from shared.config.spec import CASE_CLASS_ZH, CaseClass, Hours, Period

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
STANDARD_BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_USB = re.compile(r"usb://[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}")


def parse_time(value: object) -> time | str:
    """A "HH:MM" string (or a TOML local time) as a time; else the reason it is not one."""
    if isinstance(value, time):
        return value
    if not isinstance(value, str):
        return f'a time must be a string "HH:MM", got {toml_type(value)}'
    match = _TIME.fullmatch(value.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return f"a time must be \"HH:MM\" from 00:00 to 23:59, got '{value}'"
    return time(int(match[1]), int(match[2]))


def _parse_period(value: object) -> Period | str:
    """ "09:00-12:00" or ["09:00", "12:00"] as a (start, end) pair; else the reason."""
    if isinstance(value, str) and "-" in value:
        parts: list[Any] = value.split("-")
    elif isinstance(value, list):
        parts = value
    else:
        return f'a period must be "HH:MM-HH:MM" or ["HH:MM", "HH:MM"], got {value!r}'
    if len(parts) != 2:
        return f'a period must have a start and an end, "HH:MM-HH:MM", got {value!r}'
    start, end = parse_time(parts[0]), parse_time(parts[1])
    for part in (start, end):
        if isinstance(part, str):
            return part
    assert isinstance(start, time) and isinstance(end, time)
    if start >= end:
        return f"a period must start before it ends, got {start:%H:%M}-{end:%H:%M}"
    return (start, end)


def parse_periods(table: Table, key: str, *, allow_empty: bool) -> tuple[Period, ...] | None:
    """An array of non-overlapping periods, sorted by start; None when unusable."""
    value = table.data.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        table.issues.add(
            table.at(key),
            f"{key} must be an array of periods, "
            f'e.g. ["09:00-12:00", "13:30-17:30"], got {toml_type(value)}',
        )
        return None
    if not value and not allow_empty:
        table.issues.add(table.at(key), f"{key} must list at least one period")
        return None
    if not check_length(table.issues, table.at(key), value):
        return None
    periods: list[tuple[Period, int]] = []
    ok = True
    for i, item in enumerate(value):
        period = _parse_period(item)
        if isinstance(period, str):
            table.issues.add((*table.at(key), i), period)
            ok = False
        else:
            periods.append((period, i))
    periods.sort()
    for (before, _), (after, i) in itertools.pairwise(periods):
        if after[0] < before[1]:
            table.issues.add(
                (*table.at(key), i),
                f"period {after[0]:%H:%M}-{after[1]:%H:%M} "
                f"overlaps {before[0]:%H:%M}-{before[1]:%H:%M}",
            )
            ok = False
    return tuple(p for p, _ in periods) if ok else None


def _parse_day(value: object) -> list[int] | str:
    if isinstance(value, int) and not isinstance(value, bool):
        return [value] if 1 <= value <= 7 else f"a day number must be 1 (Monday) to 7, got {value}"
    if isinstance(value, str):
        names = value.strip().lower().split("-")
        if all(name in DAY_NAMES for name in names) and len(names) <= 2:
            first, last = DAY_NAMES.index(names[0]) + 1, DAY_NAMES.index(names[-1]) + 1
            if first <= last:
                return list(range(first, last + 1))
    return (
        f"a day must be 1..7, one of {', '.join(DAY_NAMES)} or a range like 'mon-fri', "
        f"got {value!r}"
    )


def parse_hours(
    issues: Issues, path: tuple[str | int, ...], data: dict[str, Any], default: Hours
) -> Hours:
    """An hours table {days = [...], periods = [...]}; missing keys take `default`'s."""
    table = Table(issues, path, data, ("days", "periods"))
    days: tuple[int, ...] = default.days
    raw_days = data.get("days")
    if raw_days is not None:
        if not isinstance(raw_days, list) or not raw_days:
            issues.add(
                table.at("days"),
                "days must be a non-empty array, "
                'e.g. ["mon-fri"] or ["mon", "wed", "sat"] or [1, 2, 3]',
            )
        elif not check_length(issues, table.at("days"), raw_days):
            pass
        else:
            seen: list[int] = []
            for i, item in enumerate(raw_days):
                parsed = _parse_day(item)
                if isinstance(parsed, str):
                    issues.add((*table.at("days"), i), parsed)
                    continue
                for day in parsed:
                    if day in seen:
                        issues.add(
                            (*table.at("days"), i), f"day {DAY_NAMES[day - 1]} is listed twice"
                        )
                    seen.append(day)
            days = tuple(sorted(set(seen)))
    periods = parse_periods(table, "periods", allow_empty=False)
    return Hours(days=days, periods=periods if periods is not None else default.periods)


def parse_case_class(value: str) -> CaseClass | None:
    """A case class from its code name ("licensing") or Chinese name ("行政许可")."""
    for case_class, zh in CASE_CLASS_ZH.items():
        if value.strip() in (zh, case_class.value) or value.strip().lower() == case_class.value:
            return case_class
    return None


def case_class_help() -> str:
    """The accepted case-class spellings, for messages."""
    return ", ".join(f"'{c.value}' ({CASE_CLASS_ZH[c]})" for c in CaseClass)


def check_printer_url(url: str) -> str | None:
    """None if `url` names a printer transport shared.printing accepts; else what is wrong."""
    expected = (
        "expected usb://VID:PID (hex, e.g. usb://0416:5011), serial:///dev/ttyUSB0"
        "[?baudrate=19200], tcp://HOST:PORT, file:///ABSOLUTE/PATH or none"
    )
    url = url.strip()
    if url.lower() in ("none", "none://"):
        return None
    if url.startswith("serial://"):
        base, _, query = url[len("serial://") :].partition("?")
        if not base:
            return f"serial printer URL '{url}' names no port, e.g. serial:///dev/ttyUSB0"
        # a nested pyserial URL (serial://socket://...) keeps its own options
        return _url_options(url, query, ("baudrate", "timeout", "status"), "://" in base)
    parts = urlsplit(url)
    if parts.scheme == "usb":
        if not _USB.fullmatch(f"usb://{parts.netloc}"):
            return (
                f"bad USB printer URL '{url}'; USB printers are named by VID:PID in hex, "
                "e.g. usb://0416:5011"
            )
        return _url_options(url, parts.query, ("timeout", "status", "in_ep", "out_ep"), False)
    if parts.scheme == "tcp":
        try:
            port_ok = parts.port != 0
        except ValueError:
            port_ok = False
        if not parts.hostname or not port_ok:
            return (
                f"network printer URL '{url}' needs a host and a port 1-65535 "
                "(printers usually listen on 9100), e.g. tcp://192.168.1.50:9100"
            )
        return _url_options(url, parts.query, ("timeout", "status"), False)
    if parts.scheme == "file":
        if (
            parts.netloc not in ("", "localhost")
            or not parts.path.startswith("/")
            or parts.path == "/"
            or parts.query
        ):
            return f"file printer URL '{url}' must be file:///ABSOLUTE/PATH"
        return None
    return f"unknown printer URL '{url}'; {expected}"


def _url_options(url: str, query: str, known: tuple[str, ...], others_ok: bool) -> str | None:
    """Check a printer URL's ?options: baudrate, timeout, status, USB endpoints."""
    for name, values in parse_qs(query, keep_blank_values=True).items():
        value = values[-1]
        if name not in known:
            if others_ok:
                continue
            return f"printer URL '{url}': unknown option '{name}' (known: {', '.join(known)})"
        if name == "baudrate" and (not value.isdigit() or int(value) not in STANDARD_BAUDRATES):
            return (
                f"printer URL '{url}': baudrate must be one of "
                f"{', '.join(map(str, STANDARD_BAUDRATES))}, got '{value}'"
            )
        if name == "timeout" and not _positive_number(value):
            return f"printer URL '{url}': timeout must be seconds > 0, got '{value}'"
        if name == "status" and value.lower() not in ("on", "off"):
            return f"printer URL '{url}': status must be 'on' or 'off', got '{value}'"
        if name in ("in_ep", "out_ep") and not re.fullmatch(r"[0-9A-Fa-f]{1,2}", value):
            return f"printer URL '{url}': {name} must be a hex endpoint such as 82, got '{value}'"
    return None


def _positive_number(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return False


def check_template(text: str, required: tuple[str, ...], allowed: tuple[str, ...]) -> str | None:
    """None if the format template uses the required and only the allowed {names}."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        return (
            f"template '{text}' is not a valid format string ({exc}); write {{ and }} "
            "only around a placeholder"
        )
    missing = [name for name in required if name not in names]
    if missing:
        return f"template '{text}' must contain " + " and ".join(f"{{{n}}}" for n in missing)
    extra = sorted(names - set(allowed))
    if extra:
        return f"template '{text}' uses unknown placeholder {{{extra[0]}}}; allowed: " + ", ".join(
            f"{{{n}}}" for n in allowed
        )
    return None
