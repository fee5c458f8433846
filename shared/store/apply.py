"""Write a validated hall file to the store: idempotent, and it never deletes tickets or events.

Departments, services, counters and clerks missing from the file are marked inactive
rather than deleted, so history keeps its names.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from shared.config.settings import device_json, settings_of, settings_to_json
from shared.config.spec import HallSpec, KioskSpec
from shared.domain.hours import hours_to_json
from shared.store.db import Store
from shared.store.models import (
    Clerk,
    Counter,
    CounterService,
    Department,
    Event,
    Hall,
    Service,
    WebSecret,
)


@dataclass(frozen=True)
class ApplyResult:
    hall: str
    created: int
    updated: int
    deactivated: int
    event_id: int


def _kiosk(spec: HallSpec, before: dict[str, Any]) -> KioskSpec:
    """[kiosk] as stored: the priority PIN only as an argon2 hash, kept while it matches."""
    from shared.services.pin import hash_pin, pin_matches

    pin = spec.kiosk.priority_pin
    old = str(before.get("priority_pin_hash") or "")
    # the same PIN keeps its hash, so applying the same file again changes nothing
    digest = "" if not pin else old if old and pin_matches(old, pin) else hash_pin(pin)
    return replace(spec.kiosk, priority_pin="", priority_pin_hash=digest)


def hall_settings(spec: HallSpec, before: dict[str, Any] | None = None) -> dict[str, Any]:
    """The settings the apps read; `before`: the hall's settings as stored until now."""
    settings = settings_of(spec)
    kiosk = _kiosk(spec, dict((before or {}).get("kiosk") or {}))
    return settings_to_json(replace(settings, kiosk=kiosk))


def _sync_web_secret(session: Session, hall: Hall, spec: HallSpec) -> None:
    """The web's keys, readable by the web's role only: a phone-hash key made once, kept."""
    hooks = {h.name: h.secret for h in spec.web.webhooks}
    row = session.get(WebSecret, hall.id)
    if row is None:
        session.add(
            WebSecret(hall_id=hall.id, phone_key=secrets.token_hex(32), webhook_secrets=hooks)
        )
    elif row.webhook_secrets != hooks:
        row.webhook_secrets = hooks


class _Counts:
    def __init__(self) -> None:
        self.created = self.updated = self.deactivated = 0

    def sync(self, row: Any, values: dict[str, Any]) -> None:
        changed = False
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
                changed = True
        if changed:
            self.updated += 1


def apply_hall(store: Store, spec: HallSpec) -> ApplyResult:
    """Create or update the hall described by `spec`, in one transaction with one event."""
    counts = _Counts()
    with store.write() as session:
        now = store.clock.now()
        hall = session.scalars(select(Hall).where(Hall.code == spec.code)).first()
        values = {
            "name": spec.name,
            "name_en": spec.name_en,
            "timezone": spec.timezone,
            "number_width": spec.number_width,
            "settings": hall_settings(spec, dict(hall.settings or {}) if hall else None),
        }
        if hall is None:
            hall = Hall(code=spec.code, updated_at=now, **values)
            session.add(hall)
            session.flush()
            counts.created += 1
        else:
            counts.sync(hall, values)
            hall.updated_at = now
        depts = _sync_departments(session, hall, spec, counts)
        services = _sync_services(session, hall, spec, depts, counts)
        _sync_counters(session, hall, spec, services, counts)
        _sync_clerks(session, hall, spec, counts)
        _sync_web_secret(session, hall, spec)
        event = Event(
            hall_id=hall.id,
            at=now,
            kind="config_applied",
            details={
                "created": counts.created,
                "updated": counts.updated,
                "deactivated": counts.deactivated,
            },
        )
        session.add(event)
        session.flush()
        result = ApplyResult(
            spec.code, counts.created, counts.updated, counts.deactivated, event.id
        )
    store.cache.clear()
    return result


