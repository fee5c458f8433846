"""Core benchmark: call-next latency and throughput with 1, 8 and 32 callers; feed latency.

Run `make bench` or `.venv/bin/python bench/core.py [--backend sqlite|postgresql|both]
[--calls N] [--pc-roles]`. Figures are printed, never asserted. With --pc-roles
(PostgreSQL) each caller connects as the counter PC's role with a clerk logged in, as
a hall's counters do: the grants, row policies, guard triggers and the session token
of every transaction are in the figures. Aims (issue #3): PostgreSQL call-next
p99 <= 30 ms with 32 callers; feed p99 <= 20 ms on PostgreSQL and <= 100 ms on SQLite.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from bench.common import pg_available, summary_ms, throwaway_store_url
from shared.config.spec import (
    CaseClass,
    CounterServiceSpec,
    CounterSpec,
    DepartmentSpec,
    HallSpec,
    ServiceSpec,
)

COUNTERS = 32
PASSWORD = "bench-pass-1"


def bench_hall() -> HallSpec:
    from shared.config.spec import ClerkSpec

    return HallSpec(
        clerks=tuple(ClerkSpec(f"c{n}", f"窗口{n}") for n in range(1, COUNTERS + 1)),
        code="bench",
        name="基准测试大厅",
        departments=(DepartmentSpec("d", "综合"),),
        services=(ServiceSpec("A", "综合业务", "d", "A", CaseClass.PUBLIC_SERVICE),),
        counters=tuple(CounterSpec(n, (CounterServiceSpec("A"),)) for n in range(1, COUNTERS + 1)),
    )


def _caller(url: str, counter: int, calls: int, barrier: Any, out: Any) -> None:
    from shared import services as uc
    from shared.domain.errors import NoCurrentTicket, NothingWaiting
    from shared.store.db import Store

    store = Store(url, pool_size=1)
    if "hallq_counter" in url:
        from shared.services import auth

        auth.log_in(store, login=f"c{counter}", password=PASSWORD, counter=counter)
        uc.open_counter(store, counter=counter, clerk=f"c{counter}")
    else:
        uc.open_counter(store, counter=counter)
    latencies = []
    barrier.wait()
    started = time.perf_counter()
    for _ in range(calls):
        with contextlib.suppress(NoCurrentTicket):
            uc.finish(store, counter=counter)
        t0 = time.perf_counter()
        try:
            uc.call_next(store, counter=counter)
        except NothingWaiting:
            break
        latencies.append(time.perf_counter() - t0)
    out.put((latencies, started, time.perf_counter()))
    store.dispose()


def run_callers(
    url: str, callers: int, calls_each: int, caller_url: str | None = None
) -> tuple[list[float], float]:
    from shared import services as uc
    from shared.store.db import Store

    store = Store(url)
    for _ in range(callers * calls_each + callers):
        uc.issue_ticket(store, service="A", enforce_limits=False)
    for n in range(1, COUNTERS + 1):
        uc.close_counter(store, counter=n, release=True)
    store.dispose()
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(callers)
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_caller, args=(caller_url or url, n, calls_each, barrier, out))
        for n in range(1, callers + 1)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    latencies = [lat for r in results for lat in r[0]]
    wall = max(r[2] for r in results) - min(r[1] for r in results)
    return latencies, len(latencies) / wall


def _consumer(url: str, ready: Any, stop: Any, out: Any) -> None:
    from shared.events.feed import EventFeed
    from shared.store.db import Store

    feed = EventFeed(Store(url, pool_size=1))
    feed.fetch()
    feed.wait(0.01)
    ready.set()
    while not stop.is_set():
        if feed.wait(0.2):
            now = time.time()
            for event in feed.fetch():
                out.put((event.id, now))
    feed.close()


def feed_latency(url: str, samples: int) -> list[float]:
    from shared import services as uc
    from shared.store.db import Store

    ctx = mp.get_context("spawn")
    ready, stop, out = ctx.Event(), ctx.Event(), ctx.Queue()
    consumer = ctx.Process(target=_consumer, args=(url, ready, stop, out))
    consumer.start()
    ready.wait(60)
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    store = Store(url)
    commit_at = [0.0]

    def _after_commit(_session: Session) -> None:
        commit_at[0] = time.time()  # the database has committed: listeners may wake now

    event.listen(Session, "after_commit", _after_commit)
    committed: dict[int, float] = {}
    for _ in range(samples):
        info = uc.issue_ticket(store, service="A", enforce_limits=False)
        committed[info.event_id or 0] = commit_at[0]
        time.sleep(0.02)
    event.remove(Session, "after_commit", _after_commit)
    time.sleep(0.5)
    stop.set()
    received: dict[int, float] = {}
    deadline = time.time() + 5
    while len(received) < samples and time.time() < deadline:
        try:
            event_id, at = out.get(timeout=1)
            received[event_id] = at
        except Exception:
            break
    consumer.join(10)
    store.dispose()
    return [received[i] - committed[i] for i in committed if i in received]


@contextlib.contextmanager
def pc_role_url(owner_url: str, wanted: bool) -> Any:
    """The counter PC's URL on a store with roles (dropped afterwards), clerks invited."""
    if not wanted:
        yield None
        return
    import os

    import psycopg

    from bench.common import PG_ADMIN
    from shared.services import auth
    from shared.store.db import Store
    from shared.store.roles import drop_roles, ensure_roles, role_url

    suffix = f"_bench{os.getpid()}"
    store = Store(owner_url)
    with store.engine.connect() as conn:
        results = ensure_roles(conn, suffix=suffix)
        conn.commit()
    for n in range(1, COUNTERS + 1):
        code, _ = auth.invite(store, login=f"c{n}")
        auth.set_first_password(store, login=f"c{n}", password=PASSWORD, setup_code=code)
    counter = next(r for r in results if r.kind == "counter")
    try:
        yield role_url(owner_url, counter.name, counter.password).replace(
            "postgresql://", "postgresql+psycopg://"
        )
    finally:
        with store.engine.connect() as conn:
            drop_roles(conn, [r.name for r in results])
            conn.commit()
        store.dispose()
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            for r in results:
                admin.execute(f'DROP ROLE IF EXISTS "{r.name}"')


