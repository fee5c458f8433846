"""A closed kiosk is freed at once, not left to the garbage collector.

The collector runs on whichever thread allocates at the moment, often a worker; Qt objects
it frees there (timers, thread pools) crash the process. So the kiosk's parts must form no
reference cycles.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QEvent

from shared.printing import TicketPrinter
from tests.kiosk.helpers import take


def test_closed_kiosk_is_freed_without_the_collector(qtbot, sqlite_store, tmp_path: Path):
    from kiosk.app import KioskSettings, build

    printer = TicketPrinter(f"file://{tmp_path / 't.bin'}", tz=ZoneInfo("Asia/Shanghai"))
    kiosk = build(
        KioskSettings(
            store=sqlite_store, printer=printer, fullscreen=False, feed=False, speech=False
        )
    )
    kiosk.window.show()
    with qtbot.waitSignal(kiosk.controller.snapshot, timeout=10000):
        kiosk.controller.start(feed=False)
    assert take(qtbot, kiosk, "rsj", "A").ok
    with qtbot.waitSignal(kiosk.controller.snapshot, timeout=10000):
        pass  # the re-read after the print
    controller = weakref.ref(kiosk.controller)
    gc.collect()
    gc.disable()
    try:
        kiosk.close()  # as pytest-qt and the app's exit do: the window goes with deleteLater
        kiosk.window.deleteLater()
        del kiosk
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert controller() is None
    finally:
        gc.enable()
