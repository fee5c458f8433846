"""kill -9 in the middle of issuing, calling and applying a hall file, on both stores.

Each time: the store keeps every ticket with its `issued` event, no code twice, numbers
without a gap, and the same command run again carries on where the killed one stopped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.store.apply import apply_hall
from shared.store.db import Store
from tests.factories import small_hall
from tests.faults.common import (
    ROOT,
    check_store,
    count,
    hallq,
    held_for,
    kill_when,
    spawn,
    writing_now,
)

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
    # killed while a ticket's transaction is open (it has written, not committed)
    assert kill_when(proc, lambda: _tickets(url) >= 30 and writing_now(url)), proc.communicate()
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
    assert kill_when(proc, lambda: called() >= 25 and writing_now(url)), proc.communicate()
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
def test_kill_mid_config_apply(url: str, tmp_path: Path) -> None:
    """The demo hall's apply killed inside its transaction: nothing of it is left.

    Each attempt applies the demo hall under a new code; one that finished before the kill
    could catch it is whole, the killed one left nothing.
    """
    assert hallq(url, "ticket", "issue", "--service", "A", "--count", "5").returncode == 0
    demo = Path(DEMO).read_text(encoding="utf-8")
    killed = None
    for attempt in range(1, 6):
        hall_file = tmp_path / f"demo-{attempt}.toml"
        hall_file.write_text(
            demo.replace('code = "demo-city"', f'code = "demo-{attempt}"', 1), encoding="utf-8"
        )
        halls = count(url, "SELECT count(*) FROM hall")
        services = count(url, "SELECT count(*) FROM service")
        applied = count(url, "SELECT count(*) FROM event WHERE kind = 'config_applied'")
        proc = spawn(url, "config", "apply", str(hall_file))
        # inside apply_hall's transaction: PostgreSQL shows uncommitted writes; SQLite's write
        # lock is held longer than the schema check before it ever holds it
        if kill_when(proc, held_for(lambda: writing_now(url), 0.05)):
            killed = attempt
            assert (
                count(url, "SELECT count(*) FROM hall"),
                count(url, "SELECT count(*) FROM service"),
                count(url, "SELECT count(*) FROM event WHERE kind = 'config_applied'"),
            ) == (halls, services, applied), "a killed apply left part of the hall behind"
            check_store(url)
            break
        assert proc.returncode == 0  # finished before the kill: all of it
        assert count(url, "SELECT count(*) FROM service") == services + 36
    assert killed is not None, "no apply was caught inside its transaction in 5 attempts"
    print(f"kill -9 inside config apply: caught at attempt {killed}")
    done = hallq(url, "config", "apply", str(tmp_path / f"demo-{killed}.toml"))
    assert done.returncode == 0, done.stderr
    assert count(url, f"SELECT count(*) FROM hall WHERE code = 'demo-{killed}'") == 1
    issue = hallq(url, "--hall", "test", "ticket", "issue", "--service", "A", "--json")
    assert issue.returncode == 0 and '"A006"' in issue.stdout, issue.stderr + issue.stdout
    check_store(url)
