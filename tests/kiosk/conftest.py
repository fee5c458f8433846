"""Kiosk fixtures: a SQLite store with the small hall, a file printer and a kiosk built on them."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from shared.domain.clock import ManualClock
from shared.store.db import Store
from tests.factories import small_hall


@pytest.fixture
def sqlite_store(tmp_path: Path, clock: ManualClock) -> Iterator[Store]:
    """The small test hall on SQLite (the Qt flows; the use cases run on both backends)."""
    from shared.store.apply import apply_hall
    from shared.store.migrate import upgrade

    store = Store(f"sqlite:///{tmp_path / 'kiosk.sqlite'}", clock=clock)
    upgrade(store)
    apply_hall(store, small_hall())
    yield store
    store.dispose()


@pytest.fixture
def make_kiosk(qtbot: Any, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Build and start a kiosk on a store; waits for its first read of the hall."""
    from kiosk.app import KioskSettings, build
    from shared.printing import TicketPrinter
    from shared.speech import WavFilePlayer

    built: list[Any] = []

    def make(store: Store, *, printer: Any = None, **options: Any) -> Any:
        printer = printer or TicketPrinter(
            f"file://{tmp_path / 'tickets.bin'}", tz=ZoneInfo("Asia/Shanghai")
        )
        settings = KioskSettings(
            store=store,
            printer=printer,
            fullscreen=False,
            feed=False,
            player=WavFilePlayer(tmp_path / "spoken"),
            **options,
        )
        kiosk = build(settings)
        built.append(kiosk)
        qtbot.addWidget(kiosk.window)
        kiosk.window.show()
        with qtbot.waitSignal(kiosk.controller.snapshot, timeout=10000):
            kiosk.controller.start(feed=False)
        return kiosk

    yield make
    for kiosk in built:
        kiosk.controller.stop()
        if kiosk.speaker is not None:
            kiosk.speaker.jobs.wait()
