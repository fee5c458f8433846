"""The counter window end to end: log-in, every action by button and hot key, rating, races."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt

from counter.actions import Action
from counter.app import CounterApp, build
from shared import services as uc
from shared.services.queries import events_after
from shared.store.db import Store
from shared.store.models import Rating
from tests.counter.conftest import PASSWORD

KEYS = {
    "call_next": Qt.Key.Key_F1,
    "recall": Qt.Key.Key_F2,
    "no_show": Qt.Key.Key_F3,
    "start": Qt.Key.Key_F5,
    "finish": Qt.Key.Key_F6,
    "resume": Qt.Key.Key_F9,
}


def make_app(qtbot, store: Store, hasher: PasswordHasher, counter: int = 1) -> CounterApp:  # type: ignore[no-untyped-def]
    app = build(store, counter=counter, hasher=hasher, use_devices=False, feed=False)
    qtbot.addWidget(app.window)
    app.window.show()
    qtbot.waitExposed(app.window)
    app.start()
    return app


def log_in(qtbot, app: CounterApp, login: str = "li.wei", password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page = app.window.login
    page.login.setText(login)
    page.password.setText(password)
    with qtbot.waitSignal(app.controller.logged_in, timeout=5000):
        qtbot.mouseClick(page.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.controller.view is not None and app.controller.view.state == "open")


def wait_idle(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]
    c = app.controller
    qtbot.waitUntil(lambda: not c.busy and c.jobs.pending == 0, timeout=5000)


def do(qtbot, app: CounterApp, name: str, *, key: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Press an action's button (or hot key) and wait until its use case has run."""
    with qtbot.waitSignal(
        app.controller.action_done, timeout=5000, check_params_cb=lambda n, _: n == name
    ):
        if key:
            app.window.activateWindow()
            qtbot.waitUntil(app.window.isActiveWindow)
            qtbot.keyClick(app.window, KEYS[name])
        else:
            qtbot.mouseClick(app.window.working.buttons[name], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)


@pytest.fixture
def app(qtbot, clerks: Store, hasher: PasswordHasher) -> Iterator[CounterApp]:  # type: ignore[no-untyped-def]
    counter_app = make_app(qtbot, clerks, hasher)
    yield counter_app
    counter_app.stop()


def kinds(store: Store) -> list[str]:
    return [e.kind for e in events_after(store, 0)]


@pytest.mark.parametrize("key", [False, True], ids=["button", "hotkey"])
def test_call_start_finish_by_button_and_hot_key(qtbot, app: CounterApp, key: bool) -> None:  # type: ignore[no-untyped-def]
    store = app.store
    a1 = uc.issue_ticket(store, service="A").code
    uc.issue_ticket(store, service="B")
    log_in(qtbot, app)
    do(qtbot, app, "call_next", key=key)
    qtbot.waitUntil(lambda: app.window.working.code.text() == a1)
    do(qtbot, app, "recall", key=key)
    qtbot.waitUntil(lambda: "1/3" in app.window.working.buttons["recall"].text())
    do(qtbot, app, "start", key=key)
    do(qtbot, app, "finish", key=key)
    qtbot.waitUntil(lambda: app.window.working.code.text() == "—")
    assert kinds(store)[-4:] == ["called", "recalled", "started", "finished"]


def test_recall_limit_offers_no_show_which_requeues(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]
    store = app.store
    code = uc.issue_ticket(store, service="A").code
    log_in(qtbot, app)
    do(qtbot, app, "call_next")
    for _ in range(3):
        do(qtbot, app, "recall", key=True)
    qtbot.waitUntil(lambda: not app.window.working.buttons["recall"].isEnabled())
    assert "ffb300" in app.window.working.buttons["no_show"].styleSheet()
    do(qtbot, app, "no_show", key=True)
    last = events_after(store, 0)[-1]
    assert last.kind == "no_show" and last.code == code and last.details["requeued"] is True


def test_pressing_twice_calls_once(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]
    store = app.store
    for _ in range(3):
        uc.issue_ticket(store, service="A")
    log_in(qtbot, app)
    assert app.controller.call_next() is True
    assert app.controller.call_next() is False  # the first is still in flight
    wait_idle(qtbot, app)
    assert kinds(store).count("called") == 1


