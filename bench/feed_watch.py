"""Does `hallq watch` print every event under load? The CLI driven from outside, as a script would.

A store made from the demo hall; `hallq watch --json` runs throughout while 4 processes
issue 200 tickets each and 4 processes call 100 times each (`call next` finishes the
counter's ticket, then calls). Afterwards every event id in the log is looked up in
what `watch` printed. Prints, per backend: events logged, printed, missing (with their
kinds), printed twice, and the wall time; never asserts.

    .venv/bin/python bench/feed_watch.py [--backend sqlite|postgresql|both] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import pg_available, throwaway_store_url

ROOT = Path(__file__).resolve().parents[1]
HALL = ROOT / "assets" / "demo-hall.toml"
# Four counters of the demo hall and a service each of them serves.
LINES = ((1, "company-new"), (2, "company-change"), (3, "food-licence"), (4, "invest-filing"))


def hallq(url: str, *args: str, stdout: Any = subprocess.PIPE) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "shared.cli.main", "--db", url, *args]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE, text=True)


def run(url: str, tickets: int, calls: int) -> dict[str, object]:
    for args in (("db", "upgrade"), ("config", "apply", str(HALL))):
        done = hallq(url, *args)
        _out, err = done.communicate()
        if done.returncode:
            raise SystemExit(f"hallq {' '.join(args)} failed: {err}")
    for number, _svc in LINES:
        hallq(url, "counter", "open", str(number)).communicate()
    start_id = _last_id(url)
    # Not a pipe: a full pipe would stall the watcher until it is read.
    with tempfile.TemporaryFile("w+") as sink:
        watch = hallq(url, "watch", "--json", "--since", str(start_id), stdout=sink)
        time.sleep(1.5)  # the watcher is listening
        began = time.monotonic()
        issuers = [
            hallq(url, "ticket", "issue", "--service", svc, "--count", str(tickets), "--json")
            for _n, svc in LINES
        ]
        time.sleep(0.5)  # a few tickets wait before the first call
        callers = [_caller(url, number, calls) for number, _svc in LINES]
        for proc in issuers:
            proc.communicate()
        done_calls = sum(c() for c in callers)
        elapsed = time.monotonic() - began
        time.sleep(2.0)  # the last notification or poll
        watch.terminate()
        watch.wait(timeout=30)
        sink.seek(0)
        printed_out = sink.read()
    printed = [json.loads(line)["id"] for line in printed_out.splitlines() if line.strip()]
    logged = _log(url, start_id)
    missing = sorted(set(logged) - set(printed))
    twice = [i for i, n in Counter(printed).items() if n > 1]
    return {
        "logged": len(logged),
        "printed": len(printed),
        "missing": len(missing),
        "missing_kinds": dict(Counter(logged[i] for i in missing)),
        "twice": len(twice),
        "calls": done_calls,
        "seconds": round(elapsed, 1),
    }


def _caller(url: str, number: int, calls: int):  # type: ignore[no-untyped-def]
    """Call `calls` times from one counter, waiting a moment whenever nothing waits."""
    proc = hallq(url, "call", "next", "--counter", str(number), "--repeat", str(calls), "--json")

    def finish() -> int:
        nonlocal proc
        made = 0
        deadline = time.monotonic() + 300
        while True:
            out, _err = proc.communicate()
            made += len([line for line in out.splitlines() if line.strip()])
            if made >= calls or proc.returncode != 3 or time.monotonic() > deadline:
                return made
            time.sleep(0.2)
            proc = hallq(
                url,
                "call",
                "next",
                "--counter",
                str(number),
                "--repeat",
                str(calls - made),
                "--json",
            )

    return finish


def _last_id(url: str) -> int:
    out, _ = hallq(url, "status", "--json").communicate()
    return int(json.loads(out).get("last_event_id", 0))


def _log(url: str, since: int) -> dict[int, str]:
    out, _ = hallq(url, "events", "--since", str(since), "--json").communicate()
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {int(r["id"]): r["kind"] for r in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--tickets", type=int, default=200, help="tickets per issuing process")
    parser.add_argument("--calls", type=int, default=100, help="calls per calling process")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(
        f"hallq watch under load — 4 issuers x {args.tickets} tickets, "
        f"4 callers x {args.calls} calls"
    )
    for backend in backends:
        if backend == "postgresql" and not pg_available():
            print("postgresql: no server answers; skipped")
            continue
        for n in range(args.runs):
            with throwaway_store_url(backend) as url:
                r = run(url, args.tickets, args.calls)
            print(
                f"{backend:10s} run {n + 1}: logged {r['logged']}  printed {r['printed']}  "
                f"missing {r['missing']} {r['missing_kinds'] or ''}  twice {r['twice']}  "
                f"calls {r['calls']}  {r['seconds']} s"
            )


if __name__ == "__main__":
    main()
