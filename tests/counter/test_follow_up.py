"""差评整改 in the supervisor view: the open items with their age, and 记录整改."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QTableWidgetItem

from counter.app import CounterApp, build
from counter.follow_up import OVERDUE_COLOUR, FollowUpDialog
from shared import services as uc
from shared.domain.clock import ManualClock
from shared.services.follow_up import close_follow_up, open_follow_ups
from shared.services.queries import events_after
from shared.store.db import Store
from tests.counter.test_app import log_in, make_app, wait_idle


def bad_case(store: Store, level: int = 4, reasons: tuple[str, ...] = ("等候时间过长",)) -> str:
    """A case at counter 1 (li.wei) rated `level`: a 4 or 5 opens a follow-up item."""
    code = uc.issue_ticket(store, service="A").code
    uc.call_next(store, counter=1, clerk="li.wei")
    uc.finish(store, counter=1)
    uc.rate(store, code=code, level=level, reasons=list(reasons))
    return code


def closed_events(store: Store) -> list[object]:
    return [e for e in events_after(store, 0) if e.kind == "follow_up_closed"]


@pytest.fixture
def rated(clerks: Store, clock: ManualClock) -> tuple[Store, str, str]:
    """An old bad rating (8 days ago, past its 5 working days) and one from today."""
    uc.open_counter(clerks, counter=1, clerk="li.wei")
    old = bad_case(clerks, 5, ("等候时间过长", "态度生硬"))
    clock.advance(8 * 24 * 3600)
    new = bad_case(clerks, 4)
    return clerks, old, new


@pytest.fixture
def supervisor(  # type: ignore[no-untyped-def]
    qtbot, rated: tuple[Store, str, str], hasher: PasswordHasher
) -> Iterator[CounterApp]:
    app = make_app(qtbot, rated[0], hasher, counter=2)
    log_in(qtbot, app, "wang.fang")  # clerk and supervisor
    app.window.tabs.setCurrentWidget(app.window.supervisor)
    qtbot.waitUntil(lambda: app.window.supervisor.follow_up_table.rowCount() == 2, timeout=5000)
    yield app
    app.stop()


def item(app: CounterApp, row: int, col: int) -> QTableWidgetItem:
    found = app.window.supervisor.follow_up_table.item(row, col)
    assert found is not None, f"no cell at row {row}, column {col}"
    return found


def cell(app: CounterApp, row: int, col: int) -> str:
    return item(app, row, col).text()


def open_dialog(qtbot, app: CounterApp, row: int) -> FollowUpDialog:  # type: ignore[no-untyped-def]
    sup = app.window.supervisor
    sup.follow_up_table.selectRow(row)
    qtbot.mouseClick(sup.record_button, Qt.MouseButton.LeftButton)
    dialog = app.dialog
    assert isinstance(dialog, FollowUpDialog)
    qtbot.waitExposed(dialog)
    return dialog


def press_ok(qtbot, dialog: FollowUpDialog) -> None:  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_bad_ratings_listed_with_age_and_overdue_mark(supervisor: CounterApp, rated) -> None:  # type: ignore[no-untyped-def]
    _, old, new = rated
    app = supervisor
    # Oldest first: code, service, counter, clerk, level as worded, reasons, opened, due, age.
    assert [cell(app, 0, c) for c in (0, 2, 3, 4, 5)] == [
        old,
        "1",
        "li.wei",
        "非常不满意",
        "等候时间过长、态度生硬",
    ]
    assert cell(app, 0, 8) == "8天"
    assert cell(app, 0, 7).endswith("逾期")  # colour is not the only cue
    colour = item(app, 0, 7).foreground().color().name()
    assert colour == OVERDUE_COLOUR
    assert (cell(app, 1, 0), cell(app, 1, 4), cell(app, 1, 8)) == (new, "不满意", "0天")
    assert "逾期" not in cell(app, 1, 7)
    assert "未结2件" in app.window.supervisor.follow_up_title.text()
    assert "逾期1件" in app.window.supervisor.follow_up_title.text()


def test_recording_an_outcome_closes_the_item(qtbot, supervisor: CounterApp, rated) -> None:  # type: ignore[no-untyped-def]
    store, old, new = rated
    app = supervisor
    dialog = open_dialog(qtbot, app, 0)
    assert dialog.outcome.count() == 4
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("ledger"))
    dialog.action.setPlainText("已约谈窗口人员，列入台账，两周内复查")
    with qtbot.waitSignal(
        app.controller.action_done,
        timeout=5000,
        check_params_cb=lambda name, _: name == "close_follow_up",
    ):
        press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: app.window.supervisor.follow_up_table.rowCount() == 1, timeout=5000)
    assert cell(app, 0, 0) == new
    events = closed_events(store)
    assert len(events) == 1
    event = events[0]
    assert event.clerk == "wang.fang" and event.code == old  # type: ignore[attr-defined]
    assert event.details["outcome"] == "ledger"  # type: ignore[attr-defined]
    assert event.details["action"] == "已约谈窗口人员，列入台账，两周内复查"  # type: ignore[attr-defined]
    assert [i.code for i in open_follow_ups(store)] == [new]
    assert app.window.supervisor.message.text() == "整改情况已记录"


def test_empty_action_is_refused(qtbot, supervisor: CounterApp, rated) -> None:  # type: ignore[no-untyped-def]
    store = rated[0]
    dialog = open_dialog(qtbot, supervisor, 0)
    dialog.action.setPlainText("   ")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "请填写整改情况" in dialog.message.text()
    wait_idle(qtbot, supervisor)
    assert closed_events(store) == [] and len(open_follow_ups(store)) == 2
    dialog.reject()


def test_item_closed_meanwhile_shows_the_error(qtbot, supervisor: CounterApp, rated) -> None:  # type: ignore[no-untyped-def]
    store, old, _ = rated
    dialog = open_dialog(qtbot, supervisor, 0)
    first = open_follow_ups(store)[0]
    assert first.code == old
    close_follow_up(store, follow_up_id=first.id, outcome="explained", action="已电话解释")
    dialog.action.setPlainText("立即整改")
    with qtbot.waitSignal(supervisor.controller.action_failed, timeout=5000):
        press_ok(qtbot, dialog)
    sup = supervisor.window.supervisor
    assert "already closed" in sup.message.text()
    qtbot.waitUntil(lambda: sup.follow_up_table.rowCount() == 1, timeout=5000)
    assert len(closed_events(store)) == 1  # only the other one


def test_feed_refreshes_the_list(qtbot, clerks: Store, hasher: PasswordHasher) -> None:  # type: ignore[no-untyped-def]
    app = build(clerks, counter=2, hasher=hasher, use_devices=False, feed=True)
    qtbot.addWidget(app.window)
    app.window.show()
    app.start()
    try:
        log_in(qtbot, app, "wang.fang")
        wait_idle(qtbot, app)
        table = app.window.supervisor.follow_up_table
        assert table.rowCount() == 0
        uc.open_counter(clerks, counter=1, clerk="li.wei")
        code = bad_case(clerks)  # a `rated` event
        qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=5000)
        assert cell(app, 0, 0) == code
        first = open_follow_ups(clerks)[0]
        close_follow_up(clerks, follow_up_id=first.id, outcome="fixed", action="当场改正")
        qtbot.waitUntil(lambda: table.rowCount() == 0, timeout=5000)  # `follow_up_closed`
    finally:
        app.stop()


def test_clerk_without_supervisor_role_has_no_follow_up_view(qtbot, rated, hasher) -> None:  # type: ignore[no-untyped-def]
    store = rated[0]
    app = make_app(qtbot, store, hasher, counter=2)
    try:
        log_in(qtbot, app, "li.wei")
        assert not app.window.tabs.isTabVisible(1)
        first = open_follow_ups(store)[0]
        assert not app.controller.hall.close_follow_up(first.id, "fixed", "自己关掉")
        wait_idle(qtbot, app)
        assert closed_events(store) == []
    finally:
        app.stop()
