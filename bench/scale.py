"""Scale benchmark: one hall of 500 counters and 50 kiosks on one PostgreSQL, and a
simulated day of 20,000 tickets on SQLite and PostgreSQL.

Run `.venv/bin/python bench/scale.py [--workers 12] [--seconds 25] [--day-tickets 20000]
[--skip-day] [--profile]`. Worker processes share the counters and kiosks and drive the
use cases for a fixed time; a listener process measures the change feed. Figures are
printed, never asserted. Aims (issue #7): call-next p99 <= 30 ms and >= 1,000
operations/s at 500 counters on PostgreSQL; the 20,000-ticket day in under 60 s on SQLite.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing as mp
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    percentile,
    pg_available,
    summary_ms,
    throwaway_store_url,
)
from shared.config.spec import (
    CaseClass,
    CounterServiceSpec,
    CounterSpec,
    DepartmentSpec,
    HallSpec,
    ServiceSpec,
)

SERVICES = 20
PREFIXES = "ABCDEFGHJKLMNPQRSTUV"  # no I or O, as on real tickets


def scale_hall(counters: int = 500) -> HallSpec:
    """20 services; counter n serves two neighbouring services (一窗受理), 10-minute cases."""
    services = tuple(
        ServiceSpec(
            f"s{i:02d}", f"事项{i}", "d", PREFIXES[i], CaseClass.PUBLIC_SERVICE, target_minutes=10.0
        )
        for i in range(SERVICES)
    )
    return HallSpec(
        code="scale",
        name="规模测试大厅",
        number_width=4,
        departments=(DepartmentSpec("d", "综合"),),
        services=services,
        counters=tuple(
            CounterSpec(
                n,
                (
                    CounterServiceSpec(f"s{n % SERVICES:02d}"),
                    CounterServiceSpec(f"s{(n + 1) % SERVICES:02d}"),
                ),
            )
            for n in range(1, counters + 1)
        ),
    )


def prepare(url: str, counters: int, backlog: int) -> None:
    from shared import services as uc
    from shared.store.apply import apply_hall
    from shared.store.db import Store
    from shared.store.migrate import upgrade

    store = Store(url)
    upgrade(store)
    apply_hall(store, scale_hall(counters))
    for n in range(1, counters + 1):
        uc.open_counter(store, counter=n)
    for i in range(backlog):  # a line to call from at the start
        uc.issue_ticket(store, service=f"s{i % SERVICES:02d}", enforce_limits=False)
    store.dispose()


def worker(
    url: str, counters: list[int], kiosks: int, seconds: float, seed: int, go: Any, out: Any
) -> None:
    """Kiosks issue and counters finish-and-call, round robin, until the time is up."""
    from shared import services as uc
    from shared.domain.errors import NothingWaiting
    from shared.store.db import Store

    store = Store(url, pool_size=2)
    rng = random.Random(seed)
    issue_s: list[float] = []
    call_s: list[float] = []
    called: list[int] = []
    ops = empty = 0
    busy: set[int] = set()
    store.ping()  # connected and imported before the clock starts
    out.put("ready")
    go.wait()
    end = time.monotonic() + seconds
    turn = 0
    while time.monotonic() < end:
        for _ in range(kiosks and max(1, kiosks // 4)):
            t = time.perf_counter()
            uc.issue_ticket(
                store,
                service=f"s{rng.randrange(SERVICES):02d}",
                enforce_limits=False,
                source="bench",
            )
            issue_s.append(time.perf_counter() - t)
            ops += 1
        number = counters[turn % len(counters)]
        turn += 1
        if number in busy:
            uc.finish(store, counter=number)
            busy.discard(number)
            ops += 1
        t = time.perf_counter()
        try:
            info = uc.call_next(store, counter=number)
        except NothingWaiting:
            empty += 1
        else:
            called.append(info.ticket_id)
            busy.add(number)
        call_s.append(time.perf_counter() - t)
        ops += 1
    store.dispose()
    out.put({"issue": issue_s, "call": call_s, "called": called, "ops": ops, "empty": empty})


def listener(url: str, stop: Any, ready: Any, out: Any) -> None:
    """The board's view: how long from a use case's clock reading to the event arriving."""
    from shared.events.feed import EventFeed
    from shared.store.db import Store

    feed = EventFeed(Store(url, pool_size=1))
    feed.fetch()
    ready.set()
    lags: list[float] = []
    while not stop.is_set():
        if feed.wait(0.2):
            now = datetime.now(UTC)
            lags.extend((now - e.at).total_seconds() for e in feed.fetch(limit=5000))
    feed.close()
    out.put(lags)


def concurrency(url: str, workers: int, seconds: float, counters: int, kiosks: int) -> None:
    print(
        f"\n== {counters} counters, {kiosks} kiosks, {workers} processes, {seconds:.0f} s "
        f"({url.split('@')[-1]})"
    )
    prepare(url, counters, backlog=2000)
    ctx = mp.get_context("spawn")
    out, feed_out = ctx.Queue(), ctx.Queue()
    stop, ready, go = ctx.Event(), ctx.Event(), ctx.Event()
    feed_proc = ctx.Process(target=listener, args=(url, stop, ready, feed_out))
    feed_proc.start()
    ready.wait(30)
    numbers = list(range(1, counters + 1))
    procs = [
        ctx.Process(
            target=worker,
            args=(
                url,
                numbers[i::workers],
                kiosks // workers + (i < kiosks % workers),
                seconds,
                i,
                go,
                out,
            ),
        )
        for i in range(workers)
    ]
    for p in procs:
        p.start()
    for _ in procs:
        assert out.get() == "ready"
    go.set()
    t0 = time.monotonic()
    results = [out.get() for _ in procs]
    wall = time.monotonic() - t0
    for p in procs:
        p.join()
    stop.set()
    lags = feed_out.get()
    feed_proc.join()
    issue = [x for r in results for x in r["issue"]]
    call = [x for r in results for x in r["call"]]
    called = [x for r in results for x in r["called"]]
    ops = sum(r["ops"] for r in results)
    print(f"issue      {summary_ms(issue)}")
    print(f"call-next  {summary_ms(call)}  (nothing waiting {sum(r['empty'] for r in results)})")
    print(f"operations {ops} in {wall:.1f} s = {ops / wall:,.0f}/s (issue, call-next, finish)")
    if lags:
        print(
            f"feed lag   p50 {percentile(lags, 50) * 1000:.1f} ms  p99 "
            f"{percentile(lags, 99) * 1000:.1f} ms  n={len(lags)}"
        )
    check_integrity(url, called)


def check_integrity(url: str, called: list[int]) -> None:
    from sqlalchemy import func, select

    from shared.store.db import Store
    from shared.store.models import Event, Ticket

    store = Store(url)
    with store.read() as session:
        dup_codes = session.execute(
            select(Ticket.business_day, Ticket.code)
            .where(Ticket.parent_id.is_(None))
            .group_by(Ticket.business_day, Ticket.code)
            .having(func.count() > 1)
        ).all()
        twice = session.execute(
            select(Event.ticket_id)
            .where(Event.kind == "called")
            .group_by(Event.ticket_id)
            .having(func.count() > 1)
        ).all()
    store.dispose()
    seen_twice = len(called) - len(set(called))
    ok = not dup_codes and not twice and not seen_twice
    print(
        f"integrity  duplicate codes {len(dup_codes)}, tickets called twice {len(twice)} "
        f"(by the callers' own count {seen_twice}): {'OK' if ok else 'FAILED'}"
    )


def simulated_day(url: str, tickets: int, counters: int) -> float:
    """A day of `tickets` arrivals through the simulator on `url`; returns wall seconds."""
    from shared.sim.config import SimConfig
    from shared.sim.run import simulate

    hours = 8.0
    per_service = tickets / hours / SERVICES
    cfg = SimConfig(
        hours=hours,
        arrivals={f"s{i:02d}": per_service for i in range(SERVICES)},
        start=datetime(2026, 12, 1, 1, 0, tzinfo=UTC),
        seed=1,
        enforce_limits=False,
    )
    result = simulate(scale_hall(counters), cfg, url)
    figures = result.overall()
    print(
        f"day        {figures['tickets']} tickets, {figures['served']} served, mean wait "
        f"{figures['mean_wait_s']:.0f} s: wall {result.wall_s:.1f} s "
        f"({result.wall_s / max(1, figures['tickets']) * 1000:.1f} ms a ticket)"
    )
    return result.wall_s


def profile_call_next(url: str, calls: int = 400) -> None:
    """cProfile of finish + call_next at one counter after another: where the time goes."""
    import cProfile
    import pstats

    from shared import services as uc
    from shared.store.db import Store

    prepare(url, 500, backlog=calls * 3)
    store = Store(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(calls):
        with contextlib.suppress(Exception):
            uc.finish(store, counter=1 + i % 500)
        uc.call_next(store, counter=1 + i % 500)
    profiler.disable()
    store.dispose()
    print(f"\n== profile: {calls} x (finish + call_next), PostgreSQL, top by own time")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=25.0)
    parser.add_argument("--counters", type=int, default=500)
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--day-tickets", type=int, default=20_000)
    parser.add_argument("--skip-day", action="store_true", help="no simulated day")
    parser.add_argument("--profile", action="store_true", help="profile call-next on PostgreSQL")
    args = parser.parse_args()
    if not pg_available():
        print("PostgreSQL not reachable: concurrency part skipped")
    else:
        with throwaway_store_url("postgresql") as url:
            concurrency(url, args.workers, args.seconds, args.counters, args.kiosks)
        if args.profile:
            with throwaway_store_url("postgresql") as url:
                profile_call_next(url)
    if not args.skip_day:
        for backend in ("sqlite", "postgresql"):
            if backend == "postgresql" and not pg_available():
                continue
            print(f"\n== simulated day on {backend}")
            with throwaway_store_url(backend) as url:
                simulated_day(url, args.day_tickets, args.counters)
    return 0


if __name__ == "__main__":
    sys.exit(main())
