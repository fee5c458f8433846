"""The kiosk's settings as the store holds them (the hall file's [kiosk] section, applied)."""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.config.settings import HallSettings
from shared.config.spec import KioskSpec, PriorityLane


@dataclass(frozen=True)
class KioskConfig:
    """What the kiosk reads from Hall.settings; no hall file is needed at run time."""

    hall_name: str = ""
    hall_name_en: str = ""
    kiosk: KioskSpec = field(default_factory=KioskSpec)
    notice: str = ""
    notice_en: str = ""

    @property
    def idle_seconds(self) -> int:
        return self.kiosk.idle_seconds

    @property
    def priority_lane(self) -> PriorityLane:
        return self.kiosk.priority_lane

    @property
    def services_per_page(self) -> int:
        return self.kiosk.services_per_page

    @property
    def pin_set(self) -> bool:
        """staff_pin: the store holds a PIN (only its hash; checked there)."""
        return bool(self.kiosk.priority_pin_hash or self.kiosk.priority_pin)

    @staticmethod
    def from_settings(hall_name: str, hall_name_en: str, settings: HallSettings) -> KioskConfig:
        """The [kiosk] section, checked; a bad value names the key."""
        kiosk = settings.kiosk
        if kiosk.idle_seconds < 1 or kiosk.services_per_page < 1:
            raise ValueError("kiosk.idle_seconds and kiosk.services_per_page must be >= 1")
        return KioskConfig(hall_name, hall_name_en, kiosk, settings.notice, settings.notice_en)
