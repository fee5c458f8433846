"""Ctrl+C and SIGTERM end a Qt app cleanly (its windows close, workers stop) instead of
killing it mid-write or being ignored while Qt's loop holds the interpreter."""

from __future__ import annotations

import signal

from PySide6.QtCore import QCoreApplication, QTimer


def quit_on_signals(app: QCoreApplication) -> QTimer:
    """Route SIGINT and SIGTERM to `app.quit()`; returns the timer that lets Python see them."""

    def _quit(*_: object) -> None:
        app.quit()

    signal.signal(signal.SIGINT, _quit)
    signal.signal(signal.SIGTERM, _quit)
    # Python runs signal handlers only between bytecodes: wake it now and then.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer
