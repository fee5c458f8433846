"""The discrete-event simulation: a heap of timed events, each state change a hall call.

Arrivals, service ends, no-show timeouts and staffing changes are events on one heap.
Before each one the hall's clock is set to the event's time, so a store left behind
holds a true history. The engine keeps its own count of who waits only to know when a
counter has something to call; the hall decides whom.

The end of a day is played as halls run it: the kiosks stop issuing at the last ticket
time (the end of the day's last opening period), the counters go on serving those who
hold a ticket for the overtime (`SimConfig.overtime_min`), and then the day closes:
whoever still waits is voided (`close_day`) and goes home unserved. Nobody's ticket is
carried into the next day. A run that ignores opening hours closes each day at midnight,
when the store's business day ends.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as dtime
from typing import Any
from zoneinfo import ZoneInfo

from shared.domain.errors import ServiceUnavailable
from shared.sim.config import SimConfig, SimConfigError
from shared.sim.draws import ArrivalStream, Citizen
from shared.sim.halls import SimHall
from shared.sim.stats import SimResult

ARRIVE, END, NO_SHOW, PLAN, PAUSE, RESUME = range(6)


@dataclass
class _Counter:
    number: int
    services: frozenset[str]
    open: bool = False
    closing: bool = False
    paused: bool = False
    citizen: Citizen | None = None
    since: float = 0.0  # opened, or last became idle
    opened_at: float = 0.0
    busy_since: float = 0.0
    busy_s: float = 0.0
    open_s: float = 0.0


class Simulation:
    """One run of `cfg` against `hall`, starting at `start`."""

    def __init__(self, cfg: SimConfig, hall: SimHall, start: datetime, store: str = "") -> None:
        self.cfg, self.hall, self.start, self.store = cfg, hall, start, store
        layout = hall.layout
        self.zone = ZoneInfo(layout.timezone)
        self.counters: dict[int, _Counter] = {
            n: _Counter(n, frozenset(s)) for n, s in layout.counters.items()
        }
        for number in cfg.counters or ():
            if number not in self.counters:
                raise SimConfigError(f"--counters: hall {layout.code} has no counter {number}")
        self.streams: dict[str, ArrivalStream] = {}
        for code in cfg.services():
            if code not in layout.prefixes:
                raise SimConfigError(f"hall {layout.code} has no service {code!r}")
            minutes = cfg.service_minutes.get(code, layout.targets[code])
            self.streams[code] = ArrivalStream(cfg, code, minutes * 60.0, start, layout.timezone)
        self.heap: list[tuple[float, int, int, Any]] = []
        self.seq = 0
        self.now = 0.0
        self.citizens: list[Citizen] = []
        self.by_ticket: dict[int, Citizen] = {}
        self.waiting: dict[str, int] = {}
        self.day = 0  # business days closed since the start

    # --- the heap ---------------------------------------------------------------------
    def _push(self, t: float, kind: int, arg: Any) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (t, self.seq, kind, arg))

    def _at(self, t: float) -> datetime:
        return self.start + timedelta(seconds=t)

    def run(self) -> SimResult:
        """Play every event to the end: arrivals stop at --hours; those who hold a ticket are
        served until their day closes, the rest are voided then."""
        wall = time.perf_counter()
        self.hall.set_time(self.start)
        for number in self._plan_at(0):
            self._open(number)
        for code, stream in self.streams.items():
            first = stream.next_after(0.0)
            if first is not None:
                self._push(first, ARRIVE, code)
        for hour in sorted(self.cfg.plan or {}):
            if hour > 0:
                self._push(hour * 3600.0, PLAN, hour)
        for pause in self.cfg.pauses:
            at = pause.starts_after(self.start, self.hall.layout.timezone)
            self._push(at, PAUSE, pause.counters)
            self._push(at + pause.length_s, RESUME, pause.counters)
        handlers: dict[int, Callable[[Any], None]] = {
            ARRIVE: self._arrive,
            END: self._end,
            NO_SHOW: self._no_show,
            PLAN: self._replan,
            PAUSE: self._pause,
            RESUME: self._resume,
        }
        closes = self._close_after(0.0)
        while self.heap or any(self.waiting.values()):
            if not self.heap or self.heap[0][0] >= closes:
                self._close_day(closes)
                closes = self._close_after(closes)
                continue
            t, _, kind, arg = heapq.heappop(self.heap)
            self.now = t
            self.hall.set_time(self._at(t))
            handlers[kind](arg)
        end = max(self.now, self.cfg.hours * 3600.0)
        self.hall.set_time(self._at(end))
        for counter in self.counters.values():
            if counter.open:
                counter.open_s += end - counter.opened_at
                self.hall.close_counter(counter.number)
        for citizen in self.citizens:
            if citizen.outcome == "waiting":
                citizen.outcome = "left"
        return SimResult(
            citizens=self.citizens,
            utilisation={
                c.number: (c.busy_s / c.open_s if c.open_s > 0 else 0.0)
                for c in self.counters.values()
                if c.open_s > 0
            },
            wall_s=time.perf_counter() - wall,
            start=self.start.astimezone(self.zone).isoformat(timespec="seconds"),
            end=self._at(end).astimezone(self.zone).isoformat(timespec="seconds"),
            seed=self.cfg.seed,
            store=self.store,
        )

    def _plan_at(self, hour: int) -> tuple[int, ...]:
        if self.cfg.plan:
            return self.cfg.plan.get(hour, ())
        return self.cfg.counters or tuple(sorted(self.counters))

    # --- citizens ---------------------------------------------------------------------
    def _arrive(self, code: str) -> None:
        stream = self.streams[code]
        citizen = stream.citizen(len(self.citizens) + 1, self.now)
        self.citizens.append(citizen)
        following = stream.next_after(self.now)
        if following is not None:
            self._push(following, ARRIVE, code)
        try:
            self._issue(citizen, enforce=self.cfg.limits)
        except ServiceUnavailable:
            citizen.outcome = "refused"  # the kiosk said no: closed, out of hours or quota
            return
        self._dispatch(code)

    def _issue(self, citizen: Citizen, *, enforce: bool) -> None:
        ticket = self.hall.issue(citizen.service, priority=citizen.priority, enforce_limits=enforce)
        citizen.ticket_id, citizen.day = ticket, self.day
        self.by_ticket[ticket] = citizen
        self.waiting[citizen.service] = self.waiting.get(citizen.service, 0) + 1

    def _dispatch(self, code: str) -> None:
        """A ticket for `code` waits: the counter idle longest that serves it calls."""
        idle = [
            c
            for c in self.counters.values()
            if c.open
            and not c.closing
            and not c.paused
            and c.citizen is None
            and code in c.services
        ]
        if idle:
            self._call(min(idle, key=lambda c: (c.since, c.number)))

    def _call(self, counter: _Counter) -> bool:
        if not any(self.waiting.get(s, 0) for s in counter.services):
            return False
        citizen = self.by_ticket[self.hall.call_next(counter.number)]
        self.waiting[citizen.service] -= 1
        counter.citizen = citizen
        counter.busy_since = self.now
        citizen.counter = counter.number
        if citizen.called is None:
            citizen.called = self.now
        if citizen.first_called is None:
            citizen.first_called = self.now
        if citizen.no_show:
            self._push(self.now + self.cfg.no_show_wait_s, NO_SHOW, counter.number)
            return True
        citizen.called = self.now  # a served citizen's wait ends at the call that serves them
        arrive_at_counter = self.now + self.cfg.walk_s
        if self.cfg.walk_s > 0:
            self.hall.set_time(self._at(arrive_at_counter))
        self.hall.start(counter.number)
        citizen.started = arrive_at_counter
        self._push(arrive_at_counter + citizen.service_s, END, counter.number)
        return True

    def _free(self, counter: _Counter) -> None:
        counter.busy_s += self.now - counter.busy_since
        counter.citizen = None
        if counter.closing:
            self._close(counter.number)
        elif counter.paused or not self._call(counter):
            counter.since = self.now

    def _end(self, number: int) -> None:
        counter = self.counters[number]
        citizen = counter.citizen
        assert citizen is not None
        self.hall.finish(number)
        citizen.ended, citizen.outcome = self.now, "served"
        if citizen.rates:
            assert citizen.ticket_id is not None
            self.hall.rate(citizen.ticket_id, citizen.level)
        self._free(counter)

    def _no_show(self, number: int) -> None:
        counter = self.counters[number]
        citizen = counter.citizen
        assert citizen is not None
        # A ticket of a day that has ended cannot go back into today's line: final.
        requeued = self.hall.no_show(number, requeue=None if citizen.day == self.day else False)
        self._free(counter)
        if requeued:
            self.waiting[citizen.service] += 1
            self._dispatch(citizen.service)
        else:
            citizen.outcome = "no_show"

    # --- counters and staffing --------------------------------------------------------
    def _open(self, number: int) -> None:
        counter = self.counters[number]
        counter.closing = False
        if counter.open:
            return
        self.hall.open_counter(number)
        counter.open, counter.since, counter.opened_at = True, self.now, self.now
        self._call(counter)

    def _close(self, number: int) -> None:
        counter = self.counters[number]
        self.hall.close_counter(number)
        counter.open, counter.closing, counter.paused = False, False, False
        counter.open_s += self.now - counter.opened_at

    def _replan(self, hour: int) -> None:
        wanted = set(self._plan_at(hour))
        for counter in self.counters.values():
            if counter.open and counter.number not in wanted:
                if counter.citizen is None:
                    self._close(counter.number)
                else:
                    counter.closing = True  # the clerk finishes the case in hand first
        for number in sorted(wanted):
            self._open(number)

    def _pause(self, numbers: tuple[int, ...]) -> None:
        """暂停: the counters call no one; a case in hand is finished first."""
        for number in numbers:
            counter = self.counters.get(number)
            if counter is not None and counter.open and not counter.paused:
                self.hall.pause_counter(number)
                counter.paused = True

    def _resume(self, numbers: tuple[int, ...]) -> None:
        for number in numbers:
            counter = self.counters.get(number)
            if counter is not None and counter.paused:
                counter.paused = False
                if counter.open:
                    self.hall.resume_counter(number)
                    if counter.citizen is None and not self._call(counter):
                        counter.since = self.now

    # --- the end of a business day ---------------------------------------------------
    def _close_after(self, t: float) -> float:
        """When the business day in progress at `t` closes (seconds from the start).

        With the hall's hours kept: the day's last ticket time plus the overtime, never
        past midnight (the store's business day ends then); a closed day, or a run that
        ignores hours, closes at midnight. A close already past moves to the next day.
        """
        day = self._at(t).astimezone(self.zone).date()
        while True:
            midnight = self._seconds(datetime.combine(day + timedelta(days=1), dtime(), self.zone))
            last = self.hall.layout.last_ticket.get(day.isoweekday()) if self.cfg.limits else None
            closes = midnight
            if last is not None:
                closes = min(
                    midnight,
                    self._seconds(datetime.combine(day, last, self.zone))
                    + self.cfg.overtime_min * 60.0,
                )
            if closes > t:
                return closes
            day += timedelta(days=1)

    def _seconds(self, moment: datetime) -> float:
        return (moment - self.start).total_seconds()

    def _close_day(self, closes: float) -> None:
        """The day closes: those still waiting are voided and go home unserved.

        Cases in hand are finished (their END events come later); a no-show timed out
        after the close is final, since its day has ended.
        """
        # A microsecond before: a close at midnight still belongs to the day it ends.
        self.now = max(self.now, closes - 1e-6)
        self.hall.set_time(self._at(self.now))
        if any(self.waiting.values()):
            for ticket_id in self.hall.close_day():
                citizen = self.by_ticket.pop(ticket_id)
                citizen.outcome = "unserved"
                self.waiting[citizen.service] -= 1
            if any(self.waiting.values()):
                raise RuntimeError(
                    f"the day closed but {self.waiting} still wait: the hall "
                    "and the simulation disagree on who waits"
                )
        self.day += 1
