"""CounterScreenBus: several counter LED screens on one serial port, by bus address."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from shared.devices.adapters import CounterScreenAdapter
from shared.devices.intents import DeviceAck
from shared.devices.serial_device import SerialDevice

log = logging.getLogger(__name__)


class CounterScreenBus:
    """Counter screens on one RS-485 port; remembers each screen's text for reconnects.

    A write while the bus is offline is dropped (and logged); when the port comes
    back, every screen gets its last text (or its blank) again.
    """

    def __init__(
        self,
        url: str,
        adapter: CounterScreenAdapter,
        *,
        on_status: Callable[[bool], None] | None = None,
        on_ack: Callable[[DeviceAck], None] | None = None,
        baudrate: int = 9600,
        min_backoff: float = 0.5,
        max_backoff: float = 5.0,
    ) -> None:
        self.adapter = adapter
        self._lock = threading.Lock()
        # address -> last text; None means the screen was cleared
        self._last: dict[int, str | None] = {}
        self.device: SerialDevice[DeviceAck] = SerialDevice(
            url,
            adapter,
            on_intent=on_ack or _ignore_ack,
            on_status=on_status,
            on_connect=self._frames_on_connect,
            name="counter screens",
            baudrate=baudrate,
            min_backoff=min_backoff,
            max_backoff=max_backoff,
        )

    def start(self) -> None:
        """Open the port on the device's thread; returns at once."""
        self.device.start()

    def stop(self) -> None:
        """Close the port."""
        self.device.stop()

    @property
    def online(self) -> bool:
        """Whether the port is open and working."""
        return self.device.online

    def show(self, address: int, text: str) -> bool:
        """Show `text` on the screen at `address`; False if it was only remembered."""
        frame = self.adapter.show(address, text)  # raises FrameError before remembering
        with self._lock:
            self._last[address] = text
        return self.device.write(frame)

    def clear(self, address: int) -> bool:
        """Blank the screen at `address`; False if it was only remembered."""
        frame = self.adapter.clear(address)
        with self._lock:
            self._last[address] = None
        return self.device.write(frame)

    def brightness(self, address: int, level: int) -> bool:
        """Set the brightness (1..16) of the screen at `address`; not resent on reconnect."""
        return self.device.write(self.adapter.brightness(address, level))

    def last_text(self, address: int) -> str | None:
        """The text last shown at `address` (None if cleared or never shown)."""
        with self._lock:
            return self._last.get(address)

    def _frames_on_connect(self) -> list[bytes]:
        with self._lock:
            last = sorted(self._last.items())
        return [
            self.adapter.clear(address) if text is None else self.adapter.show(address, text)
            for address, text in last
        ]


def _ignore_ack(ack: DeviceAck) -> None:
    log.debug("counter screen %d acknowledged %r", ack.address, ack.command)
