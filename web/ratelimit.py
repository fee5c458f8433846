"""Sliding-window limits on what a client may try: per address and per phone hash."""

from __future__ import annotations

import threading
import time
from collections import deque


class RateLimit:
    """At most `limit` hits per key within `window_s` seconds."""

    MAX_KEYS = 100_000  # a flood of addresses cannot grow memory without bound

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit = limit
        self.window_s = window_s
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> bool:
        """Count one attempt; False when the key is over its limit (not counted then)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self.MAX_KEYS:
                    self._prune(now)
                hits = self._hits[key] = deque()
            while hits and now - hits[0] >= self.window_s:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def _prune(self, now: float) -> None:
        stale = [k for k, h in self._hits.items() if not h or now - h[-1] >= self.window_s]
        for key in stale:
            del self._hits[key]
