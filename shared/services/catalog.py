"""The hall's read-mostly facts, kept briefly per store: its settings, services and
counters' links.

They change only by `hallq config apply` (which clears the cache in its own process) or
by a restart; other processes see a change within HALL_TTL_S. Tickets, numbers, counter
states and events are never cached: the database referees them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.config.settings import HallSettings, settings_from_json
from shared.config.spec import (
    AnnounceSpec,
    DispatchMode,
    DispatchRules,
    Hours,
    KioskSpec,
    LoginRules,
    PrinterSpec,
    RatingSpec,
    WebSpec,
)
from shared.domain.dispatch import CounterPolicy
from shared.domain.errors import UnknownService
from shared.domain.hours import hours_to_json
from shared.store.db import Store
from shared.store.models import Counter, CounterService, Hall, Service

HALL_TTL_S = 2.0


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    code: str
    name: str
    name_en: str
    prefix: str
    department_id: int
    target_minutes: float
    daily_quota: int
    hours: dict[str, Any] | None
    active: bool
    sort: int


@dataclass(frozen=True)
class Catalog:
    services: tuple[ServiceInfo, ...]
    by_code: dict[str, ServiceInfo]
    by_id: dict[int, ServiceInfo]
    # counter id -> [(service id, rank, weight)] in rank order
    links: dict[int, tuple[tuple[int, int, int], ...]]
    # counter number -> (counter id, dispatch mode)
    counters: dict[int, tuple[int, str]]

    def service(self, code: str) -> ServiceInfo:
        svc = self.by_code.get(code)
        if svc is None:
            raise UnknownService(code)
        return svc

    def policy(self, counter_id: int, dispatch: str) -> tuple[CounterPolicy, dict[str, int]]:
        """The counter's policy over its active services, and their ids by code."""
        rows = [
            (self.by_id[sid], weight)
            for sid, _rank, weight in self.links.get(counter_id, ())
            if sid in self.by_id and self.by_id[sid].active
        ]
        policy = CounterPolicy(
            services=tuple(s.code for s, _ in rows),
            weights=tuple(w for _, w in rows),
            mode=DispatchMode(dispatch),
        )
        return policy, {s.code: s.id for s, _ in rows}


def load_catalog(store: Store, session: Session, hall_id: int) -> Catalog:
    cached = store.cache.get("catalog")
    if cached is not None and time.monotonic() - cached[0] < HALL_TTL_S:
        return cached[1]  # type: ignore[no-any-return]
    s = Service.__table__.c
    services = tuple(
        ServiceInfo(
            int(r.id),
            r.code,
            r.name,
            r.name_en,
            r.prefix,
            int(r.department_id),
            float(r.target_minutes),
            int(r.daily_quota),
            r.hours,
            bool(r.active),
            int(r.sort),
        )
        for r in session.execute(
            select(
                s.id,
                s.code,
                s.name,
                s.name_en,
                s.prefix,
                s.department_id,
                s.target_minutes,
                s.daily_quota,
                s.hours,
                s.active,
                s.sort,
            )
            .where(s.hall_id == hall_id)
            .order_by(s.sort, s.code)
        )
    )
    c = Counter.__table__.c
    counters = {
        int(r.number): (int(r.id), str(r.dispatch))
        for r in session.execute(select(c.id, c.number, c.dispatch).where(c.hall_id == hall_id))
    }
    cs = CounterService.__table__.c
    links: dict[int, list[tuple[int, int, int]]] = {}
    ids = [cid for cid, _ in counters.values()]
    for r in session.execute(
        select(cs.counter_id, cs.service_id, cs.rank, cs.weight)
        .where(cs.counter_id.in_(ids))
        .order_by(cs.counter_id, cs.rank)
    ):
        links.setdefault(int(r.counter_id), []).append(
            (int(r.service_id), int(r.rank), int(r.weight))
        )
    catalog = Catalog(
        services=services,
        by_code={x.code: x for x in services},
        by_id={x.id: x for x in services},
        links={k: tuple(v) for k, v in links.items()},
        counters=counters,
    )
    store.cache["catalog"] = (time.monotonic(), catalog)
    return catalog


@dataclass(frozen=True)
class HallInfo:
    """The hall's row as use cases read it (a detached copy, safe to share)."""

    id: int
    code: str
    name: str
    name_en: str
    timezone: str
    number_width: int
    settings: HallSettings  # read once from hall.settings into the hall file's specs

    @property
    def hours(self) -> Hours:
        return self.settings.hours

    @property
    def dispatch(self) -> DispatchRules:
        return self.settings.dispatch

    @property
    def login(self) -> LoginRules:
        return self.settings.login

    @property
    def printer(self) -> PrinterSpec:
        return self.settings.printer

    @property
    def announce(self) -> AnnounceSpec:
        return self.settings.announce

    @property
    def rating(self) -> RatingSpec:
        return self.settings.rating

    @property
    def kiosk(self) -> KioskSpec:
        return self.settings.kiosk

    @property
    def web(self) -> WebSpec:
        return self.settings.web

    @property
    def notice(self) -> str:
        return self.settings.notice

    @property
    def notice_en(self) -> str:
        return self.settings.notice_en

    @property
    def hours_json(self) -> dict[str, Any]:
        """The hall's opening hours as shared.domain.hours reads them."""
        return hours_to_json(self.hours.days, self.hours.periods)


def hall_info(store: Store, session: Session) -> HallInfo:
    cached = store.cache.get("hall")
    if cached is not None and time.monotonic() - cached[0] < HALL_TTL_S:
        return cached[1]  # type: ignore[no-any-return]
    row = session.get(Hall, store.hall_id(session))
    assert row is not None
    info = HallInfo(
        row.id,
        row.code,
        row.name,
        row.name_en,
        row.timezone,
        row.number_width,
        settings_from_json(row.settings),
    )
    store.cache["hall"] = (time.monotonic(), info)
    return info
