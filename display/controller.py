"""Wires the board: store reads and the feed in, the view, the voice and the counter screens out."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from typing import IO, Any

from PySide6.QtCore import QObject, QTimer, Signal

from display.board import BoardView
from display.model import BoardFilter, BoardState, ShownCall
from display.screens import CounterScreens
from shared.qt.feed import QtEventFeed
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
STATUS_KINDS = frozenset({
    "issued", "called", "recalled", "no_show", "requeued", "finished", "transferred",
    "cancelled", "counter_opened", "counter_closed", "paused", "resumed", "config_applied",
})


class JsonLog:
    """One JSON line per call shown and per announcement started, for measuring from outside."""

    def __init__(self, stream: IO[str], clock: Callable[[], float] = time.time) -> None:
        self._stream = stream
        self._clock = clock
        self._lock = threading.Lock()

    def write(self, event: str, event_id: int, code: str, counter: int, **extra: Any) -> None:
        line = {"event": event, "event_id": event_id, "code": code, "counter": counter,
                "t": self._clock(), **extra}
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
        self.write("spoken", int(item.event_id or 0), item.code, item.counter,
                   silenced=item.silenced, form=item.form.value, late_s=round(item.late_s, 3),
                   **({"why": item.why_once} if item.why_once else {}))

    def skipped(self, item: Announcement, reason: DropReason) -> None:
        """A call that will not be spoken (it was shown): why, and how late it was."""
        self.write("skipped", int(item.event_id or 0), item.code, item.counter,
                   reason=reason.value, late_s=round(item.late_s, 3))


class StatusReader(QObject):
    """Reads hall_status (and, the first time, the day's calls) on a worker thread."""

    loaded = Signal(object, object)  # HallStatus, list[EventInfo] | None
    failed = Signal(str)

    def __init__(self, store: Store, settings: BoardSettings, parent: QObject | None = None):
        super().__init__(parent)
        self._store, self._settings = store, settings
        self._lock = threading.Lock()
        self._running = False
        self._again = False
        self._full: HallStatus | None = None
        self._full_at = 0.0

    def request(self, *, history: bool = False) -> None:
        """Read soon; requests made while a read runs fold into one more read."""
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._run, args=(history,), name="hallq-status",
                         daemon=True).start()

    def _read(self) -> HallStatus:
        # Estimates and opening state change slowly: read them fully now and then only.
        if self._full is None or time.monotonic() - self._full_at > FULL_READ_S:
            self._full, self._full_at = hall_status(self._store), time.monotonic()
            return self._full
        return refresh_status(self._store, self._full)

    def _run(self, history: bool) -> None:
        while True:
            try:
                status = self._read()
                calls = None
                if history:
                    calls = [e for e in calls_of_day(self._store, status.business_day,
                                                     self._settings.timezone)
                             if e.id <= status.last_event_id]
                self.loaded.emit(status, calls)
            except StoreError as error:
                self.failed.emit(str(error))
            except Exception as error:  # a reader that dies silently would freeze the counts
                log.exception("reading the hall status failed")
                self.failed.emit(str(error))
            with self._lock:
                if not self._again:
                    self._running = False
                    return
                self._again, history = False, False


class BoardController(QObject):
    """Keeps the view live: first the store's state, then the feed; calls go to voice and log."""

    ready = Signal()

    def __init__(
        self,
        store: Store,
        settings: BoardSettings,
        view: BoardView,
        *,
        announcer: Announcer | None = None,
        screens: CounterScreens | None = None,
        json_log: JsonLog | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.settings, self.view = store, settings, view
        self.announcer, self.screens, self.json_log = announcer, screens, json_log
        self.state = BoardState(filter=BoardFilter.from_spec(settings.display))
        self.feed: QtEventFeed | None = None
        self._stopped = False
        self.reader = StatusReader(store, settings, self)
        self.reader.loaded.connect(self._on_status)
        self.reader.failed.connect(self._on_failed)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(lambda: self.reader.request(history=True))
        # Counts are re-read a moment after events, so the read never delays a call's paint.
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_DELAY_MS)
        self._refresh.timeout.connect(self.reader.request)
        if json_log is not None:
            view.painted.connect(json_log.shown_all)

    @property
    def is_ready(self) -> bool:
        return self.feed is not None

    def start(self) -> None:
        """Read the hall, then follow the feed; returns at once."""
        self.reader.request(history=True)

    def stop(self) -> None:
        """Stop the feed, the voice and the screens."""
        if self._stopped:
            return
        self._stopped = True
        self._retry.stop()
        self._refresh.stop()
        self.reader.loaded.disconnect(self._on_status)
        self.reader.failed.disconnect(self._on_failed)
        if self.feed is not None:
            self.feed.stop()
        if self.announcer is not None:
            self.announcer.close(timeout=2.0)
        if self.screens is not None:
            self.screens.stop()

    def _on_failed(self, message: str) -> None:
        if self._stopped:
            return
        log.warning("the store does not answer (%s); the board keeps its last state", message)
        self.view.set_online(False)
        if self.feed is None:
            self._retry.start()  # the first read has not worked yet; the feed will not help

    def _on_status(self, status: HallStatus, history: list[EventInfo] | None) -> None:
        if self._stopped:
            return  # a read that finished after stop(): the view may be gone
        first = self.feed is None
        if first:
            self.state.start(status)
        elif not self.state.apply_status(status):
            self.reader.request()  # an event overtook this read: counters would go back
        if first:
            self.state.load_history(history or [])
            self.feed = QtEventFeed(self.store, last_id=self.state.last_event_id, parent=self)
            self.feed.events.connect(self._on_events)
            self.feed.online.connect(self._on_online)
            self.feed.start()
            self.view.set_online(True)
        self.view.show_state(self.state)
        self._sync_screens()
        if first:
            if self.json_log is not None:
                self.json_log.ready(self.state.last_event_id)
            self.ready.emit()

    def _on_online(self, online: bool) -> None:
        self.view.set_online(online)
        if online:
            self.reader.request()  # counts may have moved while we were away

    def _on_events(self, events: list[EventInfo]) -> None:
        calls = self.state.apply_all(events)
        self.view.set_online(True)
        self.view.show_state(self.state, calls)
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
            self.announcer.submit(call.code, call.counter, kind, event_id=str(call.event_id),
                                  at=call.at)
        except Exception:  # the voice must never take the board down
            log.exception("could not queue the announcement of %s", call.code)

    def _sync_screens(self) -> None:
        if self.screens is not None:
            self.screens.sync(self.state.counters.values())
