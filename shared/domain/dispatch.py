"""Which waiting ticket a counter calls next (一窗受理, 绿色通道, 过号重排)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from shared.config.spec import DispatchMode

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def queue_key_at(moment: datetime) -> int:
    """A ticket's place in line: microseconds since 2000, so issue order is line order."""
    return int((moment - EPOCH).total_seconds() * 1_000_000)


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket as dispatch sees it."""

    ticket_id: int
    service: str
    priority: bool
    queue_key: int


@dataclass(frozen=True)
class CounterPolicy:
    """A counter's services, in its listed order, with weights, and how to pick among them."""

    services: tuple[str, ...]
    weights: tuple[int, ...] = ()
    mode: DispatchMode = DispatchMode.FIFO

    def weight(self, service: str) -> int:
        if not self.weights:
            return 1
        return self.weights[self.services.index(service)]

    def rank(self, service: str) -> int:
        return self.services.index(service)


def _class_key(policy: CounterPolicy, now: datetime) -> Callable[[Candidate], tuple[int, ...]]:
    """The order within one class (priority or normal): the smallest key is called first."""
    if policy.mode is DispatchMode.ORDER:
        return lambda c: (policy.rank(c.service), c.queue_key, c.ticket_id)
    if policy.mode is DispatchMode.WEIGHTED:
        now_key = queue_key_at(now)
        # Longest wait scaled by weight: FIFO within a service (older waits longer),
        # and a service with weight 3 is taken when its head waited a third as long.
        return lambda c: (-(now_key - c.queue_key) * policy.weight(c.service), c.ticket_id)
    return _line_key


def _line_key(c: Candidate) -> tuple[int, ...]:
    return (c.queue_key, c.ticket_id)


def _class_order(
    tickets: Sequence[Candidate], policy: CounterPolicy, now: datetime
) -> list[Candidate]:
    if len(tickets) < 2:
        return list(tickets)
    return sorted(tickets, key=_class_key(policy, now))


def rank_candidates(
    candidates: Sequence[Candidate],
    policy: CounterPolicy,
    *,
    priority_streak: int,
    streak_limit: int,
    now: datetime,
) -> list[Candidate]:
    """All eligible candidates, best first.

    Priority tickets go ahead of normal ones, but after `streak_limit` priority calls
    in a row at this counter while normal tickets wait, a normal ticket is taken, so
    the normal line is never starved. The caller takes the first it can lock.
    """
    priority, normal = _by_class(candidates, policy.services)
    return _ranked(priority, normal, policy, priority_streak, streak_limit, now)


def _by_class(
    candidates: Sequence[Candidate], served: Sequence[str]
) -> tuple[list[Candidate], list[Candidate]]:
    """The candidates of the lines a counter serves, split: (priority, normal)."""
    priority: list[Candidate] = []
    normal: list[Candidate] = []
    for c in candidates:
        if c.service in served:
            (priority if c.priority else normal).append(c)
    return priority, normal


def _ranked(
    priority: list[Candidate],
    normal: list[Candidate],
    policy: CounterPolicy,
    streak: int,
    streak_limit: int,
    now: datetime,
) -> list[Candidate]:
    priority, normal = _class_order(priority, policy, now), _class_order(normal, policy, now)
    if normal and streak >= streak_limit:
        return normal + priority
    return priority + normal


def next_streak(chosen: Candidate, normal_waiting: bool, streak: int) -> int:
    """The counter's priority streak after calling `chosen`."""
    if chosen.priority and normal_waiting:
        return streak + 1
    return 0


@dataclass(frozen=True)
class Dispatch:
    """A counter's call order at one moment, and the priority streak each choice leaves."""

    order: tuple[Candidate, ...]  # best first; the caller takes the first it can lock
    streak: int  # the counter's priority calls in a row so far
    normal_waiting: bool  # a normal ticket of a line it serves waits

    @property
    def first(self) -> Candidate | None:
        return self.order[0] if self.order else None

    def streak_after(self, chosen: Candidate) -> int:
        """The counter's streak once it has called `chosen` (one of `order`)."""
        return next_streak(chosen, self.normal_waiting, self.streak)


