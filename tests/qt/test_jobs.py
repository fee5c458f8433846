"""The apps' shared Jobs: work runs on a worker, results and errors come back on the GUI thread."""

from __future__ import annotations

import os
import threading
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pytestqt.qtbot import QtBot

from shared.qt.jobs import Coalesced, Jobs


def test_result_and_error_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    jobs = Jobs(2)
    gui = threading.get_ident()
    worker: list[int] = []
    got: list[tuple[str, Any, int]] = []

    def work() -> int:
        worker.append(threading.get_ident())
        return 42

    def boom() -> int:
        raise ValueError("no")

    jobs.submit(work, lambda r: got.append(("ok", r, threading.get_ident())), got.append)
    jobs.submit(boom, got.append, lambda e: got.append(("error", e, threading.get_ident())))
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    assert worker and worker[0] != gui, "the work must run off the GUI thread"
    by_kind = {kind: (value, thread) for kind, value, thread in got}
    assert by_kind["ok"] == (42, gui)
    error, thread = by_kind["error"]
    assert isinstance(error, ValueError) and str(error) == "no" and thread == gui
    assert jobs.pending == 0
    jobs.close()


def test_post_from_a_worker_comes_before_the_jobs_own_result(qtbot: QtBot) -> None:
    jobs = Jobs(1)
    order: list[str] = []

    def work() -> str:
        jobs.post(lambda v: order.append(v), "posted")
        return "result"

    jobs.submit(work, order.append, lambda e: order.append(f"error {e}"))
    qtbot.waitUntil(lambda: len(order) == 2, timeout=5000)
    assert order == ["posted", "result"]
    jobs.close()


def test_closed_jobs_take_nothing_and_drop_late_callbacks(qtbot: QtBot) -> None:
    jobs = Jobs(1)
    release = threading.Event()
    got: list[object] = []
    jobs.submit(lambda: release.wait(5), got.append, got.append)
    release.set()
    assert jobs.close()
    jobs.submit(lambda: 1, got.append, got.append)
    qtbot.wait(100)
    assert got == [] and jobs.pending == 0


def test_coalesced_requests_fold_into_one_more_run(qtbot: QtBot) -> None:
    jobs = Jobs(4)
    gate = threading.Event()
    runs: list[int] = []
    results: list[int] = []

    def work() -> int:
        gate.wait(5)
        runs.append(1)
        return len(runs)

    reads = Coalesced(jobs, work, results.append, lambda e: results.append(-1))
    reads.request()
    for _ in range(5):
        reads.request()  # while the first runs: one more run, not five
    gate.set()
    qtbot.waitUntil(lambda: len(results) == 2 and not reads.running, timeout=5000)
    qtbot.wait(50)
    assert results == [1, 2] and len(runs) == 2
    jobs.close()


def test_coalesced_waits_while_again_if_says_no(qtbot: QtBot) -> None:
    jobs = Jobs(1)
    allowed = [False]
    gate = threading.Event()
    results: list[str] = []

    def work() -> str:
        gate.wait(5)
        return "read"

    reads = Coalesced(jobs, work, results.append, lambda e: None, again_if=lambda: allowed[0])
    reads.request()
    reads.request()
    gate.set()
    qtbot.waitUntil(lambda: results == ["read"] and not reads.running, timeout=5000)
    qtbot.wait(50)
    assert results == ["read"] and reads.again  # kept for later, not run
    allowed[0] = True
    reads.request()  # runs, then the folded run it kept
    qtbot.waitUntil(lambda: len(results) == 3 and not reads.running, timeout=5000)
    assert not reads.again
    jobs.close()
