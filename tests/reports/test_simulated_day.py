"""A report over a simulated day agrees with the simulator's own summary."""

from __future__ import annotations

import pytest

from shared.domain.clock import ManualClock
from shared.reports.build import build_report
from shared.reports.period import day
from shared.sim.config import SimConfig
from shared.sim.run import simulate
from shared.store.db import Store
from tests.factories import MONDAY_10, small_hall


def test_report_matches_the_simulator(db_url: str) -> None:
    cfg = SimConfig(
        hours=3,
        arrivals={"A": 20.0, "B": 10.0},
        counters=(1, 2, 5),
        seed=3,
        start=MONDAY_10,
        no_show_share=0.1,
        rating_share=0.5,
    )
    result = simulate(small_hall(), cfg, url=db_url)
    sim = result.overall()
    store = Store(db_url, hall="test", clock=ManualClock(MONDAY_10))
    try:
        total = build_report(store, day("2026-11-30")).total
    finally:
        store.dispose()
    assert total.issued == sim["tickets"]
    assert total.served == sim["served"]
    assert total.no_show == sim["no_shows"]
    assert total.service_mean_s == pytest.approx(sim["mean_service_s"], abs=0.01)