def decide(
    waiting: Sequence[Candidate],
    policy: CounterPolicy,
    *,
    streak: int,
    streak_limit: int,
    now: datetime,
    sent: Sequence[Candidate] = (),
) -> Dispatch:
    """Which ticket a counter calls next: THE dispatch decision.

    `sent` are tickets sent to this very counter (a transfer to it): they come first, in
    line order, whatever their service. Then the lines it serves (`waiting`; tickets of
    other services are passed over), by `rank_candidates`. call_next, the clerk's preview,
    the in-memory twins and the wait estimate's replay all decide by this function, so the
    preview names the ticket the call takes and the replay calls as counters will.
    """
    priority, normal = _by_class(waiting, policy.services)
    ranked = _ranked(priority, normal, policy, streak, streak_limit, now)
    if sent:
        ranked = sorted(sent, key=_line_key) + ranked
    return Dispatch(tuple(ranked), streak, normal_waiting=bool(normal))


def decide_first(
    waiting: Sequence[Candidate],
    policy: CounterPolicy,
    *,
    streak: int,
    streak_limit: int,
    now: datetime,
    sent: Sequence[Candidate] = (),
) -> tuple[Candidate | None, int]:
    """`decide(...)`'s first candidate and the streak calling it leaves, by the same keys,
    without ordering the rest: the wait estimate's replay asks this thousands of times a
    run and only ever calls the first. (None, streak) when there is nothing to call."""
    priority, normal = _by_class(waiting, policy.services)
    if sent:
        chosen = sent[0] if len(sent) == 1 else min(sent, key=_line_key)
    elif normal and (streak >= streak_limit or not priority):
        chosen = normal[0] if len(normal) == 1 else min(normal, key=_class_key(policy, now))
    elif priority:
        chosen = priority[0] if len(priority) == 1 else min(priority, key=_class_key(policy, now))
    else:
        return None, streak
    return chosen, next_streak(chosen, bool(normal), streak)


def requeue_place(
    priority_keys: Sequence[int],
    normal_keys: Sequence[int],
    places: int,
    *,
    priority: bool,
    fallback: int,
) -> tuple[bool, int]:
    """Where a no-show goes back: `places` tickets behind the head of the service's call order.

    The call order is every priority ticket, then every normal one. The ticket joins the
    class of the ticket it lands behind (a priority no-show behind normal tickets waits
    as a normal one), so it is never called again straight away. Returns (priority, key).
    """
    merged = [(True, k) for k in sorted(priority_keys)] + [(False, k) for k in sorted(normal_keys)]
    if not merged:
        return priority, fallback
    if places <= 0:
        return merged[0][0], merged[0][1] - 1
    if len(merged) <= places:
        last_class, last_key = merged[-1]
        return last_class, last_key + 1
    (before_class, before), (after_class, after) = merged[places - 1], merged[places]
    if before_class != after_class:
        return before_class, before + 1
    return before_class, (before + after) // 2 if after - before > 1 else before


class InLine(Protocol):
    """Anything waiting in a line: its class and its place."""

    @property
    def priority(self) -> bool: ...
    @property
    def queue_key(self) -> int: ...


def requeue_behind(
    line: Iterable[InLine], places: int, *, priority: bool, fallback: int
) -> tuple[bool, int]:
    """requeue_place() over the tickets waiting in a service's line (the no-show not among them)."""
    items = list(line)
    return requeue_place(
        [int(t.queue_key) for t in items if t.priority],
        [int(t.queue_key) for t in items if not t.priority],
        places,
        priority=priority,
        fallback=fallback,
    )


def requeue_key(waiting_keys: Sequence[int], places: int, fallback: int) -> int:
    """The queue key that puts a no-show `places` tickets behind the head of its line.

    `waiting_keys` are the keys of the tickets of the same line, sorted ascending;
    with fewer than `places` waiting the ticket goes to the end (`fallback` if none wait).
    """
    keys = sorted(waiting_keys)
    if not keys:
        return fallback
    if places <= 0:
        return keys[0] - 1
    if len(keys) <= places:
        return keys[-1] + 1
    before, after = keys[places - 1], keys[places]
    return (before + after) // 2 if after - before > 1 else before
