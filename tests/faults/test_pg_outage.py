"""A PostgreSQL the test started itself, stopped for a few seconds under load, started again.

Two issuing processes and a calling one keep working through it; `hallq` says the store is
unreachable (exit 4) while it is down; `hallq watch` says so and carries on; afterwards no
ticket is lost or doubled and the numbers go on without a gap.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from shared.store.apply import apply_hall
from shared.store.db import Store
from shared.store.migrate import upgrade
from tests.factories import small_hall
from tests.faults.common import ROOT, check_store, count, hallq, rows, spawn
from tests.pgcluster import cluster_or_skip, wait_until_up

LOAD_S = 12.0
DOWN_S = 3.0


def _worker(role: str, url: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.faults.worker", role, url,
                             str(LOAD_S)], cwd=ROOT, env=dict(os.environ),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.pg
@pytest.mark.slow
def test_postgresql_stopped_under_load_and_started_again() -> None:
    cluster = cluster_or_skip()
    try:
        cluster.sql("CREATE DATABASE hallq")
        url = cluster.url("hallq")
        store = Store(url)
        upgrade(store)
        apply_hall(store, small_hall())
        store.dispose()
        assert hallq(url, "counter", "open", "1", "--clerk", "li.wei").returncode == 0
        workers = [_worker("issue", url), _worker("issue", url), _worker("call", url)]
        watch = spawn(url, "watch", "--json")
        deadline = time.monotonic() + 20
        while count(url, "SELECT count(*) FROM ticket") < 20:
            assert time.monotonic() < deadline, "no load before the outage"
            time.sleep(0.1)
        before = count(url, "SELECT count(*) FROM ticket")
        cluster.stop("fast")  # every connection dropped, new ones refused
        down_at = time.monotonic()
        during = hallq(url, "ticket", "issue", "--service", "A", timeout=30)
        assert during.returncode == 4 and "store unreachable" in during.stderr, during.stderr
        time.sleep(max(0.0, DOWN_S - (time.monotonic() - down_at)))
        cluster.start()
        wait_until_up(url)
        outcomes = []
        for proc in workers:
            out, err = proc.communicate(timeout=LOAD_S + 30)
            assert proc.returncode == 0, err
            outcomes.append([json.loads(line) for line in out.splitlines()])
        watch.terminate()
        _, watch_err = watch.communicate(timeout=10)
        errors = [o for lines in outcomes for o in lines if "error" in o]
        assert not errors, errors[:5]
        for lines in outcomes:
            down = [i for i, o in enumerate(lines) if "down" in o]
            assert down, "the worker never saw the outage"
            assert any("ok" in o for o in lines[down[-1]:]), "it did not carry on"
        assert "store unreachable, retrying" in watch_err
        last = check_store(url)["A"]
        issued = [o["ok"] for lines in outcomes[:2] for o in lines if "ok" in o]
        assert len(set(issued)) == len(issued)  # no code handed out twice
        assert count(url, "SELECT count(*) FROM ticket") > before
        # an issue whose commit went through as the server stopped may not have been
        # answered: the store has it, with its event; nothing a client got is missing
        codes = {str(r[0]) for r in rows(url, "SELECT code FROM ticket")}
        assert set(issued) <= codes, sorted(set(issued) - codes)[:5]
        stored = len(codes)
        again = hallq(url, "ticket", "issue", "--service", "A", "--json")
        assert again.returncode == 0 and f'"A{last + 1:03d}"' in again.stdout, again.stderr
        print(f"PostgreSQL outage: {before} tickets before, down {DOWN_S:g} s; clients saw "
              f"{sum('down' in o for lines in outcomes for o in lines)} unreachable answers; "
              f"{stored} tickets after, last A{last:03d}, no gap")
    finally:
        cluster.remove()
