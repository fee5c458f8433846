"""Board latency: a call's commit to the board showing it and to its chime starting.

Then the voice at the demo hall's peak call rate (bench/voice_peak.py): call -> speech
start p50/p99 and how many calls were shortened or skipped.

Runs `hallq-display --log-json` as a separate process (offscreen, announcements written
as WAV files instead of played), commits calls through the use case in this process, and
pairs each call with the board's "shown" and "spoken" JSON lines by event id. Calls are
made one at a time (the next after the last was spoken), so the chime figure is the
voice's own latency, not a queue. Prints p50/p99 per backend.

    .venv/bin/python bench/display.py [--calls 200] [--backends sqlite,postgresql]
        [--peak-minutes 60] [--speedup 8] [--peak-only]
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_ADMIN = os.environ.get("HALLQ_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
AIMS = {"sqlite": 150.0, "postgresql": 50.0}  # shown p99, ms
CHIME_AIM = 300.0
COUNTER = 1


@contextmanager
def store_url(backend: str, work: Path) -> Iterator[str]:
    """A fresh store of the backend; a PostgreSQL database is created and dropped."""
    if backend == "sqlite":
        yield f"sqlite:///{work / 'bench.sqlite'}"
        return
    import psycopg

    name = f"hallq_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield PG_ADMIN.rpartition("/")[0] + "/" + name
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def prepare(url: str, calls: int) -> Any:
    """The demo hall with `calls` + 1 tickets waiting for counter 1, the counter open."""
    from shared import services as uc
    from shared.config.hallfile import load_hall_file
    from shared.store.apply import apply_hall
    from shared.store.db import Store
    from shared.store.migrate import upgrade

    store = Store(url)
    upgrade(store)
    apply_hall(store, load_hall_file(ROOT / "assets" / "demo-hall.toml"))
    for _ in range(calls + 1):
        uc.issue_ticket(store, service="company-new", enforce_limits=False)
    uc.open_counter(store, counter=COUNTER)
    return store


def reader(stream: IO[str], lines: queue.Queue[dict[str, Any]]) -> None:
    for line in stream:
        try:
            lines.put(json.loads(line))
        except ValueError:
            print(f"not a JSON line from the board: {line!r}", file=sys.stderr)


def wait_for(
    lines: queue.Queue[dict[str, Any]],
    seen: dict[tuple[str, int], float],
    event_id: int,
    timeout: float = 15.0,
) -> tuple[float, float]:
    """The board's shown and spoken times of one event."""
    deadline = time.monotonic() + timeout
    while ("shown", event_id) not in seen or ("spoken", event_id) not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            got = sorted(kind for kind, number in seen if number == event_id)
            raise TimeoutError(
                f"event {event_id}: the board did not report it within "
                f"{timeout}s (got: {got or 'nothing'})"
            )
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            continue
        seen[(line["event"], int(line["event_id"]))] = float(line["t"])
    return seen[("shown", event_id)], seen[("spoken", event_id)]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def run_backend(backend: str, calls: int) -> dict[str, Any]:
    from shared import services as uc

    with tempfile.TemporaryDirectory(prefix="hallq-bench-") as tmp:
        work = Path(tmp)
        with store_url(backend, work) as url:
            store = prepare(url, calls)
            wavs = work / "wavs"
            env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
            errors = (work / "board.log").open("w")
            board = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "display",
                    "--db",
                    url,
                    "--log-json",
                    "--wav-dir",
                    str(wavs),
                    "--size",
                    "1920x1080",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
            )
            lines: queue.Queue[dict[str, Any]] = queue.Queue()
            assert board.stdout is not None
            threading.Thread(target=reader, args=(board.stdout, lines), daemon=True).start()
            seen: dict[tuple[str, int], float] = {}
            shown_ms: list[float] = []
            chime_ms: list[float] = []
            try:
                # Start-up: the board reads the hall, then says it follows the feed.
                while lines.get(timeout=60)["event"] != "ready":
                    pass
                warm = uc.call_next(store, counter=COUNTER)
                wait_for(lines, seen, warm.event_id, timeout=30)
                for _ in range(calls):
                    uc.finish(store, counter=COUNTER)
                    call = uc.call_next(store, counter=COUNTER)
                    committed = time.time()  # call_next has returned: the commit is done
                    shown, spoken = wait_for(lines, seen, call.event_id)
                    shown_ms.append((shown - committed) * 1000)
                    chime_ms.append((spoken - committed) * 1000)
                    shutil.rmtree(wavs, ignore_errors=True)
                    time.sleep(random.uniform(0.02, 0.08))
            except TimeoutError:
                errors.flush()
                print(f"board exit status: {board.poll()}; its log ends:", file=sys.stderr)
                print((work / "board.log").read_text()[-3000:], file=sys.stderr)
                raise
            finally:
                board.terminate()
                board.wait(10)
                store.dispose()
    return {"backend": backend, "calls": len(shown_ms), "shown": shown_ms, "chime": chime_ms}


def run_peak(minutes: float, speedup: float) -> None:
    """The demo hall's busiest hour of calls through the board's voice, old and new settings."""
    from bench.voice_peak import HEADER, peak_calls, replay, report
    from shared.config.hallfile import load_hall_file

    spec = load_hall_file(ROOT / "assets" / "demo-hall.toml").announce
    calls = peak_calls(minutes)
    # Every call in full (Chinese and English, twice), as the board spoke before these settings.
    before = replace(
        spec,
        english_once=False,
        template_zh_repeat="",
        shorten_when_waiting=False,
        shorten_after_s=spec.skip_after_s - 1,
    )
    print(
        f"\nvoice at the demo hall's peak: the busiest {minutes:.0f} min of `hallq simulate` "
        f"(demo hall, 8 h, seed 1), replayed {speedup:.0f}x faster except while rendering"
    )
    print(HEADER)
    for label, settings in (
        ("every call in full (before)", before),
        ("demo hall [announce]", spec),
    ):
        result = replay(label, settings, calls, minutes, speedup)
        print(report(result, pct) + f"  engines: {', '.join(result.engines)}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Print commit->shown and commit->chime p50/p99 per backend, then the peak-rate run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--peak-minutes",
        type=float,
        default=60.0,
        help="how much of the busiest hour to replay (0: skip the peak run)",
    )
    parser.add_argument(
        "--speedup",
        type=float,
        default=8.0,
        help="hall time runs this much faster while the speaker plays or idles",
    )
    parser.add_argument("--peak-only", action="store_true", help="only the peak-rate run")
    args = parser.parse_args(argv)
    if args.peak_only:
        run_peak(args.peak_minutes, args.speedup)
        return 0
    print(
        f"{'backend':<11} {'calls':>5}  {'shown p50':>9} {'p99':>7} {'aim':>5}   "
        f"{'chime p50':>9} {'p99':>7} {'aim':>5}"
    )
    for backend in args.backends.split(","):
        result = run_backend(backend, args.calls)
        shown, chime = result["shown"], result["chime"]
        print(
            f"{backend:<11} {result['calls']:>5}  {statistics.median(shown):>7.1f}ms "
            f"{pct(shown, 99):>5.1f}ms {AIMS[backend]:>4.0f}   "
            f"{statistics.median(chime):>7.1f}ms {pct(chime, 99):>5.1f}ms {CHIME_AIM:>4.0f}",
            flush=True,
        )
    if args.peak_minutes > 0:
        run_peak(args.peak_minutes, args.speedup)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
