"""Build a report: stream the period's cases, group them, add hourly and per-counter series."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select

from shared.config.spec import CASE_CLASS_ZH, CaseClass
from shared.reports.facts import SERVED, CaseFact, case_facts
from shared.reports.figures import Figures, Tally
from shared.reports.period import Period
from shared.services.follow_up import FollowUpItem, open_follow_ups
from shared.store.db import Store
from shared.store.models import Clerk, Counter, Department, Hall, Service

DIMENSIONS = ("department", "service", "class", "counter", "clerk", "hour", "day")
NONE_KEY = "-"


@dataclass(frozen=True)
class Row:
    key: str
    name: str  # Chinese
    name_en: str
    figures: Figures

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True)
class HourPoint:
    hour: int
    arrivals: int  # tickets issued in this hour
    served: int  # cases finished in this hour
    wait_mean_s: float | None  # of the citizens who arrived in this hour


@dataclass(frozen=True)
class Report:
    hall_code: str
    hall_name: str
    hall_name_en: str
    timezone: str
    period: Period
    by: str
    generated_at: datetime
    rows: tuple[Row, ...]
    total: Figures
    hourly: tuple[HourPoint, ...]
    counters: tuple[Row, ...]  # per-counter load, whatever the grouping
    follow_ups: tuple[FollowUpItem, ...] = field(default=())  # open now

    def to_json(self) -> dict[str, Any]:
        return {
            "hall": self.hall_code,
            "hall_name": self.hall_name,
            "timezone": self.timezone,
            "period": {
                "kind": self.period.kind,
                "first": self.period.first.isoformat(),
                "last": self.period.last.isoformat(),
            },
            "by": self.by,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "rows": [
                {"key": r.key, "name": r.name, "name_en": r.name_en, **r.figures.to_json()}
                for r in self.rows
            ],
            "total": self.total.to_json(),
            "hourly": [
                {
                    "hour": h.hour,
                    "arrivals": h.arrivals,
                    "served": h.served,
                    "wait_mean_s": None if h.wait_mean_s is None else round(h.wait_mean_s, 1),
                }
                for h in self.hourly
            ],
            "open_follow_ups": [f.to_json() for f in self.follow_ups],
        }


@dataclass
class _Lookup:
    """Names, departments, classes and targets read once per report."""

    services: dict[int, Service]
    departments: dict[int, Department]
    counters: dict[int, Counter]
    clerks: dict[str, Clerk]


def _lookup(session: Any, hall_id: int) -> _Lookup:
    def rows(model: Any) -> list[Any]:
        return list(session.scalars(select(model).where(model.hall_id == hall_id)))

    return _Lookup(
        services={s.id: s for s in rows(Service)},
        departments={d.id: d for d in rows(Department)},
        counters={c.number: c for c in rows(Counter)},
        clerks={c.login: c for c in rows(Clerk)},
    )


def _key(fact: CaseFact, by: str, look: _Lookup) -> Any:
    svc = look.services[fact.service_id]
    if by == "service":
        return (svc.sort, svc.code)
    if by == "department":
        dep = look.departments[svc.department_id]
        return (dep.sort, dep.code)
    if by == "class":
        return list(CaseClass).index(CaseClass(svc.case_class))
    if by == "counter":
        return fact.counter if fact.counter is not None else 10**9
    if by == "clerk":
        return fact.clerk or "\uffff"
    if by == "hour":
        return fact.issue_hour
    return fact.business_day


def _names(key: Any, by: str, look: _Lookup) -> tuple[str, str, str]:
    """(key text, Chinese name, English name) of a group."""
    if by == "service":
        svc = next(s for s in look.services.values() if s.code == key[1])
        return svc.code, svc.name, svc.name_en or svc.name
    if by == "department":
        dep = next(d for d in look.departments.values() if d.code == key[1])
        return dep.code, dep.name, dep.name_en or dep.name
    if by == "class":
        cls = list(CaseClass)[key]
        return cls.value, CASE_CLASS_ZH[cls], cls.value.replace("_", " ")
    if by == "counter":
        if key == 10**9:
            return NONE_KEY, "未到窗口", "never at a counter"
        counter = look.counters.get(key)
        zh = counter.name if counter and counter.name else f"{key}号窗口"
        en = counter.name_en if counter and counter.name_en else f"Counter {key}"
        return str(key), zh, en
    if by == "clerk":
        if key == "\uffff":
            return NONE_KEY, "无", "none"
        clerk = look.clerks.get(key)
        return key, clerk.name if clerk else key, key
    if by == "hour":
        return f"{key:02d}", f"{key:02d}:00–{key + 1:02d}:00", f"{key:02d}:00–{key + 1:02d}:00"
    return key.isoformat(), key.isoformat(), key.isoformat()


def build_report(
    store: Store, period: Period, *, by: str = "service", only_tickets: Container[int] | None = None
) -> Report:
    """Every figure of `period` grouped `by` one of DIMENSIONS, from the event log.

    `only_tickets`: count only these ticket rows (a simulation's own, on a store that
    holds other history too).
    """
    if by not in DIMENSIONS:
        raise ValueError(f"cannot group by {by!r}: choose one of {', '.join(DIMENSIONS)}")
    with store.read() as session:
        hall = session.get(Hall, store.hall_id(session))
        assert hall is not None
        look = _lookup(session, hall.id)
        groups: dict[Any, Tally] = {}
        per_counter: dict[Any, Tally] = {}
        per_hour: dict[int, Tally] = {}
        served_by_hour: dict[int, int] = {}
        total = Tally()
        targets = {sid: s.target_minutes * 60.0 for sid, s in look.services.items()}
        for fact in case_facts(session.connection(), hall.id, hall.timezone, period):
            if only_tickets is not None and fact.ticket_id not in only_tickets:
                continue
            target = targets[fact.service_id]
            total.add(fact, target)
            groups.setdefault(_key(fact, by, look), Tally()).add(fact, target)
            per_counter.setdefault(_key(fact, "counter", look), Tally()).add(fact, target)
            per_hour.setdefault(fact.issue_hour, Tally()).add(fact, target)
            if fact.outcome == SERVED and fact.finish_hour is not None:
                served_by_hour[fact.finish_hour] = served_by_hour.get(fact.finish_hour, 0) + 1
        rows = _rows(groups, by, look)
        if by == "service":
            # A service's own target, shown even on a day it served nobody.
            rows = [
                replace(r, figures=replace(r.figures, target_s=_service_target(look, r.key)))
                for r in rows
            ]
        hall_code, hall_name, hall_en, zone = hall.code, hall.name, hall.name_en, hall.timezone
    hourly = tuple(
        HourPoint(
            hour=h,
            arrivals=per_hour[h].issued if h in per_hour else 0,
            served=served_by_hour.get(h, 0),
            wait_mean_s=per_hour[h].freeze().wait_mean_s if h in per_hour else None,
        )
        for h in range(24)
    )
    return Report(
        hall_code=hall_code,
        hall_name=hall_name,
        hall_name_en=hall_en,
        timezone=zone,
        period=period,
        by=by,
        generated_at=store.clock.now(),
        rows=tuple(rows),
        total=total.freeze(),
        hourly=hourly,
        counters=tuple(_rows(per_counter, "counter", look)),
        follow_ups=tuple(open_follow_ups(store)),
    )


def _service_target(look: _Lookup, code: str) -> float | None:
    for svc in look.services.values():
        if svc.code == code:
            return svc.target_minutes * 60.0
    return None


def _rows(groups: dict[Any, Tally], by: str, look: _Lookup) -> list[Row]:
    rows = []
    for key in sorted(groups):
        text, zh, en = _names(key, by, look)
        rows.append(Row(text, zh, en, groups[key].freeze()))
    return rows
