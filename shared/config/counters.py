"""The hall file's [[counters]]: numbers, the services each serves and its devices."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from shared.config.lists import claim, tables_of, unknown_ref
from shared.config.locator import Path
from shared.config.reader import Issues, Table, check_length, toml_type
from shared.config.singles import parse_device
from shared.config.spec import CounterServiceSpec, CounterSpec, DeviceSpec, DispatchMode
from shared.limits import HALL, IntLimit

_WEIGHT = HALL["counters[].services[]"]
assert isinstance(_WEIGHT, IntLimit)
WEIGHT: IntLimit = _WEIGHT
_SERVICES_HELP = (
    'write services = ["SB1", "SB2"] (in order) or services = { SB1 = 3, SB2 = 1 } (weights)'
)


def _counter_services(table: Table, known: Collection[str]) -> tuple[CounterServiceSpec, ...]:
    """A counter's services from a list (order, weight 1) or a table of weights."""
    issues, at = table.issues, table.at("services")
    raw = table.data.get("services")
    if raw is None:
        issues.add(
            at,
            "missing required key 'services'; a counter must serve at least one "
            f"service: {_SERVICES_HELP}",
        )
        return ()
    entries: list[tuple[Path, object, object]] = []
    if isinstance(raw, list):
        entries = [((*at, i), code, 1) for i, code in enumerate(raw)]
    elif isinstance(raw, dict):
        entries = [((*at, code), code, weight) for code, weight in raw.items()]
    else:
        issues.add(
            at, f"services must be an array or a table, got {toml_type(raw)}; " + _SERVICES_HELP
        )
        return ()
    if not check_length(issues, at, entries):
        return ()
    if not entries:
        issues.add(at, "a counter must serve at least one service; " + _SERVICES_HELP)
    out: list[CounterServiceSpec] = []
    seen: dict[Any, Path] = {}
    for path, code, weight in entries:
        if not isinstance(code, str):
            issues.add(
                path, f"a service must be given by its code (a string), got {toml_type(code)}"
            )
            continue
        if code not in known:
            issues.add(path, unknown_ref("service", code, known, "[[services]]"))
        if code in seen:
            issues.add(path, f"service '{code}' is listed twice at this counter")
        seen[code] = path
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int)
            or not 1 <= weight <= WEIGHT.high
        ):
            shown = weight if isinstance(weight, int | float) else toml_type(weight)
            issues.add(
                path,
                f"weight of '{code}' must be a whole number from 1 to {WEIGHT.high}, got {shown}",
            )
            continue
        out.append(CounterServiceSpec(service=code, weight=weight))
    return tuple(out)


# RFC 1123 labels, dot-separated; Windows names (NetBIOS) fit within this too.
_LABEL = r"[A-Za-z0-9][A-Za-z0-9_-]{0,62}"
_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")


def _host(table: Table, hosts: dict[Any, Path]) -> str:
    """The counter PC's hostname: a valid name, unique across counters (case-insensitive)."""
    host = table.text("host").strip()
    if not table.has("host"):
        return ""
    if not _HOST.match(host):
        table.issues.add(
            table.at("host"),
            f"host {host!r} is not a hostname; write the name "
            'this PC reports (`hostname`), e.g. host = "window-03"',
        )
        return host
    claim(table.issues, hosts, host.lower(), table.at("host"), f"host '{host}'")
    return host


def _device(table: Table, key: str) -> DeviceSpec | None:
    data = table.sub_table(key)
    return None if data is None else parse_device(table.issues, table.at(key), data)


def parse_counters(
    issues: Issues, data: dict[str, Any], services: Collection[str], has_screen_bus: bool
) -> list[CounterSpec]:
    """[[counters]]: numbers unique, services known, dispatch and devices valid."""
    out: list[CounterSpec] = []
    numbers: dict[Any, Path] = {}
    addresses: dict[Any, Path] = {}
    hosts: dict[Any, Path] = {}
    modes = [mode.value for mode in DispatchMode]
    for path, item in tables_of(issues, data, "counters"):
        table = Table(
            issues,
            path,
            item,
            (
                "number",
                "name",
                "name_en",
                "services",
                "dispatch",
                "screen_address",
                "keypad",
                "rating_pad",
                "host",
            ),
        )
        number = table.integer("number", 0, low=1, high=9999, required=True)
        if number:
            claim(issues, numbers, number, table.at("number"), f"counter number {number}")
        counter_services = _counter_services(table, services)
        weighted = isinstance(item.get("services"), dict)
        default_mode = DispatchMode.WEIGHTED if weighted else DispatchMode.FIFO
        dispatch = DispatchMode(table.choice("dispatch", default_mode.value, modes))
        if dispatch is not DispatchMode.WEIGHTED and any(s.weight != 1 for s in counter_services):
            issues.add(
                table.at("dispatch"),
                f"weights are only used with dispatch = 'weighted', "
                f"but this counter's dispatch is '{dispatch.value}'; write the services "
                "as a list or set dispatch = 'weighted'",
            )
        screen_address = None
        if table.has("screen_address"):
            screen_address = table.integer("screen_address", 0, low=0, high=255)
            if not has_screen_bus:
                issues.add(
                    table.at("screen_address"),
                    "screen_address is set but the hall has "
                    "no [screens] bus; add [screens] with the bus's port",
                )
            claim(
                issues,
                addresses,
                screen_address,
                table.at("screen_address"),
                f"screen_address {screen_address}",
            )
        out.append(
            CounterSpec(
                number=number,
                services=counter_services,
                name=table.text("name"),
                name_en=table.text("name_en"),
                dispatch=dispatch,
                screen_address=screen_address,
                keypad=_device(table, "keypad"),
                rating_pad=_device(table, "rating_pad"),
                host=_host(table, hosts),
            )
        )
    return out
