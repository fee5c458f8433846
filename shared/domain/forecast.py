"""The wait we promise: replay the live queue forward by the hall's own dispatch rules.

A snapshot of the hall (who waits in which line, what each counter serves and holds, how
long cases take today, who keeps arriving) is played forward many times with service
times drawn from today's recent cases and arrivals drawn at today's recent rates. Each
counter calls by `dispatch.decide`, as `call_next` does, so 一窗受理 orders and weights,
the 绿色通道 and its streak limit and 过号重排 places all count as they will. The times at
which a ticket is called across the runs give its estimate (a quantile) and its range.

Pure: no clock, no store; the same snapshot and seed give the same answer.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from shared.config.spec import DispatchMode, DispatchRules
from shared.domain.dispatch import Candidate, CounterPolicy, decide_first

# A ticket's promise is this quantile of its replayed call times: a little past the
# middle, since a wait longer than promised costs more trust than a shorter one.
POINT_Q = 0.6
LOW_Q, HIGH_Q = 0.25, 0.8
RUNS = 24
# Events all runs together may take (a few microseconds each); a long queue gets fewer runs,
# never fewer than MIN_RUNS.
STEP_BUDGET = 4000
MIN_RUNS = 6
HORIZON_S = 6 * 3600.0  # beyond this the replay stops: "more than six hours"
# With fewer recent cases than this the service's target time fills in (see `draw`).
PRIOR_WEIGHT = 8
# Spread of the fill-in service time around the target (log-sd 0.7: a CV of about 0.8).
PRIOR_SIGMA = 0.7


@dataclass(frozen=True)
class InLine:
    """A waiting ticket as the replay sees it."""

    ticket_id: int
    service: str
    priority: bool
    queue_key: int
    target_counter: int | None = None  # sent to one counter (a transfer): called there first


@dataclass(frozen=True)
class Desk:
    """A counter: what it serves and how, and what it is doing now."""

    number: int
    policy: CounterPolicy
    state: str  # open | paused (closed counters are left out)
    streak: int = 0  # priority calls in a row
    busy_service: str | None = None  # the service of the case in hand
    busy_elapsed_s: float = 0.0  # since that case was called
    back_in_s: float | None = None  # paused: expected seconds until it calls again
    speed: float = 1.0  # this counter's case time over the service's (1.0: as fast as any)


@dataclass(frozen=True)
class Snapshot:
    """What the store knows at one moment, as the replay needs it."""

    now: datetime
    now_key: int  # queue_key_at(now)
    tickets: tuple[InLine, ...]
    desks: tuple[Desk, ...]
    # service code -> recent case times (call to finish), seconds, newest first
    case_s: Mapping[str, Sequence[float]]
    target_s: Mapping[str, float]  # service code -> target case time, seconds
    arrivals_per_h: Mapping[tuple[str, bool], float] = field(default_factory=dict)
    closes_in_s: Mapping[str, float | None] = field(default_factory=dict)  # period end
    streak_limit: int = DispatchRules.priority_streak_limit
    prior_weight: int = PRIOR_WEIGHT  # how many recent cases the target time counts as


@dataclass(frozen=True)
class WaitEstimate:
    """Minutes until a ticket is called: the promise, its range, and whether closing comes first."""

    minutes: int
    low: int
    high: int
    closes_first: bool = False
    beyond_horizon: bool = False

    @property
    def is_range(self) -> bool:
        return self.high > self.low

    def to_json(self) -> dict[str, object]:
        return {
            "est_wait_min": self.minutes,
            "est_wait_low_min": self.low,
            "est_wait_high_min": self.high,
            "closes_first": self.closes_first,
        }


def ghost_id(service: str, services: Sequence[str]) -> int:
    """The id of the imagined ticket taken now for `service` (negative: never a real id)."""
    return -1 - list(services).index(service)


class _Draws:
    """Case times: today's recent cases of the service, the target filling in while few."""

    def __init__(self, snap: Snapshot, rng: random.Random) -> None:
        self.rng = rng
        self.case_s = snap.case_s
        self.target_s = snap.target_s
        self.prior_weight = snap.prior_weight

    def draw(self, service: str) -> float:
        samples = self.case_s.get(service, [])
        rng = self.rng
        if samples and rng.random() < len(samples) / (len(samples) + self.prior_weight):
            return samples[int(rng.random() * len(samples))]
        mean = self.target_s.get(service, 600.0)
        return rng.lognormvariate(math.log(mean) - PRIOR_SIGMA**2 / 2, PRIOR_SIGMA)

    def remaining(self, service: str, elapsed: float) -> float:
        """Time left of a case called `elapsed` seconds ago: a draw that outlasts it, less it."""
        for _ in range(12):
            total = self.draw(service)
            if total > elapsed:
                return total - elapsed
        # Longer than nearly every case seen: expect it soon, but not at once.
        return max(30.0, 0.25 * self.draw(service))


