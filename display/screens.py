"""Counter screens (窗口屏): each counter's current code, or 暂停服务, sent off the GUI thread."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable

from display.model import CounterCell
from shared.config.spec import DeviceSpec
from shared.devices.adapters import AdapterRegistry, build_registry
from shared.devices.errors import DeviceError
from shared.devices.screen_bus import CounterScreenBus

log = logging.getLogger("hallq.display.screens")

# What the LED shows while a counter is paused: the hall's own words, in the screen's font.
PAUSED_TEXT = "暂停服务"


def screen_text(cell: CounterCell) -> str | None:
    """The text for a counter's screen; None blanks it (closed, or nobody called yet)."""
    if cell.state == "paused":
        return PAUSED_TEXT
    if cell.state == "closed":
        return None
    return cell.code


class CounterScreens:
    """Keeps every addressed counter screen in step with the board's counters.

    Writes go through a queue to one thread, so a slow or offline port never stalls
    the board; the bus itself reconnects and re-sends the last texts.
    """

    def __init__(self, bus: CounterScreenBus, addresses: dict[int, int]) -> None:
        self.bus = bus
        self.addresses = dict(addresses)
        self._sent: dict[int, str | None] = {}
        self._queue: queue.SimpleQueue[tuple[int, str | None] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="hallq-screens", daemon=True)

    def start(self) -> None:
        """Open the port (retried in the background) and start the writer."""
        self.bus.start()
        self._thread.start()

    def stop(self) -> None:
        """Finish queued writes, then close the port."""
        self._queue.put(None)
        if self._thread.is_alive():
            self._thread.join(5.0)
        self.bus.stop()

    def sync(self, cells: Iterable[CounterCell]) -> int:
        """Queue the screens whose text changed; returns how many were queued."""
        queued = 0
        for cell in cells:
            address = self.addresses.get(cell.number)
            if address is None:
                continue
            text = screen_text(cell)
            if cell.number in self._sent and self._sent[cell.number] == text:
                continue
            self._sent[cell.number] = text
            self._queue.put((address, text))
            queued += 1
        return queued

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            address, text = item
            try:
                # False means offline: the bus remembered the text and sends it on reconnect.
                if text is None:
                    self.bus.clear(address)
                else:
                    self.bus.show(address, text)
            except DeviceError as error:  # a code the screen cannot show: log, keep going
                log.warning("counter screen %d cannot show %r: %s", address, text, error)


def build_screens(
    spec: DeviceSpec | None,
    addresses: dict[int, int],
    *,
    port: str | None = None,
    registry: AdapterRegistry | None = None,
) -> CounterScreens | None:
    """The counter-screen bus on this PC's `port` (the hall's [screens] gives its type and
    baud rate); None without a port: ports are this PC's setting, never the store's."""
    if not port:
        return None
    url = port
    kind = spec.type if spec else "hallq"
    adapter = (registry or build_registry()).counter_screen(kind)
    bus = CounterScreenBus(
        url,
        adapter,
        baudrate=spec.baudrate if spec else 9600,
        on_status=lambda online: log.info(
            "counter screens on %s: %s", url, "online" if online else "offline, retrying"
        ),
    )
    return CounterScreens(bus, addresses)
