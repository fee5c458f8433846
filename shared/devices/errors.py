"""The device error family: what went wrong with a keypad, rating pad or screen."""

from __future__ import annotations


class DeviceError(Exception):
    """Base of every device error; the message says what, where and what to do."""


class FrameError(DeviceError):
    """A frame cannot be built from the given values (bad address, text or length)."""


class UnknownAdapter(DeviceError):
    """No adapter of that name is registered for that device type."""

    def __init__(self, device_type: str, name: str, known: list[str]) -> None:
        listed = ", ".join(sorted(known)) or "none"
        super().__init__(
            f"no {device_type} adapter named {name!r}; registered: {listed}. "
            "Check the device's `type` in the hall file."
        )
        self.device_type = device_type
        self.name = name