_ARRIVED = -1_000_000  # ids of tickets imagined to arrive during the replay count down from here


def _is_ghost(ticket_id: int) -> bool:
    return _ARRIVED < ticket_id < 0


def replay(
    snap: Snapshot,
    tracked: Iterable[int],
    ghosts: Sequence[str] = (),
    *,
    rng: random.Random,
    steps: list[int] | None = None,
) -> dict[int, float]:
    """One run: seconds from now until each tracked ticket (and ghost) is first called.

    A ghost is a ticket taken now for that service (normal class, at the tail of its
    line); it takes no counter time, so it only tells when such a ticket would be called.
    A ticket still waiting at the horizon gets HORIZON_S. `steps`, if given, gets the
    number of events the run took appended (what a run costs).
    """
    lines: dict[tuple[str, bool], list[tuple[int, int]]] = {}
    sent: dict[int, list[tuple[int, int]]] = {}
    service_of: dict[int, str] = {}
    priority_ids = {t.ticket_id for t in snap.tickets if t.priority}
    for item in snap.tickets:
        service_of[item.ticket_id] = item.service
        entry = (item.queue_key, item.ticket_id)
        if item.target_counter is not None:
            sent.setdefault(item.target_counter, []).append(entry)
        else:
            lines.setdefault((item.service, item.priority), []).append(entry)
    for gid, service in enumerate(ghosts):
        lines.setdefault((service, False), []).append((snap.now_key + 1, -1 - gid))
        service_of[-1 - gid] = service
    for line in (*lines.values(), *sent.values()):
        line.sort(reverse=True)  # the head at the end: pop() takes it
    waiting_for = set(tracked) | {-1 - g for g in range(len(ghosts))}
    waiting_for &= set(service_of)
    out: dict[int, float] = {}
    if not waiting_for:
        if steps is not None:
            steps.append(0)
        return out
    draws = _Draws(snap, rng)
    desks = {d.number: d for d in snap.desks}
    streaks = {d.number: d.streak for d in snap.desks}
    serves: dict[str, list[int]] = {}
    for d in snap.desks:
        for s in d.policy.services:
            serves.setdefault(s, []).append(d.number)
    heap: list[tuple[float, int, int, object]] = []  # (time, seq, kind, arg)
    seq = 0
    FREE, ARRIVE = 0, 1
    idle: dict[int, float] = {}  # counter -> idle since
    for d in snap.desks:
        if d.state == "open":
            start = 0.0
            if d.busy_service is not None:
                start = draws.remaining(d.busy_service, d.busy_elapsed_s) * d.speed
            heap.append((start, seq, FREE, d.number))
        elif d.state == "paused" and d.back_in_s is not None:
            start = d.back_in_s
            if d.busy_service is not None:
                start = max(start, draws.remaining(d.busy_service, d.busy_elapsed_s) * d.speed)
            heap.append((start, seq, FREE, d.number))
        seq += 1
    # A later ticket of a tracked ticket's own line is called after it: when every ticket
    # tracked is of one line, that line's arrivals cannot change the answer.
    lines_tracked = {(service_of[tid], tid in priority_ids) for tid in waiting_for}
    own = next(iter(lines_tracked)) if len(lines_tracked) == 1 else None
    for key, rate in snap.arrivals_per_h.items():
        if rate > 0 and key[0] in serves and key != own:
            heap.append((rng.expovariate(rate / 3600.0), seq, ARRIVE, key))
            seq += 1
    heapq.heapify(heap)
    next_id = _ARRIVED

    def pick(number: int, t: float) -> int | None:
        """The ticket `number` calls at `t` (removed from its line), or None."""
        own = sent.get(number)
        desk = desks[number]
        cands = []
        for s in desk.policy.services:
            for cls in (True, False):
                line = lines.get((s, cls))
                if line:
                    key, tid = line[-1]
                    cands.append(Candidate(tid, s, cls, key))
        if not cands and not own:
            return None
        head: tuple[Candidate, ...] = ()
        if own:
            key, tid = own[-1]
            head = (Candidate(tid, service_of[tid], tid in priority_ids, key),)
        weighted = desk.policy.mode is DispatchMode.WEIGHTED
        chosen, streak = decide_first(
            cands,
            desk.policy,
            streak=streaks[number],
            streak_limit=snap.streak_limit,
            now=snap.now + timedelta(seconds=t) if weighted else snap.now,
            sent=head,
        )
        assert chosen is not None  # a head of a line it serves, or one sent to it
        if not _is_ghost(chosen.ticket_id):
            streaks[number] = streak
        if own and chosen is head[0]:
            own.pop()
        else:
            lines[(chosen.service, chosen.priority)].pop()
        return chosen.ticket_id

    taken = 0
    while heap and waiting_for:
        t, _, kind, arg = heapq.heappop(heap)
        taken += 1
        if t > HORIZON_S:
            break
        if kind == ARRIVE:
            assert isinstance(arg, tuple)
            service, cls = arg
            closes = snap.closes_in_s.get(service)
            if closes is not None and t >= closes:
                continue  # the kiosk stops issuing when the period ends: the stream ends
            next_id -= 1
            line = lines.setdefault((service, cls), [])
            line.insert(0, (snap.now_key + int(t * 1e6), next_id))  # the tail
            service_of[next_id] = service
            rate = snap.arrivals_per_h[arg]
            heapq.heappush(heap, (t + rng.expovariate(rate / 3600.0), seq, ARRIVE, arg))
            seq += 1
            woken = [n for n in serves.get(service, ()) if n in idle]
            if woken:
                number = min(woken, key=lambda n: (idle[n], n))
                del idle[number]
                heapq.heappush(heap, (t, seq, FREE, number))
                seq += 1
            continue
        number = int(arg)  # type: ignore[call-overload]
        while True:
            chosen = pick(number, t)
            if chosen is None:
                idle[number] = t
                break
            if chosen in waiting_for:
                out[chosen] = t
                waiting_for.discard(chosen)
            if _is_ghost(chosen):
                continue  # a ghost takes no counter time
            took = draws.draw(service_of[chosen]) * desks[number].speed
            heapq.heappush(heap, (t + took, seq, FREE, number))
            seq += 1
            break
    for tid in waiting_for:
        out[tid] = HORIZON_S
    if steps is not None:
        steps.append(taken)
    return out


