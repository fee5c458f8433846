"""The board's voice at the demo hall's peak call rate: how late calls are spoken.

The calls come from `hallq simulate` (the demo hall, 8 hours, seed 1): its store's
`called`/`recalled` events of the busiest 60 minutes are replayed, at their own times,
into the Announcer the board builds (the hall's engines, real WAVs), with a player that
takes as long as each WAV lasts. To finish in minutes, time runs `speedup` times faster
while the speaker plays or idles, and at real speed while a call is rendered, so the
rendering costs what it costs on this machine.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "assets" / "demo-hall.toml"


class VirtualClock:
    """Hall time: `speedup` x real time, except 1 x while a call is being rendered."""

    def __init__(self, start: datetime, speedup: float) -> None:
        self._lock = threading.Lock()
        self._sim, self._real = start, time.monotonic()
        self._speedup, self._rate = speedup, speedup

    def __call__(self) -> datetime:
        with self._lock:
            return self._sim + timedelta(seconds=(time.monotonic() - self._real) * self._rate)

    def set_rate(self, rate: float) -> None:
        with self._lock:
            now = time.monotonic()
            self._sim += timedelta(seconds=(now - self._real) * self._rate)
            self._real, self._rate = now, rate

    def real_speed(self) -> None:
        self.set_rate(1.0)

    def fast(self) -> None:
        self.set_rate(self._speedup)

    def sleep_until(self, moment: datetime) -> None:
        while (left := (moment - self()).total_seconds()) > 0:
            time.sleep(min(0.05, left / self._rate))


class PacedPlayer:
    """A sound device that takes as long as the WAV lasts (in hall time)."""

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock

    def play(self, wav_path: Path) -> None:
        from shared.speech.wavtools import read_wav

        seconds = read_wav(wav_path).seconds
        self.clock.sleep_until(self.clock() + timedelta(seconds=seconds))


class TimedRenderer:
    """The hall's renderer, with hall time at real speed while it works."""

    def __init__(self, inner: Any, clock: VirtualClock) -> None:
        self.inner, self.clock = inner, clock

    def render(self, announcement: Any, path: Path) -> Path:
        self.clock.real_speed()
        try:
            return self.inner.render(announcement, path)  # type: ignore[no-any-return]
        finally:
            self.clock.fast()

    def render_rounds(self, announcement: Any, path: Path) -> list[Path]:
        self.clock.real_speed()
        try:
            return self.inner.render_rounds(announcement, path)  # type: ignore[no-any-return]
        finally:
            self.clock.fast()


@dataclass
class PeakResult:
    label: str
    calls: int
    rate_per_hour: float
    start_delays: list[float] = field(default_factory=list)  # call -> speech start, s
    shortened: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    engines: tuple[str, ...] = ()


def peak_calls(minutes: float, seed: int = 1) -> list[tuple[datetime, str, int, str]]:
    """The busiest `minutes` of calls of a simulated demo-hall day: (at, code, counter, kind)."""
    from sqlalchemy import select

    from shared.store.db import Store
    from shared.store.models import Event

    with tempfile.TemporaryDirectory(prefix="hallq-peak-") as work:
        url = f"sqlite:///{Path(work) / 'sim.sqlite'}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "shared.cli.main",
                "simulate",
                "--db",
                url,
                "--seed",
                str(seed),
                "--json",
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        store = Store(url)
        with store.read() as session:
            rows = session.execute(
                select(Event.at, Event.code, Event.counter, Event.kind)
                .where(Event.kind.in_(("called", "recalled")))
                .order_by(Event.at)
            ).all()
        store.dispose()
    calls = [(at, str(code), int(counter), str(kind)) for at, code, counter, kind in rows]
    window = timedelta(minutes=minutes)
    best, best_start, end = 0, 0, 0
    for start in range(len(calls)):
        while end < len(calls) and calls[end][0] - calls[start][0] < window:
            end += 1
        if end - start > best:
            best, best_start = end - start, start
    return calls[best_start : best_start + best]


def replay(
    label: str,
    spec: Any,
    calls: list[tuple[datetime, str, int, str]],
    minutes: float,
    speedup: float,
) -> PeakResult:
    """Speak `calls` at their times through the board's announcer; how late each started."""
    from shared.speech import VoiceCallRenderer, build_announcer
    from shared.speech.callwav import build_engines
    from shared.speech.settings import CHIME_PATH

    spec = replace(spec, quiet_hours=())
    clock = VirtualClock(calls[0][0] - timedelta(seconds=1), speedup)
    result = PeakResult(label, len(calls), len(calls) * 60 / minutes)
    lock = threading.Lock()

    def started(item: Any) -> None:
        with lock:
            result.start_delays.append((clock() - item.at).total_seconds())

    def finished(item: Any) -> None:
        with lock:
            result.shortened += item.form != "full"  # shortened before or while it was said

    def dropped(item: Any, reason: Any) -> None:
        with lock:
            result.skipped[str(reason)] = result.skipped.get(str(reason), 0) + 1

    engines = build_engines(spec)
    result.engines = engines.names
    renderer = TimedRenderer(VoiceCallRenderer(spec, chime=CHIME_PATH, engines=engines), clock)
    announcer = build_announcer(
        spec,
        PacedPlayer(clock),
        chime=CHIME_PATH,
        clock=clock,
        renderer=renderer,
        on_started=started,
        on_finished=finished,
        on_dropped=dropped,
    )
    with announcer:
        for at, code, counter, kind in calls:
            clock.sleep_until(at)
            announcer.submit(code, counter, "recall" if kind == "recalled" else "call", at=at)
        announcer.wait_idle(3600)
    return result


def report(result: PeakResult, percentile: Callable[[list[float], float], float]) -> str:
    d = result.start_delays
    late = sum(1 for x in d if x > 15)
    skipped = sum(result.skipped.values())
    why = ", ".join(f"{k} {v}" for k, v in sorted(result.skipped.items())) or "none"
    return (
        f"{result.label:<34} {result.calls:>5} {result.rate_per_hour:>6.0f}/h  "
        f"{percentile(d, 50):>6.1f}s {percentile(d, 99):>6.1f}s {max(d):>6.1f}s "
        f"{late:>5} {result.shortened:>5} {skipped:>5} ({why})"
    )


HEADER = (
    f"{'voice settings':<34} {'calls':>5} {'rate':>8}  {'p50':>7} {'p99':>7} {'max':>7} "
    f"{'>15s':>5} {'short':>5} {'skip':>5}"
)
