"""`hallq simulate --live`: citizens and automatic counters in real time, so the board moves.

Unlike a fast run, a live run shares its store with the real apps (a kiosk may issue
too), so it keeps no private count of who waits: an idle counter simply asks
`call_next` every few seconds. Time is the wall clock; `speed` shortens every gap
and service time by that factor. SIGINT/SIGTERM (Ctrl+C) stop it cleanly: cases in
hand are finished, a called ticket goes back to the line, the counters close.
"""

from __future__ import annotations

import contextlib
import heapq
import json
import random
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from shared import services as uc
from shared.config.spec import HallSpec
from shared.domain.errors import DomainError, NothingWaiting
from shared.sim.config import SimConfig
from shared.sim.draws import ArrivalStream
from shared.sim.halls import layout_of
from shared.sim.run import resolve
from shared.store.db import Store, StoreNotReady

ARRIVE, FREE, START, END, NO_SHOW = range(5)
IDLE_POLL_S = 2.0  # wall seconds between an idle counter's calls


def prepare_store(store: Store, spec: HallSpec) -> None:
    """Migrate the store and apply the hall unless it already holds one."""
    from shared.store.apply import apply_hall
    from shared.store.migrate import upgrade

    upgrade(store)
    try:
        uc.hall_status(store, estimates=False)
    except StoreNotReady:
        apply_hall(store, spec)


class LiveRun:
    """One live run: a heap of events in hall seconds, paced against the wall clock."""

    def __init__(
        self,
        spec: HallSpec,
        cfg: SimConfig,
        store: Store,
        *,
        speed: float,
        out: Callable[[dict[str, Any]], None],
    ) -> None:
        if speed <= 0:
            raise ValueError(f"--speed must be more than 0, got {speed}")
        self.cfg, self.store, self.speed, self.out = cfg, store, speed, out
        layout = layout_of(spec)
        self.counters = [n for n in (cfg.counters or sorted(layout.counters)) if layout.counters[n]]
        start = datetime.now(UTC)
        self.streams = {
            code: ArrivalStream(
                cfg,
                code,
                cfg.service_minutes.get(code, layout.targets[code]) * 60.0,
                start,
                layout.timezone,
            )
            for code in cfg.services()
        }
        self.targets = layout.targets
        self.rng = random.Random(f"{cfg.seed}:live")
        self.walk_s = cfg.walk_s or 10.0  # long enough to see the call on the board
        self.heap: list[tuple[float, int, int, Any]] = []
        self.seq = 0
        self.counts = {"issued": 0, "called": 0, "finished": 0, "no_show": 0}
        self.stop = threading.Event()

    def _push(self, t: float, kind: int, arg: Any) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (t, self.seq, kind, arg))

    def run(self, max_wall_s: float | None = None) -> dict[str, int]:
        wall0 = time.monotonic()
        for number in self.counters:
            uc.open_counter(self.store, counter=number, clerk=None)
            self._push(0.0, FREE, number)
        for code, stream in self.streams.items():
            first = stream.next_after(0.0)
            if first is not None:
                self._push(first, ARRIVE, code)
        try:
            while self.heap and not self.stop.is_set():
                t, _, kind, arg = self.heap[0]
                due = wall0 + t / self.speed
                if max_wall_s is not None:
                    due = min(due, wall0 + max_wall_s)
                if self.stop.wait(max(0.0, due - time.monotonic())):
                    break
                if max_wall_s is not None and time.monotonic() - wall0 >= max_wall_s:
                    break
                heapq.heappop(self.heap)
                self._handle(t, kind, arg)
        finally:
            self._wind_down()
        return dict(self.counts)

    def _handle(self, t: float, kind: int, arg: Any) -> None:
        if kind == ARRIVE:
            info = uc.issue_ticket(
                self.store,
                service=arg,
                enforce_limits=False,
                priority=self.rng.random() < self.cfg.priority_share,
                source="simulator",
            )
            self.counts["issued"] += 1
            self.out({"kind": "issued", "code": info.code, "service": arg})
            following = self.streams[arg].next_after(t)
            if following is not None:
                self._push(following, ARRIVE, arg)
        elif kind == FREE:
            try:
                call = uc.call_next(self.store, counter=arg)
            except NothingWaiting:
                self._push(t + IDLE_POLL_S * self.speed, FREE, arg)
                return
            self.counts["called"] += 1
            self.out({"kind": "called", "code": call.code, "counter": arg})
            if self.rng.random() < self.cfg.no_show_share:
                self._push(t + self.cfg.no_show_wait_s, NO_SHOW, arg)
            else:
                self._push(t + self.walk_s, START, (arg, call.service))
        elif kind == START:
            number, service = arg
            uc.start_service(self.store, counter=number)
            self._push(t + self._service_time(service), END, number)
        elif kind == END:
            call = uc.finish(self.store, counter=arg)
            self.counts["finished"] += 1
            self.out({"kind": "finished", "code": call.code, "counter": arg})
            if self.cfg.rating_share and self.rng.random() < self.cfg.rating_share:
                level = self.rng.choices(
                    list(self.cfg.level_mix), weights=list(self.cfg.level_mix.values())
                )[0]
                uc.rate(self.store, ticket_id=call.ticket_id, level=level)
            self._push(t, FREE, arg)
        elif kind == NO_SHOW:
            call = uc.mark_no_show(self.store, counter=arg)
            self.counts["no_show"] += 1
            self.out({"kind": "no_show", "code": call.code, "counter": arg})
            self._push(t, FREE, arg)

    def _service_time(self, service: str) -> float:
        mean = 60.0 * self.cfg.service_minutes.get(service, self.targets.get(service, 10.0))
        return self.rng.expovariate(1.0 / mean)

    def _wind_down(self) -> None:
        """Finish the cases in hand, put called tickets back, close our counters."""
        for number in self.counters:
            # Nothing in hand, or only called: the close below puts it back in the line.
            with contextlib.suppress(DomainError):
                uc.finish(self.store, counter=number)
            try:
                uc.close_counter(self.store, counter=number, release=True)
            except DomainError as exc:
                print(f"hallq: counter {number} not closed: {exc}", file=sys.stderr)


def run_live(
    spec: HallSpec,
    cfg: SimConfig,
    url: str | None,
    *,
    speed: float = 1.0,
    as_json: bool = False,
    max_wall_s: float | None = None,
) -> int:
    """Feed the store at `url` in real time until Ctrl+C (or `--hours` of hall time)."""
    cfg = resolve(cfg, spec)
    store = Store(url, hall=spec.code)
    prepare_store(store, spec)

    def out(item: dict[str, Any]) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        if as_json:
            print(json.dumps({"at": stamp, **item}, ensure_ascii=False), flush=True)
        else:
            where = f" -> {item['counter']}" if "counter" in item else ""
            print(f"{stamp} {item['kind']:9s} {item['code']}{where}", flush=True)

    live = LiveRun(spec, cfg, store, speed=speed, out=out)
    previous = {
        s: signal.signal(s, lambda *_: live.stop.set()) for s in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        counts = live.run(max_wall_s)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        store.dispose()
    summary = " ".join(f"{k} {v}" for k, v in counts.items())
    print(json.dumps({"kind": "stopped", **counts}) if as_json else f"stopped: {summary}")
    return 0
