"""Work off the GUI thread: callables run in a thread pool, results come back as queued calls."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.job_id = job_id
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # handed to the caller's error callback, never lost
            self.relay.failed.emit(self.job_id, exc)
            return
        self.relay.done.emit(self.job_id, result)


class Jobs(QObject):
    """A pool of `threads` workers; callbacks run on the thread that owns this object."""

    def __init__(self, threads: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)
        # Queued: the relay lives on the GUI thread, the emitter on a worker.
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        job_id = next(self._ids)
        self._pending[job_id] = (on_done, on_error)
        self.pool.start(_Job(job_id, fn, self._relay))

    @property
    def pending(self) -> int:
        return len(self._pending)

    @Slot(int, object)
    def _on_done(self, job_id: int, result: Any) -> None:
        on_done, _ = self._pending.pop(job_id)
        on_done(result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: Exception) -> None:
        _, on_error = self._pending.pop(job_id)
        on_error(exc)

    def wait(self, msecs: int = 10000) -> bool:
        """Block until every job ended (shutdown and tests only, never in a GUI path)."""
        return bool(self.pool.waitForDone(msecs))
