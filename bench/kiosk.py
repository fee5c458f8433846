"""Kiosk: time from a tap on a service to the ticket's bytes handed to the printer transport.

Runs the real kiosk offscreen (controller, worker threads, use case, ESC/POS rendering)
on the demo hall, on SQLite and on PostgreSQL, and prints p50/p99. Aim: p99 <= 300 ms.
    .venv/bin/python bench/kiosk.py [--taps 200]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import pg_available, summary_ms, throwaway_store_url

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("insurance-pay", "company-new", "dibao", "birth-register")  # on the first page


class TimedTransport:
    """A file transport that notes when each job's bytes were handed over."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.url = getattr(inner, "url", "file")
        self.sent_at: list[float] = []

    def send(self, data: bytes) -> None:
        self.sent_at.append(time.perf_counter())
        self.inner.send(data)  # type: ignore[attr-defined]

    def status(self) -> object:
        return self.inner.status()  # type: ignore[attr-defined]


def run(backend: str, taps: int, folder: Path) -> list[float]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.app import KioskSettings, build
    from shared.config.hallfile import load_hall_file
    from shared.domain.clock import ManualClock
    from shared.printing import TicketPrinter, open_transport
    from shared.services import open_counter
    from shared.store.apply import apply_hall
    from shared.store.db import Store
    from shared.store.migrate import upgrade
    from tests.factories import MONDAY_10

    app = QApplication.instance() or QApplication([])
    with throwaway_store_url(backend) as url:
        store = Store(url, clock=ManualClock(MONDAY_10))
        upgrade(store)
        apply_hall(store, load_hall_file(ROOT / "assets/demo-hall.toml"))
        for counter in (1, 2, 9, 10, 39, 40):
            open_counter(store, counter=counter)
        transport = TimedTransport(open_transport(f"file://{folder / (backend + '.bin')}"))
        printer = TicketPrinter("file://bench", tz=ZoneInfo("Asia/Shanghai"),
                                transport=transport)  # type: ignore[arg-type]
        kiosk = build(KioskSettings(store=store, printer=printer, fullscreen=False,
                                    speech=False), app)  # type: ignore[arg-type]
        kiosk.window.show()
        loop = QEventLoop()
        guard = QTimer(singleShot=True, interval=10000, timeout=loop.quit)

        def wait(signal: object) -> None:
            signal.connect(loop.quit)  # type: ignore[attr-defined]
            guard.start()  # a stuck kiosk ends the wait; a stale timer never does
            loop.exec()
            guard.stop()
            signal.disconnect(loop.quit)  # type: ignore[attr-defined]

        kiosk.controller.start(feed=True)
        wait(kiosk.controller.snapshot)
        home = kiosk.window.home
        departments = {s.code: s.department for s in kiosk.controller.last.status.services}
        samples: list[float] = []
        for n in range(taps):
            service = SERVICES[n % len(SERVICES)]
            kiosk.window.go_home()
            QTest.mouseClick(home.tiles[f"dept:{departments[service]}"],
                             Qt.MouseButton.LeftButton)
            before = len(transport.sent_at)
            tapped = time.perf_counter()
            QTest.mouseClick(home.tiles[f"service:{service}"], Qt.MouseButton.LeftButton)
            wait(kiosk.controller.printed)
            if len(transport.sent_at) != before + 1:
                raise SystemExit(f"tap {n}: no bytes reached the transport")
            samples.append(transport.sent_at[-1] - tapped)
        kiosk.close()
        store.dispose()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=200)
    args = parser.parse_args()
    import tempfile

    backends = ["sqlite"] + (["postgresql"] if pg_available() else [])
    with tempfile.TemporaryDirectory(prefix="hallq-bench-kiosk-") as folder:
        for backend in backends:
            samples = run(backend, args.taps, Path(folder))
            print(f"kiosk tap -> bytes to transport  {backend:10s} {summary_ms(samples)}")
    if "postgresql" not in backends:
        print("postgresql: no server answers; skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
