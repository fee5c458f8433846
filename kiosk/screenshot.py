"""`hallq-kiosk --screenshot FILE.png [--page home|checkin|confirm]`: one page, saved as PNG.

`confirm` takes a real ticket (the first service open on the first page) and prints it to
the kiosk's printer: use it on a demo store, with `--printer file:///...` or `none`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from kiosk.app import Kiosk

PAGES = ("home", "checkin", "confirm")
SAMPLE_BOOKING = "Y7K2Q9"  # what the check-in page shows as typed


def _wait(loop: QEventLoop, signal: object, timeout_ms: int) -> None:
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def _settle(loop: QEventLoop) -> None:
    for _ in range(3):  # let layouts settle before painting
        QTimer.singleShot(0, loop.quit)
        loop.exec()


def _take_ticket(kiosk: Kiosk, loop: QEventLoop, timeout_ms: int) -> bool:
    snap = kiosk.controller.last
    assert snap is not None
    services = [s for s in snap.status.services if s.available]
    if not services:
        print("hallq-kiosk: no service is open now; no confirmation to show", file=sys.stderr)
        return False
    printed: list[object] = []
    kiosk.controller.printed.connect(printed.append)
    kiosk.controller.issue(services[0].code)
    _wait(loop, kiosk.controller.printed, timeout_ms)
    window = kiosk.window
    if not printed or window.stack.currentWidget() is not window.confirm:
        print("hallq-kiosk: the ticket was not issued; see the log", file=sys.stderr)
        return False
    window.confirm.paint_qr()
    return True


def screenshot(kiosk: Kiosk, path: Path, page: str = "home", timeout_ms: int = 15000) -> int:
    """Read the store once, show `page` and save it; 4 if the store does not answer."""
    if page not in PAGES:
        raise ValueError(f"page must be one of {', '.join(PAGES)}, got {page!r}")
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
    kiosk.controller.snapshot.disconnect(answered)
    if not outcome.get("ok"):
        print("hallq-kiosk: the store did not answer; no screenshot taken", file=sys.stderr)
        kiosk.close()
        return 4
    kiosk.window.go_home()
    if page == "checkin":
        kiosk.window.open_checkin()
        kiosk.window.checkin.field.setText(SAMPLE_BOOKING)
    elif page == "confirm" and not _take_ticket(kiosk, loop, timeout_ms):
        kiosk.close()
        return 5
    _settle(loop)
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = kiosk.window.grab().save(str(path))
    kiosk.close()
    if not ok:
        print(f"hallq-kiosk: cannot write {path}", file=sys.stderr)
        return 2
    print(f"saved {path}")
    return 0
