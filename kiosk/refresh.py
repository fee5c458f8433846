"""When the kiosk re-reads the hall: coalesced, at most one read per interval, none mid-issue.

A re-read (`hall_status` and the kiosk's settings) holds the interpreter for a while on a
worker; one running while a ticket is issued and printed slows the citizen's ticket. So
re-reads wait until the ticket's bytes have reached the printer, and a burst of events
from the change feed becomes one read.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal

from shared.qt.jobs import make_timer


class RefreshPolicy(QObject):
    """Decides when to emit `read` (the owner then starts one re-read off the GUI thread).

    The owner calls `finished()` when that read has come back (either way), `hold()` when
    a ticket is requested and `release()` when its printing is done. A signal, not a stored
    callback: a callback into the owner would make a reference cycle, and a cycle is freed
    by the garbage collector on whatever thread it runs, Qt objects included.
    """

    read = Signal()

    def __init__(self, min_interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.min_interval_ms = min_interval_ms
        self.reading = False
        self.dirty = False  # a read was asked for and not yet made
        self.held = 0  # tickets in flight
        self._last_start = -1e12
        self._timer = make_timer(self, min_interval_ms, self.request, single=True)

    def now(self) -> None:
        """Read as soon as allowed, ignoring the interval (start, reconnect, retry)."""
        if self.reading or self.held:
            self.dirty = True
            return
        self._start()

    def request(self) -> None:
        """Read soon: at once if the last read began long enough ago, else when it has."""
        if self.reading or self.held:
            self.dirty = True
            return
        waited_ms = (time.monotonic() - self._last_start) * 1000
        if waited_ms >= self.min_interval_ms:
            self._start()
        elif not self._timer.isActive():
            self._timer.start(max(1, round(self.min_interval_ms - waited_ms)))

    def finished(self) -> None:
        self.reading = False
        self._again()

    def hold(self) -> None:
        self.held += 1

    def release(self) -> None:
        self.held = max(0, self.held - 1)
        self._again()

    def cancel(self) -> None:
        """The store went away: forget what was asked; the retry timer takes over."""
        self.dirty = False
        self._timer.stop()

    def stop(self) -> None:
        self.cancel()
        self.held = 1 << 30  # nothing more starts

    def _again(self) -> None:
        if self.dirty and not self.reading and not self.held:
            self.dirty = False
            self.request()

    def _start(self) -> None:
        self._timer.stop()
        self.reading = True
        self._last_start = time.monotonic()
        self.read.emit()
