"""Printing a ticket: the one path the kiosk, `hallq ticket issue --print` and reprint share.

The store gives the hall's printer settings and the ticket; the printer (any object with
`print_ticket(PrintableTicket) -> bytes`, normally `shared.printing.TicketPrinter`) turns
it into bytes and hands them to its transport. A failure never voids the ticket: it is
written down as a `printer_fault` event, for staff to reprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from shared.config.local import LocalDevices, load_local_devices
from shared.config.settings import HallSettings
from shared.config.spec import WebSpec
from shared.printing import PrintableTicket, PrinterError, TicketPrinter
from shared.services.common import context, record, ticket_by_code
from shared.services.forecasting import ticket_estimate
from shared.services.issuing import estimate_fields, people_ahead
from shared.services.results import TicketInfo
from shared.store.db import Store
from shared.store.models import Service, Ticket


class TicketPrinterPort(Protocol):
    """What printing needs of a printer."""

    url: str

    def print_ticket(self, ticket: PrintableTicket) -> bytes:
        """Print or raise a PrinterError; returns the bytes handed to the transport."""
        ...


@dataclass(frozen=True)
class PrinterSettings:
    """What a ticket says (the hall's [printer] section) and where this PC prints it.

    `url` is this PC's own printer (shared.config.local), never a value from the store.
    """

    url: str
    paper_mm: int
    qr: str
    qr_text: str
    notice: str
    hall_name: str
    timezone: str
    web_base: str = WebSpec.web_base  # [web] web_base: the QR then opens the ticket's page


@dataclass(frozen=True)
class PrintResult:
    """How a print went: the bytes sent, or the fault and its `printer_fault` event."""

    code: str
    ok: bool
    data: bytes = b""
    error: str = ""
    fault: str = ""  # the PrinterError class name, e.g. PrinterPaperOut
    event_id: int | None = None


def settings_from(
    hall_name: str, timezone: str, settings: HallSettings, url: str = "none"
) -> PrinterSettings:
    """PrinterSettings out of a hall's stored settings (the hall file as applied).

    A `url` still in an older store's printer settings is ignored: `url` is this PC's.
    """
    printer = settings.printer
    return PrinterSettings(
        url=url,
        paper_mm=printer.paper_mm,
        qr=printer.qr,
        qr_text=printer.qr_text,
        notice=printer.notice or settings.notice,
        hall_name=hall_name,
        timezone=timezone,
        web_base=settings.web.web_base,
    )


def open_printer(
    settings: PrinterSettings, url: str | None = None, local: LocalDevices | None = None
) -> TicketPrinter:
    """This PC's printer, or the one `url` names (--printer), within this PC's device rules.

    Raises:
        ValueError: a malformed URL, or PrinterRefused for one the rules do not allow.
    """
    if settings.qr not in ("native", "image", "none"):
        raise ValueError(f"printer.qr must be native, image or none, got {settings.qr!r}")
    return TicketPrinter(
        url or settings.url,
        settings.paper_mm,
        settings.qr,  # type: ignore[arg-type]
        tz=ZoneInfo(settings.timezone),
        policy=local or load_local_devices(),
    )


def printer_settings(store: Store, local: LocalDevices | None = None) -> PrinterSettings:
    """What the hall's tickets say (from the store) and this PC's printer (local settings)."""
    url = (local or load_local_devices()).printer
    with store.read() as session:
        hall = context(store, session).hall
        return settings_from(hall.name, hall.timezone, hall.settings, url)


def qr_content(template: str, info: TicketInfo) -> str:
    """The QR text: {code}, {service}, {day}, {ticket_id} filled in; a bad field is an error."""
    try:
        return template.format(
            code=info.code,
            service=info.service,
            day=info.business_day.isoformat(),
            ticket_id=info.id,
        )
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"printer.qr_text {template!r}: unknown or bad field {exc}") from None


def ticket_qr(settings: PrinterSettings, info: TicketInfo) -> str:
    """What the ticket's QR holds: its phone page `{web_base}/t/{token}` where the hall
    serves one, else the hall's `qr_text`."""
    if settings.web_base and info.web_token:
        return f"{settings.web_base}/t/{info.web_token}"
    return qr_content(settings.qr_text, info)


def printable(
    info: TicketInfo, settings: PrinterSettings, service_name_en: str = ""
) -> PrintableTicket:
    """The printer's view of an issued ticket."""
    return PrintableTicket(
        hall_name=settings.hall_name,
        service_name=info.service_name,
        service_name_en=service_name_en,
        code=info.code,
        people_ahead=info.people_ahead,
        issued_at=info.issued_at.astimezone(ZoneInfo(settings.timezone)),
        est_wait_min=info.est_wait_min,
        est_wait_low_min=info.est_wait_low_min,
        est_wait_high_min=info.est_wait_high_min,
        closes_first=info.closes_first,
        qr_text=ticket_qr(settings, info) if settings.qr != "none" else None,
        notice=settings.notice,
        priority=info.priority,
    )


def record_printer_fault(
    store: Store, *, code: str, url: str, error: str, fault: str, source: str = "kiosk"
) -> int:
    """Write the `printer_fault` event staff act on (reprint the code); returns its id."""
    with store.write() as session:
        ctx = context(store, session)
        ticket = session.scalars(
            select(Ticket)
            .where(
                Ticket.hall_id == ctx.hall_id, Ticket.business_day == ctx.day, Ticket.code == code
            )
            .order_by(Ticket.id.desc())
            .limit(1)
        ).first()
        svc = session.get(Service, ticket.service_id) if ticket else None
        return record(
            ctx,
            "printer_fault",
            ticket=ticket,
            service=svc.code if svc else None,
            details={"printer": url, "error": error, "fault": fault, "source": source},
        ).id


def print_issued(
    store: Store,
    printer: TicketPrinterPort,
    info: TicketInfo,
    settings: PrinterSettings,
    *,
    service_name_en: str = "",
    source: str = "kiosk",
) -> PrintResult:
    """Print an issued ticket; on a PrinterError record a `printer_fault` and say why."""
    try:
        data = printer.print_ticket(printable(info, settings, service_name_en))
    except PrinterError as exc:
        event_id = record_printer_fault(
            store,
            code=info.code,
            url=printer.url,
            error=str(exc),
            fault=type(exc).__name__,
            source=source,
        )
        return PrintResult(
            info.code, False, error=str(exc), fault=type(exc).__name__, event_id=event_id
        )
    return PrintResult(info.code, True, data=data)


def ticket_for_reprint(store: Store, code: str) -> tuple[TicketInfo, str]:
    """Today's ticket `code` as it stands now (people ahead recounted) and its English name."""
    with store.read() as session:
        ctx = context(store, session)
        ticket = ticket_by_code(ctx, code)
        svc = session.get(Service, ticket.service_id)
        assert svc is not None
        waiting = ticket.status == "waiting"
        ahead = people_ahead(ctx, ticket) if waiting else 0
        wait = ticket_estimate(ctx, ticket.id, svc.code) if waiting else None
        root = ticket.parent_id or ticket.id
        token = ticket.web_token
        origin = ticket
        while token is None and origin.parent_id is not None:  # a transfer's continuation
            parent = session.get(Ticket, origin.parent_id)
            if parent is None:
                break
            origin, token = parent, parent.web_token
        first = session.scalar(
            select(func.min(Ticket.issued_at)).where(
                (Ticket.id == root) | (Ticket.parent_id == root)
            )
        )
        info = TicketInfo(
            id=ticket.id,
            code=ticket.code,
            service=svc.code,
            service_name=svc.name,
            status=ticket.status,
            priority=ticket.priority,
            issued_at=first or ticket.issued_at,
            business_day=ticket.business_day,
            people_ahead=ahead,
            **estimate_fields(wait),
            web_token=token,
        )
        return info, svc.name_en


def reprint(
    store: Store,
    printer: TicketPrinterPort,
    code: str,
    settings: PrinterSettings,
    *,
    source: str = "cli",
    clerk: str | None = None,
) -> PrintResult:
    """`hallq ticket reprint CODE`: print today's ticket again; a `reprinted` event on success."""
    info, name_en = ticket_for_reprint(store, code)
    result = print_issued(store, printer, info, settings, service_name_en=name_en, source=source)
    if result.ok:
        with store.write() as session:
            ctx = context(store, session)
            ticket = session.get(Ticket, info.id)
            event = record(
                ctx,
                "reprinted",
                ticket=ticket,
                service=info.service,
                clerk=clerk,
                details={"printer": printer.url, "source": source},
            )
        return PrintResult(result.code, True, data=result.data, event_id=event.id)
    return result
