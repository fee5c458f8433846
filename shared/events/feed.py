"""The change feed: wait for new events, then read every event after the last id seen.

PostgreSQL: LISTEN/NOTIFY on a dedicated connection (the payload is only a hint).
SQLite: a cheap poll of the highest event id, at most `poll_interval` apart.
Either way the consumer reads `events_after(last_id)`, so a dropped connection or a
restarted server loses nothing and repeats nothing.
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any

from shared.services.common import NOTIFY_CHANNEL
from shared.services.queries import events_after, last_event_id, max_event_id
from shared.services.results import EventInfo
from shared.store.db import Store, StoreUnavailable

log = logging.getLogger(__name__)


class EventFeed:
    """One consumer's position in the event log, and a way to wait for more."""

    def __init__(
        self, store: Store, *, last_id: int | None = None, poll_interval: float = 0.02
    ) -> None:
        self.store = store
        self.poll_interval = poll_interval
        # None: start at the end of the log, once the store first answers.
        self.last_id: int | None = last_id
        self._listener: Any = None  # psycopg connection, PostgreSQL only
        self._retry_at = 0.0

    def fetch(self, limit: int = 1000) -> list[EventInfo]:
        """Events after the last one seen, oldest first; advances the position."""
        if self.last_id is None:
            self.last_id = last_event_id(self.store)
            return []
        events = events_after(self.store, self.last_id, limit=limit)
        if events:
            self.last_id = events[-1].id
        return events

    def wait(self, timeout: float) -> bool:
        """Block up to `timeout` s for a sign of new events; True when fetch() may find some."""
        if self.store.is_postgres:
            return self._wait_notify(timeout)
        return self._wait_poll(timeout)

    def close(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(Exception):  # already broken: nothing to release
                self._listener.close()
            self._listener = None

    # --- SQLite: poll the highest event id -------------------------------------------
    def _max_id(self) -> int:
        with self.store.read() as session:
            return max_event_id(session, None)  # any hall's: a cheap hint, fetch() filters

    def _wait_poll(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            if self.last_id is None or self._max_id() > self.last_id:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(self.poll_interval, remaining))

    # --- PostgreSQL: LISTEN/NOTIFY ------------------------------------------------------
    def _connect_listener(self) -> Any:
        import psycopg

        url = self.store.engine.url.set(drivername="postgresql")
        conn = psycopg.connect(
            url.render_as_string(hide_password=False), autocommit=True, connect_timeout=5
        )
        conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        return conn

    def _wait_notify(self, timeout: float) -> bool:
        import psycopg

        if self._listener is None:
            now = time.monotonic()
            if now < self._retry_at:
                time.sleep(min(timeout, self._retry_at - now))
                return False
            try:
                self._listener = self._connect_listener()
            except psycopg.OperationalError as exc:
                self._retry_at = time.monotonic() + 1.0
                raise StoreUnavailable(str(exc).strip().splitlines()[0]) from exc
            # Anything committed while we were not listening is read by the next fetch().
            return True
        try:
            for _ in self._listener.notifies(timeout=timeout, stop_after=1):
                return True
            return False
        except psycopg.OperationalError as exc:
            log.warning("feed connection lost: %s", exc)
            self.close()
            return True
