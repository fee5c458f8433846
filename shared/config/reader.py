"""Typed, issue-collecting access to the tables tomllib returns."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from shared.config.errors import HallFileError, HallFileIssue
from shared.config.locator import LineLocator, Path
from shared.limits import ANY_LIST, ANY_TEXT, HALL, IntLimit, ListLimit, TextLimit, text_problem

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def format_path(path: Path) -> str:
    """A path as installers read it: services[3].hours.periods[0] (indices 0-based)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        key = part if part and set(part) <= _BARE else '"' + part.replace('"', '\\"') + '"'
        out += ("." if out else "") + key
    return out or "(file)"


def field_pattern(path: Path) -> str:
    """A path as the limits table names it: services[].name (any index as [])."""
    out = ""
    for part in path:
        out += "[]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def check_length(issues: Issues, path: Path, value: list[Any]) -> bool:
    """Whether the array at `path` is within its limit; reports it if not."""
    limit = HALL.get(field_pattern(path))
    most = limit.max_items if isinstance(limit, ListLimit) else ANY_LIST.max_items
    if len(value) > most:
        issues.add(
            path, f"{format_path(path[-1:])} must have at most {most} entries, got {len(value)}"
        )
        return False
    return True


def toml_type(value: object) -> str:
    """The TOML name of a value's type, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime | date | time):
        return "a date/time"
    return type(value).__name__


class Issues:
    """Collects (path, message) pairs; turns them into one HallFileError with lines."""

    def __init__(self, filename: str, locator: LineLocator) -> None:
        self.filename = filename
        self._locator = locator
        self._items: list[tuple[Path, str]] = []
        self._warnings: list[tuple[Path, str]] = []

    def add(self, path: Path, message: str) -> None:
        """Record one problem at `path` (its line is looked up later)."""
        self._items.append((path, message))

    def warn(self, path: Path, message: str) -> None:
        """Record something the file still may say but should not (a deprecated key)."""
        self._warnings.append((path, message))

    def warnings(self) -> tuple[HallFileIssue, ...]:
        """The warnings with their lines, in line order."""
        found = [
            HallFileIssue(
                self.filename, self._locator.line_of(path), format_path(path), "warning: " + message
            )
            for path, message in self._warnings
        ]
        return tuple(sorted(found, key=lambda issue: issue.line))

    def line_of(self, path: Path) -> int:
        """The source line of `path` (or of its nearest written ancestor)."""
        return self._locator.line_of(path)

    def __len__(self) -> int:
        return len(self._items)

    def raise_if_any(self) -> None:
        """Raise HallFileError listing every issue, ordered by line."""
        if not self._items:
            return
        issues = [
            HallFileIssue(self.filename, self._locator.line_of(path), format_path(path), message)
            for path, message in self._items
        ]
        issues.sort(key=lambda issue: issue.line)  # stable: same-line issues keep their order
        raise HallFileError(issues)


class Table:
    """One TOML table at `path`: reports unknown keys at once, then typed getters."""

    def __init__(
        self, issues: Issues, path: Path, data: dict[str, Any], known: Iterable[str]
    ) -> None:
        self.issues = issues
        self.path = path
        self.data = data
        known = list(known)
        for key in data:
            if key not in known:
                issues.add((*path, key), unknown_key_message("key", key, known))

    def has(self, key: str) -> bool:
        """Whether the key is written at all."""
        return key in self.data

    def at(self, key: str) -> Path:
        """The path of one of this table's keys."""
        return (*self.path, key)

    def _get(self, key: str, required: bool, expected: str) -> Any:
        if key not in self.data:
            if required:
                self.issues.add(self.at(key), f"missing required key '{key}' ({expected})")
            return None
        return self.data[key]

    def _wrong(self, key: str, expected: str, value: object) -> None:
        self.issues.add(self.at(key), f"{key} must be {expected}, got {toml_type(value)}")

    def text(self, key: str, default: str = "", *, required: bool = False) -> str:
        """A string value (missing: `default`)."""
        value = self._get(key, required, "a string")
        if value is None:
            return default
        if not isinstance(value, str):
            self._wrong(key, "a string", value)
            return default
        limit = HALL.get(field_pattern(self.at(key)))
        limit = limit if isinstance(limit, TextLimit) else ANY_TEXT
        if limit.chars == "pattern":  # the field's own check reports a bad pattern
            limit = TextLimit(limit.max_len, "name")
        problem = text_problem(value, limit)
        if problem:
            self.issues.add(self.at(key), f"{key} {problem}")
            return default
        return value

    def integer(
        self,
        key: str,
        default: int,
        *,
        low: int | None = None,
        high: int | None = None,
        required: bool = False,
    ) -> int:
        """An integer within [low, high] (missing or wrong: `default`, with an issue)."""
        limit = HALL.get(field_pattern(self.at(key)))
        if isinstance(limit, IntLimit):  # shared.limits is the one place of every bound
            low, high = limit.low, limit.high
        expected = "an integer" + _range_text(low, high)
        value = self._get(key, required, expected)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong(key, expected, value)
            return default
        if (low is not None and value < low) or (high is not None and value > high):
            self.issues.add(self.at(key), f"{key} must be {expected}, got {value}")
            return default
        return value

    def number(
        self,
        key: str,
        default: float,
        *,
        low: float,
        high: float | None = None,
        low_open: bool = False,
    ) -> float:
        """A float or integer; `low_open` makes the lower bound exclusive."""
        value = self._get(key, False, "a number")
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._wrong(key, "a number", value)
            return default
        if value != value:  # NaN passes every comparison
            self.issues.add(self.at(key), f"{key} must be a number, got nan")
            return default
        too_low = value <= low if low_open else value < low
        if too_low or (high is not None and value > high):
            rule = f"> {low:g}" if low_open else f">= {low:g}"
            if high is not None:
                rule = f"> {low:g} and <= {high:g}" if low_open else f"between {low:g} and {high:g}"
            self.issues.add(self.at(key), f"{key} must be {rule}, got {value:g}")
            return default
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        """A boolean (true/false)."""
        value = self._get(key, False, "true or false")
        if value is None:
            return default
        if not isinstance(value, bool):
            self._wrong(key, "true or false", value)
            return default
        return value

    def choice(self, key: str, default: str, choices: Iterable[str]) -> str:
        """A string that must be one of `choices`."""
        options = list(choices)
        value = self.text(key, default)
        if value not in options:
            listed = ", ".join(f"'{c}'" for c in options)
            self.issues.add(self.at(key), f"{key} must be one of {listed}, got '{value}'")
            return default
        return value

    def text_list(self, key: str, *, required: bool = False) -> list[str] | None:
        """An array of strings; None when missing or not an array."""
        value = self._get(key, required, "an array of strings")
        if value is None:
            return None
        if not isinstance(value, list):
            self._wrong(key, "an array of strings", value)
            return None
        if not check_length(self.issues, self.at(key), value):
            return None
        good = []
        for i, item in enumerate(value):
            limit = HALL.get(field_pattern((*self.at(key), i)))
            limit = limit if isinstance(limit, TextLimit) else ANY_TEXT
            problem = text_problem(item, limit) if isinstance(item, str) else None
            if problem:
                self.issues.add((*self.at(key), i), f"each entry {problem}")
            elif isinstance(item, str):
                good.append(item)
            else:
                self.issues.add(
                    (*self.at(key), i), f"each entry must be a string, got {toml_type(item)}"
                )
        return good

    def sub_table(self, key: str) -> dict[str, Any] | None:
        """A nested table (header or inline); None when missing or not a table."""
        value = self._get(key, False, "a table")
        if value is None:
            return None
        if not isinstance(value, dict):
            self._wrong(key, "a table", value)
            return None
        return value


def unknown_key_message(kind: str, key: str, known: list[str]) -> str:
    """'unknown key 'prefx' — did you mean 'prefix'?' or the list of known keys."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"unknown {kind} '{key}' — did you mean '{close[0]}'?"
    return f"unknown {kind} '{key}'; expected one of: {', '.join(known)}"


def _range_text(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" >= {low}"
    if high is not None:
        return f" <= {high}"
    return ""
