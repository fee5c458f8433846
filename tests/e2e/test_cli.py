"""The `hallq` command line as outside scripts use it: options, JSON fields, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "assets" / "demo-hall.toml"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d$")


def hallq(db: str, *args: str, check: int | None = 0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HALLQ_DB_URL": "sqlite:////nonexistent/should-not-be-used"}
    proc = subprocess.run(
        [sys.executable, "-m", "shared.cli.main", "--db", db, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )
    if check is not None:
        assert proc.returncode == check, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def lines(proc: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


@pytest.fixture
def demo_db(db_url: str) -> str:
    hallq(db_url, "config", "apply", str(DEMO))
    return db_url


def test_config_check_and_apply_is_idempotent(db_url: str, tmp_path: Path) -> None:
    out = hallq(db_url, "config", "check", str(DEMO)).stdout
    assert "36 services" in out or "services" in out
    hallq(db_url, "db", "upgrade")
    first = hallq(db_url, "config", "apply", str(DEMO)).stdout
    again = hallq(db_url, "config", "apply", str(DEMO)).stdout
    assert "0 created, 0 updated, 0 deactivated" in again, again
    assert "created" in first
    broken = tmp_path / "broken.toml"
    broken.write_text('[hall]\ncode = "x"\nname = "X"\nnumber_width = 9\n', encoding="utf-8")
    proc = hallq(db_url, "config", "check", str(broken), check=2)
    assert f"{broken}:4:" in proc.stderr


def test_issue_call_and_events_contract(demo_db: str) -> None:
    db = demo_db
    hallq(db, "counter", "open", "1", "--clerk", "li.wei")
    tickets = lines(
        hallq(db, "ticket", "issue", "--service", "company-new", "--count", "3", "--json")
    )
    assert [t["code"] for t in tickets] == ["A001", "A002", "A003"]
    for t in tickets:
        assert {"id", "code", "service", "status", "priority", "issued_at"} <= t.keys()
        assert t["service"] == "company-new" and t["status"] == "waiting"
        assert t["priority"] is False and ISO.match(t["issued_at"])
    pri = lines(hallq(db, "ticket", "issue", "--service", "company-new", "--priority", "--json"))
    assert pri[0]["priority"] is True

    call = lines(hallq(db, "call", "next", "--counter", "1", "--json"))
    assert len(call) == 1
    assert {"event_id", "code", "counter", "service"} <= call[0].keys()
    assert call[0]["code"] == "A004" and call[0]["counter"] == 1  # priority first
    recall = lines(hallq(db, "call", "recall", "--counter", "1", "--json"))[0]
    assert recall["code"] == "A004"
    lines(hallq(db, "call", "no-show", "--counter", "1", "--json"))
    calls = lines(hallq(db, "call", "next", "--counter", "1", "--repeat", "2", "--json"))
    assert [c["code"] for c in calls] == ["A001", "A002"]
    done = lines(hallq(db, "call", "finish", "--counter", "1", "--json"))[0]
    assert done["code"] == "A002"

    events = lines(hallq(db, "events", "--since", "0", "--json"))
    assert [e["id"] for e in events] == sorted(e["id"] for e in events)
    for e in events:
        assert {"id", "at", "kind", "code", "counter", "service"} <= e.keys()
        assert ISO.match(e["at"]), e["at"]
    kinds = [e["kind"] for e in events]
    assert kinds.count("issued") == 4 and "recalled" in kinds and "no_show" in kinds
    since = events[-3]["id"]
    assert [e["id"] for e in lines(hallq(db, "events", "--since", str(since), "--json"))] == [
        e["id"] for e in events[-2:]
    ]

    status = json.loads(hallq(db, "status", "--json").stdout)
    assert {"business_day", "services", "counters"} <= status.keys()
    svc = next(s for s in status["services"] if s["code"] == "company-new")
    assert {"code", "prefix", "name", "waiting", "est_wait_min"} <= svc.keys()
    assert svc["prefix"] == "A" and svc["waiting"] == 2  # A003 and the requeued A004
    c1 = next(c for c in status["counters"] if c["number"] == 1)
    assert {"number", "state", "services", "current"} <= c1.keys()
    assert c1["state"] == "open" and c1["current"] is None and "company-new" in c1["services"]
    hallq(db, "counter", "close", "1")


def test_exit_codes(demo_db: str) -> None:
    db = demo_db
    hallq(db, "counter", "open", "2")
    proc = hallq(db, "call", "next", "--counter", "2", check=3)
    assert "nobody waits" in proc.stderr
    proc = hallq(db, "ticket", "issue", "--service", "no-such", check=2)
    assert "no-such" in proc.stderr
    hallq(db, "ticket", "issue", "--service", "company-new", "--count", "0", check=2)
    hallq(db, "call", "next", "--counter", "999", check=2)
    hallq(db, "call", "recall", "--counter", "2", check=2)  # no current ticket
    proc = hallq("postgresql://nobody@127.0.0.1:9/none", "status", check=4)
    assert "unreachable" in proc.stderr


def test_store_without_hall_exits_4(tmp_path: Path) -> None:
    proc = hallq(f"sqlite:///{tmp_path / 'x.sqlite'}", "status", check=4)
    assert "db upgrade" in proc.stderr or "config apply" in proc.stderr


def test_watch_prints_events_as_they_happen(demo_db: str) -> None:
    env = {**os.environ}
    watcher = subprocess.Popen(
        [sys.executable, "-m", "shared.cli.main", "--db", demo_db, "watch", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        time.sleep(1.5)  # the watcher starts at the end of the log
        hallq(demo_db, "ticket", "issue", "--service", "company-new", "--json")
        assert watcher.stdout is not None
        line = watcher.stdout.readline()
        event = json.loads(line)
        assert event["kind"] == "issued" and event["code"] == "A001"
    finally:
        watcher.terminate()
        watcher.wait(10)
    assert watcher.returncode == 0
