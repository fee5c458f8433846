"""Read a hall file (TOML) into a validated HallSpec, reporting every problem with its line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from shared.config.counters import parse_counters
from shared.config.errors import ConfigError, HallFileError, HallFileIssue
from shared.config.lists import parse_clerks, parse_departments, parse_displays, parse_services
from shared.config.locator import LineLocator
from shared.config.reader import Issues, format_path, toml_type, unknown_key_message
from shared.config.singles import (
    parse_announce,
    parse_device,
    parse_dispatch,
    parse_hall_head,
    parse_kiosk,
    parse_login,
    parse_printer,
    parse_rating,
)
from shared.config.spec import HallSpec, Hours
from shared.config.values import parse_hours
from shared.config.web import parse_web
from shared.limits import MAX_DEPTH, MAX_HALL_FILE_BYTES

__all__ = ["ConfigError", "HallFileError", "HallFileIssue", "load_hall_file", "parse_hall_text"]

SINGLE_TABLES = (
    "hall",
    "hours",
    "dispatch",
    "login",
    "printer",
    "screens",
    "announce",
    "rating",
    "kiosk",
    "web",
)
TABLE_ARRAYS = ("departments", "services", "counters", "clerks", "displays")
_HALL_KEYS = ("code", "name", "name_en", "timezone", "number_width", "notice", "notice_en")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")


def load_hall_file(path: str | Path) -> HallSpec:
    """Read and validate the hall file at `path`.

    Raises:
        HallFileError: for anything wrong, from a missing file to a typo in a key.
    """
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise _file_error(name, 0, "file not found; give the path of a hall file (.toml)") from None
    except IsADirectoryError:
        raise _file_error(name, 0, "is a directory, not a hall file (.toml)") from None
    except PermissionError:
        raise _file_error(name, 0, "cannot be read: permission denied") from None
    except (OSError, ValueError) as exc:  # ValueError: e.g. a NUL byte in the path
        raise _file_error(name, 0, f"cannot be read: {exc}") from None
    if len(raw) > MAX_HALL_FILE_BYTES:
        raise _file_error(
            name,
            0,
            f"is {len(raw)} bytes; a hall file is at most "
            f"{MAX_HALL_FILE_BYTES} bytes (see docs/security.md)",
        )
    try:
        # utf-8-sig: Windows editors often save a byte-order mark in front
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _file_error(
            name,
            line,
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at line "
            f"{line}); save the hall file as UTF-8",
        ) from None
    return parse_hall_text(text, filename=name)


def parse_hall_text(text: str, filename: str = "<string>") -> HallSpec:
    """Parse and validate hall-file text; `filename` only names it in messages."""
    if len(text) > MAX_HALL_FILE_BYTES:
        raise _file_error(filename, 0, f"is longer than {MAX_HALL_FILE_BYTES} characters")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(filename, text, str(exc)) from None
    except (RecursionError, ValueError) as exc:
        # tables or arrays nested thousands deep; an integer of thousands of digits
        what = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise _file_error(
            filename, 1, f"cannot be read: {what} (see docs/security.md for the limits)"
        ) from None
    deep = _too_deep(data, (), 1)
    if deep is not None:
        line = next(
            (
                n
                for n, row in enumerate(text.splitlines(), 1)
                if row.count("[") + row.count("{") > MAX_DEPTH
            ),
            1,
        )
        raise HallFileError(
            [
                HallFileIssue(
                    filename,
                    line,
                    format_path(deep),
                    f"tables and arrays nested more than {MAX_DEPTH} "
                    "deep; a hall file needs at most 6",
                )
            ]
        )
    try:
        locator = LineLocator(text)
    except (IndexError, ValueError, tomllib.TOMLDecodeError):  # pragma: no cover
        # a shape the locator cannot follow costs line numbers, never the whole check
        locator = LineLocator("")
    issues = Issues(filename, locator)
    spec = _build(issues, data)
    issues.raise_if_any()
    assert spec is not None
    return spec


def _build(issues: Issues, data: dict[str, Any]) -> HallSpec | None:
    for key in data:
        if key in SINGLE_TABLES or key in TABLE_ARRAYS:
            continue
        if key in _HALL_KEYS:
            issues.add((key,), f"key '{key}' must be written under the [hall] table")
        else:
            issues.add((key,), unknown_key_message("table", key, [*SINGLE_TABLES, *TABLE_ARRAYS]))
    tables = {key: _single(issues, data, key) for key in SINGLE_TABLES}
    if "hall" not in data:
        issues.add(("hall",), "missing the [hall] table; it needs at least code and name")
    head = parse_hall_head(issues, tables["hall"] or {})
    hours = (
        Hours()
        if tables["hours"] is None
        else parse_hours(issues, ("hours",), tables["hours"], Hours())
    )
    departments = parse_departments(issues, data)
    services = parse_services(
        issues, data, {d.code for d in departments}, hours, head["number_width"]
    )
    service_codes = {s.code for s in services}
    counters = parse_counters(issues, data, service_codes, tables["screens"] is not None)
    served = {cs.service for counter in counters for cs in counter.services}
    for i, service in enumerate(services):
        if service.code and service.code not in served:
            # its tickets would be issued and never called
            issues.add(
                ("services", i, "code"),
                f"service '{service.code}' is not served by any "
                "counter; add it to a counter's services",
            )
    clerks = parse_clerks(issues, data, service_codes)
    displays = parse_displays(
        issues, data, {d.code for d in departments}, {c.number for c in counters}
    )
    screens = tables["screens"]
    spec = HallSpec(
        **head,
        hours=hours,
        dispatch=parse_dispatch(issues, tables["dispatch"] or {}),
        login=parse_login(issues, tables["login"] or {}),
        departments=tuple(departments),
        services=tuple(services),
        counters=tuple(counters),
        clerks=tuple(clerks),
        printer=parse_printer(issues, tables["printer"] or {}),
        screens=None if screens is None else parse_device(issues, ("screens",), screens),
        displays=tuple(displays),
        announce=parse_announce(issues, tables["announce"] or {}),
        rating=parse_rating(issues, tables["rating"] or {}),
        kiosk=parse_kiosk(issues, tables["kiosk"] or {}),
        web=parse_web(issues, tables["web"] or {}),
        warnings=issues.warnings(),
    )
    bookable = [s.code for s in services if s.phone_booking]
    if bookable and not spec.web.web_base:
        issues.add(
            ("web",),
            f"services {', '.join(bookable)} take phone bookings but [web] "
            "has no web_base; set the address citizens reach hallq-web at",
        )
    return spec


def _too_deep(value: Any, path: tuple[str | int, ...], depth: int) -> tuple[str | int, ...] | None:
    """The path of the first table or array nested deeper than MAX_DEPTH, else None."""
    if not isinstance(value, dict | list):
        return None
    if depth > MAX_DEPTH:
        return path
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        found = _too_deep(item, (*path, key), depth + 1)
        if found is not None:
            return found
    return None


def _single(issues: Issues, data: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = data.get(key)
    if value is None or isinstance(value, dict):
        return value
    hint = (
        f"[{key}] is written once, not as [[{key}]]"
        if isinstance(value, list)
        else f"write it as a [{key}] table"
    )
    issues.add((key,), f"{key} must be a table, got {toml_type(value)}; {hint}")
    return None


def _syntax_error(filename: str, text: str, message: str) -> HallFileError:
    match = _TOML_POSITION.search(message)
    if match and match[1]:
        line, where = int(match[1]), f" (column {match[2]})"
    else:
        line, where = max(1, text.count("\n") + (0 if text.endswith("\n") else 1)), ""
    reason = _TOML_POSITION.sub("", message)
    return HallFileError(
        [HallFileIssue(filename, line, "(syntax)", f"TOML syntax error: {reason}{where}")]
    )


def _file_error(filename: str, line: int, message: str) -> HallFileError:
    return HallFileError([HallFileIssue(filename, line, "(file)", message)])
