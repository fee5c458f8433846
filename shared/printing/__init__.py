"""Ticket printing: ESC/POS rendering for Chinese thermal printers and the transports."""

from .errors import (
    FontMissing,
    PrinterCoverOpen,
    PrinterError,
    PrinterOffline,
    PrinterPaperOut,
    PrinterStatus,
    PrinterTimeout,
)
from .escpos_ticket import render_ticket
from .policy import PrinterRefused
from .printer import TicketPrinter
from .ticket import PrintableTicket
from .transports import Transport, open_transport

__all__ = [
    "FontMissing",
    "PrintableTicket",
    "PrinterCoverOpen",
    "PrinterError",
    "PrinterOffline",
    "PrinterPaperOut",
    "PrinterRefused",
    "PrinterStatus",
    "PrinterTimeout",
    "TicketPrinter",
    "Transport",
    "open_transport",
    "render_ticket",
]
