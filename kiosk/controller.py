"""The kiosk's logic: reads the hall, issues, checks in and prints, all off the GUI thread.

Widgets call `issue()` / `check_in()` and paint what the signals say. A tap while a
request is under way is ignored, so a double tap never issues two tickets. The path from
a tap to the printer is kept short: the worker that issues the ticket hands it straight
to the printer's thread (no stop on the GUI thread), and the hall is not re-read while a
ticket is in flight (see kiosk.refresh).
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.refresh import RefreshPolicy
from kiosk.snapshot import Snapshot, read_snapshot
from shared.config.local import load_local_devices
from shared.domain.errors import DomainError, ServiceUnavailable, UnknownService
from shared.printing import PrinterError, PrinterStatus
from shared.qt.feed import QtEventFeed, follow_feed
from shared.qt.jobs import Jobs, make_timer
from shared.services import issue_ticket
from shared.services.appointments import AppointmentError, check_in
from shared.services.pin import PinCheck, PinLocked, check_priority_pin
from shared.services.printing import (
    PrinterSettings,
    PrintResult,
    TicketPrinterPort,
    open_printer,
    print_issued,
    record_printer_fault,
)
from shared.services.results import TicketInfo
from shared.store.db import Store, StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Issued:
    """A ticket handed out at this kiosk; `booking_code` for a checked-in appointment."""

    ticket: TicketInfo
    service_name_en: str = ""
    booking_code: str = ""
    tapped_at: float = 0.0  # time.perf_counter() of the tap


@dataclass(frozen=True)
class _PrintPlan:
    """How the next ticket is printed, fixed at the tap (the worker reads no widget state)."""

    printer: TicketPrinterPort | None  # None: show-only mode, the fault is noted
    settings: PrinterSettings | None
    url: str = "none"
    why: str = ""


class KioskController(QObject):
    """Owns the store, the printer and the workers; widgets only see its signals."""

    snapshot = Signal(object)  # Snapshot
    online = Signal(bool)  # the store answers
    busy = Signal(bool)
    issued = Signal(object)  # Issued
    refused = Signal(str, str)  # reason (closed, quota_reached, used, ...), detail
    printed = Signal(object)  # PrintResult
    printer_ok = Signal(bool, str)  # False: show-only mode, with why
    pin_checked = Signal(bool, str)  # the priority PIN was right; else why not

    def __init__(
        self,
        store: Store,
        *,
        printer: TicketPrinterPort | None = None,
        printer_url: str | None = None,
        probe_ms: int = 5000,
        retry_ms: int = 2000,
        refresh_ms: int = 500,
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
        self.reads = RefreshPolicy(refresh_ms, self)
        self.reads.read.connect(self._read)
        self._own_events: set[int] = set()  # our tickets' events: no re-read for those
        self._retry = make_timer(self, retry_ms, self.refresh)
        self._probe = make_timer(self, probe_ms, self._probe_printer)
        self._feed: QtEventFeed | None = None
        self._stopped = False

    # --- the store ---------------------------------------------------------------------
    def start(self, *, feed: bool = True) -> None:
        """Read the hall now and follow the change feed."""
        self.refresh()
        if feed:
            self._feed = follow_feed(self.store, self, self._on_events, self._feed_online)

    def stop(self) -> None:
        self._stopped = True
        self.reads.stop()
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

    def _on_events(self, events: Sequence[Any]) -> None:
        """Someone else's event changes what the home page shows: re-read, coalesced."""
        others = [e for e in events if e.id not in self._own_events]
        self._own_events.difference_update(e.id for e in events)
        if others:
            self.reads.request()

    def refresh(self) -> None:
        """Re-read the hall now (or as soon as no read and no ticket is under way)."""
        self.reads.now()

    def _read(self) -> None:
        self.jobs.submit(lambda: read_snapshot(self.store), self._on_snapshot, self._on_read_error)

    def _on_snapshot(self, snap: Snapshot) -> None:
        self.reads.finished()
        if self._stopped:
            return
        self.last = snap
        if self.printer is None:
            self._make_printer(snap.printer)
        self._set_online(True)
        self.snapshot.emit(snap)

    def _on_read_error(self, exc: Exception) -> None:
        self.reads.cancel()
        self.reads.finished()
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
    def issue(self, service: str, *, priority: bool = False) -> bool:
        """Take a number for `service`; False when ignored (busy or offline)."""
        if not self._begin():
            return False
        tapped = time.perf_counter()
        name_en = self.last.name_en.get(service, "") if self.last else ""

        def make() -> Issued:
            info = issue_ticket(self.store, service=service, priority=priority, source="kiosk")
            return Issued(info, name_en, tapped_at=tapped)

        self._run(make)
        return True

    def check_in(self, booking_code: str) -> bool:
        """Turn a booking into a ticket; False when ignored."""
        code = booking_code.strip()
        if not code or not self._begin():
            return False
        tapped = time.perf_counter()
        names = dict(self.last.name_en) if self.last else {}

        def make() -> Issued:
            done = check_in(self.store, booking_code=code, source="kiosk")
            name_en = names.get(done.ticket.service, "")
            return Issued(done.ticket, name_en, booking_code=done.booking_code, tapped_at=tapped)

        self._run(make)
        return True

    def check_pin(self, pin: str) -> None:
        """Ask the store whether `pin` opens the priority lane; answers with `pin_checked`."""
        host = socket.gethostname()

        def work() -> PinCheck:
            return check_priority_pin(self.store, pin, kiosk=host)

        def done(result: PinCheck) -> None:
            self.pin_checked.emit(result.ok, "" if result.ok else "wrong")

        def failed(exc: Exception) -> None:
            if isinstance(exc, PinLocked):
                self.pin_checked.emit(False, f"locked:{exc.seconds}")
            else:
                log.error("checking the priority PIN failed: %s", exc)
                self.pin_checked.emit(False, "offline")

        self.jobs.submit(work, done, failed)

    def _begin(self) -> bool:
        if self._busy or not self.is_online or self._stopped:
            return False
        self._busy = True
        self.busy.emit(True)
        return True

    def _run(self, make: Callable[[], Issued]) -> None:
        """Issue on a worker, then hand the ticket to the printer's thread from there."""
        plan = self._plan()
        self.reads.hold()  # released when the print (or the refusal) is back

        def work() -> None:
            issued = make()
            self.jobs.post(self._on_issued, issued)  # queued ahead of the print's result
            self._send(issued, plan)

        self.jobs.submit(work, lambda _none: None, self._on_issue_error)

    def _on_issued(self, issued: Issued) -> None:
        self._busy = False
        self.busy.emit(False)
        if issued.ticket.event_id is not None:
            self._own_events.add(issued.ticket.event_id)
        self.issued.emit(issued)

    def _on_issue_error(self, exc: Exception) -> None:
        self._busy = False
        self.busy.emit(False)
        self.reads.release()
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
        self.reads.request()  # the refusal may mean the hall changed (closed, quota)

    # --- printing ------------------------------------------------------------------------
    def _make_printer(self, settings: PrinterSettings) -> None:
        try:
            local = load_local_devices()
            self.printer = open_printer(settings, self._printer_url or local.printer, local)
        except ValueError as exc:  # a bad or refused URL on this PC: show the code only
            self._show_only(str(exc))

    def _plan(self) -> _PrintPlan:
        printer, snap = self.printer, self.last
        url = getattr(printer, "url", "none")
        if printer is None or snap is None or not self.printing:
            return _PrintPlan(None, None, url, self.fault or "no printer")
        return _PrintPlan(printer, snap.printer, url)

    def _send(self, issued: Issued, plan: _PrintPlan) -> None:
        """Runs on the issuing worker: queue the ticket on the printer's thread at once."""
        ticket = issued.ticket
        if plan.printer is None or plan.settings is None:

            def note() -> PrintResult:
                event = record_printer_fault(
                    self.store, code=ticket.code, url=plan.url, error=plan.why, fault="ShowOnly"
                )
                return PrintResult(
                    ticket.code, False, error=plan.why, fault="ShowOnly", event_id=event
                )

            self.jobs.submit(note, self._on_noted, self._on_print_crash)
            return
        printer, settings = plan.printer, plan.settings

        def work() -> PrintResult:
            return print_issued(
                self.store, printer, ticket, settings, service_name_en=issued.service_name_en
            )

        self.print_jobs.submit(work, self._on_printed, self._on_print_crash)

    def _on_noted(self, result: PrintResult) -> None:
        self._finish_print(result)

    def _on_printed(self, result: PrintResult) -> None:
        if not result.ok:
            self._show_only(result.error)
        self._finish_print(result)

    def _on_print_crash(self, exc: Exception) -> None:
        # Not a PrinterError (those come back as a result): a store failure writing the fault.
        log.error("printing failed: %s", exc)
        self._show_only(str(exc))
        self._finish_print(PrintResult("", False, error=str(exc), fault=type(exc).__name__))

    def _finish_print(self, result: PrintResult) -> None:
        if result.event_id is not None:
            self._own_events.add(result.event_id)
        self.printed.emit(result)
        # Our own ticket changed the counts: one re-read now the printer has its bytes.
        self.reads.dirty = True
        self.reads.release()

    def _show_only(self, why: str) -> None:
        self.fault = why
        if self.printing:
            self.printing = False
            self.printer_ok.emit(False, why)
        if not self._probe.isActive() and not self._stopped:
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
