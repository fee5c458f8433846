"""The counter's caller keypad and rating pad as Qt signals (the readers run on threads)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from shared.config.local import LocalDevices, LocalSettingsError, load_local_devices, merged_device
from shared.config.settings import decode
from shared.config.spec import DeviceSpec
from shared.devices.adapters import AdapterRegistry, build_registry
from shared.devices.counter_devices import Keypad, RatingPad
from shared.devices.errors import DeviceError
from shared.devices.intents import KeypadIntent, RatingIntent

log = logging.getLogger(__name__)


class CounterDevices(QObject):
    """Starts the devices named in the counter's `devices` entry; reports intents and status.

    Signals are emitted on the serial reader threads; Qt queues them to the GUI thread.
    A device whose entry is missing is simply absent; one that is unplugged is offline
    and reconnects by itself.
    """

    keypad_intent = Signal(object)
    rating_intent = Signal(object)
    keypad_online = Signal(bool)
    pad_online = Signal(bool)
    problem = Signal(str)

    def __init__(
        self,
        counter: int,
        *,
        registry: AdapterRegistry | None = None,
        local: LocalDevices | None = None,
        min_backoff: float = 0.5,
        max_backoff: float = 5.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.counter = counter
        self.registry = registry or build_registry()
        self.local = local  # this PC's ports; None: read them (env, devices file) when needed
        self._backoff = (min_backoff, max_backoff)
        self.keypad: Keypad | None = None
        self.pad: RatingPad | None = None
        self._keypad_address = 0
        self._pad_address = 0
        self._specs: dict[str, Any] | None = None

    def configure(self, devices: dict[str, Any]) -> None:
        """(Re)start the devices for this `devices` entry; nothing happens if it is unchanged.

        The hall's entry gives each device's type, address and baud rate; the port is this
        PC's own (shared.config.local): a port in the store is never opened.
        """
        try:
            local = self.local or load_local_devices()
        except LocalSettingsError as exc:
            if self._specs is None:
                log.error("counter %d: %s", self.counter, exc)
                self.problem.emit(str(exc))
                self._specs = {}
            return
        specs = {k: merged_device(devices.get(k), local, k) for k in ("keypad", "rating_pad")}
        if specs == self._specs:
            return
        self.stop()
        self._specs = specs
        lo, hi = self._backoff
        try:
            if specs["keypad"]:
                spec = decode(DeviceSpec, specs["keypad"], "keypad")
                self._keypad_address = spec.address
                adapter = self.registry.keypad(spec.type, {self._keypad_address: self.counter})
                self.keypad = Keypad(
                    spec.port,
                    adapter,
                    on_intent=self.keypad_intent.emit,
                    on_status=self.keypad_online.emit,
                    baudrate=spec.baudrate,
                    min_backoff=lo,
                    max_backoff=hi,
                )
                self.keypad.start()
            if specs["rating_pad"]:
                spec = decode(DeviceSpec, specs["rating_pad"], "rating_pad")
                self._pad_address = spec.address
                pad_adapter = self.registry.rating_pad(spec.type, {self._pad_address: self.counter})
                self.pad = RatingPad(
                    spec.port,
                    pad_adapter,
                    on_intent=self.rating_intent.emit,
                    on_status=self.pad_online.emit,
                    baudrate=spec.baudrate,
                    min_backoff=lo,
                    max_backoff=hi,
                )
                self.pad.start()
        except (DeviceError, KeyError, ValueError, TypeError) as exc:
            log.error("counter %d: device entry unusable: %s", self.counter, exc)
            self.problem.emit(f"{exc}")

    @property
    def has_pad(self) -> bool:
        return self.pad is not None

    @property
    def pad_is_online(self) -> bool:
        return self.pad is not None and self.pad.online

    def display(self, text: str) -> bool:
        """Show `text` on the keypad; False without a working keypad."""
        return self.keypad is not None and self.keypad.display(self._keypad_address, text)

    def ask_rating(self, code: str) -> bool:
        """Ask the pad to rate `code`'s case; False without a working pad."""
        return self.pad is not None and self.pad.ask_rating(self._pad_address, code)

    def cancel_rating(self) -> bool:
        return self.pad is not None and self.pad.cancel_rating(self._pad_address)

    def stop(self) -> None:
        for device in (self.keypad, self.pad):
            if device is not None:
                device.stop()
        self.keypad = self.pad = None


__all__ = ["CounterDevices", "KeypadIntent", "RatingIntent"]
