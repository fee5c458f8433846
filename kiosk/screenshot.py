"""`hallq-kiosk --screenshot FILE.png`: the home screen with the current store, saved as PNG."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from kiosk.app import Kiosk


def screenshot(kiosk: Kiosk, path: Path, timeout_ms: int = 15000) -> int:
    """Read the store once, paint the home page and save it; 4 if the store does not answer."""
    loop = QEventLoop()
    outcome: dict[str, bool] = {}

    def answered(_snap: object) -> None:
        outcome.setdefault("ok", True)
        loop.quit()

    def online(up: bool) -> None:
        if not up:
            outcome.setdefault("ok", False)
            loop.quit()

    kiosk.controller.snapshot.connect(answered)
    kiosk.controller.online.connect(online)
    QTimer.singleShot(timeout_ms, loop.quit)
    kiosk.window.show()
    kiosk.controller.start(feed=False)
    loop.exec()
    if not outcome.get("ok"):
        print("hallq-kiosk: the store did not answer; no screenshot taken", file=sys.stderr)
        kiosk.close()
        return 4
    kiosk.window.go_home()
    for _ in range(3):  # let layouts settle before painting
        QTimer.singleShot(0, loop.quit)
        loop.exec()
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = kiosk.window.grab().save(str(path))
    kiosk.close()
    if not ok:
        print(f"hallq-kiosk: cannot write {path}", file=sys.stderr)
        return 2
    print(f"saved {path}")
    return 0
