"""The line locator: every table, key and array element maps to the line it is written on."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from shared.config.locator import LineLocator

DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo-hall.toml"

TRICKY = '''\
# a comment with [fake] and key = 1
[hall]
code = "t" # trailing [comment]
"quoted.key" = 'a # not a comment'
notice = """
[not_a_header]
x = "still the string" \\"""
"""
literal = \'\'\'
[[also_not]]\'\'\'
site.floor = 2

[[services]]
code = "s1"
hours = { days = ["mon", "tue"], periods = [
    ["09:00", "12:00"],   # morning
    ["13:30", "17:30"],
] }

[[services]]
code = "s2"

[[services.steps]]
name = "first"

[[services.steps]]
name = "second"

[counters]
"a b".'c.d' = { weight = 3 }
'''


def test_tricky_text_lines() -> None:
    tomllib.loads(TRICKY)  # the text is valid TOML
    lines = LineLocator(TRICKY).lines
    expected = {
        ("hall",): 2,
        ("hall", "code"): 3,
        ("hall", "quoted.key"): 4,
        ("hall", "notice"): 5,
        ("hall", "literal"): 9,
        ("hall", "site", "floor"): 11,
        ("services", 0): 13,
        ("services", 0, "hours", "periods"): 15,
        ("services", 0, "hours", "periods", 0): 16,
        ("services", 0, "hours", "periods", 1, 1): 17,
        ("services", 1): 20,
        ("services", 1, "code"): 21,
        ("services", 1, "steps", 0, "name"): 24,
        ("services", 1, "steps", 1): 26,
        ("services", 1, "steps", 1, "name"): 27,
        ("counters", "a b", "c.d", "weight"): 30,
    }
    assert {path: lines.get(path) for path in expected} == expected
    assert not any("not_a_header" in path or "also_not" in path for path in lines)


def test_crlf_and_missing_paths_fall_back_to_the_nearest_table() -> None:
    locator = LineLocator(TRICKY.replace("\n", "\r\n"))
    assert locator.line_of(("services", 1, "code")) == 21
    assert locator.line_of(("services", 1, "prefix")) == 20
    assert locator.line_of(("kiosk", "idle_seconds")) == 1


def _walk(data: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        yield (*path, key), value
        if isinstance(value, dict | list):
            yield from _walk(value, (*path, key))


def test_every_path_of_the_demo_hall_points_at_its_own_line() -> None:
    text = DEMO.read_text(encoding="utf-8")
    source = text.splitlines()
    locator = LineLocator(text)
    checked = 0
    for path, value in _walk(tomllib.loads(text), ()):
        line = source[locator.lines[path] - 1]
        last = path[-1]
        if isinstance(last, str):
            assert last in line, (path, line)
        elif isinstance(value, dict):  # an entry of an array of tables: its header
            assert line.strip() == f"[[{path[-2]}]]", (path, line)
        elif not isinstance(value, list):
            assert str(value) in line, (path, line)
        checked += 1
    assert checked > 1000
