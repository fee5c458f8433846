"""Faults: a stalled or refusing network printer, and a store that does not answer."""

from __future__ import annotations

import shutil
import socket
import threading
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from sqlalchemy import select

from shared.printing import TicketPrinter
from shared.store.db import Store
from shared.store.models import Event, Ticket
from tests.kiosk.helpers import tap, tile


class StallingPrinter:
    """Accepts connections and never reads nor answers: a jammed raw-port printer."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.server.close()
        for conn in self.held:
            conn.close()


def _events(store: Store, kind: str) -> list[Event]:
    with store.read() as session:
        return list(session.scalars(select(Event).where(Event.kind == kind)))


def _take_while_counting_ticks(qtbot: Any, kiosk: Any) -> tuple[Any, int]:
    ticks = [0]
    timer = QTimer(interval=20, timeout=lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start()
    results: list[Any] = []
    kiosk.controller.printed.connect(results.append)  # a refusal may come right on the heels
    tap(qtbot, tile(kiosk, "dept:rsj"))
    with qtbot.waitSignal(kiosk.controller.issued, timeout=5000):
        tap(qtbot, tile(kiosk, "service:A"))
    # the confirmation is up whether or not the printer has answered yet
    assert kiosk.window.stack.currentWidget() is kiosk.window.confirm
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    kiosk.controller.printed.disconnect(results.append)
    timer.stop()
    return results[0], ticks[0]


def test_stalled_printer_never_freezes_and_loses_no_ticket(qtbot, sqlite_store, make_kiosk):
    stall = StallingPrinter()
    try:
        printer = TicketPrinter(
            f"tcp://127.0.0.1:{stall.port}?timeout=0.6", tz=ZoneInfo("Asia/Shanghai")
        )
        kiosk = make_kiosk(sqlite_store, printer=printer, probe_ms=60000)
        result, ticks = _take_while_counting_ticks(qtbot, kiosk)
        assert not result.ok and result.fault == "PrinterTimeout"
        assert ticks >= 10  # the event loop ran on through the 0.6 s stall
        window = kiosk.window
        assert window.confirm.code.text() == "A001"
        assert "A001" in window.confirm.print_state.text()  # asks the citizen to note it
        faults = _events(sqlite_store, "printer_fault")
        assert [e.code for e in faults] == ["A001"]
        assert not kiosk.controller.printing  # show-only mode now
        tap(qtbot, window.confirm.finish)
        with qtbot.waitSignal(kiosk.controller.printed, timeout=5000) as second:
            tap(qtbot, tile(kiosk, "dept:rsj"))
            tap(qtbot, tile(kiosk, "service:B"))
        assert second.args[0].fault == "ShowOnly" and second.args[0].code == "B001"
        with sqlite_store.read() as session:
            assert sorted(session.scalars(select(Ticket.code))) == ["A001", "B001"]
        assert [e.code for e in _events(sqlite_store, "printer_fault")] == ["A001", "B001"]
    finally:
        stall.close()


def test_refused_printer_and_recovery(qtbot, sqlite_store, make_kiosk, tmp_path: Path):
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # nothing listens here any more
    printer = TicketPrinter(f"tcp://127.0.0.1:{port}?timeout=1", tz=ZoneInfo("Asia/Shanghai"))
    kiosk = make_kiosk(sqlite_store, printer=printer, probe_ms=50)
    result, _ = _take_while_counting_ticks(qtbot, kiosk)
    assert not result.ok and result.fault == "PrinterOffline"
    with qtbot.waitSignal(kiosk.controller.printer_ok, timeout=3000) as back:
        # the printer comes back (here: swapped for a file) and answers the probe
        kiosk.controller.printer = TicketPrinter(f"file://{tmp_path / 'back.bin'}")
    assert back.args[0] is True and kiosk.controller.printing


def test_store_away_shows_out_of_service_and_recovers(
    qtbot, sqlite_store, make_kiosk, tmp_path: Path, clock
):
    good = Path(sqlite_store.url.removeprefix("sqlite:///"))
    broken_path = tmp_path / "away.sqlite"
    broken_path.mkdir()  # a directory where the database file should be: it cannot open
    away = Store(f"sqlite:///{broken_path}", clock=clock)
    from kiosk.app import KioskSettings, build

    kiosk = build(
        KioskSettings(
            store=away,
            fullscreen=False,
            feed=False,
            speech=False,
            printer=TicketPrinter("none"),
            retry_ms=100,
        )
    )
    qtbot.addWidget(kiosk.window)
    kiosk.window.show()
    with qtbot.waitSignal(kiosk.controller.online, timeout=10000) as went:
        kiosk.controller.start(feed=False)
    assert went.args[0] is False
    assert kiosk.window.stack.currentWidget() is kiosk.window.offline
    assert kiosk.window.offline.title.text() == "暂停服务"
    assert not kiosk.controller.issue("A")  # nothing is taken while the store is away
    sqlite_store.dispose()
    broken_path.rmdir()
    shutil.copy(good, broken_path)
    qtbot.waitUntil(lambda: kiosk.window.stack.currentWidget() is kiosk.window.home, timeout=10000)
    assert "dept:rsj" in kiosk.window.home.tiles
    kiosk.controller.stop()
