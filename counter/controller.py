"""The counter's controller: owns the session, the counter's view, the jobs and the feed.

One use case per `Action`, run off the GUI thread, one at a time; the supervisor's hall
tab has its own controller (counter/hall.py), owned by this one and running through it.
The window only paints the signals and forwards the clerk's input (counter/app.py wires
the two).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from argon2 import PasswordHasher
from PySide6.QtCore import QObject, Signal

from counter.actions import Action
from counter.hall import HallController
from counter.messages import describe
from counter.proxy import PrinterFactory, issue_for_citizen
from shared import services as uc
from shared.domain.errors import TooManyRecalls
from shared.qt.feed import QtEventFeed, follow_feed
from shared.qt.jobs import Coalesced, Jobs, make_timer
from shared.services import auth, holding
from shared.services.counter_view import CounterView, counter_view
from shared.services.printing import open_printer
from shared.store.db import Store, StoreUnavailable

log = logging.getLogger(__name__)


class CounterController(QObject):
    """Actions for one counter. A second action while one is in flight is refused, so
    pressing twice never calls twice; the store's CounterBusy guards across processes.

    While the store is unreachable every action is refused (nothing is queued to be
    retried blindly); once it answers again the counter's state is read afresh, which
    settles any action whose outcome was lost with the connection.
    """

    view_changed = Signal(object)  # CounterView
    busy_changed = Signal(bool)
    online_changed = Signal(bool)
    message = Signal(str, str)  # level ("info" | "error"), text
    action_done = Signal(object, object)  # Action, its result
    action_failed = Signal(object, object)  # Action, the exception
    logged_in = Signal(object)  # auth.Session
    logged_out = Signal()
    password_needed = Signal(str)  # login

    def __init__(
        self,
        store: Store,
        counter: int,
        *,
        jobs: Jobs | None = None,
        hasher: PasswordHasher | None = None,
        probe_ms: int = 1000,
        printer_factory: PrinterFactory = open_printer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.printer_factory = printer_factory
        self.counter = counter
        self.jobs = jobs or Jobs(parent=self)
        self.feed: QtEventFeed | None = None
        self.hasher = hasher or auth.make_hasher()
        self.session: auth.Session | None = None
        self.view: CounterView | None = None
        self.timezone = "Asia/Shanghai"
        self._busy = False
        self._online = True
        self._reads = Coalesced(
            self.jobs,
            partial(counter_view, store, counter=counter),
            self._on_view,
            self._on_view_error,
            again_if=lambda: self._online,
        )
        self._probe = make_timer(self, probe_ms, self._probe_store)
        self.hall = HallController(self)  # the supervisor's hall tab

    def start(self, *, feed: bool = True) -> None:
        """Follow the change feed (unless told not to) and read the counter's view."""
        if feed:
            self.feed = follow_feed(self.store, self, self._on_events, self.set_online)
        self.refresh()

    def stop(self) -> None:
        """At shutdown: stop the feed, the timers and the jobs."""
        if self.feed is not None:
            self.feed.stop()
        self.jobs.close()
        self.hall.stop()
        self._probe.stop()

    # --- state -----------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def online(self) -> bool:
        return self._online

    @property
    def clerk(self) -> str | None:
        return self.session.login if self.session else None

    def set_online(self, online: bool) -> None:
        """The store came or went (from the feed or a failed call)."""
        if online == self._online:
            return
        self._online = online
        self.online_changed.emit(online)
        if online:
            self._probe.stop()
            self.refresh()  # reconcile: whatever happened during the outage is now read
        else:
            self._probe.start()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)

    # --- running use cases -----------------------------------------------------------
    def run(
        self,
        action: Action,
        work: Callable[[], Any],
        *,
        exclusive: bool = True,
        then: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> bool:
        """Run one use case; False (and nothing done) when offline or another is in flight."""
        if not self._online:
            self.message.emit("error", describe(StoreUnavailable("offline")))
            return False
        if exclusive and self._busy:
            return False
        if exclusive:
            self._set_busy(True)

        def ok(result: Any) -> None:
            if exclusive:
                self._set_busy(False)
            if then is not None:
                then(result)
            self.action_done.emit(action, result)
            self.refresh()

        def error(exc: BaseException) -> None:
            if exclusive:
                self._set_busy(False)
            if isinstance(exc, StoreUnavailable):
                self.set_online(False)
            if on_error is not None:
                on_error(exc)
            self.action_failed.emit(action, exc)
            self.message.emit("error", describe(exc, self.timezone))
            if self._online:
                self.refresh()

        self.jobs.submit(work, ok, error)
        return True

    def refresh(self) -> None:
        """Read the counter's view again (coalesced: one read in flight at a time)."""
        self._reads.request()

    def _on_view(self, view: CounterView) -> None:
        self.view = view
        self.view_changed.emit(view)

    def _on_view_error(self, exc: BaseException) -> None:
        if isinstance(exc, StoreUnavailable):
            self.set_online(False)
        else:
            self.message.emit("error", describe(exc, self.timezone))

    def _on_events(self, events: list[Any]) -> None:
        """Someone changed the hall: the counter's view, and what a supervisor watches."""
        self.refresh()
        self.hall.on_events(events)

    def _probe_store(self) -> None:
        def ok(_: object) -> None:
            self.set_online(True)

        self.jobs.submit(self.store.ping, ok, lambda exc: None)

    # --- log-in ----------------------------------------------------------------------
    def log_in(self, login: str, password: str) -> bool:
        def work() -> auth.Session:
            # Log in and (a clerk) open the counter: one transaction, both or neither.
            return auth.sign_in(
                self.store,
                login=login,
                password=password,
                counter=self.counter,
                hasher=self.hasher,
            )

        def error_hook(exc: BaseException) -> None:
            if isinstance(exc, auth.PasswordNotSet):
                self.password_needed.emit(exc.login)

        return self.run(Action.LOG_IN, work, then=self._logged_in, on_error=error_hook)

    def set_first_password(self, login: str, setup_code: str, password: str) -> bool:
        def work() -> auth.Session:
            auth.set_first_password(
                self.store,
                login=login,
                password=password,
                setup_code=setup_code,
                hasher=self.hasher,
            )
            # The password stands on its own (the setup code is spent once it is chosen);
            # signing in at this counter is then one transaction, as at log_in.
            return auth.sign_in(
                self.store,
                login=login,
                password=password,
                counter=self.counter,
                hasher=self.hasher,
            )

        return self.run(Action.SET_PASSWORD, work, then=self._logged_in)

    def _logged_in(self, session: auth.Session) -> None:
        self.session = session
        self.logged_in.emit(session)
        self.hall.refresh_overview()

    def log_out(self) -> bool:
        session = self.session
        if session is None:
            return False

        def work() -> None:
            auth.sign_out(
                self.store, login=session.login, counter=self.counter, close=session.has("clerk")
            )

        def done(_: object) -> None:
            self.session = None
            self.logged_out.emit()

        return self.run(Action.LOGOUT, work, then=done)

    # --- the clerk's actions -----------------------------------------------------------
    def _act(self, action: Action, fn: Callable[..., Any], **kw: Any) -> bool:
        if self.session is None:
            return False
        work = partial(fn, self.store, counter=self.counter, clerk=self.clerk, **kw)
        return self.run(action, work)

    def perform(self, action: Action) -> bool:
        """An action that needs no input from the clerk (a button, hot key or keypad key)."""
        simple: dict[Action, Callable[[], bool]] = {
            Action.CALL_NEXT: self.call_next,
            Action.RECALL: self.recall,
            Action.NO_SHOW: self.no_show,
            Action.START: self.start_service,
            Action.FINISH: self.finish,
            Action.RESUME: self.resume,
            Action.HOLD: self.hold,
            Action.RESTORE: self.restore,
            Action.TRANSFER: self.transfer,
            Action.LOGOUT: self.log_out,
        }
        step = simple.get(action)
        return step() if step is not None else False

    def call_next(self) -> bool:
        """叫号. With a case in hand (the caller keypad's next key while serving; the button
        is off then) the case is finished and the next called in one transaction: when
        nothing waits, the case stays in hand."""
        if self.view is not None and self.view.current is not None:
            return self._act(Action.CALL_NEXT, uc.finish_and_call_next)
        return self._act(Action.CALL_NEXT, uc.call_next)

    def recall(self) -> bool:
        view = self.view
        if view and view.current and view.current.recalls >= view.recall_limit:
            # The hall's limit is reached: the only way on is no-show.
            exc = TooManyRecalls(view.current.code, view.recall_limit)
            self.message.emit("error", describe(exc))
            return False
        return self._act(Action.RECALL, uc.recall)

    def no_show(self) -> bool:
        return self._act(Action.NO_SHOW, uc.mark_no_show)

    def call_chosen(self, code: str) -> bool:
        return self._act(Action.CALL_CHOSEN, uc.call_chosen, code=code.strip().upper())

    def start_service(self) -> bool:
        return self._act(Action.START, uc.start_service)

    def finish(self) -> bool:
        return self._act(Action.FINISH, uc.finish)

    def transfer(
        self, *, to_service: str | None = None, to_counter: int | None = None, note: str = ""
    ) -> bool:
        return self._act(
            Action.TRANSFER, uc.transfer, to_service=to_service, to_counter=to_counter, note=note
        )

    def pause(self, reason: str) -> bool:
        return self._act(Action.PAUSE, uc.pause_counter, reason=reason)

    def resume(self) -> bool:
        return self._act(Action.RESUME, uc.resume_counter)

    def hold(self, reason: str = "") -> bool:
        """挂起: set the case in hand aside."""
        return self._act(Action.HOLD, holding.hold, reason=reason)

    def restore(self, code: str | None = None) -> bool:
        """恢复挂起: take a held ticket back (None: the last one held)."""
        chosen = code.strip().upper() if code else None
        return self._act(Action.RESTORE, holding.restore, code=chosen)

    def cancel(self, code: str, reason: str = "") -> bool:
        """作废: void the ticket `code` (the case in hand, confirmed by the clerk)."""
        if self.session is None:
            return False
        work = partial(uc.cancel_ticket, self.store, code=code, clerk=self.clerk, reason=reason)
        return self.run(Action.CANCEL, work)

    def issue_for(self, service: str, *, priority: bool = False, service_name_en: str = "") -> bool:
        """代取号: a ticket for a citizen, printed where the hall has a printer.

        Not exclusive: the clerk's own calls go on while the printer works.
        """
        if self.session is None:
            return False
        work = partial(
            issue_for_citizen,
            self.store,
            service=service,
            clerk=self.clerk,
            priority=priority,
            service_name_en=service_name_en,
            printer_factory=self.printer_factory,
        )
        return self.run(Action.ISSUE, work, exclusive=False)

    def rate(
        self,
        ticket_id: int,
        level: int | None,
        *,
        reasons: list[str],
        dimensions: dict[str, object],
        source: str,
    ) -> bool:
        """Store the citizen's rating; not exclusive, so a clerk's next call never blocks it."""
        work = partial(
            uc.rate,
            self.store,
            ticket_id=ticket_id,
            level=level,
            reasons=reasons,
            dimensions=dimensions,
            source=source,
        )
        return self.run(Action.RATE, work, exclusive=False)
