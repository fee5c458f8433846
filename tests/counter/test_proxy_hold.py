"""代取号 from the counter, printed the kiosk's way (a fault leaves the ticket valid);
挂起/恢复/作废 by buttons and hot keys."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from counter.actions import Action
from counter.app import CounterApp
from shared import services as uc
from shared.services.queries import events_after
from shared.store.db import Store
from shared.store.models import Ticket
from tests.counter.test_app import do, log_in, make_app, wait_idle


def _set_printer(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """The counter PC's own printer (its environment); the store never names one."""
    monkeypatch.setenv("HALLQ_PRINTER", url)


@pytest.fixture
def app(qtbot, clerks: Store, hasher: PasswordHasher) -> Iterator[CounterApp]:  # type: ignore[no-untyped-def]
    counter_app = make_app(qtbot, clerks, hasher)
    yield counter_app
    counter_app.stop()


def _issue(qtbot, app: CounterApp, service: str, priority: bool) -> None:  # type: ignore[no-untyped-def]
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow)
    qtbot.keyClick(app.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = app.dialog
    assert dialog is not None and dialog.windowTitle() == "代取号"
    dialog.service.setCurrentIndex(dialog.service.findData(service))
    dialog.priority.setChecked(priority)
    with qtbot.waitSignal(
        app.controller.action_done, timeout=10000, check_params_cb=lambda n, _: n == "issue"
    ):
        dialog.accept()
    wait_idle(qtbot, app)


def test_issue_for_a_citizen_prints_on_the_pcs_printer(
    qtbot, monkeypatch, app: CounterApp, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "tickets.bin"
    _set_printer(monkeypatch, f"file://{out}")
    log_in(qtbot, app)
    _issue(qtbot, app, "B", priority=True)
    with app.store.read() as s:
        ticket = s.query(Ticket).one()
        assert (ticket.issued_by, ticket.priority, ticket.status) == ("li.wei", True, "waiting")
    issued = events_after(app.store, 0)[-1]
    assert issued.kind == "issued" and issued.details["source"] == "counter"
    assert issued.clerk == "li.wei"
    data = out.read_bytes()
    assert ticket.code.encode() in data and data.startswith(b"\x1b@")  # ESC @: a real ticket
    assert ticket.code in app.window.working.message.text()
    assert "打印" in app.window.working.message.text()


def test_printing_failure_is_shown_and_the_ticket_stays_valid(
    qtbot, monkeypatch, app: CounterApp
) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as probe:  # a port nobody listens on: the printer is offline
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _set_printer(monkeypatch, f"tcp://127.0.0.1:{port}?timeout=0.5")
    log_in(qtbot, app)
    _issue(qtbot, app, "A", priority=False)
    kinds = [e.kind for e in events_after(app.store, 0)]
    assert kinds[-2:] == ["issued", "printer_fault"]
    message = app.window.working.message.text()
    assert "打印失败" in message and "仍然有效" in message
    # The ticket is in line and can be called as any other.
    do(qtbot, app, "call_next")
    code = events_after(app.store, 0)[-2].code
    qtbot.waitUntil(lambda: app.window.working.code.text() == code)


def test_issue_without_a_printer_only_shows_the_code(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]
    log_in(qtbot, app)
    app.trigger(Action.ISSUE)
    dialog = app.dialog
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        dialog.accept()
    wait_idle(qtbot, app)
    assert [e.kind for e in events_after(app.store, 0)][-1] == "issued"
    assert "A001" in app.window.working.message.text()


def test_hold_restore_and_confirmed_cancel_by_buttons(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]
    store = app.store
    a1, a2, a3 = (uc.issue_ticket(store, service="A").code for _ in range(3))
    log_in(qtbot, app)
    do(qtbot, app, "call_next")
    do(qtbot, app, "start")
    assert not app.window.working.buttons["restore"].isEnabled()  # nothing held yet
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow)
    qtbot.keyClick(app.window, Qt.Key.Key_F11)
    dialog = app.dialog
    dialog.reason.setCurrentText("复印证件")
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        dialog.accept()
    wait_idle(qtbot, app)
    qtbot.waitUntil(lambda: app.window.working.code.text() == "—")
    assert events_after(store, 0)[-1].details["reason"] == "复印证件"
    do(qtbot, app, "call_next")
    qtbot.waitUntil(lambda: app.window.working.code.text() == a2)
    assert not app.window.working.buttons["restore"].isEnabled()  # a case is in hand
    # 作废 asks first; saying no voids nothing.
    app.trigger(Action.CANCEL)
    question = app.dialog.findChild(QLabel, "cancelQuestion")
    assert a2 in question.text()
    app.dialog.reject()
    assert events_after(store, 0)[-1].kind == "called"
    app.trigger(Action.CANCEL)
    app.dialog.reason.setText("重复取号")
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        app.dialog.accept()
    wait_idle(qtbot, app)
    voided = events_after(store, 0)[-1]
    assert (voided.kind, voided.code, voided.details["reason"]) == ("cancelled", a2, "重复取号")
    qtbot.waitUntil(lambda: app.window.working.buttons["restore"].isEnabled())
    app.trigger(Action.RESTORE)
    assert app.dialog.ticket.currentData() == a1
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        app.dialog.accept()
    wait_idle(qtbot, app)
    qtbot.waitUntil(lambda: app.window.working.code.text() == a1)
    assert app.controller.view.current.status == "serving"
    do(qtbot, app, "finish")
    do(qtbot, app, "call_next")
    qtbot.waitUntil(lambda: app.window.working.code.text() == a3)
