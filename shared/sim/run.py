"""Build the store a run drives (a fresh temporary SQLite file, or a given URL) and run."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from shared.config.spec import HallSpec
from shared.domain.clock import ManualClock
from shared.sim.config import SimConfig, SimConfigError, next_opening
from shared.sim.engine import Simulation
from shared.sim.halls import MemoryHall, StoreHall, layout_of
from shared.sim.stats import RunFigures, SimResult, memory_figures
from shared.store.db import Store


def resolve(cfg: SimConfig, spec: HallSpec) -> SimConfig:
    """Service keys given as prefixes (A=60) become service codes; the start is fixed."""
    layout = layout_of(spec)

    def code(key: str, option: str) -> str:
        try:
            return layout.service_code(key)
        except KeyError:
            known = ", ".join(sorted(layout.prefixes))
            raise SimConfigError(
                f"{option}: hall {spec.code} has no service or prefix {key!r} (services: {known})"
            ) from None

    arrivals = {code(k, "--arrivals"): v for k, v in cfg.arrivals.items()}
    minutes = {code(k, "--service-minutes"): v for k, v in cfg.service_minutes.items()}
    profile = None
    if cfg.profile is not None:
        profile = {
            hour: {code(k, "--profile"): v for k, v in rates.items()}
            for hour, rates in cfg.profile.items()
        }
    start = cfg.start or next_opening(spec, datetime.now(UTC))
    return replace(cfg, arrivals=arrivals, service_minutes=minutes, profile=profile, start=start)


@contextmanager
def sim_store(spec: HallSpec, start: datetime, url: str | None = None) -> Iterator[Store]:
    """A migrated store holding `spec`, on a manual clock at `start`.

    Without `url`, a temporary SQLite file removed afterwards.
    """
    from shared.services import hall_status
    from shared.store.apply import apply_hall
    from shared.store.migrate import upgrade

    folder = None if url else Path(tempfile.mkdtemp(prefix="hallq-sim-"))
    if folder is not None:
        url = f"sqlite:///{folder / 'sim.sqlite'}"
    clock = ManualClock(start)
    store = Store(url, hall=spec.code, clock=clock)
    try:
        upgrade(store)
        apply_hall(store, spec)
        status = hall_status(store, estimates=False)
        waiting = sum(s.waiting for s in status.services)
        busy = [c.number for c in status.counters if c.current]
        if waiting or busy:
            raise SimConfigError(
                f"the store already has {waiting} tickets waiting and counters {busy} busy on "
                f"{status.business_day}: simulate on a fresh store or another --start day"
            )
        yield store
    finally:
        store.dispose()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def simulate(spec: HallSpec, cfg: SimConfig, url: str | None = None) -> SimResult:
    """Run `cfg` through the real use cases on a fresh store (or the store at `url`)."""
    cfg = resolve(cfg, spec)
    assert cfg.start is not None
    with sim_store(spec, cfg.start, url) as store:
        assert isinstance(store.clock, ManualClock)
        hall = StoreHall(store, store.clock)
        label = store.url if url else "temporary SQLite (removed)"
        result = Simulation(cfg, hall, cfg.start, store=label).run()
        result.figures = store_figures(store, hall, result)
        return result


def store_figures(store: Store, hall: StoreHall, result: SimResult) -> RunFigures:
    """The report of the events the run wrote: `build_report` over the simulated days,
    by service, counting only the run's own tickets."""
    from shared.reports.build import build_report
    from shared.reports.period import Period

    first = datetime.fromisoformat(result.start).date()
    last = max(first, datetime.fromisoformat(result.end).date())
    report = build_report(
        store, Period(first, last, "range"), by="service", only_tickets=set(hall.codes)
    )
    return RunFigures(report.total, {row.key: row.figures for row in report.rows})


def simulate_in_memory(spec: HallSpec, cfg: SimConfig) -> SimResult:
    """The same run on the in-memory twin of the store's dispatch rules (no history kept);
    its figures come from its own records through the reports' Tally."""
    cfg = resolve(replace(cfg, enforce_limits=False), spec)
    assert cfg.start is not None
    hall = MemoryHall(spec)
    result = Simulation(cfg, hall, cfg.start, store="memory").run()
    result.figures = memory_figures(
        result.citizens, cfg.start, hall.layout.timezone, hall.layout.targets
    )
    return result


def default_arrivals(
    spec: HallSpec, counters: tuple[int, ...] | None, load: float = 0.8
) -> dict[str, float]:
    """Rates that keep the open counters about `load` busy: each counter's time is shared
    evenly among its services, and a service gets `load` of what its share can serve."""
    layout = layout_of(spec)
    rates: dict[str, float] = {}
    for number, served in layout.counters.items():
        if (counters is not None and number not in counters) or not served:
            continue
        for code in served:
            per_hour = 60.0 / layout.targets[code]
            rates[code] = rates.get(code, 0.0) + load * per_hour / len(served)
    return {code: round(rate, 2) for code, rate in sorted(rates.items())}
