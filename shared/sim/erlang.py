"""Queueing theory for M/M/c (Erlang C): what the simulator is checked against, and a
first guess of the counters a load needs."""

from __future__ import annotations

import math


def erlang_c(counters: int, offered: float) -> float:
    """Probability that an arrival waits, with `offered` = arrival rate x mean service time."""
    if counters < 1:
        raise ValueError(f"need at least one counter, got {counters}")
    if offered < 0:
        raise ValueError(f"offered load cannot be negative, got {offered}")
    if offered >= counters:
        return 1.0  # unstable: everyone waits, and ever longer
    # Erlang B by its stable recurrence, then C from B.
    b = 1.0
    for k in range(1, counters + 1):
        b = offered * b / (k + offered * b)
    rho = offered / counters
    return b / (1 - rho + rho * b)


def mean_wait_s(counters: int, arrivals_per_hour: float, mean_service_s: float) -> float:
    """Mean wait in the line (Wq) of M/M/c FIFO, in seconds; infinite when overloaded."""
    lam = arrivals_per_hour / 3600.0
    offered = lam * mean_service_s
    if offered >= counters:
        return math.inf
    if lam == 0:
        return 0.0
    return erlang_c(counters, offered) * mean_service_s / (counters - offered)


def counters_needed(arrivals_per_hour: float, mean_service_s: float, target_wait_s: float) -> int:
    """The fewest counters whose M/M/c mean wait is at most `target_wait_s`."""
    offered = arrivals_per_hour / 3600.0 * mean_service_s
    counters = max(1, math.floor(offered) + 1)
    while mean_wait_s(counters, arrivals_per_hour, mean_service_s) > target_wait_s:
        counters += 1
    return counters
