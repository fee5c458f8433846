"""`hallq counter`, `ticket`, `call`, `status`, `events`, `watch`."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from typing import Any

from shared.cli.cmd_kiosk import (
    add_printer_option,
    add_ticket_actions,
    open_cli_printer,
    print_issued_ticket,
)
from shared.cli.common import (
    COUNTER,
    EVENT_ID,
    EXIT_PRINT,
    LOGIN,
    SERVICE,
    bounded_int,
    emit_json,
    open_store,
)


def register(commands: Any) -> None:
    counter = commands.add_parser("counter", help="open or close a counter")
    c_sub = counter.add_subparsers(dest="counter_command", metavar="ACTION", required=True)
    c_open = c_sub.add_parser("open", help="open counter N (a clerk signs in)")
    c_open.add_argument("number", type=COUNTER, metavar="N")
    c_open.add_argument("--clerk", type=LOGIN, metavar="LOGIN")
    c_open.set_defaults(handler=counter_open)
    c_close = c_sub.add_parser("close", help="close counter N")
    c_close.add_argument("number", type=COUNTER, metavar="N")
    c_close.add_argument(
        "--release", action="store_true", help="put a called ticket back in the line"
    )
    c_close.set_defaults(handler=counter_close)

    ticket = commands.add_parser("ticket", help="issue tickets")
    t_sub = ticket.add_subparsers(dest="ticket_command", metavar="ACTION", required=True)
    issue = t_sub.add_parser("issue", help="issue tickets for a service")
    issue.add_argument("--service", required=True, type=SERVICE, metavar="CODE")
    issue.add_argument("--priority", action="store_true", help="a priority ticket (绿色通道)")
    issue.add_argument(
        "--count",
        type=bounded_int("ticket issue --count K"),
        default=1,
        metavar="K",
        help="how many tickets, 1 to 1000 (shared/limits.py)",
    )
    issue.add_argument("--json", action="store_true", help="one JSON object per ticket")
    issue.add_argument(
        "--enforce-limits",
        action="store_true",
        help="refuse as the kiosk would: closed, out of hours, past the daily quota",
    )
    issue.add_argument(
        "--clerk", type=LOGIN, metavar="LOGIN", help="issued by staff on a citizen's behalf"
    )
    issue.add_argument("--print", action="store_true", help="print each ticket as the kiosk does")
    add_printer_option(issue)
    issue.set_defaults(handler=ticket_issue)
    add_ticket_actions(t_sub)

    call = commands.add_parser("call", help="a counter's calling actions")
    call_sub = call.add_subparsers(dest="call_command", metavar="ACTION", required=True)
    nxt = call_sub.add_parser("next", help="finish the current ticket, call the next")
    nxt.add_argument("--counter", type=COUNTER, required=True, metavar="N")
    nxt.add_argument(
        "--repeat",
        type=bounded_int("call next --repeat K"),
        default=1,
        metavar="K",
        help="1 to 1000",
    )
    nxt.add_argument("--json", action="store_true")
    nxt.set_defaults(handler=call_next)
    for name, helptext in (
        ("recall", "call the current ticket again (重呼)"),
        ("no-show", "the citizen did not come (过号)"),
        ("finish", "the case is done (办结)"),
    ):
        sub = call_sub.add_parser(name, help=helptext)
        sub.add_argument("--counter", type=COUNTER, required=True, metavar="N")
        sub.add_argument("--json", action="store_true")
        sub.set_defaults(handler=call_action, action=name)

    status = commands.add_parser("status", help="waiting per service, every counter's state")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=show_status)

    events = commands.add_parser("events", help="the event log after an id")
    events.add_argument("--since", type=EVENT_ID, default=0, metavar="ID")
    events.add_argument("--json", action="store_true")
    events.set_defaults(handler=show_events)

    watch = commands.add_parser("watch", help="print events as they happen until interrupted")
    watch.add_argument("--json", action="store_true")
    watch.add_argument("--since", type=EVENT_ID, default=None, metavar="ID")
    watch.set_defaults(handler=watch_events)
    register_audit(commands)


def counter_open(args: argparse.Namespace) -> int:
    from shared.services import open_counter

    event_id = open_counter(open_store(args), counter=args.number, clerk=args.clerk)
    print(f"counter {args.number} open (event {event_id})")
    return 0


def counter_close(args: argparse.Namespace) -> int:
    from shared.services import close_counter

    event_id = close_counter(open_store(args), counter=args.number, release=args.release)
    print(f"counter {args.number} closed (event {event_id})")
    return 0


def ticket_issue(args: argparse.Namespace) -> int:
    from shared.services import issue_ticket

    store = open_store(args)
    # a printer this PC refuses is bad input, found before any ticket is issued
    printer = open_cli_printer(args, store) if args.print else None
    for _ in range(args.count):
        ticket = issue_ticket(
            store,
            service=args.service,
            priority=args.priority,
            enforce_limits=args.enforce_limits,
            issued_by=args.clerk,
            source="cli",
        )
        if args.json:
            emit_json(ticket.to_json())
        else:
            wait = "" if ticket.est_wait_min is None else f", ~{_minutes(ticket)}"
            print(f"{ticket.code}  {ticket.service_name}  前方等待{ticket.people_ahead}人{wait}")
        if printer is not None and not print_issued_ticket(store, ticket, *printer):
            return EXIT_PRINT  # the ticket stands; no more are issued onto a broken printer
    return 0


def _print_call(info: Any, as_json: bool) -> None:
    if as_json:
        emit_json(info.to_json())
    else:
        print(f"{info.kind:9s} {info.code} -> counter {info.counter} ({info.service})")


def call_next(args: argparse.Namespace) -> int:
    from shared.services import finish_and_call_next

    store = open_store(args)
    for _ in range(args.repeat):
        # One transaction: when the call is refused the case in hand stays unfinished.
        _print_call(finish_and_call_next(store, counter=args.counter), args.json)
    return 0


def call_action(args: argparse.Namespace) -> int:
    from shared import services

    action = {
        "recall": services.recall,
        "no-show": services.mark_no_show,
        "finish": services.finish,
    }[args.action]
    _print_call(action(open_store(args), counter=args.counter), args.json)
    return 0


def show_status(args: argparse.Namespace) -> int:
    from shared.services import hall_status

    status = hall_status(open_store(args))
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False))
        return 0
    print(f"{status.hall_name}  营业日 {status.business_day}  (last event {status.last_event_id})")
    print("services:")
    for s in status.services:
        est = "-" if s.est_wait_min is None else _minutes(s)
        note = "" if s.available else f"  [{s.reason}]"
        print(f"  {s.code:8s} {s.prefix:2s} {s.name}  waiting {s.waiting}  est {est}{note}")
    print("counters:")
    for c in status.counters:
        current = c.current or "-"
        print(f"  {c.number:3d} {c.state:7s} {current:6s} {','.join(c.services)}  {c.clerk or ''}")
    if status.tickets:
        print("waiting (estimates as the queue stands now):")
        for t in status.tickets:
            est = "-" if t.est_wait_min is None else _minutes(t)
            mark = " 优先" if t.priority else ""
            print(f"  {t.code:6s} {t.service:16s} ahead {t.people_ahead:3d}  est {est}{mark}")
    return 0


def _minutes(est: Any) -> str:
    """'12 min', '10-15 min', with 'closing may come first' when the period ends before."""
    low, high = est.est_wait_low_min, est.est_wait_high_min
    text = (
        f"{low}-{high} min"
        if low is not None and high is not None and high > low
        else (f"{est.est_wait_min} min")
    )
    return text + (" (closing may come first)" if est.closes_first else "")


def _print_event(event: Any, as_json: bool) -> None:
    if as_json:
        emit_json(event.to_json())
    else:
        parts = [f"{event.id:6d}", event.at.isoformat(timespec="milliseconds"), f"{event.kind:15s}"]
        if event.code:
            parts.append(event.code)
        if event.counter is not None:
            parts.append(f"counter {event.counter}")
        if event.service:
            parts.append(event.service)
        print("  ".join(parts))


def show_events(args: argparse.Namespace) -> int:
    from shared.services import events_after

    store = open_store(args)
    last = args.since
    while True:
        batch = events_after(store, last, limit=5000)
        for event in batch:
            _print_event(event, args.json)
        if len(batch) < 5000:
            return 0
        last = batch[-1].id


def watch_events(args: argparse.Namespace) -> int:
    from shared.events.feed import EventFeed
    from shared.store.db import StoreUnavailable

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    feed = EventFeed(open_store(args), last_id=args.since)
    if args.since is None:
        feed.fetch()  # start at the end of the log
    try:
        while True:
            try:
                if feed.wait(1.0):
                    while batch := feed.fetch():  # a burst may be more than one batch
                        for event in batch:
                            _print_event(event, args.json)
            except StoreUnavailable as exc:
                print(f"hallq: store unreachable, retrying: {exc}", file=sys.stderr)
                import time

                time.sleep(1.0)
    finally:
        feed.close()


def register_audit(commands: Any) -> None:
    audit = commands.add_parser(
        "audit",
        help="events whose business time (at) and the store's clock (recorded_at) differ "
        "by more than a tolerance: a PC with a wrong clock",
    )
    audit.add_argument(
        "--tolerance",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="allowed difference (default: 120)",
    )
    audit.add_argument("--since", type=int, default=0, metavar="ID")
    audit.add_argument("--json", action="store_true", help="one JSON object per event")
    audit.set_defaults(handler=show_audit)


def show_audit(args: argparse.Namespace) -> int:
    from shared.services.queries import clock_skew

    if args.tolerance < 0:
        from shared.cli.common import CliError

        raise CliError(f"--tolerance must be 0 or more, got {args.tolerance}")
    found = 0
    by_writer: dict[str, int] = {}
    for event, skew in clock_skew(open_store(args), args.tolerance, since=args.since):
        found += 1
        writer = event.recorded_by or "-"
        by_writer[writer] = by_writer.get(writer, 0) + 1
        if args.json:
            emit_json({**event.to_json(), "skew_s": round(skew, 3)})
        else:
            recorded = event.recorded_at.isoformat(timespec="seconds") if event.recorded_at else "-"
            print(
                f"{event.id:6d}  {event.kind:15s} at {event.at.isoformat(timespec='seconds')}"
                f"  recorded {recorded}  by {writer}  skew {skew:+.0f} s"
            )
    if not args.json:
        if found:
            who = ", ".join(f"{w}: {n}" for w, n in sorted(by_writer.items()))
            print(f"{found} events differ by more than {args.tolerance:g} s ({who})")
        else:
            print(f"no event differs by more than {args.tolerance:g} s")
    return 0