def _upsert(
    session: Session,
    model: Any,
    hall: Hall,
    key: str,
    wanted: list[tuple[Any, dict[str, Any]]],
    counts: _Counts,
    **on_create: Any,
) -> dict[Any, Any]:
    """Rows of `model` keyed by `key`: update those wanted, create the missing, and mark the
    rest inactive (never deleted: history keeps their names). Returns every row by key."""
    existing = {
        getattr(r, key): r for r in session.scalars(select(model).where(model.hall_id == hall.id))
    }
    for code, values in wanted:
        row = existing.get(code)
        if row is None:
            row = existing[code] = model(hall_id=hall.id, **{key: code}, **on_create, **values)
            session.add(row)
            counts.created += 1
        else:
            counts.sync(row, values)
    keep = {code for code, _ in wanted}
    for code, row in existing.items():
        if code not in keep and row.active:
            row.active = False
            counts.deactivated += 1
    session.flush()
    return existing


def _sync_departments(
    session: Session, hall: Hall, spec: HallSpec, counts: _Counts
) -> dict[str, Department]:
    wanted = [
        (d.code, {"name": d.name, "name_en": d.name_en, "sort": i, "active": True})
        for i, d in enumerate(spec.departments)
    ]
    return _upsert(session, Department, hall, "code", wanted, counts)


def _sync_services(
    session: Session, hall: Hall, spec: HallSpec, depts: dict[str, Department], counts: _Counts
) -> dict[str, Service]:
    wanted = [
        (
            s.code,
            {
                "department_id": depts[s.department].id,
                "name": s.name,
                "name_en": s.name_en,
                "prefix": s.prefix,
                "case_class": s.case_class.value,
                "target_minutes": float(s.target_minutes),
                "daily_quota": s.daily_quota,
                "hours": hours_to_json(s.hours.days, s.hours.periods) if s.hours else None,
                "sort": i,
                "active": True,
            },
        )
        for i, s in enumerate(spec.services)
    ]
    return _upsert(session, Service, hall, "code", wanted, counts)


def _sync_counters(
    session: Session, hall: Hall, spec: HallSpec, services: dict[str, Service], counts: _Counts
) -> None:
    wanted = [
        (
            c.number,
            {
                "name": c.name,
                "name_en": c.name_en,
                "dispatch": c.dispatch.value,
                "devices": {
                    "screen_address": c.screen_address,
                    "keypad": device_json(c.keypad),
                    "rating_pad": device_json(c.rating_pad),
                    "host": c.host,  # hallq-counter finds its counter by this PC's hostname
                },
                "active": True,
            },
        )
        for c in spec.counters
    ]
    rows = _upsert(session, Counter, hall, "number", wanted, counts, state="closed")
    for c in spec.counters:
        row = rows[c.number]
        links = [
            (services[link.service].id, rank, link.weight) for rank, link in enumerate(c.services)
        ]
        have = sorted(
            (cs.service_id, cs.rank, cs.weight)
            for cs in session.scalars(
                select(CounterService).where(CounterService.counter_id == row.id)
            )
        )
        if have != sorted(links):
            session.execute(delete(CounterService).where(CounterService.counter_id == row.id))
            session.add_all(
                CounterService(counter_id=row.id, service_id=sid, rank=rank, weight=weight)
                for sid, rank, weight in links
            )
            if have:
                counts.updated += 1
    session.flush()


def _sync_clerks(session: Session, hall: Hall, spec: HallSpec, counts: _Counts) -> None:
    # The password is the clerk's own (set at first login), never the hall file's.
    wanted = [
        (
            c.login,
            {
                "name": c.name,
                "roles": ",".join(r.value for r in c.roles),
                "services": ",".join(c.services),
                "active": True,
            },
        )
        for c in spec.clerks
    ]
    # New clerks are inserted naming only their public columns: on PostgreSQL the admin
    # PC's role may not write the password, lockout or setup-code columns at all.
    have = set(session.scalars(select(Clerk.login).where(Clerk.hall_id == hall.id)))
    new = [{"hall_id": hall.id, "login": login, "failed_logins": 0, **values}
           for login, values in wanted if login not in have]  # fmt: skip
    if new:
        session.execute(insert(Clerk), new)
        counts.created += len(new)  # _upsert below finds them as they are: no update
    _upsert(session, Clerk, hall, "login", wanted, counts)
