"""Wiring of the counter app in one place: store, controller, window, devices, rating.

The controller owns the state, the jobs and the feed and runs every use case; the window
paints. What stays here is the glue: which dialog asks the clerk for an action's input,
which keypad key is which action, and how the controller's results are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from argon2 import PasswordHasher
from PySide6.QtCore import QCoreApplication, QObject

from counter.actions import Action, hot_keys
from counter.controller import CounterController
from counter.devices import CounterDevices
from counter.dialogs import (
    CancelDialog,
    ChosenDialog,
    HoldDialog,
    IssueDialog,
    PauseDialog,
    RestoreDialog,
    TransferDialog,
)
from counter.follow_up import FollowUpDialog
from counter.proxy import PrinterFactory
from counter.rating import RatingFlow, RatingRequest
from counter.window import CounterWindow
from counter.working import enabled_actions
from shared.devices import intents as it
from shared.services import auth
from shared.services.counter_view import CounterView
from shared.services.follow_up import FollowUpItem
from shared.services.printing import open_printer
from shared.store.db import Store

translate = QCoreApplication.translate


class CounterApp(QObject):
    """One counter's app; `start()` begins reading the feed and the devices."""

    def __init__(
        self,
        store: Store,
        counter: int,
        *,
        keys: Mapping[str, str] | None,
        devices: CounterDevices | None,
        hasher: PasswordHasher | None,
        english: bool,
        feed: bool,
        probe_ms: int,
        printer_factory: PrinterFactory = open_printer,
    ) -> None:
        super().__init__()
        self.store = store
        self.controller = CounterController(
            store,
            counter,
            hasher=hasher,
            probe_ms=probe_ms,
            printer_factory=printer_factory,
            parent=self,
        )
        self.window = CounterWindow(counter, hot_keys(keys))
        self.window.working.english = english
        self.window.supervisor.english = english
        self.devices = devices
        self.follow_feed = feed
        self.rating = RatingFlow(devices, reasons=[], timeout_s=30, host=self.window, parent=self)
        self.dialog: Any = None  # the input dialog open now, if any
        self._keypad_online: bool | None = None
        self._pad_online: bool | None = None
        self._connect()

    def _connect(self) -> None:
        c, w = self.controller, self.window
        c.view_changed.connect(self._on_view)
        c.busy_changed.connect(self._update_buttons)
        c.online_changed.connect(self._on_online)
        c.message.connect(self._on_message)
        c.action_done.connect(self._on_done)
        c.logged_in.connect(self._on_logged_in)
        c.logged_out.connect(w.show_login)
        c.password_needed.connect(w.login.ask_new_password)
        w.login.submitted.connect(c.log_in)
        w.login.new_password.connect(c.set_first_password)
        w.action.connect(self.trigger)
        w.supervisor.open_counter.connect(c.hall.open_counter)
        w.supervisor.close_counter.connect(c.hall.close_counter)
        w.supervisor.extend.connect(c.hall.extend)
        w.supervisor.record_follow_up.connect(self._record_follow_up)
        w.tabs.currentChanged.connect(self._on_tab)
        c.hall.overview_changed.connect(w.supervisor.show_overview)
        c.hall.follow_ups_changed.connect(w.supervisor.show_follow_ups)
        self.rating.rated.connect(self._rated)
        self.rating.note.connect(lambda text: w.working.show_message("info", text))
        if self.devices is not None:
            self.devices.keypad_intent.connect(self.on_keypad)
            self.devices.rating_intent.connect(self.rating.on_pad)
            self.devices.keypad_online.connect(self._on_keypad_online)
            self.devices.pad_online.connect(self._on_pad_online)

    def start(self) -> None:
        self.controller.start(feed=self.follow_feed)

    def stop(self) -> None:
        if self.devices is not None:
            self.devices.stop()
        self.rating.window.timer.stop()
        self.rating.pad_timer.stop()
        self.controller.stop()

    # --- actions -----------------------------------------------------------------------
    def trigger(self, action: Action) -> None:
        """A button or hot key: run the action, or open its input dialog first."""
        c, w = self.controller, self.window
        if action is Action.CALL_CHOSEN:
            self._dialog(ChosenDialog(w), c.call_chosen)
        elif action is Action.TRANSFER and c.view is not None:
            dialog = TransferDialog(c.view.services, w.working.english, w)
            self._dialog(
                dialog, lambda svc, n, note: c.transfer(to_service=svc, to_counter=n, note=note)
            )
        elif action is Action.PAUSE:
            self._dialog(PauseDialog(w), c.pause)
        elif action is Action.RATE:
            self.ask_rating()
        elif action is Action.HOLD and c.view is not None and c.view.current is not None:
            self._dialog(HoldDialog(c.view.current.code, w), c.hold)
        elif action is Action.RESTORE and c.view is not None:
            english = w.working.english
            self._dialog(RestoreDialog(c.view.held, english, c.timezone, w), c.restore)
        elif action is Action.CANCEL:
            self.confirm_cancel()
        elif action is Action.ISSUE and c.view is not None:
            issue = IssueDialog(c.view.services, w.working.english, w)
            self._dialog(
                issue, lambda svc, prio, en: c.issue_for(svc, priority=prio, service_name_en=en)
            )
        else:
            c.perform(action)

    def _dialog(self, dialog: Any, slot: Any) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.picked.connect(slot)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        dialog.open()

    def confirm_cancel(self) -> None:
        """作废 the case in hand, once the clerk confirms it (button, hot key or keypad)."""
        c = self.controller
        if c.view is None or c.view.current is None:
            return
        self._dialog(CancelDialog(c.view.current.code, self.window), c.cancel)

    def ask_rating(self) -> None:
        view = self.controller.view
        case = view.current if view and view.current else (view.last_case if view else None)
        if case is None or case.rated:
            return
        self.rating.ask(RatingRequest(case.ticket_id, case.code))

    def _rated(
        self,
        ticket_id: int,
        level: int | None,
        reasons: list[str],
        source: str,
        dimensions: dict[str, object],
    ) -> None:
        self.controller.rate(
            ticket_id, level, reasons=reasons, dimensions=dimensions, source=source
        )

    def on_keypad(self, intent: it.KeypadIntent) -> None:
        """The caller keypad's keys map onto the same actions as the buttons."""
        c = self.controller
        if c.session is None:
            return
        simple = {
            it.CallNext: Action.CALL_NEXT,
            it.Recall: Action.RECALL,
            it.NoShow: Action.NO_SHOW,
            it.Start: Action.START,
            it.Finish: Action.FINISH,
            it.Resume: Action.RESUME,
        }
        action = simple.get(type(intent))
        if action is not None:
            c.perform(action)
            return
        if isinstance(intent, it.CallChosen):
            c.call_chosen(intent.code)
        elif isinstance(intent, it.Transfer):
            self._keypad_transfer(intent)
        elif isinstance(intent, it.Pause):
            c.pause(translate("Dialogs", "暂停"))
        elif isinstance(intent, it.StepAway):
            c.pause(translate("Dialogs", "暂离"))
        elif isinstance(intent, it.AskRating):
            self.ask_rating()
        elif isinstance(intent, it.Hold):
            c.hold()
        elif isinstance(intent, it.Restore):
            c.restore(intent.code)
        elif isinstance(intent, it.Cancel):
            self.confirm_cancel()
        elif isinstance(intent, it.ShowWaiting) and c.view is not None and self.devices:
            self.devices.display(str(c.view.total_waiting))
        else:
            text = translate("App", "叫号器的这个键本系统暂不支持")
            self.window.working.show_message("error", text)

    def _keypad_transfer(self, intent: it.Transfer) -> None:
        c = self.controller
        if intent.target_counter is not None:
            c.transfer(to_counter=intent.target_counter)
            return
        services = c.view.services if c.view else ()
        match = [s.code for s in services if s.prefix == intent.target or s.code == intent.target]
        if match:
            c.transfer(to_service=match[0])
        else:
            self.window.working.show_message(
                "error", translate("App", "没有前缀为{p}的事项").format(p=intent.target)
            )

    # --- supervisor --------------------------------------------------------------------
    def _record_follow_up(self, item: FollowUpItem) -> None:
        """记录整改: ask the outcome and what was done, then close the item off the GUI thread."""
        self._dialog(FollowUpDialog(item, self.window), self.controller.hall.close_follow_up)

    def _on_tab(self, _index: int) -> None:
        self.controller.hall.show(self.window.tabs.currentWidget() is self.window.supervisor)

    # --- painting --------------------------------------------------------------------
    def _on_view(self, view: CounterView) -> None:
        session = self.controller.session
        self.window.working.show_view(view, session.name if session else (view.clerk or ""))
        self.rating.configure(list(view.rating.reasons), view.rating.timeout_seconds)
        if self.devices is not None:
            self.devices.configure(view.devices)
            if self.devices.keypad is None:
                self._keypad_online = None
            if self.devices.pad is None:
                self._pad_online = None
            self.window.working.set_devices(self._keypad_online, self._pad_online)
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        c = self.controller
        allowed = (
            set() if c.busy or not c.online else enabled_actions(c.view, c.session is not None)
        )
        self.window.working.set_enabled(allowed)

    def _on_online(self, online: bool) -> None:
        self.window.set_online(online)
        self._update_buttons()

    def _on_message(self, level: str, text: str) -> None:
        self.window.show_message(self.controller.session, level, text)

    def _on_done(self, action: Action, result: object) -> None:
        code = getattr(result, "code", None)
        shown_on_keypad = (Action.CALL_NEXT, Action.CALL_CHOSEN, Action.RECALL, Action.RESTORE)
        if action in shown_on_keypad and code and self.devices:
            self.devices.display(str(code))
        self.window.show_result(action, result)

    def _on_logged_in(self, session: auth.Session) -> None:
        self.window.show_logged_in(session)
        self.controller.hall.show(self.window.tabs.currentWidget() is self.window.supervisor)

    def _on_keypad_online(self, online: bool) -> None:
        self._keypad_online = online
        self.window.working.set_devices(self._keypad_online, self._pad_online)

    def _on_pad_online(self, online: bool) -> None:
        self._pad_online = online
        self.window.working.set_devices(self._keypad_online, self._pad_online)


def build(
    store: Store,
    *,
    counter: int,
    lang: str = "zh",
    keys: Mapping[str, str] | None = None,
    devices: CounterDevices | None = None,
    use_devices: bool = True,
    hasher: PasswordHasher | None = None,
    feed: bool = True,
    probe_ms: int = 1000,
    printer_factory: PrinterFactory = open_printer,
) -> CounterApp:
    """The whole counter app for `counter`; tests pass their own store, devices and hasher."""
    if devices is None and use_devices:
        devices = CounterDevices(counter)
    return CounterApp(
        store,
        counter,
        keys=keys,
        devices=devices,
        hasher=hasher,
        english=lang == "en",
        feed=feed,
        probe_ms=probe_ms,
        printer_factory=printer_factory,
    )
