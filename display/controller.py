"""The board's controller: store reads and the feed in; state, voice, screens and log out."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import IO, Any

from PySide6.QtCore import QObject, Signal

from display.model import BoardFilter, BoardState, ShownCall
from display.screens import CounterScreens
from shared.qt.feed import QtEventFeed, follow_feed
from shared.qt.jobs import Coalesced, Jobs, make_timer
from shared.services.board import BoardSettings, calls_of_day, refresh_status
from shared.services.queries import hall_status
from shared.services.results import EventInfo, HallStatus
from shared.speech import Announcement, AnnouncementKind, Announcer, DropReason
from shared.store.db import Store, StoreError

log = logging.getLogger("hallq.display")

RETRY_MS = 2000
FULL_READ_S = 30.0  # estimates move with the queue: re-read them this often
REFRESH_DELAY_MS = 150
# Events after which the waiting counts or counters may differ from what the board shows.
STATUS_KINDS = frozenset(
    {
        "issued",
        "called",
        "recalled",
        "no_show",
        "requeued",
        "finished",
        "transferred",
        "cancelled",
        "counter_opened",
        "counter_closed",
        "paused",
        "resumed",
        "config_applied",
    }
)


class JsonLog:
    """One JSON line per call shown and per announcement started, for measuring from outside."""

    def __init__(self, stream: IO[str], clock: Callable[[], float] = time.time) -> None:
        self._stream = stream
        self._clock = clock
        self._lock = threading.Lock()

    def write(self, event: str, event_id: int, code: str, counter: int, **extra: Any) -> None:
        line = {
            "event": event,
            "event_id": event_id,
            "code": code,
            "counter": counter,
            "t": self._clock(),
            **extra,
        }
        with self._lock:
            self._stream.write(json.dumps(line, ensure_ascii=False) + "\n")
            self._stream.flush()

    def shown(self, call: ShownCall) -> None:
        self.write("shown", call.event_id, call.code, call.counter, kind=call.kind)

    def ready(self, last_event_id: int) -> None:
        """The board follows the feed from here: calls committed after this are new."""
        line = {"event": "ready", "event_id": last_event_id, "t": self._clock()}
        with self._lock:
            self._stream.write(json.dumps(line) + "\n")
            self._stream.flush()

    def shown_all(self, calls: list[ShownCall]) -> None:
        for call in calls:
            self.shown(call)

    def spoken(self, item: Announcement) -> None:
        self.write(
            "spoken",
            int(item.event_id or 0),
            item.code,
            item.counter,
            silenced=item.silenced,
            form=item.form.value,
            late_s=round(item.late_s, 3),
            **({"why": item.why_once} if item.why_once else {}),
        )

    def skipped(self, item: Announcement, reason: DropReason) -> None:
        """A call that will not be spoken (it was shown): why, and how late it was."""
        self.write(
            "skipped",
            int(item.event_id or 0),
            item.code,
            item.counter,
            reason=reason.value,
            late_s=round(item.late_s, 3),
        )


class BoardController(QObject):
    """Owns the board's state, its reads and its feed: first the store's state, then the
    feed; calls go to voice, screens and log. The view paints what `state_changed` says."""

    ready = Signal()
    state_changed = Signal(object, object)  # BoardState, list[ShownCall] new calls to flash
    online_changed = Signal(bool)

    def __init__(
        self,
        store: Store,
        settings: BoardSettings,
        *,
        announcer: Announcer | None = None,
        screens: CounterScreens | None = None,
        json_log: JsonLog | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.settings = store, settings
        self.announcer, self.screens, self.json_log = announcer, screens, json_log
        self.state = BoardState(filter=BoardFilter.from_spec(settings.display))
        self.feed: QtEventFeed | None = None
        self._stopped = False
        self.jobs = Jobs(1, self)
        # One read in flight; events meanwhile fold into one more. The first read (until
        # the feed runs) also takes the day's calls.
        self.reads = Coalesced(self.jobs, self._read, self._on_status, self._on_failed)
        self._full: HallStatus | None = None
        self._full_at = 0.0
        self._retry = make_timer(self, RETRY_MS, self.reads.request, single=True)
        # Counts are re-read a moment after events, so the read never delays a call's paint.
        self._refresh = make_timer(self, REFRESH_DELAY_MS, self.reads.request, single=True)

    @property
    def is_ready(self) -> bool:
        return self.feed is not None

    def start(self) -> None:
        """Read the hall, then follow the feed; returns at once."""
        self.reads.request()

    def stop(self) -> None:
        """Stop the reads, the feed, the voice and the screens."""
        if self._stopped:
            return
        self._stopped = True
        self._retry.stop()
        self._refresh.stop()
        self.jobs.close()
        if self.feed is not None:
            self.feed.stop()
        if self.announcer is not None:
            self.announcer.close(timeout=2.0)
        if self.screens is not None:
            self.screens.stop()

    def _read(self) -> tuple[HallStatus, list[EventInfo] | None]:
        """On a worker: the hall's status and, before the feed runs, the day's calls."""
        # Estimates and opening state change slowly: read them fully now and then only.
        if self._full is None or time.monotonic() - self._full_at > FULL_READ_S:
            self._full, self._full_at = hall_status(self.store), time.monotonic()
            status = self._full
        else:
            status = refresh_status(self.store, self._full)
        calls = None
        if self.feed is None:
            calls = [
                e
                for e in calls_of_day(self.store, status.business_day, self.settings.timezone)
                if e.id <= status.last_event_id
            ]
        return status, calls

    def _on_failed(self, error: Exception) -> None:
        if self._stopped:
            return
        if not isinstance(error, StoreError):  # a read that fails silently would freeze the counts
            log.error("reading the hall status failed", exc_info=error)
        log.warning("the store does not answer (%s); the board keeps its last state", error)
        self.online_changed.emit(False)
        if self.feed is None:
            self._retry.start()  # the first read has not worked yet; the feed will not help

    def _on_status(self, loaded: tuple[HallStatus, list[EventInfo] | None]) -> None:
        if self._stopped:
            return  # a read that finished after stop(): the view may be gone
        status, history = loaded
        first = self.feed is None
        if first:
            self.state.start(status)
        elif not self.state.apply_status(status):
            self.reads.request()  # an event overtook this read: counters would go back
        if first:
            self.state.load_history(history or [])
            self.feed = follow_feed(
                self.store, self, self._on_events, self._on_online, last_id=self.state.last_event_id
            )
            self.online_changed.emit(True)
        self.state_changed.emit(self.state, [])
        self._sync_screens()
        if first:
            if self.json_log is not None:
                self.json_log.ready(self.state.last_event_id)
            self.ready.emit()

    def _on_online(self, online: bool) -> None:
        self.online_changed.emit(online)
        if online:
            self.reads.request()  # counts may have moved while we were away

    def _on_events(self, events: list[EventInfo]) -> None:
        calls = self.state.apply_all(events)
        self.online_changed.emit(True)
        self.state_changed.emit(self.state, calls)
        for call in calls:
            self._announce(call)
        self._sync_screens()
        if any(e.kind in STATUS_KINDS for e in events) and not self._refresh.isActive():
            self._refresh.start()

    def _announce(self, call: ShownCall) -> None:
        if self.announcer is None:
            return
        kind = AnnouncementKind.RECALL if call.is_recall else AnnouncementKind.CALL
        try:
            self.announcer.submit(
                call.code, call.counter, kind, event_id=str(call.event_id), at=call.at
            )
        except Exception:  # the voice must never take the board down
            log.exception("could not queue the announcement of %s", call.code)

    def _sync_screens(self) -> None:
        if self.screens is not None:
            self.screens.sync(self.state.counters.values())
