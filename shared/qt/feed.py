"""The change feed as a QObject: waits off the GUI thread, delivers events as signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from shared.events.feed import EventFeed
from shared.store.db import Store, StoreError

log = logging.getLogger(__name__)


class _Worker(QThread):
    events = Signal(list)
    online = Signal(bool)

    def __init__(self, feed: EventFeed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.feed = feed
        self._stop = False
        self._online: bool | None = None

    def stop(self) -> None:
        self._stop = True

    def _set_online(self, value: bool) -> None:
        if value != self._online:
            self._online = value
            self.online.emit(value)

    def run(self) -> None:
        while not self._stop:
            try:
                if self.feed.wait(0.25) or self._online is not True:
                    batch = self.feed.fetch()
                    self._set_online(True)
                    while batch and not self._stop:
                        self.events.emit(batch)
                        batch = self.feed.fetch()
            except StoreError as exc:
                if self._online is not False:
                    log.warning("store unreachable: %s", exc)
                self._set_online(False)
                self.msleep(500)
            except Exception:  # never let the feed thread die: the board would freeze
                log.exception("feed error")
                self._set_online(False)
                self.msleep(500)
        self.feed.close()


class QtEventFeed(QObject):
    """`events(list[EventInfo])` for every new batch; `online(bool)` when the store comes or goes.

    Starts at `last_id` (default: now), so an app that restarts or reconnects catches up
    from exactly where it was.
    """

    events = Signal(list)
    online = Signal(bool)

    def __init__(
        self, store: Store, *, last_id: int | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._last_id = last_id
        self._worker: _Worker | None = None

    @property
    def last_id(self) -> int:
        if self._worker is not None and self._worker.feed.last_id is not None:
            return self._worker.feed.last_id
        return self._last_id or 0

    def start(self) -> None:
        feed = EventFeed(self._store, last_id=self._last_id)
        self._worker = _Worker(feed)
        self._worker.events.connect(self.events)
        self._worker.online.connect(self.online)
        self._worker.start()

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker.wait(3000)
            self._worker = None


def follow_feed(
    store: Store,
    owner: QObject,
    on_events: Callable[[list[Any]], None],
    on_online: Callable[[bool], None],
    *,
    last_id: int | None = None,
) -> QtEventFeed:
    """The one way an app follows the change feed: its controller (`owner`) owns the feed,
    takes its batches and its comings and goings, and stops it when it stops."""
    feed = QtEventFeed(store, last_id=last_id, parent=owner)
    feed.events.connect(on_events)
    feed.online.connect(on_online)
    feed.start()
    return feed
