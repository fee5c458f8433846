"""The figures of a run: the report's own figures (shared/reports) plus what only the
simulator knows (citizens the kiosk refused, counter utilisation, wall time).

On the store the figures are the report of the events the run wrote; the in-memory twin
builds the same case facts from its own records and adds them up with the same Tally.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from shared.reports.facts import NO_SHOW, OPEN, SERVED, UNSERVED, CaseFact
from shared.reports.figures import Figures, Tally
from shared.sim.draws import Citizen

_OUTCOMES = {"served": SERVED, "no_show": NO_SHOW, "unserved": UNSERVED}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation between ranks; 0 when empty.

    Kept for callers that study raw waits (queueing-theory checks); the run's summary
    uses the reports' nearest-rank percentiles.
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass(frozen=True)
class RunFigures:
    """The report's figures of a run: the hall total and one row per service code."""

    total: Figures
    services: dict[str, Figures]


def citizen_facts(
    citizens: Iterable[Citizen], start: datetime, timezone: str, service_ids: dict[str, int]
) -> Iterator[CaseFact]:
    """The case facts of a run's tickets, from the simulation's own records (as
    `shared.reports.facts.case_facts` replays them from the store's events)."""
    zone = ZoneInfo(timezone)
    for c in citizens:
        if c.ticket_id is None:
            continue  # refused at the kiosk: no ticket, no case
        issued = (start + timedelta(seconds=c.arrived)).astimezone(zone)
        fact = CaseFact(
            ticket_id=c.ticket_id,
            origin=True,
            service_id=service_ids[c.service],
            business_day=issued.date(),
            issue_hour=issued.hour,
            outcome=_OUTCOMES.get(c.outcome, OPEN),
        )
        if c.first_called is not None:
            fact.wait_s = c.first_called - c.arrived
            fact.counter = c.counter
        if fact.outcome == SERVED and c.ended is not None and c.started is not None:
            fact.service_s = c.ended - c.started
            fact.finish_hour = (start + timedelta(seconds=c.ended)).astimezone(zone).hour
            if c.rates:
                fact.rated, fact.level = True, c.level
        yield fact


def tally_facts(
    facts: Iterable[CaseFact], targets_s: dict[int, float], codes: dict[int, str]
) -> RunFigures:
    """Add facts up as `build_report` does: the total and per service (code)."""
    total = Tally()
    groups: dict[str, Tally] = {}
    for fact in facts:
        target = targets_s[fact.service_id]
        total.add(fact, target)
        groups.setdefault(codes[fact.service_id], Tally()).add(fact, target)
    return RunFigures(total.freeze(), {code: t.freeze() for code, t in groups.items()})


def memory_figures(
    citizens: Sequence[Citizen], start: datetime, timezone: str, targets_min: dict[str, float]
) -> RunFigures:
    """The figures of a run on the in-memory twin, by the reports' own Tally."""
    ids = {code: i for i, code in enumerate(sorted(targets_min))}
    codes = {i: code for code, i in ids.items()}
    targets = {ids[code]: minutes * 60.0 for code, minutes in targets_min.items()}
    run = tally_facts(citizen_facts(citizens, start, timezone, ids), targets, codes)
    # A service's row shows its own target, as the report's service rows do.
    return replace(
        run,
        services={
            code: replace(f, target_s=targets[ids[code]]) for code, f in run.services.items()
        },
    )


def _summary(figures: Figures, group: Sequence[Citizen]) -> dict[str, Any]:
    """The summary's fields: the historic names first, then every report field."""
    return {
        "tickets": figures.issued,
        "served": figures.served,
        "no_shows": figures.no_show,
        "refused": sum(1 for c in group if c.outcome == "refused"),
        # went home unserved: voided at the day's close, or still waiting at the run's end
        "left_waiting": figures.unserved + figures.open,
        "mean_wait_s": round(figures.wait_mean_s or 0.0, 3),
        "p50_wait_s": round(figures.wait_p50_s or 0.0, 3),
        "p90_wait_s": round(figures.wait_p90_s or 0.0, 3),
        "max_wait_s": round(figures.wait_max_s or 0.0, 3),
        "mean_service_s": round(figures.service_mean_s or 0.0, 3),
        **figures.to_json(),
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
    reissued: int = 0  # no longer happens: a day's leftovers are void, not carried over
    extra: dict[str, Any] = field(default_factory=dict)
    figures: RunFigures | None = None  # the report's figures of the run's tickets

    def _figures(self) -> RunFigures:
        assert self.figures is not None, "a run's figures are set when it ends"
        return self.figures

    def overall(self) -> dict[str, Any]:
        return _summary(self._figures().total, self.citizens)

    def by_service(self) -> dict[str, dict[str, Any]]:
        run = self._figures()
        codes = sorted({c.service for c in self.citizens} | set(run.services))
        empty = Tally().freeze()
        return {
            code: _summary(
                run.services.get(code, empty), [c for c in self.citizens if c.service == code]
            )
            for code in codes
        }

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
        f"{'service':18s} {'tickets':>7s} {'served':>6s} {'no-show':>7s} {'unserved':>8s} "
        f"{'refused':>7s} {'mean':>7s} {'p50':>7s} {'p90':>7s} {'max':>7s} {'svc':>6s}"
    )
    lines = [f"waits and service times in minutes; store {result.store}", head]

    def row(name: str, s: dict[str, Any]) -> str:
        m = [s[k] / 60 for k in ("mean_wait_s", "p50_wait_s", "p90_wait_s", "max_wait_s")]
        return (
            f"{name[:18]:18s} {s['tickets']:7d} {s['served']:6d} {s['no_shows']:7d} "
            f"{s['left_waiting']:8d} {s['refused']:7d} {m[0]:7.1f} {m[1]:7.1f} {m[2]:7.1f} "
            f"{m[3]:7.1f} {s['mean_service_s'] / 60:6.1f}"
        )

    for code, s in result.by_service().items():
        lines.append(row(code, s))
    overall = result.overall()
    lines.append(row("(all)", overall))
    util = "  ".join(f"{n}:{u:.0%}" for n, u in sorted(result.utilisation.items()))
    lines.append(f"utilisation  {util}")
    lines.append(
        f"unserved: {overall['left_waiting']} held a ticket when the day closed and "
        "went home (void)"
    )
    lines.append(f"from {result.start} to {result.end}; wall {result.wall_s:.2f} s")
    return "\n".join(lines)
