"""The log-in page (first password, wrong password, lockout) and the supervisor view."""

from __future__ import annotations

from argon2 import PasswordHasher
from PySide6.QtCore import Qt

from shared import services as uc
from shared.services.queries import events_after
from shared.store.db import Store
from tests.counter.conftest import PASSWORD
from tests.counter.test_app import log_in, make_app, wait_idle


def submit(qtbot, app, login: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page = app.window.login
    page.login.setText(login)
    page.password.setText(password)
    with qtbot.waitSignal(app.controller.action_failed, timeout=5000):
        qtbot.mouseClick(page.button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)


def test_first_login_sets_password_and_opens_counter(
    qtbot, store: Store, hasher: PasswordHasher
) -> None:  # type: ignore[no-untyped-def]
    from shared.services import auth

    code, _ = auth.invite(store, login="li.wei", hasher=hasher)
    app = make_app(qtbot, store, hasher)
    submit(qtbot, app, "li.wei", "")
    page = app.window.login
    assert page.repeat.isVisible() and page.code.isVisible() and page.setting_password
    page.code.setText(code)
    page.password.setText("abc")
    page.repeat.setText("abd")
    qtbot.mouseClick(page.button, Qt.MouseButton.LeftButton)
    assert "不一致" in page.message.text()
    page.password.setText("mine-123")
    page.repeat.setText("mine-123")
    with qtbot.waitSignal(app.controller.logged_in, timeout=5000):
        qtbot.mouseClick(page.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: app.controller.view is not None and app.controller.view.clerk == "li.wei"
    )
    assert app.window.stack.currentWidget() is app.window.tabs
    assert not app.window.tabs.isTabVisible(1)  # a plain clerk has no supervisor view
    app.stop()


def test_wrong_password_message_then_lockout(qtbot, clerks: Store, hasher: PasswordHasher) -> None:  # type: ignore[no-untyped-def]
    app = make_app(qtbot, clerks, hasher)
    submit(qtbot, app, "li.wei", "wrong")
    assert "还可尝试4次" in app.window.login.message.text()
    for _ in range(4):
        submit(qtbot, app, "li.wei", "wrong")
    assert "锁定至" in app.window.login.message.text()
    submit(qtbot, app, "li.wei", PASSWORD)  # the right password is refused while locked
    assert "锁定至" in app.window.login.message.text()
    assert [e.kind for e in events_after(clerks, 0)][-2:] == ["login_locked", "login_refused"]
    app.stop()


def test_supervisor_view_opens_closes_and_extends(
    qtbot, clerks: Store, hasher: PasswordHasher
) -> None:  # type: ignore[no-untyped-def]
    uc.issue_ticket(clerks, service="A")
    app = make_app(qtbot, clerks, hasher, counter=2)
    log_in(qtbot, app, "wang.fang")
    sup = app.window.supervisor
    assert app.window.tabs.isTabVisible(1)
    app.window.tabs.setCurrentWidget(sup)
    qtbot.waitUntil(lambda: sup.counters.rowCount() == 12, timeout=5000)
    assert (
        sup.counters.item(1, 1).text() == "开放" and sup.counters.item(1, 2).text() == "wang.fang"
    )
    assert sup.services.item(0, 1).text() == "1"
    sup.counters.selectRow(2)
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        qtbot.mouseClick(sup.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sup.counters.item(2, 1).text() == "开放", timeout=5000)
    sup.extend_service.setCurrentIndex(sup.extend_service.findData("C"))
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        qtbot.mouseClick(sup.add_quota, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "号源+10" in sup.services.item(2, 3).text(), timeout=5000)
    sup.counters.selectRow(2)
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        qtbot.mouseClick(sup.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sup.counters.item(2, 1).text() == "关闭", timeout=5000)
    app.stop()
