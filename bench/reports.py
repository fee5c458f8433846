"""Time `hallq report` over a day, a month and a year of a large hall on SQLite and PostgreSQL.

Run: `.venv/bin/python bench/reports.py [--backend sqlite|postgresql|both] [--months 12]
[--tickets-per-day 4500]`. The data is bulk-inserted (realistic ticket and event rows for
every weekday: issue, call, recall, start, finish, rating; no-shows, cancellations and
transfers), about 600,000 events a month at the default size.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import pg_available, throwaway_store_url
from shared.config.hallfile import load_hall_file
from shared.reports.build import build_report
from shared.reports.period import Period, date_range, day, month
from shared.store.apply import apply_hall
from shared.store.db import Store
from shared.store.migrate import upgrade
from shared.store.models import Event, Service, Ticket

FIRST_DAY = date(2026, 1, 1)
OPEN_S, CLOSE_S = 8.5 * 3600, 17 * 3600  # local opening hours of the simulated hall
LOCAL = timedelta(hours=8)  # Asia/Shanghai, no daylight saving
T_COLS = ["id", "hall_id", "business_day", "service_id", "code", "number", "priority",
          "status", "queue_key", "issued_at", "called_at", "started_at", "ended_at",
          "counter_number", "clerk", "target_counter", "recalls", "requeues", "parent_id",
          "appointment_id", "issued_by", "note"]  # fmt: skip
E_COLS = ["hall_id", "at", "kind", "ticket_id", "code", "service", "counter", "clerk", "details"]


class Generator:
    """Ticket and event rows of one day at a time, with ids handed out in order."""

    def __init__(self, hall_id: int, services: list[tuple[int, str, str]], seed: int = 7) -> None:
        self.hall_id = hall_id
        self.services = services  # (id, code, prefix)
        self.rng = random.Random(seed)
        self.next_id = 1
        self.clerks = [f"clerk{n:02d}" for n in range(1, 47)]

    def day(self, on: date, tickets: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rng, trows, erows = self.rng, [], []
        midnight = datetime(on.year, on.month, on.day, tzinfo=UTC) - LOCAL
        numbers: dict[str, int] = {}

        def event(at: datetime, kind: str, t: dict[str, Any], svc: str, **kw: Any) -> None:
            details = kw.pop("details", {})
            erows.append({"hall_id": self.hall_id, "at": at, "kind": kind, "ticket_id": t["id"],
                          "code": t["code"], "service": svc, "details": details,
                          "counter": kw.get("counter"), "clerk": kw.get("clerk")})  # fmt: skip

        for issued_s in sorted(rng.uniform(OPEN_S, CLOSE_S) for _ in range(tickets)):
            sid, code, prefix = rng.choice(self.services)
            numbers[prefix] = numbers.get(prefix, 0) + 1
            issued = midnight + timedelta(seconds=issued_s)
            t = self._ticket(on, sid, f"{prefix}{numbers[prefix]:03d}", numbers[prefix], issued)
            trows.append(t)
            event(issued, "issued", t, code, details={"priority": t["priority"], "source": "kiosk"})
            self._life(t, code, issued, event, trows)
        return trows, erows

    def _ticket(self, on: date, sid: int, code: str, number: int, issued: datetime,
                parent: int | None = None) -> dict[str, Any]:  # fmt: skip
        t = dict.fromkeys(T_COLS)
        t.update(id=self.next_id, hall_id=self.hall_id, business_day=on, service_id=sid,
                 code=code, number=number, priority=self.rng.random() < 0.05, status="waiting",
                 queue_key=int(issued.timestamp() * 1000), issued_at=issued, recalls=0,
                 requeues=0, parent_id=parent, note="")  # fmt: skip
        self.next_id += 1
        return t

    def _life(self, t: dict[str, Any], code: str, issued: datetime, event: Any,
              trows: list[dict[str, Any]]) -> None:  # fmt: skip
        rng = self.rng
        roll = rng.random()
        if roll < 0.02:
            event(issued + timedelta(minutes=rng.uniform(1, 30)), "cancelled", t, code)
            t["status"] = "cancelled"
            return
        counter = rng.randint(1, 46)
        clerk = self.clerks[counter - 1]
        at = issued + timedelta(seconds=rng.expovariate(1 / 900))
        event(at, "called", t, code, counter=counter, clerk=clerk,
              details={"wait_s": round((at - t["issued_at"]).total_seconds(), 3)})  # fmt: skip
        if rng.random() < 0.1:
            at += timedelta(seconds=30)
            event(at, "recalled", t, code, counter=counter, clerk=clerk, details={"recalls": 1})
        if roll < 0.07:
            event(at + timedelta(seconds=60), "no_show", t, code, counter=counter, clerk=clerk,
                  details={"requeued": False})  # fmt: skip
            t["status"] = "no_show"
            return
        event(at, "started", t, code, counter=counter, clerk=clerk)
        end = at + timedelta(seconds=rng.lognormvariate(6.0, 0.5))
        if roll < 0.10:
            sid, to_code, _ = rng.choice(self.services)
            follow = self._ticket(t["business_day"], sid, t["code"], t["number"], t["issued_at"],
                                  parent=t["id"])  # fmt: skip
            trows.append(follow)
            event(end, "transferred", t, code, counter=counter, clerk=clerk,
                  details={"to_service": to_code, "new_ticket_id": follow["id"]})  # fmt: skip
            t["status"] = "transferred"
            self._life(follow, to_code, end, event, trows)
            return
        event(end, "finished", t, code, counter=counter, clerk=clerk,
              details={"service_s": round((end - at).total_seconds(), 3)})  # fmt: skip
        t["status"] = "finished"
        level = rng.choices([1, 2, 3, 4, 5, None], [60, 20, 8, 2, 1, 9])[0]
        event(end + timedelta(seconds=5), "rated", t, code, counter=counter, clerk=clerk,
              details={"level": level})  # fmt: skip


def _weekdays(first: date, months: int) -> list[date]:
    last = date(
        first.year + (first.month - 1 + months) // 12, (first.month - 1 + months) % 12 + 1, 1
    )
    days, on = [], first
    while on < last:
        if on.isoweekday() <= 5:
            days.append(on)
        on += timedelta(days=1)
    return days


def _copy_pg(store: Store, table: Any, cols: list[str], rows: list[dict[str, Any]]) -> None:
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        with cur.copy(f"COPY {table.name} ({', '.join(cols)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row([json.dumps(row[c]) if c == "details" else row[c] for c in cols])
        raw.commit()
    finally:
        raw.close()


def fill(store: Store, months: int, per_day: int) -> tuple[int, int]:
    """Bulk-insert `months` of weekdays; returns (tickets, events)."""
    with store.read() as session:
        hall_id = store.hall_id(session)
        services = [(s.id, s.code, s.prefix) for s in session.query(Service).order_by(Service.id)]
    gen = Generator(hall_id, services)
    n_t = n_e = 0
    for on in _weekdays(FIRST_DAY, months):
        trows, erows = gen.day(on, per_day)
        if store.is_postgres:
            _copy_pg(store, Ticket.__table__, T_COLS, trows)
            _copy_pg(store, Event.__table__, E_COLS, erows)
        else:
            with store.engine.begin() as conn:
                conn.execute(Ticket.__table__.insert(), trows)
                conn.execute(Event.__table__.insert(), erows)
        n_t, n_e = n_t + len(trows), n_e + len(erows)
    if store.is_postgres:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return n_t, n_e


def timed(store: Store, period: Period) -> tuple[float, int]:
    began = time.perf_counter()
    report = build_report(store, period, by="service")
    return time.perf_counter() - began, report.total.issued


def run(backend: str, months: int, per_day: int) -> None:
    with throwaway_store_url(backend) as url:
        store = Store(url)
        upgrade(store)
        apply_hall(store, load_hall_file(Path(__file__).parent.parent / "assets/demo-hall.toml"))
        began = time.perf_counter()
        tickets, events = fill(store, months, per_day)
        print(f"[{backend}] {months} months of weekdays: {tickets:,} tickets, {events:,} events "
              f"inserted in {time.perf_counter() - began:.1f} s")  # fmt: skip
        days = _weekdays(FIRST_DAY, months)
        periods = [("day", day(days[-1].isoformat())), ("month", month(days[-1].strftime("%Y-%m")))]
        if months >= 12:
            periods.append(("year", date_range(days[0].isoformat(), days[-1].isoformat())))
        for name, period in periods:
            with store.read() as session:
                n = session.query(Event).join(Ticket, Ticket.id == Event.ticket_id).filter(
                    Ticket.business_day.between(period.first, period.last)).count()  # fmt: skip
            seconds, issued = timed(store, period)
            print(f"[{backend}] report {name:5s} {period.label():25s} {n:>10,} events "
                  f"{issued:>9,} tickets  {seconds:7.2f} s")  # fmt: skip
        store.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--tickets-per-day", type=int, default=4500)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        if backend == "postgresql" and not pg_available():
            print("[postgresql] no server answers: skipped")
            continue
        run(backend, args.months, args.tickets_per_day)
    return 0


if __name__ == "__main__":
    sys.exit(main())
