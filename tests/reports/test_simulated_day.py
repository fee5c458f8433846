"""A report over a simulated day agrees with the simulator's own summary."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shared.cli.main import main
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


# An overloaded afternoon of the demo hall: more citizens than counters 10 and 11 serve,
# up to the last ticket time (17:30), then half an hour of overtime; the rest go home.
OVERLOADED = [
    "simulate",
    "--counters",
    "10,11",
    "--arrivals",
    "L=40,M=20",
    "--start",
    "2026-11-02T15:30",
    "--hours",
    "2",
    "--seed",
    "7",
    "--no-show-share",
    "0.1",
    "--priority-share",
    "0.2",
    "--rating-share",
    "0.6",
    "--json",
]


def _run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(argv) == 0
    return dict(json.loads(capsys.readouterr().out))


def test_simulate_json_is_the_report_of_its_events(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sim = _run_json([*OVERLOADED, "--db", db_url], capsys)
    report = _run_json(
        ["--db", db_url, "report", "--day", "2026-11-02", "--format", "json"], capsys
    )
    total = report["total"]
    # Every figure the report gives, the simulator gives alike, for the hall...
    assert {k: sim[k] for k in total} == total
    # ... and for each service (services with citizens but no ticket have empty rows).
    rows = {row["key"]: row for row in report["rows"]}
    for code, figures in sim["services"].items():
        if code in rows:
            assert {k: figures[k] for k in total} == {k: rows[code][k] for k in total}, code
        else:
            assert figures["issued"] == 0, code
    # The historic names say the same.
    assert sim["tickets"] == total["issued"] and sim["no_shows"] == total["no_show"]
    assert sim["mean_wait_s"] == pytest.approx(total["wait_mean_s"], abs=0.05)
    assert sim["p90_wait_s"] == pytest.approx(total["wait_p90_s"], abs=0.05)
    # The day closed at 18:00 with citizens still waiting: they went home, counted as
    # unserved; nobody was reissued a ticket or served the next day.
    assert total["unserved"] > 0 and sim["left_waiting"] == total["unserved"]
    assert sim["reissued"] == 0 and total["open"] == 0 and total["cancelled"] == 0
    assert total["issued"] == total["served"] + total["no_show"] + total["unserved"]
    assert total["rated"] + total["unrated"] == total["served"]
    # The cases in hand at 18:00 are finished, not broken off; nothing more is called.
    assert "2026-11-02T18:00:00+08:00" <= sim["end"] < "2026-11-02T19:00:00+08:00"
    week = _run_json(
        [
            "--db",
            db_url,
            "report",
            "--from",
            "2026-11-02",
            "--to",
            "2026-11-08",
            "--format",
            "json",
        ],
        capsys,
    )
    assert week["total"] == total  # nothing spilled into the following days
