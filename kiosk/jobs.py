"""Work off the GUI thread: callables run in a thread pool, results come back as queued calls."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot


def make_timer(parent: QObject, interval_ms: int, slot: Callable[[], None], *,
               single: bool = False) -> QTimer:
    """A timer owned by `parent` that calls `slot` every `interval_ms` (or once when `single`)."""
    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    timer.setSingleShot(single)
    timer.timeout.connect(slot)
    return timer


class _Relay(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)
    call = Signal(object, object)


def _runner(job_id: int, fn: Callable[[], Any], relay: _Relay) -> Callable[[], None]:
    # A plain callable, not a QRunnable subclass: freeing a Python QRunnable per job after
    # the pool ran it crashed the interpreter during garbage collection.
    def run() -> None:
        try:
            result = fn()
        except Exception as exc:  # handed to the caller's error callback, never lost
            relay.failed.emit(job_id, exc)
            return
        relay.done.emit(job_id, result)

    return run


class Jobs(QObject):
    """A pool of `threads` workers; callbacks run on the thread that owns this object.

    `submit` may be called from a worker too (a job hands the next step straight to
    another pool, with no round trip through the GUI thread).
    """

    def __init__(self, threads: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)
        # Queued: the relay lives on the GUI thread, the emitter on a worker.
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._relay.call.connect(self._on_call)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._pending: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Run `fn` on a worker; `on_done(result)` or `on_error(exc)` later on our thread."""
        with self._lock:
            job_id = next(self._ids)
            self._pending[job_id] = (on_done, on_error)
        self.pool.start(_runner(job_id, fn, self._relay))

    def post(self, callback: Callable[[Any], None], value: Any) -> None:
        """From a worker: call `callback(value)` on our thread, in order with later results."""
        self._relay.call.emit(callback, value)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def _take(self, job_id: int) -> tuple[Callable[[Any], None], Callable[[Exception], None]]:
        with self._lock:
            return self._pending.pop(job_id)

    @Slot(int, object)
    def _on_done(self, job_id: int, result: Any) -> None:
        on_done, _ = self._take(job_id)
        on_done(result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: Exception) -> None:
        _, on_error = self._take(job_id)
        on_error(exc)

    @Slot(object, object)
    def _on_call(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)

    def wait(self, msecs: int = 10000) -> bool:
        """Block until every job ended (shutdown and tests only, never in a GUI path)."""
        return bool(self.pool.waitForDone(msecs))
