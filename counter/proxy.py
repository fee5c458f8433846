"""帮办代办 at the counter: a clerk takes a ticket on a citizen's behalf and prints it.

Issuing and printing run together off the GUI thread. Printing goes the kiosk's way
(`shared.services.printing`); a printer fault is written down as a `printer_fault`
event and reported, and the ticket stays valid (staff reprint it, or the citizen
keeps the code).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from shared import services as uc
from shared.printing import PrinterError
from shared.services.printing import (
    PrinterSettings,
    PrintResult,
    TicketPrinterPort,
    open_printer,
    print_issued,
    printer_settings,
    record_printer_fault,
)
from shared.services.results import TicketInfo
from shared.store.db import Store

PrinterFactory = Callable[[PrinterSettings], TicketPrinterPort]


@dataclass(frozen=True)
class ProxyTicket:
    """The ticket taken for the citizen and how its printing went (None: no printer)."""

    info: TicketInfo
    printed: PrintResult | None


def issue_for_citizen(
    store: Store,
    *,
    service: str,
    clerk: str | None,
    priority: bool = False,
    service_name_en: str = "",
    printer_factory: PrinterFactory = open_printer,
) -> ProxyTicket:
    """代取号: issue regardless of the kiosk's limits, then print where the hall has a printer."""
    info = uc.issue_ticket(
        store,
        service=service,
        priority=priority,
        enforce_limits=False,
        issued_by=clerk,
        source="counter",
    )
    settings = printer_settings(store)
    if settings.url.strip().lower() in ("", "none", "none://"):
        return ProxyTicket(info, None)
    try:
        printer = printer_factory(settings)
    except (ValueError, PrinterError) as exc:
        # A bad printer URL or a printer that cannot be opened: same outcome as a fault.
        event_id = record_printer_fault(
            store,
            code=info.code,
            url=settings.url,
            error=str(exc),
            fault=type(exc).__name__,
            source="counter",
        )
        failed = PrintResult(
            info.code, False, error=str(exc), fault=type(exc).__name__, event_id=event_id
        )
        return ProxyTicket(info, failed)
    result = print_issued(
        store, printer, info, settings, service_name_en=service_name_en, source="counter"
    )
    return ProxyTicket(info, result)
