"""The counter app on PostgreSQL with the counter PC's own role: first log-in with an
admin's setup code, a clerk's work recorded under that clerk by the store, log-out."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt

from shared import services as uc
from shared.config.spec import ClerkSpec
from shared.domain.clock import ManualClock
from shared.services import auth
from shared.store.apply import apply_hall
from shared.store.db import Store
from tests.counter.test_app import do, make_app, wait_idle
from tests.factories import MONDAY_10, small_hall
from tests.store.pgroles import RoleStore
from tests.store.test_role_apps import hall  # noqa: F401  (the fixture)

pytestmark = pytest.mark.pg


def test_first_log_in_and_work_as_the_counter_role(
    qtbot,
    hall: tuple[RoleStore, dict[str, Store]],  # noqa: F811
    hasher: PasswordHasher,
) -> None:  # type: ignore[no-untyped-def]
    rs, pcs = hall
    newcomer = ClerkSpec("zhao.lei", "赵磊")
    apply_hall(pcs["admin"], small_hall(clerks=(*small_hall().clerks, newcomer)))
    code, _ = auth.invite(pcs["admin"], login="zhao.lei")
    uc.issue_ticket(pcs["kiosk"], service="A")
    store = Store(rs.urls["counter"], clock=ManualClock(MONDAY_10))
    app = make_app(qtbot, store, hasher, counter=2)
    page = app.window.login
    page.login.setText("zhao.lei")
    with qtbot.waitSignal(app.controller.action_failed, timeout=5000):
        qtbot.mouseClick(page.button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, app)
    assert page.setting_password and page.code.isVisible()
    page.code.setText(code)
    page.password.setText("mine-1234")
    page.repeat.setText("mine-1234")
    with qtbot.waitSignal(app.controller.logged_in, timeout=10000):
        qtbot.mouseClick(page.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.controller.view is not None and app.controller.view.state == "open")
    do(qtbot, app, "call_next")
    do(qtbot, app, "finish")
    events = uc.events_after(pcs["display"], 0)
    called = [e for e in events if e.kind in ("called", "finished")]
    assert [(e.kind, e.clerk, e.recorded_by) for e in called] == [
        ("called", "zhao.lei", rs.names["counter"]),
        ("finished", "zhao.lei", rs.names["counter"]),
    ]
    app.stop()
    store.dispose()
