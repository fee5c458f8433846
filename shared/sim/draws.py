"""The random side of a run: Poisson arrivals per service and what each citizen brings."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from shared.sim.config import SimConfig


@dataclass
class Citizen:
    """One person who comes to the hall, and what happened to them (seconds from the start)."""

    seq: int
    service: str
    arrived: float
    priority: bool
    no_show: bool
    service_s: float
    level: int | None  # rating level, None: leaves the pad untouched
    rates: bool  # whether a rating (or 未评价) is recorded at all
    ticket_id: int | None = None
    day: int = 0  # the business day (from the start) of the ticket held
    called: float | None = None  # the call that serves (or the last call of a no-show)
    first_called: float | None = None  # the wait ends here, as reports count it
    counter: int | None = None  # the counter of the last call
    started: float | None = None
    ended: float | None = None
    # waiting | refused | served | no_show | unserved (voided when the day closed) |
    # left (still waiting when the run stopped)
    outcome: str = "waiting"


class ArrivalStream:
    """One service's arrivals: a Poisson process whose rate follows the hour of day.

    Each service has its own seeded generator and each citizen draws the same number
    of values whatever the options, so two runs with the same seed meet the same
    citizens even when counters differ (common random numbers for staffing).
    """

    def __init__(
        self, cfg: SimConfig, service: str, mean_service_s: float, start: datetime, timezone: str
    ) -> None:
        self.cfg = cfg
        self.service = service
        self.mean_service_s = mean_service_s
        self.rng = random.Random(f"{cfg.seed}:{service}")
        self.start_local = start.astimezone(ZoneInfo(timezone))
        self.horizon = cfg.hours * 3600.0

    def _hour_and_boundary(self, t: float) -> tuple[int, float]:
        local = self.start_local + timedelta(seconds=t)
        into = local.minute * 60 + local.second + local.microsecond / 1e6
        return local.hour, t + 3600.0 - into

    def next_after(self, t: float) -> float | None:
        """The next arrival after `t`, or None past the run's horizon."""
        while t < self.horizon:
            hour, boundary = self._hour_and_boundary(t)
            rate = self.cfg.rate_at(self.service, hour)
            if rate <= 0:
                t = boundary
                continue
            gap = self.rng.expovariate(rate / 3600.0)
            if t + gap < min(boundary, self.horizon):
                return t + gap
            t = boundary  # memoryless: draw afresh from the next hour's rate
        return None

    def citizen(self, seq: int, arrived: float) -> Citizen:
        cfg, rng = self.cfg, self.rng
        u_priority, u_no_show, u_rates, u_level = (rng.random() for _ in range(4))
        return Citizen(
            seq=seq,
            service=self.service,
            arrived=arrived,
            priority=u_priority < cfg.priority_share,
            no_show=u_no_show < cfg.no_show_share,
            service_s=self._service_time(),
            level=_pick_level(cfg.level_mix, u_level) if u_rates < cfg.rating_share else None,
            rates=cfg.rating_share > 0,
        )

    def _service_time(self) -> float:
        mean = self.mean_service_s
        if self.cfg.distribution == "lognormal":
            sigma = self.cfg.lognormal_sigma
            return self.rng.lognormvariate(math.log(mean) - sigma * sigma / 2, sigma)
        return self.rng.expovariate(1.0 / mean)


def _pick_level(mix: dict[int, float], u: float) -> int:
    total = 0.0
    for level in sorted(mix):
        total += mix[level]
        if u < total:
            return level
    return max(mix)
