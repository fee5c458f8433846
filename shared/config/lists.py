"""The hall file's arrays of tables: [[departments]], [[services]], [[clerks]], [[displays]]."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from typing import Any

from shared.config.locator import Path
from shared.config.reader import Issues, Table, check_length, format_path, toml_type
from shared.config.singles import check_code, need_text
from shared.config.spec import (
    CaseClass,
    ClerkSpec,
    DepartmentSpec,
    DisplaySpec,
    Hours,
    Role,
    ServiceSpec,
)
from shared.config.values import case_class_help, parse_case_class, parse_hours

PREFIX = re.compile(r"[A-Z]{1,2}")
LOGIN = re.compile(r"[a-z0-9][a-z0-9._-]{0,31}")


def tables_of(issues: Issues, data: dict[str, Any], key: str) -> list[tuple[Path, dict[str, Any]]]:
    """The entries of an array of tables such as [[services]], each with its path."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        issues.add(
            (key,),
            f"{key} must be an array of tables: write each entry under its own "
            f"[[{key}]] header, got {toml_type(value)}",
        )
        return []
    if not check_length(issues, (key,), value):
        return []
    return [((key, i), item) for i, item in enumerate(value)]


def unknown_ref(kind: str, value: object, known: Collection[object], where: str) -> str:
    """'department 'fgv' is not defined in [[departments]] — did you mean 'fgw'?'"""
    text = f"{kind} '{value}' is not defined in {where}"
    close = difflib.get_close_matches(str(value), [str(k) for k in known], n=1, cutoff=0.6)
    return text + (f" — did you mean '{close[0]}'?" if close else "")


def claim(issues: Issues, seen: dict[Any, Path], key: Any, path: Path, what: str) -> None:
    """Report `key` if an earlier entry already used it; else remember where it was used."""
    if key in seen:
        earlier = seen[key][:2]
        issues.add(
            path,
            f"{what} is already used by {format_path(earlier)} (line {issues.line_of(earlier)})",
        )
    else:
        seen[key] = path


def parse_departments(issues: Issues, data: dict[str, Any]) -> list[DepartmentSpec]:
    """[[departments]]: code, name, name_en; codes unique."""
    out: list[DepartmentSpec] = []
    seen: dict[Any, Path] = {}
    for path, item in tables_of(issues, data, "departments"):
        table = Table(issues, path, item, ("code", "name", "name_en"))
        code = check_code(table, "code")
        if code:
            claim(issues, seen, code, table.at("code"), f"department code '{code}'")
        out.append(
            DepartmentSpec(code=code, name=need_text(table, "name"), name_en=table.text("name_en"))
        )
    return out


def parse_services(
    issues: Issues,
    data: dict[str, Any],
    departments: Collection[str],
    hall_hours: Hours,
    number_width: int,
) -> list[ServiceSpec]:
    """[[services]]: codes and prefixes unique, department known, quota fits the numbering."""
    out: list[ServiceSpec] = []
    codes: dict[Any, Path] = {}
    prefixes: dict[Any, Path] = {}
    for path, item in tables_of(issues, data, "services"):
        table = Table(
            issues,
            path,
            item,
            (
                "code",
                "name",
                "name_en",
                "department",
                "prefix",
                "case_class",
                "target_minutes",
                "daily_quota",
                "hours",
                "phone_booking",
                "slot_capacity",
            ),
        )
        code = check_code(table, "code")
        if code:
            claim(issues, codes, code, table.at("code"), f"service code '{code}'")
        department = table.text("department", required=True)
        if table.has("department") and department and department not in departments:
            issues.add(
                table.at("department"),
                unknown_ref("department", department, departments, "[[departments]]"),
            )
        prefix = table.text("prefix", required=True)
        if table.has("prefix") and isinstance(item["prefix"], str):
            if not PREFIX.fullmatch(prefix):
                issues.add(
                    table.at("prefix"),
                    f"prefix must be one or two capital letters A-Z, got '{prefix}'",
                )
            else:
                # two services sharing a prefix would hand out the same ticket codes
                claim(issues, prefixes, prefix, table.at("prefix"), f"prefix '{prefix}'")
        case_class = CaseClass.OTHER_POWERS
        raw_class = table.text("case_class", required=True)
        if table.has("case_class") and isinstance(item["case_class"], str):
            parsed = parse_case_class(raw_class)
            if parsed is None:
                issues.add(
                    table.at("case_class"),
                    f"case_class must be one of {case_class_help()}, got '{raw_class}'",
                )
            else:
                case_class = parsed
        highest = 10**number_width - 1
        quota = table.integer("daily_quota", 0, low=0)
        if quota > highest:
            issues.add(
                table.at("daily_quota"),
                f"daily_quota {quota} does not fit in "
                f"number_width {number_width} (at most {highest}); raise "
                "[hall] number_width or lower the quota",
            )
        hours_data = table.sub_table("hours")
        out.append(
            ServiceSpec(
                code=code,
                name=need_text(table, "name"),
                department=department,
                prefix=prefix,
                case_class=case_class,
                name_en=table.text("name_en"),
                target_minutes=table.number(
                    "target_minutes", 10.0, low=0.0, high=24 * 60, low_open=True
                ),
                daily_quota=quota,
                hours=None
                if hours_data is None
                else parse_hours(issues, table.at("hours"), hours_data, hall_hours),
                phone_booking=table.flag("phone_booking", False),
                slot_capacity=table.integer("slot_capacity", 0, low=1, high=1000)
                if table.has("slot_capacity")
                else None,
            )
        )
    return out


