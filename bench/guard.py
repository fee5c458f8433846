"""What guarding the store costs: call-next on an unguarded store against a guarded one.

`.venv/bin/python bench/guard.py [--calls N] [--block K]` (PostgreSQL). One process
alternates blocks of K calls between two stores made alike: one with hallq's guard
triggers and row security switched off, called by the owner (the store before the
roles); one called as the counter PC's role with a clerk logged in (grants, row
policies, the session token on every transaction, the triggers that stamp events and
resolve the clerk). Alternating blocks in one process keeps a busy machine's noise out
of the ratio. Figures are printed, never asserted; the aim (issue #12) is <= 20%.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import PG_ADMIN, pg_available, summary_ms, throwaway_store_url
from bench.core import PASSWORD, bench_hall


def _prepared(url: str, tickets: int) -> Any:
    from shared import services as uc
    from shared.store.apply import apply_hall
    from shared.store.db import Store
    from shared.store.migrate import upgrade

    store = Store(url)
    upgrade(store)
    apply_hall(store, bench_hall())
    for _ in range(tickets):
        uc.issue_ticket(store, service="A", enforce_limits=False)
    return store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--block", type=int, default=20)
    args = parser.parse_args()
    if not pg_available():
        print("postgresql: no server answers; skipped")
        return 0
    import psycopg

    from shared import services as uc
    from shared.domain.errors import NoCurrentTicket
    from shared.services import auth
    from shared.store.db import Store
    from shared.store.roles import drop_roles, ensure_roles, role_url

    with (
        throwaway_store_url("postgresql") as plain_url,
        throwaway_store_url("postgresql") as guarded_url,
    ):
        plain_owner = _prepared(plain_url, args.calls + 60)
        with plain_owner.engine.connect() as conn:
            for table in ("ticket", "event", "counter", "follow_up", "service_day_override"):
                conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            conn.exec_driver_sql("ALTER TABLE event ENABLE TRIGGER hallq_event_notify")
            conn.exec_driver_sql("ALTER TABLE ticket DISABLE ROW LEVEL SECURITY")
            conn.exec_driver_sql("ALTER TABLE event DISABLE ROW LEVEL SECURITY")
            conn.commit()
        guarded_owner = _prepared(guarded_url, args.calls + 60)
        with guarded_owner.engine.connect() as conn:
            roles = ensure_roles(conn, suffix=f"_guard{guarded_url[-8:]}")
            conn.commit()
        try:
            code, _ = auth.invite(guarded_owner, login="c1")
            auth.set_first_password(guarded_owner, login="c1", password=PASSWORD, setup_code=code)
            counter = next(r for r in roles if r.kind == "counter")
            guarded = Store(
                role_url(guarded_url, counter.name, counter.password).replace(
                    "postgresql://", "postgresql+psycopg://"
                ),
                pool_size=1,
            )
            auth.log_in(guarded, login="c1", password=PASSWORD, counter=1)
            uc.open_counter(guarded, counter=1, clerk="c1")
            plain = Store(plain_url, pool_size=1)
            uc.open_counter(plain, counter=1, clerk="c1")
            latencies: dict[str, list[float]] = {"unguarded": [], "guarded": []}

            def run(store: Store, key: str, n: int) -> None:
                for _ in range(n):
                    with contextlib.suppress(NoCurrentTicket):
                        uc.finish(store, counter=1)
                    t0 = time.perf_counter()
                    uc.call_next(store, counter=1)
                    latencies[key].append(time.perf_counter() - t0)

            run(plain, "unguarded", 20)
            run(guarded, "guarded", 20)
            for values in latencies.values():
                values.clear()  # warmed up
            done = 0
            while done < args.calls:
                run(plain, "unguarded", args.block)
                run(guarded, "guarded", args.block)
                done += args.block
            print(f"call-next, 1 caller, {done} calls each, alternating blocks of {args.block}")
            for key, values in latencies.items():
                print(f"  {key:10s} {summary_ms(values)}  {len(values) / sum(values):7.1f} calls/s")
            ratio = statistics.fmean(latencies["guarded"]) / statistics.fmean(
                latencies["unguarded"]
            )
            cost = 100 * (ratio - 1)
            print(f"  guarded / unguarded mean latency: {ratio:.3f} (cost {cost:+.1f}%)")
            plain.dispose()
            guarded.dispose()
        finally:
            with guarded_owner.engine.connect() as conn:
                drop_roles(conn, [r.name for r in roles])
                conn.commit()
            guarded_owner.dispose()
            plain_owner.dispose()
            with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
                for r in roles:
                    admin.execute(f'DROP ROLE IF EXISTS "{r.name}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
