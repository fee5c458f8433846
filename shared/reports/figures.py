"""The figures of one report row, accumulated case by case and then frozen."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from shared.reports.facts import CANCELLED, NO_SHOW, OPEN, SERVED, TRANSFERRED, UNSERVED, CaseFact


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank q-th percentile (0 < q <= 100): the smallest value at least q% of the
    values reach; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q / 100.0 * len(ordered))) - 1]


def p90(values: list[float]) -> float | None:
    """Nearest-rank 90th percentile: the smallest value at least 90% of the values reach."""
    return percentile(values, 90)


@dataclass(frozen=True)
class Figures:
    """Counts, waits (seconds), service times (seconds) and ratings of a group of cases."""

    issued: int
    served: int
    no_show: int
    cancelled: int
    transferred: int
    open: int
    wait_count: int
    wait_mean_s: float | None
    wait_p90_s: float | None
    wait_max_s: float | None
    service_count: int
    service_mean_s: float | None
    target_s: float | None  # the cases' mean target service time
    over_target: int
    ratings: tuple[int, int, int, int, int]  # 非常满意 .. 非常不满意
    unrated: int
    unserved: int = 0  # still waiting when the day closed: voided, went home unserved
    wait_p50_s: float | None = None  # the median wait, nearest rank

    @property
    def rated(self) -> int:
        return sum(self.ratings)

    @property
    def satisfied_rate(self) -> float | None:
        """Share rated 满意 or better among rated cases."""
        return (self.ratings[0] + self.ratings[1]) / self.rated if self.rated else None

    @property
    def basic_rate(self) -> float | None:
        """Share rated 基本满意 or better among rated cases."""
        return sum(self.ratings[:3]) / self.rated if self.rated else None

    def to_json(self) -> dict[str, Any]:
        return {
            "issued": self.issued,
            "served": self.served,
            "no_show": self.no_show,
            "cancelled": self.cancelled,
            "transferred": self.transferred,
            "open": self.open,
            "unserved": self.unserved,
            "wait_count": self.wait_count,
            "wait_mean_s": _r(self.wait_mean_s),
            "wait_p50_s": _r(self.wait_p50_s),
            "wait_p90_s": _r(self.wait_p90_s),
            "wait_max_s": _r(self.wait_max_s),
            "service_count": self.service_count,
            "service_mean_s": _r(self.service_mean_s),
            "target_s": _r(self.target_s),
            "over_target": self.over_target,
            "ratings": {str(i + 1): n for i, n in enumerate(self.ratings)},
            "rated": self.rated,
            "unrated": self.unrated,
            "satisfied_rate": _r(self.satisfied_rate, 4),
            "basic_satisfied_rate": _r(self.basic_rate, 4),
        }


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


@dataclass
class Tally:
    """Adds cases up; `freeze()` gives the Figures."""

    issued: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    waits: list[float] = field(default_factory=list)
    service_sum: float = 0.0
    service_count: int = 0
    target_sum: float = 0.0
    over_target: int = 0
    ratings: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])
    unrated: int = 0

    def add(self, fact: CaseFact, target_s: float) -> None:
        if fact.origin:
            self.issued += 1
        self.outcomes[fact.outcome] = self.outcomes.get(fact.outcome, 0) + 1
        if fact.wait_s is not None:
            self.waits.append(fact.wait_s)
        if fact.outcome == SERVED and fact.service_s is not None:
            self.service_sum += fact.service_s
            self.service_count += 1
            self.target_sum += target_s
            if fact.service_s > target_s:
                self.over_target += 1
        if fact.rated:
            if fact.level is None:
                self.unrated += 1
            elif 1 <= fact.level <= 5:
                self.ratings[fact.level - 1] += 1

    def freeze(self) -> Figures:
        n = self.service_count
        waits = self.waits
        return Figures(
            issued=self.issued,
            served=self.outcomes.get(SERVED, 0),
            no_show=self.outcomes.get(NO_SHOW, 0),
            cancelled=self.outcomes.get(CANCELLED, 0),
            transferred=self.outcomes.get(TRANSFERRED, 0),
            open=self.outcomes.get(OPEN, 0),
            wait_count=len(waits),
            wait_mean_s=sum(waits) / len(waits) if waits else None,
            wait_p90_s=p90(waits),
            wait_max_s=max(waits) if waits else None,
            service_count=n,
            service_mean_s=self.service_sum / n if n else None,
            target_s=self.target_sum / n if n else None,
            over_target=self.over_target,
            ratings=(
                self.ratings[0],
                self.ratings[1],
                self.ratings[2],
                self.ratings[3],
                self.ratings[4],
            ),
            unrated=self.unrated,
            unserved=self.outcomes.get(UNSERVED, 0),
            wait_p50_s=percentile(waits, 50),
        )
