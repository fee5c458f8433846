"""The kiosk's logic: reads the hall, issues, checks in and prints, all off the GUI thread.

Widgets call `issue()` / `check_in()` and paint what the signals say. A tap while a
request is under way is ignored, so a double tap never issues two tickets.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import select

from kiosk.config import KioskConfig
from kiosk.jobs import Jobs
from shared.domain.errors import DomainError, ServiceUnavailable, UnknownService
from shared.printing import PrinterError, PrinterStatus
from shared.services import hall_status, issue_ticket
from shared.services.appointments import AppointmentError, check_in
from shared.services.common import context
from shared.services.printing import (
    PrinterSettings,
    PrintResult,
    TicketPrinterPort,
    open_printer,
    print_issued,
    record_printer_fault,
    settings_from,
)
from shared.services.results import HallStatus, TicketInfo
from shared.store.db import Store, StoreError
from shared.store.models import Department

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """One read of the store: the hall's status and the settings the kiosk runs by."""

    status: HallStatus
    config: KioskConfig
    printer: PrinterSettings
    name_en: dict[str, str] = field(default_factory=dict)
    departments: tuple[tuple[str, str, str], ...] = ()  # (code, name, name_en) in kiosk order


@dataclass(frozen=True)
class Issued:
    """A ticket handed out at this kiosk; `booking_code` for a checked-in appointment."""

    ticket: TicketInfo
    service_name_en: str = ""
    booking_code: str = ""
    tapped_at: float = 0.0  # time.perf_counter() of the tap


def read_snapshot(store: Store) -> Snapshot:
    """The hall's status plus its kiosk and printer settings (run on a worker)."""
    status = hall_status(store)
    with store.read() as session:
        hall = context(store, session).hall
        settings = dict(hall.settings or {})
        names = (hall.name, hall.name_en, hall.timezone)
        departments = tuple(
            (d.code, d.name, d.name_en)
            for d in session.scalars(
                select(Department)
                .where(Department.hall_id == hall.id, Department.active.is_(True))
                .order_by(Department.sort, Department.id)
            )
        )
    return Snapshot(
        status=status,
        config=KioskConfig.from_settings(names[0], names[1], settings),
        printer=settings_from(names[0], names[2], settings),
        name_en={s.code: s.name_en for s in status.services},
        departments=departments,
    )


