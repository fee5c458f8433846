"""The kiosk's snapshot: one read of the store (shared.services.kiosk_view) with the kiosk's
own settings checked and built from it."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.config import KioskConfig
from shared.services.kiosk_view import kiosk_view
from shared.services.printing import PrinterSettings
from shared.services.results import HallStatus
from shared.store.db import Store


@dataclass(frozen=True)
class Snapshot:
    """One read of the store: the hall's status and the settings the kiosk runs by."""

    status: HallStatus
    config: KioskConfig
    printer: PrinterSettings
    name_en: dict[str, str] = field(default_factory=dict)
    departments: tuple[tuple[str, str, str], ...] = ()  # (code, name, name_en) in kiosk order


def read_snapshot(store: Store) -> Snapshot:
    """The hall's status plus its kiosk and printer settings (run on a worker)."""
    view = kiosk_view(store)
    return Snapshot(
        status=view.status,
        config=KioskConfig.from_settings(view.hall_name, view.hall_name_en, view.settings),
        printer=view.printer,
        name_en={s.code: s.name_en for s in view.status.services},
        departments=view.departments,
    )
