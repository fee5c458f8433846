"""`hallq report` (办件量统计, 绩效评估, 好差评) and `hallq rating follow-up` (差评整改)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from shared.cli.common import LOGIN, CliError, bounded_int, bounded_text, emit_json, open_store

FORMATS = ("table", "csv", "json", "xlsx", "pdf")
BINARY = ("xlsx", "pdf")


def register(commands: Any) -> None:
    from shared.reports.build import DIMENSIONS
    from shared.services.follow_up import Outcome

    report = commands.add_parser(
        "report",
        help="volume, waiting, service time and ratings for a day, month or range",
        description="Figures from the event log, in the hall's time zone. Without a period: today.",
    )
    when = report.add_mutually_exclusive_group()
    when.add_argument("--day", metavar="YYYY-MM-DD", help="one business day")
    when.add_argument("--month", metavar="YYYY-MM", help="a calendar month")
    when.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="first day")
    report.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="last day (with --from)")
    report.add_argument("--by", choices=DIMENSIONS, default="service", help="group rows by")
    report.add_argument("--format", choices=FORMATS, default="table", dest="fmt")
    report.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write here (default: stdout for table/csv/json, "
        "hallq-report-PERIOD-BY.xlsx|pdf in the current folder)",
    )
    report.add_argument("--lang", choices=("zh", "en"), default="zh", help="headings language")
    report.add_argument("--font", metavar="FILE", help="CJK .ttf/.ttc for the PDF")
    report.set_defaults(handler=run_report)

    rating = commands.add_parser("rating", help="ratings (好差评)")
    r_sub = rating.add_subparsers(dest="rating_command", metavar="ACTION", required=True)
    follow = r_sub.add_parser("follow-up", help="bad-rating follow-up items (差评整改)")
    f_sub = follow.add_subparsers(dest="follow_command", metavar="ACTION", required=True)
    listing = f_sub.add_parser("list", help="follow-up items, oldest first")
    listing.add_argument("--open", action="store_true", dest="open_only", help="only open ones")
    listing.add_argument("--json", action="store_true", help="one JSON object per item")
    listing.set_defaults(handler=follow_up_list)
    close = f_sub.add_parser("close", help="record what was done and close item ID")
    close.add_argument("id", type=bounded_int("rating follow-up close ID"), metavar="ID")
    close.add_argument("--outcome", required=True, choices=[o.value for o in Outcome])
    close.add_argument(
        "--action",
        required=True,
        metavar="TEXT",
        help="what was done",
        type=bounded_text("rating follow-up close --action TEXT"),
    )
    close.add_argument("--by", type=LOGIN, metavar="LOGIN", help="the supervisor closing it")
    close.set_defaults(handler=follow_up_close)


def _period(args: argparse.Namespace, store: Any) -> Any:
    from shared.domain.numbering import business_day
    from shared.reports.period import PeriodError, date_range, day, month

    try:
        if args.date_to and not args.date_from:
            raise PeriodError("--to needs --from")
        if args.date_from:
            if not args.date_to:
                raise PeriodError("--from needs --to")
            return date_range(args.date_from, args.date_to)
        if args.month:
            return month(args.month)
        if args.day:
            return day(args.day)
    except PeriodError as exc:
        raise CliError(str(exc)) from None
    with store.read() as session:
        from shared.store.models import Hall

        hall = session.get(Hall, store.hall_id(session))
        zone = hall.timezone if hall else "Asia/Shanghai"
    return day(business_day(store.clock.now(), zone).isoformat())


def run_report(args: argparse.Namespace) -> int:
    from shared.reports.build import build_report
    from shared.reports.errors import ReportError

    store = open_store(args)
    period = _period(args, store)
    report = build_report(store, period, by=args.by)
    try:
        if args.fmt in BINARY:
            path = Path(
                args.output
                or f"hallq-report-{period.label().replace(' – ', '_')}-{args.by}.{args.fmt}"
            )
            _write_binary(report, args, path)
            print(f"wrote {path}")
            return 0
        body = _render_text(report, args)
    except ReportError as exc:
        raise CliError(str(exc)) from None
    if args.output:
        # A BOM lets Excel open a Chinese CSV as UTF-8.
        encoding = "utf-8-sig" if args.fmt == "csv" else "utf-8"
        try:
            Path(args.output).write_text(body, encoding=encoding)
        except OSError as exc:
            raise CliError(f"cannot write {args.output}: {exc.strerror}") from None
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(body)
    return 0


def _render_text(report: Any, args: argparse.Namespace) -> str:
    from shared.reports.text import render_csv, render_json, render_table

    if args.fmt == "csv":
        return render_csv(report, args.lang)
    if args.fmt == "json":
        return render_json(report)
    return render_table(report, args.lang)


def _write_binary(report: Any, args: argparse.Namespace, path: Path) -> None:
    if not path.parent.is_dir():
        raise CliError(f"cannot write {path}: folder {path.parent} does not exist")
    if args.fmt == "xlsx":
        from shared.reports.xlsx import write_xlsx

        write_xlsx(report, path, args.lang)
    else:
        from shared.reports.pdf import write_pdf

        write_pdf(report, path, args.lang, args.font)


def follow_up_list(args: argparse.Namespace) -> int:
    from shared.services.follow_up import list_follow_ups

    items = list_follow_ups(open_store(args), open_only=args.open_only)
    if args.json:
        for item in items:
            emit_json(item.to_json())
        return 0
    if not items:
        print("no open follow-up items" if args.open_only else "no follow-up items")
        return 0
    for i in items:
        state = ("OVERDUE" if i.overdue else "open") if i.state == "open" else i.outcome or "closed"
        print(
            f"#{i.id:<5d} {state:9s} {i.code:6s} {i.business_day}  {i.service:8s} "
            f"counter {i.counter or '-':>3}  {i.clerk or '-':12s} {i.level_label}  "
            f"due {i.due_on}  age {i.age_days}d  {'、'.join(i.reasons)}"
            + (f"  -> {i.action} ({i.closed_by or '-'})" if i.state != "open" else "")
        )
    return 0


def follow_up_close(args: argparse.Namespace) -> int:
    from shared.services.follow_up import close_follow_up

    event_id = close_follow_up(
        open_store(args), follow_up_id=args.id, outcome=args.outcome, action=args.action, by=args.by
    )
    print(json.dumps({"follow_up": args.id, "closed": True, "event_id": event_id}))
    return 0
