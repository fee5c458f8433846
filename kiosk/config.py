"""The kiosk's settings as the store holds them (the hall file's [kiosk] section, applied)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LANES = ("open", "staff_pin", "hidden")


@dataclass(frozen=True)
class KioskConfig:
    """What the kiosk reads from Hall.settings; no hall file is needed at run time."""

    hall_name: str = ""
    hall_name_en: str = ""
    idle_seconds: int = 20
    priority_lane: str = "open"  # open | staff_pin | hidden
    pin_set: bool = False  # staff_pin: the store holds a PIN (only its hash; checked there)
    services_per_page: int = 12
    notice: str = ""
    notice_en: str = ""

    @staticmethod
    def from_settings(hall_name: str, hall_name_en: str, settings: dict[str, Any]) -> KioskConfig:
        """Read and check the [kiosk] section; a bad value names the key."""
        kiosk = settings.get("kiosk") or {}
        lane = str(kiosk.get("priority_lane", "open"))
        if lane not in LANES:
            raise ValueError(f"kiosk.priority_lane must be one of {LANES}, got {lane!r}")
        idle = int(kiosk.get("idle_seconds", 20))
        per_page = int(kiosk.get("services_per_page", 12))
        if idle < 1 or per_page < 1:
            raise ValueError("kiosk.idle_seconds and kiosk.services_per_page must be >= 1")
        return KioskConfig(
            hall_name=hall_name,
            hall_name_en=hall_name_en,
            idle_seconds=idle,
            priority_lane=lane,
            pin_set=bool(kiosk.get("priority_pin_hash") or kiosk.get("priority_pin")),
            services_per_page=per_page,
            notice=str(settings.get("notice") or ""),
            notice_en=str(settings.get("notice_en") or ""),
        )
