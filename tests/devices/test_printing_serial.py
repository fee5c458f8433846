"""The serial transport against a fake printer on the other end of a socat pty pair."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import serial

from shared.printing import (
    PrintableTicket,
    PrinterPaperOut,
    PrinterStatus,
    PrinterTimeout,
    TicketPrinter,
)

pytestmark = pytest.mark.skipif(shutil.which("socat") is None, reason="needs socat (Debian)")


@pytest.fixture
def pty_pair(tmp_path: Path) -> Iterator[tuple[str, str]]:
    a, b = tmp_path / "printer-host", tmp_path / "printer-device"
    proc = subprocess.Popen(
        ["socat", f"pty,raw,echo=0,link={a}", f"pty,raw,echo=0,link={b}"],
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 5
    while not (a.exists() and b.exists()):  # socat makes the links once the ptys exist
        assert time.monotonic() < deadline, "socat did not create the pty pair"
        assert proc.poll() is None, "socat exited"
        time.sleep(0.02)
    yield str(a), str(b)
    proc.terminate()
    proc.wait(timeout=5)


class FakeSerialPrinter:
    """Answers DLE EOT from `replies` (None: silent) and keeps every other byte as the job."""

    def __init__(self, device: str, replies: dict[int, int] | None) -> None:
        self.port = serial.Serial(device, 19200, timeout=0.05)
        self.replies = replies
        self.job = bytearray()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        pending = b""
        while not self.stop.is_set():
            pending += self.port.read(4096)
            while len(pending) >= 3 or (pending and not pending.startswith(b"\x10")):
                if pending.startswith(b"\x10\x04"):
                    if self.replies is not None:
                        self.port.write(bytes([self.replies[pending[2]]]))
                    pending = pending[3:]
                else:
                    self.job += pending[:1]
                    pending = pending[1:]

    def received(self, size: int) -> bytes:
        """The job once `size` bytes have come (or 5 s passed)."""
        deadline = time.monotonic() + 5
        while len(self.job) < size and time.monotonic() < deadline:
            time.sleep(0.01)
        return bytes(self.job)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.port.close()


def ticket() -> PrintableTicket:
    return PrintableTicket(
        hall_name="政务服务中心",
        service_name="不动产登记",
        service_name_en="Real estate",
        code="C101",
        people_ahead=0,
        issued_at=datetime(2024, 5, 6, 2, 0, tzinfo=UTC),
    )


def test_serial_printer_gets_exactly_the_bytes(pty_pair: tuple[str, str]) -> None:
    host, device = pty_pair
    fake = FakeSerialPrinter(device, {1: 0x12, 2: 0x12, 4: 0x12})
    try:
        printer = TicketPrinter(f"serial://{host}?baudrate=19200&timeout=2", paper_mm=58)
        assert printer.status() is PrinterStatus.ONLINE
        sent = printer.print_ticket(ticket())
        assert fake.received(len(sent)) == sent
    finally:
        fake.close()


def test_serial_paper_out_stops_the_job(pty_pair: tuple[str, str]) -> None:
    host, device = pty_pair
    fake = FakeSerialPrinter(device, {1: 0x1A, 2: 0x32, 4: 0x72})
    try:
        printer = TicketPrinter(f"serial://{host}?timeout=2")
        with pytest.raises(PrinterPaperOut, match="缺纸"):
            printer.print_ticket(ticket())
        printer.transport.send(b"END")  # the line keeps order: a job sent before would show
        assert fake.received(3) == b"END"
    finally:
        fake.close()


def test_silent_serial_printer_times_out(pty_pair: tuple[str, str]) -> None:
    host, device = pty_pair
    fake = FakeSerialPrinter(device, None)
    try:
        start = time.monotonic()
        with pytest.raises(PrinterTimeout):
            TicketPrinter(f"serial://{host}?timeout=0.5").print_ticket(ticket())
        assert time.monotonic() - start < 5
    finally:
        fake.close()
