"""One read of the store for the kiosk: the hall's status and the settings it runs by."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from kiosk.config import KioskConfig
from shared.services import hall_status
from shared.services.common import context
from shared.services.printing import PrinterSettings, settings_from
from shared.services.results import HallStatus
from shared.store.db import Store
from shared.store.models import Department


@dataclass(frozen=True)
class Snapshot:
    """One read of the store: the hall's status and the settings the kiosk runs by."""

    status: HallStatus
    config: KioskConfig
    printer: PrinterSettings
    name_en: dict[str, str] = field(default_factory=dict)
    departments: tuple[tuple[str, str, str], ...] = ()  # (code, name, name_en) in kiosk order


ESTIMATE_AGE_S = 10.0


def read_snapshot(store: Store) -> Snapshot:
    """The hall's status plus its kiosk and printer settings (run on a worker)."""
    # A kiosk re-reads after every event elsewhere; a service's wait a few seconds old will do.
    status = hall_status(store, max_age_s=ESTIMATE_AGE_S)
    with store.read() as session:
        hall = context(store, session).hall
        settings = hall.settings
        names = (hall.name, hall.name_en, hall.timezone)
        departments = tuple(
            (d.code, d.name, d.name_en)
            for d in session.scalars(
                select(Department)
                .where(Department.hall_id == hall.id, Department.active.is_(True))
                .order_by(Department.sort, Department.id)
            )
        )
    return Snapshot(
        status=status,
        config=KioskConfig.from_settings(names[0], names[1], settings),
        printer=settings_from(names[0], names[2], settings),
        name_en={s.code: s.name_en for s in status.services},
        departments=departments,
    )