def _quantile(ordered: Sequence[float], q: float) -> float:
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summarise(call_s: Sequence[float], closes_in_s: float | None) -> WaitEstimate:
    """The estimate from one ticket's replayed call times (seconds)."""
    ordered = sorted(call_s)
    point = _quantile(ordered, POINT_Q) / 60.0
    low = _quantile(ordered, LOW_Q) / 60.0
    high = _quantile(ordered, HIGH_Q) / 60.0
    minutes = 0 if point < 0.5 else max(1, round(point))
    lo, hi = shown_range(low, high, minutes)
    return WaitEstimate(
        minutes=minutes,
        low=lo,
        high=hi,
        closes_first=closes_in_s is not None and _quantile(ordered, HIGH_Q) > closes_in_s,
        beyond_horizon=point * 60.0 >= HORIZON_S,
    )


def shown_range(low: float, high: float, minutes: int) -> tuple[int, int]:
    """The range to print, in round minutes; (minutes, minutes) when the spread is narrow.

    A range is worth its words only when its ends differ by at least 3 minutes and by a
    quarter of the wait; its ends are rounded to whole minutes (to 5 beyond half an hour).
    """
    if high - low < max(3.0, 0.25 * minutes):
        return minutes, minutes
    step = 5 if high > 30 else 1
    lo = max(0, min(minutes, int(math.floor(low / step) * step)))
    hi = max(minutes, int(math.ceil(high / step) * step))
    return lo, hi


