"""Mangled hall files only ever raise HallFileError, with lines inside the file."""

from __future__ import annotations

import random

import pytest

from shared.config.hallfile import HallFileError, parse_hall_text
from tests.config.hall_texts import BASE

VALUES = [
    "1",
    "-1",
    "0",
    '"x"',
    '""',
    "true",
    "[]",
    "{}",
    '[1, "a"]',
    "{ a = 1 }",
    "1.5",
    "09:00:00",
    '"24:00"',
    "[[1, 2]]",
    '"mon-sun"',
    '["a"]',
    "{ port = 1 }",
    '"{"',
    '"{code}"',
    '"usb://"',
    '"tcp://h:0"',
    '["09:00-12:00", "10:00-11:00"]',
]
EXTRA = [
    "[hours]",
    "[kiosk]",
    "[printer]",
    "[[displays]]",
    "[announce]",
    "[rating]",
    "[screens]",
    "[[clerks]]",
    "[counters.keypad]",
    "[dispatch]",
    'periods = ["x"]',
]


def mangle(lines: list[str], rng: random.Random) -> list[str]:
    """Delete, overwrite or duplicate a few lines."""
    lines = list(lines)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        op = rng.random()
        if op < 0.25 and len(lines) > 1:
            del lines[i]
        elif op < 0.7 and "=" in lines[i]:
            lines[i] = lines[i].split("=")[0] + "= " + rng.choice(VALUES)
        elif op < 0.85:
            lines.insert(i, rng.choice(EXTRA))
        else:
            lines.insert(i, lines[rng.randrange(len(lines))])
    return lines


@pytest.mark.parametrize("seed", range(8))
def test_mangled_files_raise_only_hall_file_errors(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(100):
        lines = mangle(BASE.splitlines(), rng)
        try:
            parse_hall_text("\n".join(lines) + "\n")
        except HallFileError as error:
            for issue in error.issues:
                assert 1 <= issue.line <= len(lines) + 1, (str(issue), lines)
                assert issue.message and issue.field
