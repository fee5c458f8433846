"""The figures of a run: waits, service times and utilisation, per service and overall."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from shared.sim.draws import Citizen


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation between ranks; 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def summarise(citizens: Iterable[Citizen]) -> dict[str, Any]:
    """Counts and wait figures (seconds, rounded to ms) of a group of citizens."""
    group = list(citizens)
    served = [c for c in group if c.outcome == "served"]
    waits = [c.called - c.arrived for c in served if c.called is not None]
    service = [c.ended - c.started for c in served if c.ended is not None and c.started is not None]
    return {
        "tickets": sum(1 for c in group if c.outcome != "refused"),
        "served": len(served),
        "no_shows": sum(1 for c in group if c.outcome == "no_show"),
        "refused": sum(1 for c in group if c.outcome == "refused"),
        "left_waiting": sum(1 for c in group if c.outcome in ("waiting", "left")),
        "mean_wait_s": round(_mean(waits), 3),
        "p50_wait_s": round(percentile(waits, 50), 3),
        "p90_wait_s": round(percentile(waits, 90), 3),
        "max_wait_s": round(max(waits, default=0.0), 3),
        "mean_service_s": round(_mean(service), 3),
    }


@dataclass
class SimResult:
    """What `hallq simulate` prints: overall and per-service figures, utilisation, wall time."""

    citizens: list[Citizen]
    utilisation: dict[int, float]
    wall_s: float
    start: str
    end: str
    seed: int
    store: str
    reissued: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def overall(self) -> dict[str, Any]:
        return summarise(self.citizens)

    def by_service(self) -> dict[str, dict[str, Any]]:
        codes = sorted({c.service for c in self.citizens})
        return {code: summarise(c for c in self.citizens if c.service == code) for code in codes}

    def to_json(self) -> dict[str, Any]:
        return {
            **self.overall(),
            "utilisation": {str(n): round(u, 4) for n, u in sorted(self.utilisation.items())},
            "wall_s": round(self.wall_s, 3),
            "services": self.by_service(),
            "start": self.start,
            "end": self.end,
            "seed": self.seed,
            "store": self.store,
            "reissued": self.reissued,
            **self.extra,
        }


def format_table(result: SimResult) -> str:
    """A plain-text table of the figures, one row per service and one for the hall."""
    head = (
        f"{'service':18s} {'tickets':>7s} {'served':>6s} {'no-show':>7s} {'refused':>7s} "
        f"{'mean':>7s} {'p50':>7s} {'p90':>7s} {'max':>7s} {'svc':>6s}"
    )
    lines = [f"waits and service times in minutes; store {result.store}", head]

    def row(name: str, s: dict[str, Any]) -> str:
        m = [s[k] / 60 for k in ("mean_wait_s", "p50_wait_s", "p90_wait_s", "max_wait_s")]
        return (
            f"{name[:18]:18s} {s['tickets']:7d} {s['served']:6d} {s['no_shows']:7d} "
            f"{s['refused']:7d} {m[0]:7.1f} {m[1]:7.1f} {m[2]:7.1f} {m[3]:7.1f} "
            f"{s['mean_service_s'] / 60:6.1f}"
        )

    for code, s in result.by_service().items():
        lines.append(row(code, s))
    lines.append(row("(all)", result.overall()))
    util = "  ".join(f"{n}:{u:.0%}" for n, u in sorted(result.utilisation.items()))
    lines.append(f"utilisation  {util}")
    lines.append(f"from {result.start} to {result.end}; wall {result.wall_s:.2f} s")
    return "\n".join(lines)
