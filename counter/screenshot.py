"""`hallq-counter --screenshot`: the working, supervisor or rating view, rendered from the store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from counter.actions import hot_keys
from counter.rating import RatingWindow
from counter.window import CounterWindow
from counter.working import enabled_actions
from shared.services.counter_view import counter_view
from shared.services.follow_up import open_follow_ups
from shared.services.supervision import hall_overview
from shared.store.db import Store


def render(store: Store, counter: int, path: str, *, lang: str, supervisor: bool) -> int:
    """Read the store once, paint the window as a logged-in clerk would see it, save a PNG."""
    window = CounterWindow(counter, hot_keys())
    english = lang == "en"
    window.working.english = window.supervisor.english = english
    view = counter_view(store, counter=counter)
    window.working.show_view(view, view.clerk or "")
    window.working.set_enabled(enabled_actions(view, logged_in=True))
    if supervisor:
        window.supervisor.show_overview(hall_overview(store))
        window.supervisor.show_follow_ups(open_follow_ups(store))
    window.show_working(supervisor=supervisor, clerk=True)
    if supervisor:
        window.tabs.setCurrentWidget(window.supervisor)
    window.show()
    QApplication.processEvents()
    if not window.grab().save(str(Path(path))):
        raise OSError(f"could not write the screenshot to {path}")
    return 0


def render_rating(store: Store, counter: int, path: str, *, level: int = 4) -> int:
    """The touch rating window after `level` was chosen (a bad one shows the hall's reasons)."""
    view = counter_view(store, counter=counter)
    case = view.current or view.last_case
    window = RatingWindow(list(view.rating.reasons), view.rating.timeout_seconds)
    window.ask(case.code if case else "A001")
    window.level_buttons[level].click()
    window.timer.stop()
    window.resize(900, 560)
    window.show()
    QApplication.processEvents()
    if not window.grab().save(str(Path(path))):
        raise OSError(f"could not write the screenshot to {path}")
    return 0
