"""叫号 with a case in hand (the caller keypad's next key while serving): the case is
finished and the next called in one transaction; with nobody waiting the case stays."""

from __future__ import annotations

from counter.app import CounterApp
from shared import services as uc
from shared.domain.errors import NothingWaiting
from shared.services.queries import events_after
from tests.counter.test_app import app, do, log_in, wait_idle  # noqa: F401  (the fixture)


def test_next_while_serving_finishes_and_calls(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    store = app.store
    first = uc.issue_ticket(store, service="A").code
    log_in(qtbot, app)
    do(qtbot, app, "call_next")
    do(qtbot, app, "start")
    assert app.controller.view is not None and app.controller.view.current is not None
    # Nobody else waits: refused, and the case stays in hand, unfinished.
    with qtbot.waitSignal(app.controller.action_failed, timeout=5000) as failed:
        assert app.controller.call_next() is True
    assert isinstance(failed.args[1], NothingWaiting)
    wait_idle(qtbot, app)
    view = app.controller.view
    assert view is not None and view.current is not None
    assert (view.current.code, view.current.status) == (first, "serving")
    assert [e.kind for e in events_after(store, 0)].count("finished") == 0
    second = uc.issue_ticket(store, service="A").code
    with qtbot.waitSignal(app.controller.action_done, timeout=5000) as done:
        assert app.controller.call_next() is True
    assert done.args[0] == "call_next" and done.args[1].code == second
    wait_idle(qtbot, app)
    tail = [(e.kind, e.code) for e in events_after(store, 0)][-2:]
    assert tail == [("finished", first), ("called", second)]
