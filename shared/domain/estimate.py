"""The simple wait estimate hallq printed before the replay (`shared.domain.forecast`).

People ahead x mean case time / counters by share: kept as the baseline that
bench/estimate.py measures the replay against, on the same store state.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def mean_service_minutes(recent_seconds: Sequence[float], target_minutes: float) -> float:
    """The mean of recent service times, or the service's target when there are too few."""
    samples = [s for s in recent_seconds if s > 0]
    if len(samples) < 3:
        return target_minutes
    # Blend toward the target while evidence is thin.
    weight = min(len(samples), 20) / 20
    observed = sum(samples) / len(samples) / 60.0
    return weight * observed + (1 - weight) * target_minutes


def counter_share(services_served: int) -> float:
    """How much of one counter a service gets when the counter serves several."""
    return 1.0 / services_served if services_served > 0 else 0.0


def estimate_wait_minutes(ahead: int, counters: float, mean_service_min: float) -> int | None:
    """Minutes until the next ticket's turn; None when no counter serves the service now."""
    if ahead < 0:
        raise ValueError("people ahead cannot be negative")
    if counters <= 0:
        return None
    if ahead == 0:
        return 0
    return max(1, math.ceil(ahead * mean_service_min / counters))
