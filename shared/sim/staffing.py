"""Staffing advice: the fewest counters per hour that keep the mean wait under a target.

Hour by hour, counters are added in a fixed order (each next counter is the one that
best relieves the services most loaded per counter so far) until the citizens who
arrive in that hour wait on average under the target and none is left unserved.
Each candidate plan is played from the start with the same seed, so every candidate
meets the same citizens. The search runs on the in-memory twin of the store (the
tests show it makes the same calls); the plan found is then played once through the
real use cases, and those figures are printed with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from shared.config.spec import HallSpec
from shared.sim.config import SimConfig, SimConfigError
from shared.sim.erlang import counters_needed
from shared.sim.halls import HallLayout, layout_of
from shared.sim.run import resolve, simulate, simulate_in_memory
from shared.sim.stats import SimResult, memory_figures


@dataclass(frozen=True)
class PlanHour:
    hour: str  # local "09:00"
    arrivals: int
    counters: tuple[int, ...]
    mean_wait_s: float


@dataclass(frozen=True)
class StaffingPlan:
    target_wait_min: float
    hours: tuple[PlanHour, ...]
    check: SimResult  # the plan played through the real use cases

    def to_json(self) -> dict[str, Any]:
        return {
            "target_wait_min": self.target_wait_min,
            "plan": [
                {
                    "hour": h.hour,
                    "arrivals": h.arrivals,
                    "counters": len(h.counters),
                    "open": list(h.counters),
                    "mean_wait_s": round(h.mean_wait_s, 1),
                }
                for h in self.hours
            ],
            "check": self.check.to_json(),
        }


def counter_order(cfg: SimConfig, spec: HallSpec) -> list[int]:
    """Counters in the order they are added: greedily where load per counter is highest."""
    layout = layout_of(spec)
    hours = range(24) if cfg.profile is not None else [0]
    load = {  # mean offered load in Erlangs per service over the profile's hours
        s: sum(cfg.rate_at(s, h) for h in hours)
        / len(hours)
        * cfg.service_minutes.get(s, layout.targets[s])
        / 60.0
        for s in cfg.services()
    }
    allowed = cfg.counters or tuple(sorted(layout.counters))
    left = [n for n in allowed if any(load.get(s, 0) > 0 for s in layout.counters[n])]
    capacity = dict.fromkeys(load, 0.0)
    order: list[int] = []
    while left:

        def relief(n: int) -> float:
            return sum(load.get(s, 0.0) / (1.0 + capacity.get(s, 0.0)) for s in layout.counters[n])

        best = max(left, key=lambda n: (relief(n), -n))
        left.remove(best)
        order.append(best)
        for s in layout.counters[best]:
            if s in capacity:
                capacity[s] += 1.0 / len(layout.counters[best])
    return order


def _hour_figures(
    result: SimResult, hour: int, cfg: SimConfig, layout: HallLayout
) -> tuple[int, float, int]:
    """(arrivals, mean wait, went home unserved) of the citizens who came in `hour`."""
    assert cfg.start is not None
    group = [c for c in result.citizens if hour * 3600 <= c.arrived < (hour + 1) * 3600]
    figures = memory_figures(group, cfg.start, layout.timezone, layout.targets).total
    return len(group), figures.wait_mean_s or 0.0, figures.unserved + figures.open


def plan_staffing(
    spec: HallSpec, cfg: SimConfig, target_wait_min: float, url: str | None = None
) -> StaffingPlan:
    """The fewest counters for each hour of `cfg` keeping the mean wait under the target."""
    if target_wait_min <= 0:
        raise SimConfigError(f"--target-wait-min must be more than 0, got {target_wait_min}")
    cfg = resolve(replace(cfg, enforce_limits=False), spec)
    assert cfg.start is not None
    order = counter_order(cfg, spec)
    if not order:
        raise SimConfigError("no counter serves any service that has arrivals")
    layout = layout_of(spec)
    target_s = target_wait_min * 60.0
    plan: dict[int, tuple[int, ...]] = {}
    rows: list[PlanHour] = []
    for hour in range(math.ceil(cfg.hours)):
        local = (cfg.start + timedelta(hours=hour)).astimezone(layout.zone())
        rate = sum(cfg.rate_at(s, local.hour) for s in cfg.services())
        mean_s = 60.0 * max(cfg.service_minutes.get(s, layout.targets[s]) for s in cfg.services())
        # Erlang C on the pooled load is a lower bound to start from; dedicated lines need more.
        k = min(len(order), max(1, counters_needed(rate, mean_s, target_s) // 2)) if rate else 1
        while True:
            plan[hour] = tuple(sorted(order[:k]))
            trial = replace(cfg, hours=min(cfg.hours, hour + 1.0), plan=dict(plan), counters=None)
            result = simulate_in_memory(spec, trial)
            arrivals, wait, left = _hour_figures(result, hour, cfg, layout)
            # Fewer counters now must not leave earlier hours' citizens waiting longer.
            earlier_ok = all(
                _hour_figures(result, j, cfg, layout)[1]
                <= max(target_s, rows[j].mean_wait_s) + 1e-6
                for j in range(hour)
            )
            if (wait <= target_s and left == 0 and earlier_ok) or k >= len(order):
                break
            k += 1
        rows.append(PlanHour(local.strftime("%H:%M"), arrivals, plan[hour], wait))
    check = simulate(spec, replace(cfg, plan=plan, counters=None), url)
    return StaffingPlan(target_wait_min, tuple(rows), check)


def format_plan(plan: StaffingPlan) -> str:
    lines = [
        f"staffing for a mean wait under {plan.target_wait_min:g} min",
        f"{'hour':5s} {'arrivals':>8s} {'counters':>8s} {'mean wait':>9s}  open",
    ]
    for h in plan.hours:
        short = (
            "  (target out of reach: every counter that serves these is open)"
            if (h.mean_wait_s > plan.target_wait_min * 60)
            else ""
        )
        lines.append(
            f"{h.hour:5s} {h.arrivals:8d} {len(h.counters):8d} "
            f"{h.mean_wait_s / 60:7.1f} m  {','.join(map(str, h.counters))}{short}"
        )
    overall = plan.check.overall()
    lines.append(
        f"played through the use cases: {overall['tickets']} tickets, mean wait "
        f"{overall['mean_wait_s'] / 60:.1f} min, p90 {overall['p90_wait_s'] / 60:.1f} "
        f"min, wall {plan.check.wall_s:.1f} s"
    )
    return "\n".join(lines)
