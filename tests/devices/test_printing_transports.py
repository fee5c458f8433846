"""Printer transports against fake printers that speak the protocol (TCP, pty, file)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from shared.printing import (
    PrintableTicket,
    PrinterCoverOpen,
    PrinterError,
    PrinterOffline,
    PrinterPaperOut,
    PrinterStatus,
    PrinterTimeout,
    TicketPrinter,
    open_transport,
)
from shared.printing.net import TcpTransport
from shared.printing.serial_port import SerialTransport
from shared.printing.status import parse_status
from shared.printing.transports import FileTransport, NoPrinter

ONLINE = {1: 0x12, 2: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x1A, 2: 0x32, 4: 0x72}  # offline; stopped at paper end; sensor: no paper
COVER_OPEN = {1: 0x1A, 2: 0x16, 4: 0x12}  # offline; cover open


def ticket() -> PrintableTicket:
    return PrintableTicket(
        hall_name="政务服务中心",
        service_name="户籍办理",
        service_name_en="Household registration",
        code="B007",
        people_ahead=2,
        issued_at=datetime(2024, 5, 6, 1, 0, tzinfo=UTC),
        est_wait_min=6,
        qr_text="B007",
        notice="请留意叫号",
    )


class FakeNetPrinter:
    """A raw-port printer: answers DLE EOT from `replies` (None: stays silent), keeps the rest."""

    def __init__(self, replies: dict[int, int] | None, *, read: bool = True) -> None:
        self.replies = replies
        self.read = read
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self.done = threading.Condition()
        self.closing = False
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            if self.closing:
                conn.close()
                return
            if not self.read:
                self.held.append(conn)  # accepted, never read, never answered
                continue
            with conn:
                job = self._session(conn)
            with self.done:
                self.jobs.append(job)
                self.done.notify_all()

    def _session(self, conn: socket.socket) -> bytes:
        job = bytearray()
        pending = b""
        while chunk := conn.recv(65536):
            pending += chunk
            while pending:
                if pending.startswith(b"\x10\x04") and len(pending) >= 3:
                    if self.replies is not None:
                        conn.sendall(bytes([self.replies[pending[2]]]))
                    pending = pending[3:]
                elif b"\x10\x04".startswith(pending[:2]) and len(pending) < 3:
                    break  # a query split across reads
                else:
                    job += pending[:1]
                    pending = pending[1:]
        return bytes(job)

    def wait_jobs(self, sessions: int) -> list[bytes]:
        """The non-empty jobs once `sessions` connections have ended (or 5 s passed)."""
        with self.done:
            self.done.wait_for(lambda: len(self.jobs) >= sessions, timeout=5)
            return [job for job in self.jobs if job]

    def close(self) -> None:
        self.closing = True
        with socket.create_connection(("127.0.0.1", self.port)):
            pass  # wakes the accept() the thread is blocked in
        self.server.close()
        for conn in self.held:
            conn.close()
        self.thread.join(timeout=5)


@pytest.fixture
def net_printer() -> Iterator[type[FakeNetPrinter]]:
    made: list[FakeNetPrinter] = []

    def make(*args: object, **kwargs: object) -> FakeNetPrinter:
        made.append(FakeNetPrinter(*args, **kwargs))  # type: ignore[arg-type]
        return made[-1]

    yield make  # type: ignore[misc]
    for printer in made:
        printer.close()


def test_tcp_printer_receives_exactly_the_bytes(net_printer) -> None:  # type: ignore[no-untyped-def]
    fake = net_printer(ONLINE)
    printer = TicketPrinter(f"tcp://127.0.0.1:{fake.port}?timeout=2")
    assert printer.status() is PrinterStatus.ONLINE
    sent = printer.print_ticket(ticket())
    assert fake.wait_jobs(3) == [sent]  # status sessions carry no job bytes


@pytest.mark.parametrize(
    ("replies", "error", "state"),
    [
        (PAPER_OUT, PrinterPaperOut, PrinterStatus.PAPER_OUT),
        (COVER_OPEN, PrinterCoverOpen, PrinterStatus.COVER_OPEN),
        ({1: 0x1A, 2: 0x12, 4: 0x12}, PrinterOffline, PrinterStatus.OFFLINE),
    ],
)
def test_tcp_status_faults_stop_the_job(net_printer, replies, error, state) -> None:  # type: ignore[no-untyped-def]
    fake = net_printer(replies)
    printer = TicketPrinter(f"tcp://127.0.0.1:{fake.port}?timeout=2")
    assert printer.status() is state
    with pytest.raises(error) as caught:
        printer.print_ticket(ticket())
    assert f"127.0.0.1:{fake.port}" in str(caught.value)
    assert fake.wait_jobs(2) == []


def test_silent_printer_times_out(net_printer) -> None:  # type: ignore[no-untyped-def]
    fake = net_printer(None, read=False)
    printer = TicketPrinter(f"tcp://127.0.0.1:{fake.port}?timeout=0.5")
    start = time.monotonic()
    with pytest.raises(PrinterTimeout, match="打印机无响应"):
        printer.print_ticket(ticket())
    assert time.monotonic() - start < 5


def test_printer_that_never_reads_times_out_on_a_big_send(net_printer) -> None:  # type: ignore[no-untyped-def]
    fake = net_printer(None, read=False)
    transport = TcpTransport("tcp://x", "127.0.0.1", fake.port, timeout=0.5)
    start = time.monotonic()
    with pytest.raises(PrinterTimeout):
        transport.send(b"\x00" * (64 << 20))  # more than loopback socket buffers hold
    assert time.monotonic() - start < 5


def test_refused_port_is_offline_quickly() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    printer = TicketPrinter(f"tcp://127.0.0.1:{port}?timeout=3")
    start = time.monotonic()
    with pytest.raises(PrinterError) as caught:
        printer.print_ticket(ticket())
    assert isinstance(caught.value, PrinterOffline)
    assert time.monotonic() - start < 5


def test_parse_status_table() -> None:
    assert parse_status(0x12, 0x12, 0x12) is PrinterStatus.ONLINE
    assert parse_status(0x12, 0x12, 0x1E) is PrinterStatus.ONLINE  # near end is still online
    assert parse_status(*PAPER_OUT.values()) is PrinterStatus.PAPER_OUT
    assert parse_status(*COVER_OPEN.values()) is PrinterStatus.COVER_OPEN
    assert parse_status(0x1A, 0x12, 0x12) is PrinterStatus.OFFLINE
    assert parse_status(0x10, 0x12, 0x12) is PrinterStatus.UNKNOWN  # fixed bits wrong


def test_file_appends_and_none_prints_nothing(tmp_path: Path) -> None:
    out = tmp_path / "capture.bin"
    transport = open_transport(f"file://{out}")
    assert isinstance(transport, FileTransport)
    transport.send(b"\x1b@one")
    transport.send(b"two")
    assert out.read_bytes() == b"\x1b@onetwo"
    assert transport.status() is PrinterStatus.UNKNOWN
    with pytest.raises(PrinterOffline):
        open_transport(f"file://{tmp_path}/missing/dir/x.bin").send(b"x")
    nothing = open_transport("none")
    assert isinstance(nothing, NoPrinter) and nothing.status() is PrinterStatus.ONLINE
    assert TicketPrinter("none").print_ticket(ticket()).endswith(b"\x1dVB\x00")


@pytest.mark.parametrize(
    "url",
    [
        "lpt://1",
        "tcp://",
        "tcp://host:port",
        "usb://0416",
        "usb://zz:5011",
        "file://rel/path",
        "serial://",
        "serial:///dev/ttyUSB0?baud=9600",
        "tcp://h:9100?timeout=-1",
        "tcp://h?status=maybe",
        "serial:///dev/ttyS0?baudrate=96.5",
    ],
)
def test_bad_urls_name_the_url_and_the_accepted_forms(url: str) -> None:
    with pytest.raises(ValueError) as caught:
        open_transport(url)
    assert repr(url) in str(caught.value) and "tcp://HOST:9100" in str(caught.value)


def test_serial_urls() -> None:
    dev = open_transport("serial:///dev/ttyUSB0?baudrate=19200")
    assert isinstance(dev, SerialTransport)
    assert (dev.port, dev.baudrate, dev.timeout) == ("/dev/ttyUSB0", 19200, 3.0)
    loop = open_transport("serial://loop://?logging=debug&baudrate=115200&timeout=1")
    assert isinstance(loop, SerialTransport)
    assert (loop.port, loop.baudrate, loop.timeout) == ("loop://?logging=debug", 115200, 1.0)


def test_serial_loop_echo_is_not_taken_for_a_status() -> None:
    # loop:// hands back the query itself (0x10): not a valid status byte
    transport = open_transport("serial://loop://?timeout=0.5")
    assert transport.status() is PrinterStatus.UNKNOWN
    transport.send(b"\x1b@")


def test_usb_without_device_is_offline() -> None:
    start = time.monotonic()
    with pytest.raises(PrinterOffline, match="0416:5011"):
        open_transport("usb://0416:5011?timeout=1").send(b"\x1b@")
    assert time.monotonic() - start < 5
