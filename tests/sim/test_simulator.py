"""The simulator on the real store: same calls as its in-memory twin, a true history, hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.config.hallfile import load_hall_file
from shared.sim.config import SimConfig, SimConfigError
from shared.sim.run import simulate, simulate_in_memory
from shared.store.db import Store
from shared.store.models import Event, Rating, Ticket
from tests.sim.conftest import SHANGHAI

DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo-hall.toml"


@pytest.fixture(scope="module")
def demo_spec():  # type: ignore[no-untyped-def]
    return load_hall_file(DEMO)


def busy_evening(**changes: object) -> SimConfig:
    """Two services on four counters of three dispatch modes, across midnight."""
    values: dict[str, object] = {
        "hours": 2.5,
        "arrivals": {"L": 20, "M": 10},
        "counters": (9, 10, 11, 12),
        "seed": 3,
        "enforce_limits": False,
        "start": datetime(2026, 12, 1, 22, 30, tzinfo=SHANGHAI),
        "no_show_share": 0.1,
        "priority_share": 0.2,
        "rating_share": 0.5,
    }
    values.update(changes)
    return SimConfig(**values)  # type: ignore[arg-type]


def trace(result):  # type: ignore[no-untyped-def]
    return [(c.seq, c.service, c.called, c.started, c.ended, c.outcome) for c in result.citizens]


def test_store_and_memory_twin_make_the_same_calls(demo_spec) -> None:  # type: ignore[no-untyped-def]
    cfg = busy_evening()
    on_store = simulate(demo_spec, cfg)
    in_memory = simulate_in_memory(demo_spec, cfg)
    assert trace(on_store) == trace(in_memory)
    outcomes = {c.outcome for c in on_store.citizens}
    assert {"served", "no_show"} <= outcomes
    # The queue outlasted the business day: those left at midnight went home unserved,
    # on the store as in memory, and nobody was issued a second ticket.
    assert "unserved" in outcomes and on_store.reissued == 0
    assert on_store.overall()["unserved"] == in_memory.overall()["unserved"] > 0
    # Both summaries come from the reports' Tally: the store's from its events, the
    # twin's from its own records. They agree (waits to the store's microseconds).
    for key, value in on_store.overall().items():
        assert in_memory.overall()[key] == pytest.approx(value, abs=0.002), key
    assert any(c.priority for c in on_store.citizens)
    assert on_store.utilisation == pytest.approx(in_memory.utilisation)


def test_same_seed_same_result_other_seed_other_result(demo_spec) -> None:  # type: ignore[no-untyped-def]
    first = simulate_in_memory(demo_spec, busy_evening(hours=6))
    again = simulate_in_memory(demo_spec, busy_evening(hours=6))
    other = simulate_in_memory(demo_spec, busy_evening(hours=6, seed=4))
    assert first.overall() == again.overall() and trace(first) == trace(again)
    assert trace(first) != trace(other)


def test_the_store_left_behind_holds_the_history(demo_spec, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'history.sqlite'}"
    cfg = busy_evening(hours=1.5, start=datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI))
    result = simulate(demo_spec, cfg, url)
    figures = result.overall()
    store = Store(url)
    try:
        with store.read() as session:
            kinds = dict(
                session.execute(select(Event.kind, func.count()).group_by(Event.kind)).all()
            )
            finished = session.scalar(
                select(func.count()).select_from(Ticket).where(Ticket.status == "finished")
            )
            ratings = session.scalar(select(func.count()).select_from(Rating))
            first_issue = session.scalar(select(func.min(Ticket.issued_at)))
    finally:
        store.dispose()
    assert kinds["issued"] == figures["tickets"] > 0
    assert kinds["finished"] == finished == figures["served"]
    assert kinds["no_show"] >= figures["no_shows"]
    assert ratings == kinds["rated"] == figures["served"]  # rated, or recorded 未评价
    assert first_issue is not None and first_issue >= cfg.start
    assert kinds["counter_opened"] == kinds["counter_closed"] == 4


def test_a_day_run_keeps_the_halls_hours(demo_spec) -> None:  # type: ignore[no-untyped-def]
    """11:00 to 14:30 in the demo hall: no tickets over lunch (12:00-13:30)."""
    cfg = SimConfig(
        hours=3.5,
        arrivals={"L": 30},
        counters=(10, 11),
        start=datetime(2026, 12, 1, 11, 0, tzinfo=SHANGHAI),
        seed=2,
    )
    result = simulate(demo_spec, cfg)
    lunch = [c for c in result.citizens if 3600 <= c.arrived < 9000]
    rest = [c for c in result.citizens if not 3600 <= c.arrived < 9000]
    assert lunch and all(c.outcome == "refused" for c in lunch)
    assert rest and all(c.outcome == "served" for c in rest)
    assert result.overall()["refused"] == len(lunch)


def test_unknown_names_are_refused_clearly(demo_spec) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SimConfigError, match="no service or prefix 'nope'"):
        simulate_in_memory(demo_spec, SimConfig(hours=1, arrivals={"nope": 3}))
    with pytest.raises(SimConfigError, match="no counter 99"):
        simulate_in_memory(demo_spec, SimConfig(hours=1, arrivals={"L": 3}, counters=(99,)))
    with pytest.raises(SimConfigError, match="--hours"):
        SimConfig(hours=0, arrivals={})


def test_the_day_closes_after_the_overtime(demo_spec, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issuing stops at 17:30, counters call until 17:45 (15 min overtime), then the day
    closes: the rest are voided at 17:45 and nobody is called or served after it but the
    cases already in hand."""
    url = f"sqlite:///{tmp_path / 'close.sqlite'}"
    cfg = SimConfig(
        hours=1.5,
        arrivals={"L": 40},
        counters=(10,),
        seed=5,
        overtime_min=15,
        start=datetime(2026, 12, 1, 16, 30, tzinfo=SHANGHAI),
    )
    result = simulate(demo_spec, cfg, url)
    closes = datetime(2026, 12, 1, 17, 45, tzinfo=SHANGHAI)
    store = Store(url)
    try:
        with store.read() as session:
            events = session.execute(select(Event.kind, Event.at, Event.details)).all()
    finally:
        store.dispose()
    issued = [at for kind, at, _ in events if kind == "issued"]
    calls = [at for kind, at, _ in events if kind == "called"]
    voids = [at for kind, at, d in events if kind == "cancelled" and d.get("day_closed")]
    assert issued and max(issued) < datetime(2026, 12, 1, 17, 30, tzinfo=SHANGHAI)
    assert calls and max(calls) < closes
    assert voids and all(closes - timedelta(seconds=1) < at <= closes for at in voids)
    overall = result.overall()
    assert overall["unserved"] == len(voids) == overall["left_waiting"]
    assert overall["refused"] > 0  # arrivals after 17:30 found the kiosk closed
    assert sum(c.outcome == "unserved" for c in result.citizens) == len(voids)
