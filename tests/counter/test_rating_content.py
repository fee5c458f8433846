"""好差评 content at the counter: the overall level, the three indicators by level, versioned."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt

from counter import rating_content as content
from counter.actions import Action
from counter.app import CounterApp
from shared import services as uc
from shared.store.db import Store
from shared.store.models import Hall, Rating
from tests.counter.test_app import do, log_in, make_app


@pytest.fixture
def app(qtbot, clerks: Store, hasher: PasswordHasher) -> Iterator[CounterApp]:  # type: ignore[no-untyped-def]
    with clerks.write() as s:
        hall = s.query(Hall).one()
        hall.settings = {
            **(hall.settings or {}),
            "rating": {"reasons": ["等待时间过长", "材料要求不清"], "reasons_version": "7"},
        }
    clerks.cache.pop("hall", None)  # the hall's settings are kept 2 s: read them again now
    counter_app = make_app(qtbot, clerks, hasher)
    yield counter_app
    counter_app.stop()


def test_content_is_fixed_and_options_follow_the_level() -> None:
    assert content.INDICATORS == ("服务效率", "服务水平", "服务态度")
    good, bad = content.options("服务态度", 1), content.options("服务态度", 5)
    assert good and bad and not set(good) & set(bad)
    assert content.options("服务效率", 2) == content.options("服务效率", 1)
    assert content.options("服务效率", 3) != content.options("服务效率", 1)
    with pytest.raises(ValueError, match="unknown indicator"):
        content.options("服务环境", 1)  # a hall may not add indicators
    with pytest.raises(ValueError, match="not an option"):
        content.dimensions(1, {"服务态度": bad[0]})  # a complaint under a top level
    assert content.dimensions(None, {}) == {}


def _rate_case(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]
    uc.issue_ticket(app.store, service="A")
    log_in(qtbot, app)
    do(qtbot, app, "call_next")
    do(qtbot, app, "finish")
    qtbot.waitUntil(lambda: app.window.working.buttons["rate"].isEnabled())
    app.trigger(Action.RATE)


def _stored(store: Store) -> Rating:
    with store.read() as s:
        rating = s.query(Rating).one()
        s.expunge(rating)
        return rating


def test_touch_window_levels_then_optional_indicators(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]
    _rate_case(qtbot, app)
    window = app.rating.window
    assert [b.text() for b in window.level_buttons.values()] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    assert window.level is None and not any(b.isCheckable() for b in window.level_buttons.values())
    qtbot.mouseClick(window.level_buttons[2], Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.detail_page
    assert not window.reason_box.isVisible()  # a good level asks no reasons
    shown = {ind: [b.text() for b in bs] for ind, bs in window.option_buttons.items()}
    assert shown == {ind: list(content.options(ind, 2)) for ind in content.INDICATORS}
    assert not any(b.isChecked() for bs in window.option_buttons.values() for b in bs)
    # One option per indicator: a second press replaces the first; 服务水平 stays unanswered.
    efficiency = window.option_buttons["服务效率"]
    qtbot.mouseClick(efficiency[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(efficiency[1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.option_buttons["服务态度"][0], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        qtbot.mouseClick(window.submit, Qt.MouseButton.LeftButton)
    rating = _stored(app.store)
    assert (rating.level, rating.source) == (2, "screen")
    assert rating.dimensions == {
        "整体满意度": 2,
        "服务效率": content.options("服务效率", 2)[1],
        "服务态度": content.options("服务态度", 2)[0],
        "content_version": content.CONTENT_VERSION,
    }
    assert rating.reasons == {} and rating.reasons_version == ""


def test_bad_level_shows_bad_options_and_the_halls_reasons(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]
    _rate_case(qtbot, app)
    window = app.rating.window
    qtbot.mouseClick(window.level_buttons[1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.back, Qt.MouseButton.LeftButton)  # the citizen changes their mind
    assert window.level is None and window.pages.currentWidget() is window.level_page
    qtbot.mouseClick(window.level_buttons[5], Qt.MouseButton.LeftButton)
    assert window.reason_box.isVisible()
    assert [c.text() for c in window.reason_checks] == ["等待时间过长", "材料要求不清"]
    assert [b.text() for b in window.option_buttons["服务态度"]] == list(
        content.options("服务态度", 5)
    )
    window.reason_checks[1].setChecked(True)
    qtbot.mouseClick(window.option_buttons["服务水平"][2], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        qtbot.mouseClick(window.submit, Qt.MouseButton.LeftButton)
    rating = _stored(app.store)
    assert rating.level == 5 and rating.reasons == {"items": ["材料要求不清"]}
    assert rating.reasons_version == "7"
    assert rating.dimensions["服务水平"] == content.options("服务水平", 5)[2]
    assert "服务效率" not in rating.dimensions and "服务态度" not in rating.dimensions


def test_timeout_after_a_level_keeps_it_and_what_was_picked(qtbot, app: CounterApp) -> None:  # type: ignore[no-untyped-def]
    _rate_case(qtbot, app)
    window = app.rating.window
    qtbot.mouseClick(window.level_buttons[3], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.option_buttons["服务效率"][0], Qt.MouseButton.LeftButton)
    window.timer.setInterval(50)
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        window.timer.start()
    rating = _stored(app.store)
    assert rating.level == 3 and rating.dimensions["服务效率"] == content.options("服务效率", 3)[0]
