"""The supervisor's hall tab: the hall overview, the open 差评整改 items, and the
supervisor's actions on other counters and on a service's day.

Owned by the counter's controller and run through it: one `Jobs`, one busy state, one
online state, and a use case's result and error reach the window by the controller's
`action_done`/`action_failed`/`message` like any clerk's action. It reads only while a
supervisor is logged in, and re-reads the overview on the hall's events only while its
tab is on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from counter.actions import Action
from counter.messages import describe
from shared import services as uc
from shared.qt.jobs import Coalesced, make_timer
from shared.services.follow_up import close_follow_up, open_follow_ups
from shared.services.supervision import extend_service_day, hall_overview

if TYPE_CHECKING:
    from counter.controller import CounterController

# Events after which the open 差评整改 list may differ.
FOLLOW_UP_KINDS = frozenset({"rated", "follow_up_closed"})


class HallController(QObject):
    """What the supervisor's tab shows and does (signals to paint it; one method an input)."""

    overview_changed = Signal(object)  # supervision.Overview
    follow_ups_changed = Signal(object)  # list[FollowUpItem]

    def __init__(self, counter: CounterController) -> None:
        super().__init__(counter)
        self.counter = counter
        self.store = counter.store
        self.shown = False  # the hall tab is on screen
        self._follow_up_reads = Coalesced(
            counter.jobs,
            partial(open_follow_ups, counter.store),
            self.follow_ups_changed.emit,
            self._on_error,
            again_if=self._supervising,
        )
        # A burst of events re-reads the overview once, a moment after the last.
        self._overview_timer = make_timer(self, 300, self.refresh_overview, single=True)

    def stop(self) -> None:
        self._overview_timer.stop()

    def _supervising(self) -> bool:
        session = self.counter.session
        return session is not None and session.has("supervisor") and self.counter.online

    def show(self, shown: bool) -> None:
        """The hall tab came on screen (read it now) or went."""
        came = shown and not self.shown
        self.shown = shown
        if came:
            self.refresh_overview()

    def on_events(self, events: Sequence[Any]) -> None:
        """Someone changed the hall: the overview if on screen, the list if a rating moved."""
        if self.shown:
            self._overview_timer.start()
        if any(getattr(e, "kind", None) in FOLLOW_UP_KINDS for e in events):
            self.refresh_follow_ups()

    def refresh_overview(self) -> None:
        """Read the hall overview and the open 差评整改 items (supervisors only)."""
        if not self._supervising():
            return
        self.counter.jobs.submit(
            partial(hall_overview, self.store), self.overview_changed.emit, self._on_error
        )
        self.refresh_follow_ups()

    def refresh_follow_ups(self) -> None:
        """Read the open 差评整改 items again (coalesced: one read in flight at a time)."""
        if self._supervising():
            self._follow_up_reads.request()

    def _on_error(self, exc: BaseException) -> None:
        self.counter.message.emit("error", describe(exc, self.counter.timezone))

    # --- the supervisor's actions ------------------------------------------------------
    def open_counter(self, number: int) -> bool:
        """A supervisor opens another counter."""
        work = partial(uc.open_counter, self.store, counter=number)
        return self.counter.run(Action.OPEN_COUNTER, work, then=self._reread)

    def close_counter(self, number: int) -> bool:
        """A supervisor closes a counter; its waiting tickets go back to the queue."""
        work = partial(uc.close_counter, self.store, counter=number, release=True)
        return self.counter.run(Action.CLOSE_COUNTER, work, then=self._reread)

    def extend(self, service: str, closes_at: str | None, quota: int) -> bool:
        """A supervisor extends a service's day: a later closing time, more tickets."""
        work = partial(
            extend_service_day,
            self.store,
            service=service,
            closes_at=closes_at,
            extra_quota=quota,
            clerk=self.counter.clerk,
        )
        return self.counter.run(Action.EXTEND, work, then=self._reread)

    def _reread(self, _: object) -> None:
        self.refresh_overview()

    def close_follow_up(self, follow_up_id: int, outcome: str, action: str) -> bool:
        """记录整改: close a bad rating's follow-up item, recorded as done by this supervisor.

        Not exclusive: the supervisor's own counter work goes on meanwhile; a second
        close of the same item is refused by the store (FollowUpClosed).
        """
        session = self.counter.session
        if session is None or not (session.has("supervisor") or session.has("admin")):
            return False
        work = partial(
            close_follow_up,
            self.store,
            follow_up_id=follow_up_id,
            outcome=outcome,
            action=action,
            by=session.login,
        )
        return self.counter.run(
            Action.CLOSE_FOLLOW_UP,
            work,
            exclusive=False,
            then=lambda _: self.refresh_follow_ups(),
            # e.g. closed meanwhile by another supervisor: show the list as it is now
            on_error=lambda _: self.refresh_follow_ups(),
        )
