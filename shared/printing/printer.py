"""The ticket printer the kiosk and `hallq printer test` use: render, check status, send."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from shared.config.spec import PrinterSpec

from .errors import (
    PrinterCoverOpen,
    PrinterError,
    PrinterOffline,
    PrinterPaperOut,
    PrinterStatus,
)
from .escpos_ticket import Paper, QrMode, render_ticket
from .raster import CjkFonts
from .ticket import PrintableTicket
from .transports import Transport, open_transport

if TYPE_CHECKING:
    from shared.config.local import LocalDevices

_REFUSE: dict[PrinterStatus, type[PrinterError]] = {
    PrinterStatus.PAPER_OUT: PrinterPaperOut,
    PrinterStatus.COVER_OPEN: PrinterCoverOpen,
    PrinterStatus.OFFLINE: PrinterOffline,
}


class TicketPrinter:
    """Prints `PrintableTicket`s on the printer a URL names; never waits without a timeout."""

    def __init__(
        self,
        url: str,
        paper_mm: int = PrinterSpec.paper_mm,
        qr: QrMode = "native",
        *,
        tz: tzinfo | None = None,
        transport: Transport | None = None,
        policy: LocalDevices | None = None,
    ) -> None:
        Paper.of(paper_mm)  # a bad width fails here, not at the first ticket
        if qr not in ("native", "image", "none"):
            raise ValueError(f"qr must be 'native', 'image' or 'none', got {qr!r}")
        self.url = url
        self.paper_mm = paper_mm
        self.qr: QrMode = qr
        self.tz = tz
        self.transport = transport or open_transport(url, policy)
        self._fonts = CjkFonts()  # per printer: remembers which font has which rare character

    def render(self, ticket: PrintableTicket) -> bytes:
        """The bytes this printer would get for `ticket`."""
        return render_ticket(
            ticket, paper_mm=self.paper_mm, qr=self.qr, tz=self.tz, fonts=self._fonts
        )

    def status(self) -> PrinterStatus:
        """What the printer says of itself."""
        return self.transport.status()

    def print_ticket(self, ticket: PrintableTicket) -> bytes:
        """Render, refuse if the printer reports a fault, send; returns the bytes sent."""
        data = self.render(ticket)
        refusal = _REFUSE.get(self.transport.status())
        if refusal is not None:
            raise refusal(self.url)
        self.transport.send(data)
        return data

    def test_page(self, now: datetime | None = None) -> bytes:
        """Print a short self-test ticket (used by `hallq printer test`); returns its bytes."""
        ticket = PrintableTicket(
            hall_name="hallq 打印测试",
            service_name="打印机自检",
            service_name_en="Printer self-test",
            code="T001",
            people_ahead=0,
            issued_at=(now or datetime.now().astimezone()),
            est_wait_min=0,
            qr_text="hallq printer test",
            notice=f"{self.paper_mm} mm · {self.url}",
            counter_hint="中文 ABC 123 生僻字：䶮",
        )
        return self.print_ticket(ticket)
