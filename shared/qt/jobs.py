"""Work off the GUI thread for all three apps: a callable runs on a thread pool, its result
or its exception comes back as a queued call on the thread that owns the `Jobs`.

A use case, a store read or a printer's status query is a job. A long-lived device loop
(the display's counter screens, the counter's serial devices) is not: it keeps its own
thread and reports through signals.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot

Ok = Callable[[Any], None]
Error = Callable[[Exception], None]


def make_timer(
    parent: QObject, interval_ms: int, slot: Callable[[], None], *, single: bool = False
) -> QTimer:
    """A timer owned by `parent` that calls `slot` every `interval_ms` (or once when `single`)."""
    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    timer.setSingleShot(single)
    timer.timeout.connect(slot)
    return timer


class _Relay(QObject):
    """Lives on the owner's thread for the app's lifetime; workers emit through it and Qt
    queues the call. One relay for all jobs: no QObject is made or freed per job."""

    done = Signal(int, object)
    failed = Signal(int, object)
    call = Signal(object, object)


def _runner(job_id: int, work: Callable[[], Any], relay: _Relay) -> Callable[[], None]:
    # A plain callable, not a QRunnable subclass: freeing a Python QRunnable per job after
    # the pool ran it crashed the interpreter during garbage collection.
    def run() -> None:
        try:
            result = work()
        except Exception as exc:  # handed to the caller's error callback, never lost
            relay.failed.emit(job_id, exc)
            return
        relay.done.emit(job_id, result)

    return run


class Jobs(QObject):
    """A pool of `threads` workers (default: one per core); callbacks run on our thread.

    `submit` may be called from a worker too (a job hands the next step straight to
    another pool, with no round trip through the GUI thread), and `post` queues a call
    on our thread from a worker.
    """

    def __init__(
        self,
        threads: int | None = None,
        parent: QObject | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool(self)
        if threads is not None:
            self.pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)
        # Queued: the relay lives on our thread, the emitter on a worker.
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._relay.call.connect(self._on_call)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._pending: dict[int, tuple[Ok, Error]] = {}
        self._closed = False

    def submit(self, work: Callable[[], Any], ok: Ok, error: Error) -> None:
        """Run `work` on a worker; `ok(result)` or `error(exception)` later on our thread.

        Ignored once `close()` was called.
        """
        with self._lock:
            if self._closed:
                return
            job_id = next(self._ids)
            self._pending[job_id] = (ok, error)
        self.pool.start(_runner(job_id, work, self._relay))

    def post(self, callback: Callable[[Any], None], value: Any) -> None:
        """From a worker: call `callback(value)` on our thread, in order with later results."""
        self._relay.call.emit(callback, value)

    @property
    def pending(self) -> int:
        """Jobs submitted whose callback has not run yet."""
        with self._lock:
            return len(self._pending)

    def wait(self, msecs: int = 10000) -> bool:
        """Block until every job ended (shutdown and tests only, never in a GUI path)."""
        return bool(self.pool.waitForDone(msecs))

    def close(self, msecs: int = 5000) -> bool:
        """At shutdown: take no more jobs, wait for running ones, drop their callbacks."""
        with self._lock:
            self._closed = True
        done = self.wait(msecs)
        with self._lock:
            self._pending.clear()
        return done

    def _take(self, job_id: int) -> tuple[Ok, Error] | None:
        with self._lock:
            callbacks = self._pending.pop(job_id, None)
            return None if self._closed else callbacks

    @Slot(int, object)
    def _on_done(self, job_id: int, result: Any) -> None:
        callbacks = self._take(job_id)
        if callbacks is not None:
            callbacks[0](result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: Exception) -> None:
        callbacks = self._take(job_id)
        if callbacks is not None:
            callbacks[1](exc)

    @Slot(object, object)
    def _on_call(self, callback: Callable[[Any], None], value: Any) -> None:
        if not self._closed:
            callback(value)


class Coalesced:
    """One job at a time: `request()` while one runs folds into one more run after it.

    For re-reads (a counter's view, the board's counts, the open follow-ups): a burst of
    events becomes at most one read in flight and one after it. `again_if` is asked before
    the folded run starts (e.g. "the store is still online").
    """

    def __init__(
        self,
        jobs: Jobs,
        work: Callable[[], Any],
        ok: Ok,
        error: Error,
        *,
        again_if: Callable[[], bool] = lambda: True,
    ) -> None:
        self.jobs = jobs
        self._work, self._ok, self._error, self._again_if = work, ok, error, again_if
        self.running = False
        self.again = False

    def request(self) -> None:
        if self.running:
            self.again = True
            return
        self.running = True
        self.jobs.submit(self._work, self._done, self._failed)

    def _done(self, result: Any) -> None:
        self.running = False
        self._ok(result)
        self._next()

    def _failed(self, exc: Exception) -> None:
        self.running = False
        self._error(exc)
        self._next()

    def _next(self) -> None:
        if self.again and self._again_if():
            self.again = False
            self.request()
