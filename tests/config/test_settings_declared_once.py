"""Every hall setting is read as a typed attribute: no lookup by key with its own default.

The hall's settings are declared once (shared/config/spec.py) and read from the store once
(shared/config/settings.py). A `ctx.setting("dispatch", "recall_limit", 3)` or a
`web.get("notify_ahead", 3)` would bring a second copy of the default back, free to drift.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

from shared.config.settings import HallSettings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("shared", "kiosk", "counter", "display", "web")
# Where hall.settings may be handled as JSON: written, read into the specs, or a section
# handed whole to the specs' reader.
JSON_READERS = {
    "shared/config/settings.py",
    "shared/store/apply.py",
    "shared/services/common.py",
    "shared/services/board.py",
    "shared/cli/cmd_announce.py",
}
# Files whose dicts are not the hall's settings, though they share a key name.
OTHER_DICTS = {
    # the job its parent process sends it: text, voice, rate, volume, path
    "shared/speech/pyttsx3_worker.py",
}
# Field names too common to mean a hall setting when read from some other dict.
COMMON = {
    "name",
    "type",
    "address",
    "port",
    "url",
    "days",
    "periods",
    "events",
    "secret",
    "hours",
    "rate",
    "repeat",
    "voice",
    "layout",
    "languages",
    "reasons",
    "qr",
    "notice",
    "notice_en",
    "counters",
    "departments",
    "web",
    "kiosk",
    "rating",
    "printer",
    "announce",
    "screens",
    "displays",
    "dispatch",
    "login",
    "webhooks",
    "baudrate",
}


def _setting_names() -> set[str]:
    names: set[str] = set()

    def walk(cls: type) -> None:
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            names.add(f.name)
            stack = [hints[f.name]]
            while stack:
                tp = stack.pop()
                stack.extend(typing.get_args(tp))
                if dataclasses.is_dataclass(tp) and isinstance(tp, type):
                    walk(tp)

    walk(HallSettings)
    return names - COMMON


def _sources() -> list[tuple[str, int, str]]:
    lines = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith("shared/migrations/"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                lines.append((rel, number, line))
    return lines


def test_the_walk_finds_the_settings() -> None:
    names = _setting_names()
    assert {
        "recall_limit",
        "notify_ahead",
        "pin_tries_per_minute",
        "max_failures",
        "paper_mm",
        "follow_up_days",
        "checkin_early_minutes",
    } <= names
    assert len(_sources()) > 10_000


def test_no_setting_lookup_by_section_and_key() -> None:
    found = [
        f"{rel}:{n}: {line.strip()}"
        for rel, n, line in _sources()
        if re.search(r"\.setting\(", line)
    ]
    assert not found, "read ctx.hall.<section>.<field> instead:\n" + "\n".join(found)


def test_no_hall_setting_read_by_its_key() -> None:
    keys = "|".join(sorted(_setting_names()))
    by_key = re.compile(rf"""(\.get\(|\[)\s*["']({keys})["']""")
    found = [
        f"{rel}:{n}: {line.strip()}"
        for rel, n, line in _sources()
        if rel not in JSON_READERS | OTHER_DICTS
        and not rel.startswith("shared/config/")  # the parser
        and by_key.search(line)
    ]
    assert not found, "a hall setting read from a dict, with a default of its own:\n" + "\n".join(
        found
    )


def test_no_default_constant_shadows_a_setting() -> None:
    names = _setting_names()
    constant = re.compile(r"^\s*DEFAULT_([A-Z0-9_]+)\s*[:=]")
    found = []
    for rel, n, line in _sources():
        match = constant.match(line)
        if not match or "Spec." in line or "Rules." in line:  # naming the spec's own default
            continue
        if any(
            name.upper() in match.group(1) or name.upper().endswith(match.group(1))
            for name in names
        ):
            found.append(f"{rel}:{n}: {line.strip()}")
    assert not found, "the default is the spec's (shared/config/spec.py):\n" + "\n".join(found)


def test_hall_settings_json_is_read_only_where_it_becomes_typed() -> None:
    raw = re.compile(r"\bsettings\s*(or\s*\{\}\s*\)?\s*)?\.get\(|\bsettings\[[\"']")
    found = [
        f"{rel}:{n}: {line.strip()}"
        for rel, n, line in _sources()
        if rel not in JSON_READERS and raw.search(line)
    ]
    assert not found, "read the typed settings (ctx.hall, settings_from_json):\n" + "\n".join(found)


def test_no_parameter_or_field_repeats_a_settings_default() -> None:
    """`paper_mm: int = 80` in an adapter is a second copy: name the spec's (PrinterSpec.x)."""
    names = "|".join(sorted(_setting_names()))
    annotated = re.compile(rf"\b({names})\s*:\s*[\w\[\]., |]+=\s*[-\d\"'(]")
    found = [
        f"{rel}:{n}: {line.strip()}"
        for rel, n, line in _sources()
        if not rel.startswith("shared/config/") and annotated.search(line)
    ]
    assert not found, "the default is the spec's (shared/config/spec.py):\n" + "\n".join(found)
