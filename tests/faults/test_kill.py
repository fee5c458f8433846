"""kill -9 in the middle of issuing, calling and applying a hall file, on both stores.

Each time: the store keeps every ticket with its `issued` event, no code twice, numbers
without a gap, and the same command run again carries on where the killed one stopped.
"""

from __future__ import annotations

import time

import pytest

from shared.store.apply import apply_hall
from shared.store.db import Store
from tests.factories import small_hall
from tests.faults.common import ROOT, check_store, count, hallq, kill_when, spawn

DEMO = str(ROOT / "assets" / "demo-hall.toml")


@pytest.fixture
def url(db_url: str) -> str:
    """A store with the small test hall, used by real processes on the real clock."""
    store = Store(db_url)
    apply_hall(store, small_hall())
    store.dispose()
    return db_url


def _tickets(url: str) -> int:
    return count(url, "SELECT count(*) FROM ticket")


def test_kill_mid_issue(url: str) -> None:
    proc = spawn(url, "ticket", "issue", "--service", "A", "--count", "1000")
    assert kill_when(proc, lambda: _tickets(url) >= 30), proc.communicate()
    assert proc.returncode == -9
    last = check_store(url)["A"]
    assert last == _tickets(url)  # every ticket the killed process committed is whole
    again = hallq(url, "ticket", "issue", "--service", "A", "--count", "3", "--json")
    assert again.returncode == 0, again.stderr
    assert [f'"A{n:03d}"' in again.stdout for n in range(last + 1, last + 4)] == [True] * 3
    assert check_store(url)["A"] == last + 3


def test_kill_mid_call(url: str) -> None:
    assert hallq(url, "ticket", "issue", "--service", "A", "--count", "300").returncode == 0
    assert hallq(url, "counter", "open", "1", "--clerk", "li.wei").returncode == 0

    def called() -> int:
        return count(url, "SELECT count(*) FROM event WHERE kind = 'called'")

    proc = spawn(url, "call", "next", "--counter", "1", "--repeat", "1000")
    assert kill_when(proc, lambda: called() >= 25), proc.communicate()
    check_store(url)
    done = called()
    finished = count(url, "SELECT count(*) FROM ticket WHERE status = 'finished'")
    # each round finishes one ticket, then calls the next: at most one called, unfinished
    assert finished in (done - 1, done)
    again = hallq(url, "call", "next", "--counter", "1", "--json")
    assert again.returncode == 0, again.stderr
    assert called() == done + 1
    check_store(url)


@pytest.mark.slow
def test_kill_mid_config_apply(url: str) -> None:
    """The demo hall's apply (about a second) killed at several points: all or nothing."""
    assert hallq(url, "ticket", "issue", "--service", "A", "--count", "5").returncode == 0
    before = count(url, "SELECT count(*) FROM service")
    kills, seen = 0, []
    for delay_ms in (250, 500, 750, 1000, 1250):
        applied = count(url, "SELECT count(*) FROM event WHERE kind = 'config_applied'")
        proc = spawn(url, "config", "apply", DEMO)
        started = time.monotonic()
        killed = kill_when(proc, lambda s=started, d=delay_ms: time.monotonic() - s >= d / 1000)
        kills += killed
        after = count(url, "SELECT count(*) FROM event WHERE kind = 'config_applied'")
        services = count(url, "SELECT count(*) FROM service")
        seen.append((delay_ms, "killed" if killed else "finished", after - applied))
        # one transaction: nothing of the demo hall, or all of it with its event
        assert (after - applied, services) in ((0, before), (1, before + 36)), seen
        check_store(url)
        if after > applied:
            break
    print("kill -9 during config apply (delay ms, outcome, applies recorded):", seen)
    assert kills >= 1, "no apply was ever killed in its middle"
    done = hallq(url, "config", "apply", DEMO)
    assert done.returncode == 0, done.stderr
    assert count(url, "SELECT count(*) FROM service") == before + 36
    issue = hallq(url, "--hall", "test", "ticket", "issue", "--service", "A", "--json")
    assert issue.returncode == 0 and '"A006"' in issue.stdout, issue.stderr + issue.stdout
    check_store(url)
