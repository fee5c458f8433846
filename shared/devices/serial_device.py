"""SerialDevice: one pyserial port read on its own thread, reconnecting with backoff."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Generic, Protocol, TypeVar

import serial

log = logging.getLogger(__name__)

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

OpenPort = Callable[[str], Any]


class FeedsIntents(Protocol[T_co]):
    """Anything that turns received bytes into intents: every device adapter does."""

    def feed(self, data: bytes) -> Sequence[T_co]:
        """Intents completed by `data`."""
        ...


class SerialDevice(Generic[T]):
    """Reads a serial port on a thread, delivers intents, survives unplugging.

    The port is opened by URL with `serial.serial_for_url`, so a device path,
    `loop://` and `socket://host:port` all work. If the port cannot be opened or
    fails, the device is reported offline and reopened after a backoff that
    doubles from `min_backoff` to `max_backoff`. Callbacks run on the reader
    thread; an exception in one is logged and never stops the reader.
    """

    def __init__(
        self,
        url: str,
        adapter: FeedsIntents[T],
        *,
        on_intent: Callable[[T], None],
        on_status: Callable[[bool], None] | None = None,
        on_connect: Callable[[], Sequence[bytes]] | None = None,
        name: str = "serial device",
        baudrate: int = 9600,
        min_backoff: float = 0.5,
        max_backoff: float = 5.0,
        read_timeout: float = 0.1,
        write_timeout: float = 0.5,
    ) -> None:
        if not 0 < min_backoff <= max_backoff:
            raise ValueError(
                f"{name}: backoff must satisfy 0 < min ({min_backoff}) <= max ({max_backoff})"
            )
        self.url = url
        self.name = name
        self.adapter = adapter
        self._on_intent = on_intent
        self._on_status = on_status
        self._on_connect = on_connect
        self._baudrate = baudrate
        self._min_backoff = min_backoff
        self._max_backoff = max_backoff
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._lock = threading.Lock()  # guards _port for writes, open and close
        self._port: Any = None
        self._online = False
        self._reported: bool | None = None
        self._broken = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def online(self) -> bool:
        """Whether the port is open and working right now."""
        return self._online

    def start(self) -> None:
        """Start the reader thread; returns at once (the port opens on the thread)."""
        if self._thread is not None:
            raise RuntimeError(f"{self.name} on {self.url} is already started")
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"hallq-serial-{self.name}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop the reader and close the port."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._close()

    def write(self, data: bytes) -> bool:
        """Send `data`; False (and a log line) if the device is offline or the write failed."""
        with self._lock:
            if self._port is None or not self._online:
                log.warning("%s on %s is offline: dropped %d bytes", self.name, self.url, len(data))
                return False
            try:
                self._port.write(data)
                self._port.flush()
            except (serial.SerialException, OSError) as exc:
                log.warning("%s on %s: write failed (%s); reconnecting", self.name, self.url, exc)
                self._broken.set()
                return False
        return True

    def _run(self) -> None:
        delay = self._min_backoff
        while not self._stop.is_set():
            if not self._open():
                self._stop.wait(delay)
                delay = min(delay * 2, self._max_backoff)
                continue
            delay = self._min_backoff
            self._read_until_failure()
            self._close()
            if not self._stop.is_set():
                self._stop.wait(delay)

    def _open(self) -> bool:
        try:
            port = serial.serial_for_url(
                self.url,
                baudrate=self._baudrate,
                timeout=self._read_timeout,
                write_timeout=self._write_timeout,
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            log.info("%s: cannot open %s: %s", self.name, self.url, exc)
            self._report(False)
            return False
        with self._lock:
            self._port = port
            self._online = True
            self._broken.clear()
        log.info("%s: %s is online", self.name, self.url)
        if self._on_connect is not None:
            for frame in self._guarded(self._on_connect) or ():
                self.write(frame)
        self._report(True)
        return True

    def _read_until_failure(self) -> None:
        while not self._stop.is_set() and not self._broken.is_set():
            try:
                waiting = self._port.in_waiting
                data = self._port.read(max(1, min(waiting, 4096)))
            except (serial.SerialException, OSError, TypeError, AttributeError) as exc:
                # pyserial raises TypeError/AttributeError when the port is closed under it.
                log.warning("%s: %s failed: %s", self.name, self.url, exc)
                return
            if data:
                for intent in self._guarded(partial(self.adapter.feed, data)) or ():
                    self._guarded(partial(self._on_intent, intent))

    def _close(self) -> None:
        with self._lock:
            port, self._port = self._port, None
            was_online, self._online = self._online, False
        if port is not None:
            try:
                port.close()
            except (serial.SerialException, OSError) as exc:
                log.info("%s: closing %s: %s", self.name, self.url, exc)
        if was_online:
            log.warning("%s: %s is offline", self.name, self.url)
            self._report(False)

    def _report(self, online: bool) -> None:
        if self._on_status is not None and self._reported is not online:
            self._reported = online
            self._guarded(partial(self._on_status, online))

    def _guarded(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except Exception:  # a failing callback must never kill the reader thread
            log.exception("%s: callback failed", self.name)
            return None
