"""Real-time status (DLE EOT n) per the Epson ESC/POS reference: query bytes and replies."""

from __future__ import annotations

from collections.abc import Callable

from .errors import PrinterStatus

DLE_EOT = b"\x10\x04"
PRINTER, OFFLINE_CAUSE, PAPER = 1, 2, 4


def query(n: int) -> bytes:
    """The DLE EOT command asking for status `n` (1 printer, 2 offline cause, 4 paper)."""
    return DLE_EOT + bytes([n])


def is_status_byte(reply: int) -> bool:
    """Every DLE EOT reply has bit 1 and 4 set, bit 0 and 7 clear."""
    return reply & 0b1001_0011 == 0b0001_0010


def parse_status(printer: int, offline_cause: int, paper: int) -> PrinterStatus:
    """One status from the three replies; anything malformed gives `UNKNOWN`."""
    if not all(is_status_byte(b) for b in (printer, offline_cause, paper)):
        return PrinterStatus.UNKNOWN
    if offline_cause & 0b0000_0100:  # bit 2: cover open
        return PrinterStatus.COVER_OPEN
    if offline_cause & 0b0010_0000 or paper & 0b0110_0000:  # paper end (stop / sensor)
        return PrinterStatus.PAPER_OUT
    if printer & 0b0000_1000:  # bit 3: offline
        return PrinterStatus.OFFLINE
    return PrinterStatus.ONLINE


def ask(exchange: Callable[[bytes], bytes]) -> PrinterStatus:
    """Ask the three statuses through `exchange` (writes a query, returns the one-byte reply)."""
    replies: list[int] = []
    for n in (PRINTER, OFFLINE_CAUSE, PAPER):
        reply = exchange(query(n))
        if len(reply) != 1 or not is_status_byte(reply[0]):
            return PrinterStatus.UNKNOWN  # a printer (or a loop) that does not speak DLE EOT
        replies.append(reply[0])
    return parse_status(*replies)
