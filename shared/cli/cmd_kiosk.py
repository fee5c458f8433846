"""`hallq appointment`, `printer test`, `ticket reprint`, and `ticket issue --print`'s printing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from shared.cli.common import (
    EXIT_PRINT,
    LOGIN,
    SERVICE,
    TICKET_CODE,
    CliError,
    bounded_text,
    emit_json,
    open_store,
)


def register(commands: Any) -> None:
    appt = commands.add_parser("appointment", help="bookings (预约) checked in at the kiosk")
    a_sub = appt.add_subparsers(dest="appointment_command", metavar="ACTION", required=True)
    imp = a_sub.add_parser("import", help="add the bookings of a CSV file (all rows or none)")
    imp.add_argument(
        "file",
        type=Path,
        metavar="FILE.csv",
        help="UTF-8 CSV: booking_code,service,slot_start,slot_end[,name,phone]; "
        "times without an offset are the hall's local time",
    )
    imp.set_defaults(handler=appointment_import)
    add = a_sub.add_parser("add", help="add one booking")
    add.add_argument(
        "--code",
        required=True,
        metavar="BOOKING",
        help="the booking code",
        type=bounded_text("appointment add --code BOOKING, CSV booking_code"),
    )
    add.add_argument("--service", required=True, type=SERVICE, metavar="CODE")
    add.add_argument("--start", required=True, metavar="TIME", help="e.g. '2026-11-30 10:30'")
    add.add_argument("--end", required=True, metavar="TIME")
    add.add_argument(
        "--name",
        default="",
        help="stored masked (张*)",
        type=bounded_text("appointment add --name, CSV name"),
    )
    add.add_argument(
        "--phone",
        default="",
        help="only the last four digits are kept",
        type=bounded_text("appointment add --phone, CSV phone"),
    )
    add.set_defaults(handler=appointment_add)

    printer = commands.add_parser("printer", help="the kiosk's ticket printer")
    p_sub = printer.add_subparsers(dest="printer_command", metavar="ACTION", required=True)
    test = p_sub.add_parser("test", help="print a self-test ticket")
    add_printer_option(test)
    test.set_defaults(handler=printer_test)


def add_printer_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--printer",
        metavar="URL",
        type=bounded_text("--printer URL"),
        help="usb://VID:PID, serial:///dev/ttyUSB0?baudrate=19200, tcp://HOST:9100, "
        "file:///PATH or none (default: $HALLQ_PRINTER, else printer in this PC's devices "
        "file; file:// only inside its spool folder, tcp:// only to allowed hosts)",
    )


def add_ticket_actions(t_sub: Any) -> None:
    """`ticket reprint`, added to the `ticket` command that cmd_queue owns."""
    again = t_sub.add_parser("reprint", help="print today's ticket CODE again")
    again.add_argument("code", type=TICKET_CODE, metavar="CODE")
    again.add_argument("--clerk", type=LOGIN, metavar="LOGIN")
    add_printer_option(again)
    again.set_defaults(handler=ticket_reprint)


def _printer(store: Any, url: str | None) -> tuple[Any, Any]:
    from shared.config.local import load_local_devices
    from shared.services.printing import open_printer, printer_settings

    try:
        local = load_local_devices()
        settings = printer_settings(store, local)
        return open_printer(settings, url, local), settings
    except ValueError as exc:
        raise CliError(str(exc)) from None


def open_cli_printer(args: argparse.Namespace, store: Any) -> tuple[Any, Any]:
    """This PC's printer (or --printer) within its device rules; CliError before any ticket."""
    return _printer(store, args.printer)


def print_issued_ticket(store: Any, ticket: Any, printer: Any, settings: Any) -> bool:
    """`ticket issue --print`: the kiosk's printing path; says why on stderr when it fails."""
    from shared.services.printing import print_issued, ticket_for_reprint

    _, name_en = ticket_for_reprint(store, ticket.code)
    result = print_issued(store, printer, ticket, settings, service_name_en=name_en, source="cli")
    if not result.ok:
        print(
            f"hallq: ticket {ticket.code} is valid but was not printed: {result.error} "
            f"(reprint with `hallq ticket reprint {ticket.code}`)",
            file=sys.stderr,
        )
    return result.ok


def appointment_import(args: argparse.Namespace) -> int:
    from shared.services.appointments import import_appointments

    count = import_appointments(open_store(args), args.file)
    print(f"{count} booking(s) added from {args.file}")
    return 0


def appointment_add(args: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from shared.services.appointments import NewAppointment, add_appointments, parse_local
    from shared.services.printing import printer_settings

    store = open_store(args)
    tz = ZoneInfo(printer_settings(store).timezone)
    item = NewAppointment(
        booking_code=args.code,
        service=args.service,
        slot_start=parse_local(args.start, tz, "--start"),
        slot_end=parse_local(args.end, tz, "--end"),
        name=args.name,
        phone=args.phone,
    )
    add_appointments(store, [item])
    print(
        f"booking {args.code} added: {args.service} "
        f"{item.slot_start:%Y-%m-%d %H:%M}-{item.slot_end:%H:%M}"
    )
    return 0


def printer_test(args: argparse.Namespace) -> int:
    from shared.printing import PrinterError

    printer, _ = _printer(open_store(args), args.printer)
    try:
        data = printer.test_page()
    except PrinterError as exc:
        print(f"hallq: {exc}", file=sys.stderr)
        return EXIT_PRINT
    print(f"test page sent to {printer.url} ({len(data)} bytes)")
    return 0


def ticket_reprint(args: argparse.Namespace) -> int:
    from shared.services.printing import reprint

    store = open_store(args)
    printer, settings = _printer(store, args.printer)
    result = reprint(store, printer, args.code, settings, source="cli", clerk=args.clerk)
    if not result.ok:
        print(f"hallq: {result.error}", file=sys.stderr)
        return EXIT_PRINT
    emit_json(
        {
            "code": result.code,
            "printer": printer.url,
            "bytes": len(result.data),
            "event_id": result.event_id,
        }
    )
    return 0
