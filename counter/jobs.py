"""Run a use case off the GUI thread and come back with a signal."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

log = logging.getLogger(__name__)

Callbacks = tuple[Callable[[Any], None], Callable[[BaseException], None]]


class _Relay(QObject):
    """Lives in the GUI thread for the app's lifetime; workers emit through it and Qt
    queues the call. One relay for all jobs: no QObject is made or freed per job."""

    ok = Signal(int, object)
    error = Signal(int, object)


def _runner(work: Callable[[], Any], relay: _Relay, job_id: int) -> Callable[[], None]:
    def run() -> None:
        try:
            result = work()
        except Exception as exc:  # every failure goes back to the GUI as a value
            relay.error.emit(job_id, exc)
            return
        relay.ok.emit(job_id, result)

    return run


class Jobs(QObject):
    """Submits callables to a thread pool; `ok`/`error` callbacks run on the GUI thread."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool(self)
        self._relay = _Relay(self)
        self._relay.ok.connect(self._ok)
        self._relay.error.connect(self._error)
        self._callbacks: dict[int, Callbacks] = {}
        self._ids = itertools.count(1)
        self._closed = False

    def submit(
        self,
        work: Callable[[], Any],
        ok: Callable[[Any], None],
        error: Callable[[BaseException], None],
    ) -> None:
        """Run `work` on the pool; then `ok(result)` or `error(exception)` on this thread."""
        if self._closed:
            return
        job_id = next(self._ids)
        self._callbacks[job_id] = (ok, error)
        self.pool.start(_runner(work, self._relay, job_id))

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def close(self, msecs: int = 5000) -> bool:
        """At shutdown: take no more jobs, wait for running ones, drop their callbacks."""
        self._closed = True
        done = bool(self.pool.waitForDone(msecs))
        self._callbacks.clear()
        return done

    def _ok(self, job_id: int, result: Any) -> None:
        callbacks = self._callbacks.pop(job_id, None)
        if callbacks is not None and not self._closed:
            callbacks[0](result)

    def _error(self, job_id: int, exc: BaseException) -> None:
        callbacks = self._callbacks.pop(job_id, None)
        if callbacks is not None and not self._closed:
            callbacks[1](exc)
