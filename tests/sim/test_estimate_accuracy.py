"""Paused counters in the simulator, and the estimate's accuracy floor on a simulated morning.

The floor is loose on purpose: bench/estimate.py prints the figures; this only catches
an estimate that has stopped tracking the queue (or fallen behind the simple one).
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.estimate import measure, run_day
from shared.sim.config import SimConfig, SimConfigError, parse_pause
from shared.sim.run import simulate
from shared.store.db import Store
from shared.store.models import Event
from tests.sim.conftest import SHANGHAI, mmc_hall


def test_pause_parses_counters_time_and_minutes() -> None:
    pause = parse_pause("1-3,7@10:30+45")
    assert (pause.counters, pause.at, pause.length_s) == ((1, 2, 3, 7), time(10, 30), 2700)
    start = datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)
    assert pause.starts_after(start, "Asia/Shanghai") == 5400
    for bad in ("1-3", "1@10:30", "x@10:30+5", "1@25:00+5", "1@10:30+0"):
        with pytest.raises(SimConfigError, match="--pause"):
            parse_pause(bad)


def test_a_paused_counter_calls_no_one_until_it_resumes(tmp_path: Path) -> None:
    cfg = SimConfig(
        hours=2,
        arrivals={"A": 20},
        seed=5,
        start=datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI),
        pauses=(parse_pause("1@09:30+20"),),
    )
    url = f"sqlite:///{tmp_path / 'sim.sqlite'}"
    simulate(mmc_hall(2), cfg, url)
    store = Store(url, hall="mmc")
    try:
        with store.read() as session:
            events = session.execute(
                select(Event.kind, Event.at, Event.counter).where(Event.counter == 1)
            ).all()
    finally:
        store.dispose()
    paused = next(at for kind, at, _ in events if kind == "paused")
    resumed = next(at for kind, at, _ in events if kind == "resumed")
    assert (resumed - paused).total_seconds() == 1200
    assert paused.astimezone(SHANGHAI).time() == time(9, 30)
    calls = [at for kind, at, _ in events if kind == "called"]
    assert calls and not [at for at in calls if paused <= at < resumed]


def test_the_estimate_beats_the_simple_one_on_a_busy_morning() -> None:
    day = run_day("80%", 0.8, 11, 3.0, "lognormal", None, "")
    old, new, _ = measure(day.tickets)
    assert new.n >= 50  # enough waits over 5 minutes to say anything
    assert new.within_30 > old.within_30
    assert new.median_err < old.median_err
    assert abs(new.bias) < abs(old.bias)
    # Loose floors, well under what the bench measures (about 55% and 25%).
    assert new.within_30 >= 0.35
    assert new.median_err <= 0.4
    assert abs(new.bias) <= 0.2
