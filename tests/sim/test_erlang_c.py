"""The simulator against queueing theory: M/M/c FIFO mean waits agree with Erlang C.

Tolerance. A run's mean wait is a random estimate. Its standard error is taken by
batch means (the served citizens, in arrival order, after a 5% warm-up, cut into 20
batches; batches this long are close to independent), and the test asks the theory
to lie within 3 standard errors of the estimate: a miss by chance has odds of about
1 in 100 (t with 19 degrees of freedom), and the seeds are fixed, so the outcome is
deterministic. So that a loose run cannot pass by being vague, each test also bounds
the standard error itself (at most 10% of the theoretical wait for the in-memory runs).
"""

from __future__ import annotations

import math
import statistics

import pytest

from shared.sim.config import SimConfig
from shared.sim.draws import Citizen
from shared.sim.erlang import counters_needed, erlang_c, mean_wait_s
from shared.sim.run import simulate, simulate_in_memory
from tests.sim.conftest import TUESDAY_0, mmc_hall

BATCHES = 20


def batch_estimate(citizens: list[Citizen]) -> tuple[float, float]:
    """(mean wait, its standard error by batch means), in seconds."""
    waits = [c.called - c.arrived for c in citizens if c.outcome == "served" and c.called]
    waits = waits[len(waits) // 20 :]
    size = len(waits) // BATCHES
    means = [statistics.fmean(waits[i * size : (i + 1) * size]) for i in range(BATCHES)]
    return statistics.fmean(means), statistics.stdev(means) / math.sqrt(BATCHES)


def mmc_config(counters: int, rho: float, service_s: float, customers: int, seed: int) -> SimConfig:
    per_hour = rho * counters * 3600.0 / service_s
    return SimConfig(
        hours=customers / per_hour,
        arrivals={"A": per_hour},
        service_minutes={"A": service_s / 60.0},
        seed=seed,
        start=TUESDAY_0,
        enforce_limits=False,
    )


def test_erlang_c_known_values() -> None:
    # M/M/1: the chance to wait is the utilisation, Wq = rho / (mu - lambda).
    assert erlang_c(1, 0.7) == pytest.approx(0.7)
    assert mean_wait_s(1, 36.0, 60.0) == pytest.approx(0.6 / (1 / 60 - 0.01))
    # M/M/2 at a = 1 Erlang: C = 1/3 (textbook value).
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert mean_wait_s(2, 60.0, 60.0) == pytest.approx((1 / 3) * 60.0 / (2 - 1))
    assert erlang_c(3, 3.5) == 1.0 and math.isinf(mean_wait_s(3, 3.5 * 60, 60.0))
    # 10 Erlangs under a 2-minute mean wait: 12 counters leave 135 s, 13 leave 57 s.
    assert counters_needed(60.0, 600.0, 120.0) == 13
    assert mean_wait_s(12, 60.0, 600.0) > 120.0 >= mean_wait_s(13, 60.0, 600.0)


@pytest.mark.parametrize(
    ("counters", "rho", "customers"),
    [
        pytest.param(3, 0.5, 20_000, id="light-50%"),
        pytest.param(2, 0.8, 40_000, id="80%"),
        pytest.param(2, 0.95, 120_000, id="95%", marks=pytest.mark.slow),
    ],
)
def test_memory_runs_agree_with_erlang_c(counters: int, rho: float, customers: int) -> None:
    cfg = mmc_config(counters, rho, 60.0, customers, seed=11)
    result = simulate_in_memory(mmc_hall(counters), cfg)
    theory = mean_wait_s(counters, cfg.arrivals["A"], 60.0)
    estimate, stderr = batch_estimate(result.citizens)
    assert stderr <= 0.10 * theory, f"run too short to judge: s.e. {stderr:.2f} s"
    assert abs(estimate - theory) <= 3 * stderr, (estimate, theory, stderr)
    # Utilisation is the load itself.
    for share in result.utilisation.values():
        assert share == pytest.approx(rho, abs=0.03)


@pytest.mark.slow
def test_store_run_agrees_with_erlang_c() -> None:
    """The same check through the real use cases on SQLite: a shorter run, a wider margin."""
    cfg = mmc_config(2, 0.8, 60.0, 400, seed=5)
    result = simulate(mmc_hall(2), cfg)
    theory = mean_wait_s(2, cfg.arrivals["A"], 60.0)
    estimate, stderr = batch_estimate(result.citizens)
    assert stderr <= 0.45 * theory
    assert abs(estimate - theory) <= 3 * stderr, (estimate, theory, stderr)
    assert result.overall()["served"] == len(result.citizens)