class KioskController(QObject):
    """Owns the store, the printer and the workers; widgets only see its signals."""

    snapshot = Signal(object)  # Snapshot
    online = Signal(bool)  # the store answers
    busy = Signal(bool)
    issued = Signal(object)  # Issued
    refused = Signal(str, str)  # reason (closed, quota_reached, used, ...), detail
    printed = Signal(object)  # PrintResult
    printer_ok = Signal(bool, str)  # False: show-only mode, with why

    def __init__(
        self,
        store: Store,
        *,
        printer: TicketPrinterPort | None = None,
        printer_url: str | None = None,
        probe_ms: int = 5000,
        retry_ms: int = 2000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.printer = printer
        self._printer_url = printer_url
        self.jobs = Jobs(4, self)
        self.print_jobs = Jobs(1, self)  # one printer takes one job at a time
        self.last: Snapshot | None = None
        self.is_online: bool | None = None
        self.printing = True  # False: show-only mode after a fault
        self.fault = ""
        self._busy = False
        self._refreshing = False
        self._dirty = False
        self._retry = QTimer(self, interval=retry_ms, timeout=self.refresh)
        self._probe = QTimer(self, interval=probe_ms, timeout=self._probe_printer)
        self._feed: Any = None
        self._stopped = False

    # --- the store ---------------------------------------------------------------------
    def start(self, *, feed: bool = True) -> None:
        """Read the hall now and follow the change feed."""
        self.refresh()
        if feed:
            from shared.qt.feed import QtEventFeed

            self._feed = QtEventFeed(self.store, parent=self)
            self._feed.events.connect(lambda _events: self.refresh())
            self._feed.online.connect(self._feed_online)
            self._feed.start()

    def stop(self) -> None:
        self._stopped = True
        self._retry.stop()
        self._probe.stop()
        if self._feed is not None:
            self._feed.stop()
        self.jobs.wait()
        self.print_jobs.wait()

    def _feed_online(self, up: bool) -> None:
        if up:
            self.refresh()
        else:
            self._set_online(False)

    def refresh(self) -> None:
        """Re-read the hall; calls during a read are folded into one more read."""
        if self._refreshing:
            self._dirty = True
            return
        self._refreshing = True
        self.jobs.submit(lambda: read_snapshot(self.store), self._on_snapshot, self._on_read_error)

    def _on_snapshot(self, snap: Snapshot) -> None:
        self._refreshing = False
        self.last = snap
        if self.printer is None:
            self._make_printer(snap.printer)
        self._set_online(True)
        self.snapshot.emit(snap)
        if self._dirty:
            self._dirty = False
            self.refresh()

    def _on_read_error(self, exc: Exception) -> None:
        self._refreshing = False
        self._dirty = False
        log.warning("kiosk cannot read the store: %s", exc)
        self._set_online(False)

    def _set_online(self, up: bool) -> None:
        if self._stopped:
            return
        if up:
            self._retry.stop()
        elif not self._retry.isActive():
            self._retry.start()
        if up != self.is_online:
            self.is_online = up
            self.online.emit(up)

    # --- issuing -------------------------------------------------------------------------
    def _begin(self) -> bool:
        if self._busy or not self.is_online:
            return False
        self._busy = True
        self.busy.emit(True)
        return True

    def _end(self) -> None:
        self._busy = False
        self.busy.emit(False)

    def issue(self, service: str, *, priority: bool = False) -> bool:
        """Take a number for `service`; False when ignored (busy or offline)."""
        if not self._begin():
            return False
        tapped = time.perf_counter()
        name_en = self.last.name_en.get(service, "") if self.last else ""

        def work() -> Issued:
            info = issue_ticket(self.store, service=service, priority=priority, source="kiosk")
            return Issued(info, name_en, tapped_at=tapped)

        self.jobs.submit(work, self._on_issued, self._on_issue_error)
        return True

    def check_in(self, booking_code: str) -> bool:
        """Turn a booking into a ticket; False when ignored."""
        code = booking_code.strip()
        if not code or not self._begin():
            return False
        tapped = time.perf_counter()

        def work() -> Issued:
            done = check_in(self.store, booking_code=code, source="kiosk")
            name_en = self.last.name_en.get(done.ticket.service, "") if self.last else ""
            return Issued(done.ticket, name_en, booking_code=code, tapped_at=tapped)

        self.jobs.submit(work, self._on_issued, self._on_issue_error)
        return True

    def _on_issued(self, issued: Issued) -> None:
        self._end()
        self.issued.emit(issued)
        self._print(issued)
        if self._feed is None:  # with the feed, its `issued` event triggers the re-read
            self.refresh()

    def _on_issue_error(self, exc: Exception) -> None:
        self._end()
        if isinstance(exc, (ServiceUnavailable, AppointmentError)):
            self.refused.emit(exc.reason, str(exc))
        elif isinstance(exc, UnknownService):
            self.refused.emit("closed", str(exc))
        elif isinstance(exc, StoreError):
            self._set_online(False)
        elif isinstance(exc, DomainError):
            self.refused.emit("error", str(exc))
        else:
            log.error("issuing failed", exc_info=exc)
            self.refused.emit("error", str(exc))
        self.refresh()

    # --- printing ------------------------------------------------------------------------
    def _make_printer(self, settings: PrinterSettings) -> None:
        try:
            self.printer = open_printer(settings, self._printer_url)
        except ValueError as exc:  # a bad URL in the hall file: show the code only
            self._show_only(str(exc))

    def _print(self, issued: Issued) -> None:
        printer, snap = self.printer, self.last
        if printer is None or snap is None or not self.printing:
            why = self.fault or "no printer"

            def note() -> PrintResult:
                event = record_printer_fault(self.store, code=issued.ticket.code,
                                             url=getattr(printer, "url", "none"), error=why,
                                             fault="ShowOnly")
                return PrintResult(issued.ticket.code, False, error=why, fault="ShowOnly",
                                   event_id=event)

            self.jobs.submit(note, self.printed.emit, lambda e: log.error("fault note: %s", e))
            return

        def work() -> PrintResult:
            return print_issued(self.store, printer, issued.ticket, snap.printer,
                                service_name_en=issued.service_name_en)

        self.print_jobs.submit(work, self._on_printed, self._on_print_crash)

    def _on_printed(self, result: PrintResult) -> None:
        if not result.ok:
            self._show_only(result.error)
        self.printed.emit(result)

    def _on_print_crash(self, exc: Exception) -> None:
        # Not a PrinterError (those come back as a result): a store failure writing the fault.
        log.error("printing failed: %s", exc)
        self._show_only(str(exc))
        self.printed.emit(PrintResult("", False, error=str(exc), fault=type(exc).__name__))

    def _show_only(self, why: str) -> None:
        self.fault = why
        if self.printing:
            self.printing = False
            self.printer_ok.emit(False, why)
        if not self._probe.isActive():
            self._probe.start()

    def _probe_printer(self) -> None:
        """In show-only mode: ask the printer; it prints again once it answers."""
        printer = self.printer
        if printer is None or self.print_jobs.pending:
            return
        status = getattr(printer, "status", None)
        if status is None:
            return
        self.print_jobs.submit(status, self._on_probe, lambda exc: None)

    def _on_probe(self, status: PrinterStatus) -> None:
        # UNKNOWN (file, status=off): it cannot say; the next ticket tries it again.
        if status in (PrinterStatus.ONLINE, PrinterStatus.UNKNOWN) and not self.printing:
            self.printing = True
            self.fault = ""
            self._probe.stop()
            self.printer_ok.emit(True, "")


__all__ = ["Issued", "KioskController", "PrinterError", "Snapshot", "read_snapshot"]
