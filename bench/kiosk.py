"""Kiosk: time from a tap on a service to the ticket's bytes handed to the printer transport.

Runs the real kiosk offscreen (controller, worker threads, use case, ESC/POS rendering)
on the demo hall, on SQLite and on PostgreSQL, and prints p50/p99. Aim: p99 <= 300 ms.
    .venv/bin/python bench/kiosk.py [--taps 200] [--stages] [--qr native|image|none]

--stages splits each tap: tap -> issue starts on a worker, the issue itself, issue done ->
rendering starts, rendering, the status probe, and how many hall re-reads overlapped the tap.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import itertools

from bench.common import pg_available, summary_ms, throwaway_store_url

ROOT = Path(__file__).resolve().parents[1]


def _quiet_offscreen() -> None:
    """Drop the offscreen platform's one harmless note, printed at every window resize."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


SERVICES = ("insurance-pay", "company-new", "dibao", "birth-register")  # on the first page


class TimedTransport:
    """A file transport that notes when each job's bytes were handed over."""

    def __init__(self, inner: object, marks: Marks) -> None:
        self.inner = inner
        self.url = getattr(inner, "url", "file")
        self.sent_at: list[float] = []
        self.marks = marks

    def send(self, data: bytes) -> None:
        self.sent_at.append(time.perf_counter())
        self.inner.send(data)  # type: ignore[attr-defined]

    def status(self) -> object:
        self.marks.note("status")
        try:
            return self.inner.status()  # type: ignore[attr-defined]
        finally:
            self.marks.note("status_end")


class Marks:
    """Timestamps along the path of one tap, and the hall re-reads running meanwhile."""

    def __init__(self) -> None:
        self.at: dict[str, float] = {}
        self.reads: list[tuple[float, float]] = []

    def note(self, name: str) -> None:
        self.at.setdefault(name, time.perf_counter())

    def timed(self, fn: Callable[..., Any], start: str, end: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.note(start)
            try:
                return fn(*args, **kwargs)
            finally:
                self.note(end)

        return wrapper

    def read(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.reads.append((began, time.perf_counter()))

        return wrapper

    def stages(self, tapped: float, sent: float) -> dict[str, float]:
        at = {"tap": tapped, **self.at, "sent": sent}
        order = [
            "tap",
            "issue",
            "issue_end",
            "render",
            "render_end",
            "status",
            "status_end",
            "sent",
        ]
        seen = [name for name in order if name in at]
        out = {f"{a}->{b}": at[b] - at[a] for a, b in itertools.pairwise(seen)}
        out["reads overlapping"] = float(sum(1 for s, e in self.reads if s < sent and e > tapped))
        return out


def run(
    backend: str,
    taps: int,
    folder: Path,
    stages: list[dict[str, float]] | None = None,
    qr: str = "native",
) -> list[float]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    import kiosk.controller as kc
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
    marks = Marks()
    if stages is not None:  # timestamps along the path, through the kiosk's own names
        kc.issue_ticket = marks.timed(kc.issue_ticket, "issue", "issue_end")  # type: ignore[assignment]
        kc.read_snapshot = marks.read(kc.read_snapshot)  # type: ignore[assignment]
    with throwaway_store_url(backend) as url:
        store = Store(url, clock=ManualClock(MONDAY_10))
        upgrade(store)
        apply_hall(store, load_hall_file(ROOT / "assets/demo-hall.toml"))
        for counter in (1, 2, 9, 10, 39, 40):
            open_counter(store, counter=counter)
        transport = TimedTransport(open_transport(f"file://{folder / (backend + '.bin')}"), marks)
        printer = TicketPrinter(
            "file://bench",
            qr=qr,
            tz=ZoneInfo("Asia/Shanghai"),  # type: ignore[arg-type]
            transport=transport,
        )  # type: ignore[arg-type]
        if stages is not None:
            printer.render = marks.timed(printer.render, "render", "render_end")  # type: ignore[method-assign]
        kiosk = build(
            KioskSettings(store=store, printer=printer, fullscreen=False, speech=False), app
        )  # type: ignore[arg-type]
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
            QTest.mouseClick(home.tiles[f"dept:{departments[service]}"], Qt.MouseButton.LeftButton)
            before = len(transport.sent_at)
            marks.at.clear()
            tapped = time.perf_counter()
            QTest.mouseClick(home.tiles[f"service:{service}"], Qt.MouseButton.LeftButton)
            wait(kiosk.controller.printed)
            if len(transport.sent_at) != before + 1:
                raise SystemExit(f"tap {n}: no bytes reached the transport")
            samples.append(transport.sent_at[-1] - tapped)
            if stages is not None:
                stages.append(marks.stages(tapped, transport.sent_at[-1]))
        kiosk.close()
        store.dispose()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=200)
    parser.add_argument("--stages", action="store_true", help="split each tap into stages")
    parser.add_argument(
        "--qr",
        choices=("native", "image", "none"),
        default="native",
        help="the printer's QR mode (image: drawn here, sent as raster)",
    )
    args = parser.parse_args()
    _quiet_offscreen()
    import tempfile

    backends = ["sqlite"] + (["postgresql"] if pg_available() else [])
    with tempfile.TemporaryDirectory(prefix="hallq-bench-kiosk-") as folder:
        for backend in backends:
            stages: list[dict[str, float]] | None = [] if args.stages else None
            samples = run(backend, args.taps, Path(folder), stages, args.qr)
            print(
                f"kiosk tap -> bytes to transport  {backend:10s} qr={args.qr:6s} "
                f"{summary_ms(samples)}"
            )
            for name in dict.fromkeys(k for row in stages or [] for k in row):
                values = [row[name] for row in stages or [] if name in row]
                if name == "reads overlapping":
                    print(f"    {name:22s} mean {sum(values) / len(values):.2f} per tap")
                else:
                    print(f"    {name:22s} {summary_ms(values)}")
    if "postgresql" not in backends:
        print("postgresql: no server answers; skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