def parse_clerks(
    issues: Issues, data: dict[str, Any], services: Collection[str]
) -> list[ClerkSpec]:
    """[[clerks]]: logins unique, roles valid, qualified services known."""
    out: list[ClerkSpec] = []
    logins: dict[Any, Path] = {}
    role_names = [role.value for role in Role]
    for path, item in tables_of(issues, data, "clerks"):
        table = Table(issues, path, item, ("login", "name", "roles", "services"))
        login = table.text("login", required=True)
        if table.has("login") and isinstance(item["login"], str):
            if not LOGIN.fullmatch(login):
                issues.add(
                    table.at("login"),
                    "login must be 1-32 lower-case letters, digits, "
                    f"'.', '_' or '-' (like 'li.wei'), got '{login}'",
                )
            else:
                claim(issues, logins, login, table.at("login"), f"login '{login}'")
        roles: list[Role] = []
        raw_roles = table.text_list("roles")
        if raw_roles is not None and not raw_roles:
            issues.add(
                table.at("roles"), f"roles must list at least one of {', '.join(role_names)}"
            )
        for i, name in enumerate(raw_roles or []):
            if name not in role_names:
                issues.add(
                    (*table.at("roles"), i),
                    f"role must be one of {', '.join(role_names)}, got '{name}'",
                )
            elif Role(name) in roles:
                issues.add((*table.at("roles"), i), f"role '{name}' is listed twice")
            else:
                roles.append(Role(name))
        qualified = table.text_list("services") or []
        for i, code in enumerate(qualified):
            if code not in services:
                issues.add(
                    (*table.at("services"), i),
                    unknown_ref("service", code, services, "[[services]]"),
                )
        out.append(
            ClerkSpec(
                login=login,
                name=need_text(table, "name"),
                roles=tuple(roles) or (Role.CLERK,),
                services=tuple(qualified),
            )
        )
    return out


def parse_displays(
    issues: Issues, data: dict[str, Any], departments: Collection[str], counters: Collection[int]
) -> list[DisplaySpec]:
    """[[displays]]: names unique, layout known, departments and counters defined."""
    out: list[DisplaySpec] = []
    names: dict[Any, Path] = {}
    for path, item in tables_of(issues, data, "displays"):
        table = Table(issues, path, item, ("name", "layout", "departments", "counters"))
        name = need_text(table, "name")
        if name:
            claim(issues, names, name, table.at("name"), f"display name '{name}'")
        shown_departments = table.text_list("departments") or []
        for i, code in enumerate(shown_departments):
            if code not in departments:
                issues.add(
                    (*table.at("departments"), i),
                    unknown_ref("department", code, departments, "[[departments]]"),
                )
        shown_counters: list[int] = []
        raw = item.get("counters", [])
        if not isinstance(raw, list):
            issues.add(
                table.at("counters"),
                f"counters must be an array of counter numbers, got {toml_type(raw)}",
            )
            raw = []
        elif not check_length(issues, table.at("counters"), raw):
            raw = []
        for i, number in enumerate(raw):
            if isinstance(number, bool) or not isinstance(number, int):
                issues.add(
                    (*table.at("counters"), i),
                    f"a counter number must be an integer, got {toml_type(number)}",
                )
            elif number not in counters:
                issues.add(
                    (*table.at("counters"), i),
                    unknown_ref("counter", number, counters, "[[counters]]"),
                )
            else:
                shown_counters.append(number)
        out.append(
            DisplaySpec(
                name=name,
                layout=table.choice("layout", "recent", ("recent", "counters")),
                departments=tuple(shown_departments),
                counters=tuple(shown_counters),
            )
        )
    return out
