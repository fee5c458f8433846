"""The one follower of the change feed, fanning each change out to every open page.

A thread waits on the store's feed (EventFeed: LISTEN/NOTIFY or a cheap poll) and hands
each batch of events to the event loop. There a page whose ticket an event names is
updated at once from the event itself (a call reaches the phone without a store read);
then one coalesced read refreshes every open ticket page (people ahead, estimates) and
the board, however many pages are open. No page ever reads the store on its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from shared.events.feed import EventFeed
from shared.services.phone import TicketView, ticket_views
from shared.services.results import EventInfo
from shared.store.db import Store, StoreError
from web.board import BoardFeed

log = logging.getLogger(__name__)

QUEUE_SIZE = 16
KEEPALIVE = ""  # an empty message: the stream sends an SSE comment (proxies keep it open)
KEEPALIVE_S = 15.0
# What an event means for the ticket it names, before the store is read again.
_STATUS_AFTER = {
    "called": "called",
    "recalled": "called",
    "started": "serving",
    "finished": "finished",
    "no_show": "no_show",
    "requeued": "waiting",
    "cancelled": "cancelled",
    "released": "waiting",
    "held": "waiting",
}


class Subscribers:
    """Open streams by key; a slow page loses stale messages, never the latest."""

    def __init__(self) -> None:
        self.by_key: dict[Any, set[asyncio.Queue[str]]] = {}

    def add(self, key: Any) -> asyncio.Queue[str]:
        queue: asyncio.Queue[str] = asyncio.Queue(QUEUE_SIZE)
        self.by_key.setdefault(key, set()).add(queue)
        return queue

    def remove(self, key: Any, queue: asyncio.Queue[str]) -> None:
        queues = self.by_key.get(key)
        if queues is not None:
            queues.discard(queue)
            if not queues:
                del self.by_key[key]

    def send(self, key: Any, message: str) -> None:
        for queue in self.by_key.get(key, ()):
            put(queue, message)

    def count(self) -> int:
        return sum(len(q) for q in self.by_key.values())


def put(queue: asyncio.Queue[str], message: str) -> None:
    if queue.full():
        with contextlib.suppress(asyncio.QueueEmpty):
            queue.get_nowait()
    queue.put_nowait(message)


class Hub:
    """Follows the feed once; ticket pages and boards subscribe here."""

    def __init__(self, store: Store, *, on_events: Callable[[], None] | None = None) -> None:
        self.store = store
        self.on_events = on_events  # e.g. wake the webhook outbox
        self.tickets = Subscribers()  # by root ticket id
        self.views: dict[int, TicketView] = {}
        self.codes: dict[str, int] = {}  # today's code -> root id, for open pages
        self.board = BoardFeed(store)
        self.boards = Subscribers()  # by department code ("" = whole hall)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._dirty = False
        self._refreshing: asyncio.Task[None] | None = None
        self._keepalive: asyncio.Task[None] | None = None
        self._batches = 0  # batches of events seen: a page opening meanwhile reads again
        self.connected = False

    # --- the feed, on its own thread ---------------------------------------------------
    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        # One timer for every open stream, not a timeout per stream and message.
        self._keepalive = self._loop.create_task(self._keep_alive())
        self._thread = threading.Thread(target=self._follow, name="hallq-web-feed", daemon=True)
        self._thread.start()

    async def _keep_alive(self) -> None:
        while True:
            await asyncio.sleep(KEEPALIVE_S)
            for subscribers in (self.tickets, self.boards):
                for queues in list(subscribers.by_key.values()):
                    for queue in list(queues):
                        if queue.empty():
                            put(queue, KEEPALIVE)

    def stop(self) -> None:
        self._stop.set()
        if self._keepalive is not None:
            self._keepalive.cancel()
        if self._thread is not None:
            self._thread.join(5)

    def _follow(self) -> None:
        feed = EventFeed(self.store)
        try:
            while not self._stop.is_set():
                try:
                    if feed.last_id is None:
                        feed.fetch()  # start at the end of the log
                        self._post(self._reconnected)
                    if not feed.wait(0.5):
                        continue
                    events = feed.fetch()
                    self.connected = True
                except StoreError as exc:
                    if self.connected:
                        log.warning("store lost: %s", exc)
                    self.connected = False
                    self._stop.wait(1.0)
                    continue
                if events:
                    self._post(self._on_events, events)
                    if self.on_events is not None:
                        self.on_events()
        finally:
            feed.close()

    def _post(self, fn: Callable[..., None], *args: Any) -> None:
        assert self._loop is not None
        with contextlib.suppress(RuntimeError):  # the loop closed while we were waiting
            self._loop.call_soon_threadsafe(fn, *args)

    # --- on the event loop --------------------------------------------------------------
    def _reconnected(self) -> None:
        self._schedule_refresh()

    def _on_events(self, events: list[EventInfo]) -> None:
        self._batches += 1
        for event in events:
            root = self.codes.get(event.code or "")
            if root is not None:
                self._apply(root, event)
        if self.boards.by_key:
            for dept, message in self.board.apply(events, self.boards.by_key):
                self.boards.send(dept, message)
        self._schedule_refresh()

    def _apply(self, root: int, event: EventInfo) -> None:
        """The page's new state from the event alone; the refresh read follows."""
        view = self.views.get(root)
        if view is None:
            return
        status = _STATUS_AFTER.get(event.kind)
        changes: dict[str, Any] = {}
        if status is not None:
            changes["status"] = status
        if event.kind in ("called", "recalled"):
            changes["counter"] = event.counter
            changes["people_ahead"] = 0
            changes["recalls"] = int(event.details.get("recalls", view.recalls))
        elif event.kind == "no_show" and event.details.get("requeued"):
            changes.update(status="waiting", counter=None, requeues=view.requeues + 1)
        elif event.kind == "transferred":
            changes.update(
                status="waiting",
                counter=None,
                service=event.details.get("to_service") or view.service,
            )
        elif status in ("finished", "no_show", "cancelled", "waiting"):
            changes["counter"] = None
        if not changes:
            return
        view = dataclasses.replace(view, **changes)
        self.views[root] = view
        self.tickets.send(root, _message(view, event.kind, event.id))

    def _schedule_refresh(self) -> None:
        self._dirty = True
        if self._refreshing is None or self._refreshing.done():
            self._refreshing = asyncio.ensure_future(self._refresh())

    async def _refresh(self) -> None:
        while self._dirty:
            self._dirty = False
            roots = list(self.tickets.by_key)
            try:
                if roots:
                    known = {
                        root: (view.code, view.business_day) for root, view in self.views.items()
                    }
                    fresh = await asyncio.to_thread(ticket_views, self.store, roots, known)
                    for root, view in fresh.items():
                        if self.views.get(root) != view:
                            self.views[root] = view
                            self.tickets.send(root, _message(view, "refresh", None))
                if self.boards.by_key:
                    await asyncio.to_thread(self.board.reload)
                    for dept in list(self.boards.by_key):
                        self.boards.send(dept, self.board.message(dept))
            except StoreError as exc:
                log.warning("refresh failed: %s", exc)
                await asyncio.sleep(1.0)
                self._dirty = True

    # --- subscriptions ------------------------------------------------------------------
    async def watch_ticket(self, root: int) -> asyncio.Queue[str] | None:
        """A stream of the ticket's states, starting with the current one; None if gone."""
        view = self.views.get(root) if root in self.tickets.by_key else None
        if view is None:
            seen = self._batches
            fresh = await asyncio.to_thread(ticket_views, self.store, [root])
            view = fresh.get(root)
            if view is None:
                return None
            self.views[root] = view
            if self._batches != seen:
                # Events came while we read, before this page was listed: the refresh
                # they started did not include it, and our read may predate them.
                self._schedule_refresh()
        self.codes[view.code] = root
        queue = self.tickets.add(root)
        put(queue, _message(view, "open", None))
        return queue

    def unwatch_ticket(self, root: int, queue: asyncio.Queue[str]) -> None:
        self.tickets.remove(root, queue)
        if root not in self.tickets.by_key:
            view = self.views.pop(root, None)
            if view is not None and self.codes.get(view.code) == root:
                del self.codes[view.code]

    async def watch_board(self, department: str) -> asyncio.Queue[str]:
        if not self.board.loaded:
            seen = self._batches
            await asyncio.to_thread(self.board.reload)
            if self._batches != seen:
                self._schedule_refresh()
        queue = self.boards.add(department)
        put(queue, self.board.message(department))
        return queue

    def unwatch_board(self, department: str, queue: asyncio.Queue[str]) -> None:
        self.boards.remove(department, queue)


def _message(view: TicketView, cause: str, event_id: int | None) -> str:
    """One SSE data line: the view, what caused it and the server's send time."""
    body = {**view.to_json(), "cause": cause, "event_id": event_id, "sent": time.time()}
    return json.dumps(body, ensure_ascii=False)
