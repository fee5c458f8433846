"""What one kiosk reads: the hall's status, its departments and the settings it runs by."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from shared.config.settings import HallSettings
from shared.services.common import context
from shared.services.printing import PrinterSettings, settings_from
from shared.services.queries import hall_status
from shared.services.results import HallStatus
from shared.store.db import Store
from shared.store.models import Department

# A kiosk re-reads after every event elsewhere; a service's wait a few seconds old will do.
ESTIMATE_AGE_S = 10.0


@dataclass(frozen=True)
class KioskView:
    """One read of the store for a kiosk (the app builds its own config from `settings`)."""

    status: HallStatus
    hall_name: str
    hall_name_en: str
    settings: HallSettings
    printer: PrinterSettings
    departments: tuple[tuple[str, str, str], ...] = ()  # (code, name, name_en) in kiosk order


def kiosk_view(store: Store) -> KioskView:
    """The hall's status plus its settings, printer settings and active departments."""
    status = hall_status(store, max_age_s=ESTIMATE_AGE_S)
    with store.read() as session:
        hall = context(store, session).hall
        departments = tuple(
            (d.code, d.name, d.name_en)
            for d in session.scalars(
                select(Department)
                .where(Department.hall_id == hall.id, Department.active.is_(True))
                .order_by(Department.sort, Department.id)
            )
        )
    return KioskView(
        status=status,
        hall_name=hall.name,
        hall_name_en=hall.name_en,
        settings=hall.settings,
        printer=settings_from(hall.name, hall.timezone, hall.settings),
        departments=departments,
    )