def compare_event_order(callers: int, calls: int, pairs: int) -> None:
    """Call-next throughput with event ids committed in order (the trigger) and without."""
    from shared.store.apply import apply_hall
    from shared.store.db import Store
    from shared.store.migrate import upgrade

    rates: dict[bool, list[float]] = {True: [], False: []}
    for n in range(pairs * 2):
        ordered = n % 2 == 0 if (n // 2) % 2 == 0 else n % 2 == 1  # ABBA: drift cancels
        with throwaway_store_url("postgresql") as url:
            store = Store(url)
            upgrade(store)
            apply_hall(store, bench_hall())
            if not ordered:
                with store.engine.begin() as conn:
                    conn.exec_driver_sql("ALTER TABLE event DISABLE TRIGGER hallq_event_in_order")
            store.dispose()
            _lat, rate = run_callers(url, callers, max(1, calls // callers), None)
        rates[ordered].append(rate)
    on, off = statistics.median(rates[True]), statistics.median(rates[False])
    print(
        f"postgresql call-next  {callers:2d} callers: event order on {on:7.1f} calls/s, "
        f"off {off:7.1f} calls/s (medians of {pairs}), on/off {on / off:.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--calls", type=int, default=1600, help="call-next calls per level")
    parser.add_argument("--feed-samples", type=int, default=300)
    parser.add_argument(
        "--compare-event-order",
        type=int,
        default=0,
        metavar="PAIRS",
        help="PostgreSQL: also run each level PAIRS times with the event-order trigger off "
        "(ids may commit out of order, as before migration 0003), alternating, and print "
        "the throughput ratio",
    )
    parser.add_argument(
        "--pc-roles",
        action="store_true",
        help="PostgreSQL: callers connect as the counter PC's role with a clerk logged in",
    )
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    from shared.store.apply import apply_hall
    from shared.store.db import Store
    from shared.store.migrate import upgrade

    print(f"hallq core benchmark — {args.calls} calls per level, {args.feed_samples} feed samples")
    for backend in backends:
        if backend == "postgresql" and not pg_available():
            print("postgresql: no server answers; skipped")
            continue
        for callers in (1, 8, 32):
            if backend == "postgresql" and args.compare_event_order:
                compare_event_order(callers, args.calls, args.compare_event_order)
            with throwaway_store_url(backend) as url:
                store = Store(url)
                upgrade(store)
                apply_hall(store, bench_hall())
                store.dispose()
                with pc_role_url(url, args.pc_roles and backend == "postgresql") as caller_url:
                    latencies, rate = run_callers(
                        url, callers, max(1, args.calls // callers), caller_url
                    )
                label = "as counter role" if caller_url else ""
                print(
                    f"{backend:10s} call-next  {callers:2d} callers: {summary_ms(latencies)}"
                    f"  throughput {rate:7.1f} calls/s {label}"
                )
        with throwaway_store_url(backend) as url:
            store = Store(url)
            upgrade(store)
            apply_hall(store, bench_hall())
            store.dispose()
            lat = feed_latency(url, args.feed_samples)
            print(f"{backend:10s} feed (commit -> consumer): {summary_ms(lat)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
