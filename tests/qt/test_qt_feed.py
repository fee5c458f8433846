"""The feed's Qt adapter: events arrive as signals on the GUI thread, waiting done elsewhere."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from shared import services as uc
from shared.qt.feed import QtEventFeed
from shared.store.db import Store


def test_events_arrive_as_signals_on_the_gui_thread(qtbot: QtBot, store: Store) -> None:
    feed = QtEventFeed(store)
    received: list[int] = []
    threads: list[bool] = []

    def on_events(batch: list) -> None:  # type: ignore[type-arg]
        threads.append(QThread.currentThread() is feed.thread())
        received.extend(e.id for e in batch)

    feed.events.connect(on_events)
    with qtbot.waitSignal(feed.online, timeout=5000):
        feed.start()
    try:
        assert threading.active_count() >= 1
        uc.issue_ticket(store, service="A")
        uc.issue_ticket(store, service="B")
        qtbot.waitUntil(lambda: len(received) == 2, timeout=5000)
        assert received == sorted(received)
        assert all(threads), "events must be delivered on the thread the feed lives in"
        assert feed.last_id == received[-1]
    finally:
        feed.stop()


def test_store_loss_is_signalled_and_recovered(qtbot: QtBot, tmp_path: Path, store: Store) -> None:
    if store.is_postgres:
        return  # the PostgreSQL listener's loss is covered in tests/store/test_feed.py
    folder = Path(store.engine.url.database or "").parent
    away = folder.parent / f"{folder.name}-away"
    feed = QtEventFeed(store)
    states: list[bool] = []
    feed.online.connect(states.append)
    received: list[str] = []
    feed.events.connect(lambda batch: received.extend(e.kind for e in batch))
    with qtbot.waitSignal(feed.online, timeout=5000):
        feed.start()
    try:
        shutil.move(str(folder), str(away))  # the store's folder is gone: unreachable
        store.engine.dispose()
        qtbot.waitUntil(lambda: bool(states) and states[-1] is False, timeout=5000)
        shutil.move(str(away), str(folder))
        qtbot.waitUntil(lambda: states[-1] is True, timeout=5000)
        uc.issue_ticket(store, service="A")
        qtbot.waitUntil(lambda: "issued" in received, timeout=5000)
    finally:
        feed.stop()


def test_postgresql_outage_is_signalled_and_recovered(qtbot: QtBot, pg_store: Store) -> None:
    """A real outage: the database refuses connections and drops the ones it has."""
    import psycopg

    from tests.conftest import PG_ADMIN_URL

    store = pg_store
    name = store.engine.url.database
    admin = psycopg.connect(
        PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    )
    feed = QtEventFeed(store)
    states: list[bool] = []
    feed.online.connect(states.append)
    received: list[str] = []
    feed.events.connect(lambda batch: received.extend(e.code or "" for e in batch))
    with qtbot.waitSignal(feed.online, timeout=5000):
        feed.start()
    try:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (name,),
        )
        qtbot.waitUntil(lambda: bool(states) and states[-1] is False, timeout=10_000)
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        qtbot.waitUntil(lambda: states[-1] is True, timeout=10_000)
        code = uc.issue_ticket(store, service="A").code
        qtbot.waitUntil(lambda: code in received, timeout=10_000)
        assert received.count(code) == 1
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.close()
        feed.stop()
