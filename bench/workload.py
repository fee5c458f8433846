"""A fixed use-case workload, for comparing two checkouts of hallq on the same machine.

One SQLite store with the core bench's hall (32 counters of one service); N tickets
issued (each with its replayed wait estimate, as the kiosk prints it), then four counters
finish and call until the line is empty, reading their counter view (with its next-up
preview and estimates) after every call. Prints the seconds each phase took and their sum.

    .venv/bin/python bench/workload.py [--tickets N] [--repo DIR] [--rounds R]

`--repo DIR` runs the workload on another checkout's code (its own shared/ package; run
it with that checkout's virtualenv when the two differ in dependencies), so a change
can be timed against the code before it in one sitting, alternating A B A B.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path


def run(tickets: int) -> dict[str, float]:
    from bench.common import throwaway_store_url
    from bench.core import bench_hall
    from shared import services as uc
    from shared.domain.errors import NoCurrentTicket, NothingWaiting
    from shared.services.counter_view import counter_view
    from shared.store.apply import apply_hall
    from shared.store.db import Store
    from shared.store.migrate import upgrade

    times: dict[str, float] = {}
    with throwaway_store_url("sqlite") as url:
        store = Store(url)
        upgrade(store)
        apply_hall(store, bench_hall())
        for n in (1, 2, 3, 4):
            uc.open_counter(store, counter=n)
        t0 = time.process_time()
        for _ in range(tickets):
            uc.issue_ticket(store, service="A", enforce_limits=False)
        times["issue"] = time.process_time() - t0
        t0 = time.process_time()
        while True:
            called = False
            for n in (1, 2, 3, 4):
                with contextlib.suppress(NoCurrentTicket):
                    uc.finish(store, counter=n)
                try:
                    uc.call_next(store, counter=n)
                    called = True
                except NothingWaiting:
                    pass
                counter_view(store, counter=n)
            if not called:
                break
        times["call+view"] = time.process_time() - t0
        store.dispose()
    times["total"] = sum(times.values())
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo.resolve()))
    rounds = [run(args.tickets) for _ in range(args.rounds)]
    print(f"hallq workload — {args.tickets} tickets, 4 counters, SQLite; repo {args.repo}")
    for phase in rounds[0]:
        values = [r[phase] for r in rounds]
        print(
            f"  {phase:10s} CPU s: median {statistics.median(values):6.2f}"
            f"  min {min(values):6.2f}  max {max(values):6.2f}  (rounds {len(values)})"
        )


if __name__ == "__main__":
    main()
