"""Run a use case off the GUI thread and come back with a signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits through it, Qt queues the call."""

    ok = Signal(object)
    error = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # every failure goes back to the GUI as a value
            self._relay.error.emit(exc)
            return
        self._relay.ok.emit(result)


class Jobs(QObject):
    """Submits callables to a thread pool; `ok`/`error` callbacks run on the GUI thread."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool(self)
        self._relays: set[_Relay] = set()

    def submit(
        self,
        work: Callable[[], Any],
        ok: Callable[[Any], None],
        error: Callable[[BaseException], None],
    ) -> None:
        """Run `work` on the pool; then `ok(result)` or `error(exception)` on this thread."""
        relay = _Relay(self)
        self._relays.add(relay)

        def done_ok(result: Any) -> None:
            self._release(relay)
            ok(result)

        def done_error(exc: BaseException) -> None:
            self._release(relay)
            error(exc)

        relay.ok.connect(done_ok)
        relay.error.connect(done_error)
        self.pool.start(_Job(work, relay))

    @property
    def pending(self) -> int:
        return len(self._relays)

    def wait(self, msecs: int = 5000) -> bool:
        """Wait for running jobs (at shutdown)."""
        return bool(self.pool.waitForDone(msecs))

    def _release(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()
