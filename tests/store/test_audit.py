"""The store's own stamps on events, `hallq events --json` and `hallq audit`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from shared import services as uc
from shared.cli.main import main as hallq
from shared.domain.clock import ManualClock
from shared.store.db import Store


def test_events_carry_the_stores_clock_and_writer(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    uc.issue_ticket(store, service="A")
    capsys.readouterr()
    assert hallq(["--db", store.url, "events", "--json"]) == 0
    event = json.loads(capsys.readouterr().out.splitlines()[-1])
    recorded = datetime.fromisoformat(event["recorded_at"])
    # The business time is the (simulated) clock's; recorded_at is the store's own.
    assert event["at"].startswith("2026-11-30T02:00")
    assert before <= recorded.replace(microsecond=0) <= datetime.now(UTC)
    if store.is_postgres:
        assert event["recorded_by"] == "postgres"  # the database role that wrote it
    else:
        assert event["recorded_by"] is None  # one PC, one trust domain


def test_audit_lists_events_from_a_wrong_clock(
    store: Store, clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    # The fixture's clock is a fixed Monday; a PC whose clock is right is within seconds.
    right = Store(store.url)
    uc.issue_ticket(right, service="A", enforce_limits=False)
    right.dispose()
    uc.issue_ticket(store, service="B")
    capsys.readouterr()
    assert hallq(["--db", store.url, "audit", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    skewed = [r for r in rows if r["service"] == "B"]
    assert len(skewed) == 1 and abs(skewed[0]["skew_s"]) > 120
    assert not [r for r in rows if r["service"] == "A" and r["kind"] == "issued"]
    assert hallq(["--db", store.url, "audit", "--tolerance", str(10**9)]) == 0
    assert "no event differs" in capsys.readouterr().out


def test_a_new_sqlite_store_is_readable_by_its_account_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from shared.store.migrate import upgrade

    store = Store(f"sqlite:///{tmp_path / 'hall' / 'new.sqlite'}")
    upgrade(store)
    store.dispose()
    for path in (tmp_path / "hall").iterdir():
        assert path.stat().st_mode & 0o077 == 0, path