def test_chosen_transfer_pause_resume(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]
    store = app.store
    uc.issue_ticket(store, service="A")
    b1 = uc.issue_ticket(store, service="B").code
    log_in(qtbot, app)
    app.trigger(Action.CALL_CHOSEN)
    dialog = app.dialog
    dialog.code.setText(b1.lower())
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        dialog.accept()
    wait_idle(qtbot, app)
    qtbot.waitUntil(lambda: app.window.working.code.text() == b1)
    app.trigger(Action.TRANSFER)
    dialog = app.dialog
    dialog.service.setCurrentIndex(dialog.service.findData("A"))
    dialog.note.setText("材料已收")
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        dialog.accept()
    wait_idle(qtbot, app)
    moved = events_after(store, 0)[-1]
    assert moved.kind == "transferred" and moved.details["to_service"] == "A"
    assert moved.details["note"] == "材料已收"
    app.trigger(Action.PAUSE)
    dialog = app.dialog
    dialog.reason.setCurrentText("会议")
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        dialog.accept()
    wait_idle(qtbot, app)
    qtbot.waitUntil(lambda: app.controller.view.state == "paused")
    assert not app.window.working.buttons["call_next"].isEnabled()
    do(qtbot, app, "resume", key=True)
    assert kinds(store)[-2:] == ["paused", "resumed"]


def test_touch_rating_bad_level_with_reasons(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]
    store = app.store
    code = uc.issue_ticket(store, service="A").code
    log_in(qtbot, app)
    do(qtbot, app, "call_next")
    do(qtbot, app, "finish")
    qtbot.waitUntil(lambda: app.window.working.buttons["rate"].isEnabled())
    app.trigger(Action.RATE)
    window = app.rating.window
    assert window.isVisible() and window.level is None  # nothing preselected
    qtbot.mouseClick(window.level_buttons[4], Qt.MouseButton.LeftButton)
    assert window.reason_box.isVisible()
    window.reason_checks[0].setChecked(True)
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        qtbot.mouseClick(window.submit, Qt.MouseButton.LeftButton)
    with store.read() as s:
        rating = s.query(Rating).one()
    assert (rating.level, rating.source, rating.counter, rating.clerk) == (4, "screen", 1, "li.wei")
    assert rating.reasons == {"items": ["等待时间过长"]} and rating.reasons_version == "1"
    assert events_after(store, 0)[-1].code == code
    qtbot.waitUntil(lambda: not app.window.working.buttons["rate"].isEnabled())


def test_touch_rating_timeout_records_not_rated(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]
    store = app.store
    uc.issue_ticket(store, service="A")
    log_in(qtbot, app)
    do(qtbot, app, "call_next")
    app.rating.window.timer.setInterval(50)
    with qtbot.waitSignal(
        app.controller.action_done, timeout=5000, check_params_cb=lambda n, _: n == "rate"
    ):
        app.trigger(Action.RATE)
    with store.read() as s:
        rating = s.query(Rating).one()
    assert rating.level is None and rating.source == "timeout"


def test_two_windows_racing_next_never_share_a_ticket(
    qtbot, clerks: Store, hasher: PasswordHasher
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(6):
        uc.issue_ticket(clerks, service="A")
    one = make_app(qtbot, clerks, hasher, counter=1)
    two = make_app(qtbot, Store(clerks.url, clock=clerks.clock), hasher, counter=2)
    log_in(qtbot, one, "li.wei")
    log_in(qtbot, two, "wang.fang")
    called: list[str] = []
    for _ in range(3):
        with qtbot.waitSignals(
            [one.controller.action_done, two.controller.action_done], timeout=5000
        ):
            one.controller.call_next()
            two.controller.call_next()
        wait_idle(qtbot, one)
        wait_idle(qtbot, two)
        for app in (one, two):
            called.append(app.controller.view.current.code if app.controller.view.current else "")
            app.controller.finish()
            wait_idle(qtbot, app)
    assert len(called) == 6 and len(set(called)) == 6 and "" not in called
    one.stop()
    two.stop()