def forecast(
    snap: Snapshot,
    tracked: Iterable[int] = (),
    ghosts: Sequence[str] = (),
    *,
    runs: int = RUNS,
    seed: int = 0,
) -> dict[int, WaitEstimate]:
    """Estimates for the tracked tickets (by id) and for a ticket taken now per ghost service.

    Ghost estimates are keyed by `-1 - index` in `ghosts` (see `ghost_id`).
    """
    ids = list(tracked)
    times: dict[int, list[float]] = {}
    rng = random.Random(seed)
    steps: list[int] = []
    done = 0
    while done < runs:
        for tid, t in replay(snap, ids, ghosts, rng=rng, steps=steps).items():
            times.setdefault(tid, []).append(t)
        done += 1
        if done == 1 and not times:
            break  # nothing to wait for
        if done == 1:
            # A long queue makes long runs: fewer of them keep a tap's cost bounded.
            runs = max(min(runs, MIN_RUNS), min(runs, STEP_BUDGET // max(1, steps[0])))
    service = {t.ticket_id: t.service for t in snap.tickets}
    for g, s in enumerate(ghosts):
        service[-1 - g] = s
    return {tid: summarise(ts, snap.closes_in_s.get(service[tid])) for tid, ts in times.items()}


def around(snap: Snapshot, services: Iterable[str]) -> Snapshot:
    """The part of the hall that decides when `services` are called: the counters serving
    them, the other counters serving any service of theirs, and those counters' lines.

    Counters further off change this only through the counters in between; leaving them
    out keeps a kiosk tap cheap in a hall of many counters.
    """
    wanted = set(services)
    near = [d for d in snap.desks if wanted & set(d.policy.services)]
    shared = {s for d in near for s in d.policy.services}
    desks = [d for d in snap.desks if shared & set(d.policy.services)]
    kept = {s for d in desks for s in d.policy.services}
    numbers = {d.number for d in desks}
    return replace(
        snap,
        desks=tuple(desks),
        tickets=tuple(
            t
            for t in snap.tickets
            if t.service in kept and (t.target_counter is None or t.target_counter in numbers)
        ),
        arrivals_per_h={k: v for k, v in snap.arrivals_per_h.items() if k[0] in kept},
    )


def people_ahead(snap: Snapshot, ticket_id: int) -> int:
    """Tickets of the same service called before this one: priority first, then by place."""
    me = next(t for t in snap.tickets if t.ticket_id == ticket_id)
    n = 0
    for t in snap.tickets:
        if t.service != me.service or t.ticket_id == ticket_id or t.target_counter is not None:
            continue
        if (t.priority and not me.priority) or (
            t.priority == me.priority and (t.queue_key, t.ticket_id) < (me.queue_key, ticket_id)
        ):
            n += 1
    return n
