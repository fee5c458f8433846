"""Store loss and recovery; keypad and rating pad over a socat pty pair, with bad frames."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from counter.app import build
from counter.devices import CounterDevices
from counter.rating_content import CONTENT_VERSION
from shared import services as uc
from shared.config.local import LocalDevices
from shared.devices.hallq_protocol import Key, encode_key, encode_rated
from shared.services.queries import events_after
from shared.store.db import Store, StoreUnavailable
from shared.store.models import Counter, Rating
from tests.counter.test_app import log_in, wait_idle


class FlakyStore(Store):
    """A store whose connection can be cut: every transaction then fails as unreachable.

    `lose_reply` commits the next write and then fails, as when the network drops
    after the server committed but before the answer arrived.
    """

    down = False
    lose_reply = False

    @contextmanager
    def write(self):  # type: ignore[no-untyped-def,override]
        if self.down:
            raise StoreUnavailable("connection refused (test)")
        with super().write() as session:
            yield session
        if self.lose_reply:
            self.lose_reply = False
            self.down = True
            raise StoreUnavailable("connection lost after commit (test)")

    @contextmanager
    def read(self):  # type: ignore[no-untyped-def,override]
        if self.down:
            raise StoreUnavailable("connection refused (test)")
        with super().read() as session:
            yield session


def test_store_loss_banner_refusal_and_reconciliation(
    qtbot,
    clerks: Store,
    hasher: PasswordHasher,  # type: ignore[no-untyped-def]
) -> None:
    flaky = FlakyStore(clerks.url, clock=clerks.clock)
    for _ in range(3):
        uc.issue_ticket(flaky, service="A")
    app = build(flaky, counter=1, hasher=hasher, use_devices=False, feed=False, probe_ms=50)
    qtbot.addWidget(app.window)
    app.window.show()
    app.start()
    log_in(qtbot, app)
    flaky.lose_reply = True  # the call commits, but its answer is lost
    with qtbot.waitSignal(app.controller.online_changed, timeout=5000):
        app.controller.call_next()
    assert app.window.banner.isVisible()
    assert not any(b.isEnabled() for b in app.window.working.buttons.values())
    assert app.controller.call_next() is False  # refused while offline, nothing queued
    flaky.down = False
    qtbot.waitUntil(lambda: not app.window.banner.isVisible(), timeout=5000)
    # Reconciled: the call that did commit is shown; it was not repeated.
    qtbot.waitUntil(lambda: app.window.working.code.text() == "A001", timeout=5000)
    assert [e.kind for e in events_after(flaky, 0)].count("called") == 1
    assert app.window.working.buttons["finish"].isEnabled()
    app.stop()
    flaky.dispose()


class PtyPair:
    """socat-linked ptys: the app opens `device_end`, the test is the hardware on `peer`."""

    def __init__(self, folder: Path) -> None:
        self.device_end = folder / "dev"
        peer_end = folder / "peer"
        self.proc = subprocess.Popen(
            ["socat", f"pty,raw,echo=0,link={self.device_end}", f"pty,raw,echo=0,link={peer_end}"],
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 5
        while not (self.device_end.exists() and peer_end.exists()):
            if time.monotonic() > deadline:
                pytest.fail("socat did not create the pty pair")
            time.sleep(0.01)
        self.peer = os.open(peer_end, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        self.received = b""

    def send(self, data: bytes) -> None:
        os.write(self.peer, data)

    def read(self) -> bytes:
        with suppress(BlockingIOError):
            self.received += os.read(self.peer, 4096)
        return self.received

    def close(self) -> None:
        os.close(self.peer)
        self.proc.terminate()
        self.proc.wait(5)


@pytest.fixture
def ptys(tmp_path: Path) -> Iterator[tuple[PtyPair, PtyPair]]:
    for name in ("k", "r"):
        (tmp_path / name).mkdir()
    pair = (PtyPair(tmp_path / "k"), PtyPair(tmp_path / "r"))
    yield pair
    for p in pair:
        p.close()


def test_keypad_and_rating_pad_drive_the_counter(
    qtbot,
    clerks: Store,
    hasher: PasswordHasher,
    ptys: tuple[PtyPair, PtyPair],  # type: ignore[no-untyped-def]
) -> None:
    keypad, pad = ptys
    with clerks.write() as s:
        row = s.query(Counter).filter_by(number=1).one()
        # An older store may still name ports: they are never opened (ports are the PC's).
        row.devices = {
            "keypad": {
                "port": "/dev/ttyS99",
                "baudrate": 9600,
                "type": "hallq",
                "address": 7,
            },
            "rating_pad": {
                "port": "/dev/ttyS98",
                "baudrate": 9600,
                "type": "hallq",
                "address": 7,
            },
        }
    code = uc.issue_ticket(clerks, service="A").code
    local = LocalDevices(
        devices={
            "keypad": {"port": str(keypad.device_end)},
            "rating_pad": {"port": str(pad.device_end)},
        }
    )
    devices = CounterDevices(1, local=local, min_backoff=0.05, max_backoff=0.2)
    app = build(clerks, counter=1, hasher=hasher, devices=devices, feed=False)
    qtbot.addWidget(app.window)
    app.start()
    log_in(qtbot, app)
    qtbot.waitUntil(
        lambda: devices.pad_is_online and devices.keypad is not None and devices.keypad.online,
        timeout=5000,
    )
    # Noise, a bad checksum and a key from another address first: all dropped.
    keypad.send(b"\xff\x00garbage" + b"\x027N00\x03" + encode_key(3, Key.CALL_NEXT))
    keypad.send(encode_key(7, Key.CALL_NEXT))
    qtbot.waitUntil(lambda: app.window.working.code.text() == code, timeout=5000)
    wait_idle(qtbot, app)
    assert [e.kind for e in events_after(clerks, 0)].count("called") == 1
    qtbot.waitUntil(lambda: code.encode() in keypad.read(), timeout=5000)  # shown on the keypad
    keypad.send(encode_key(7, Key.FINISH))
    qtbot.waitUntil(lambda: app.controller.view.current is None, timeout=5000)
    qtbot.waitUntil(lambda: app.window.working.buttons["rate"].isEnabled(), timeout=5000)
    keypad.send(encode_key(7, Key.ASK_RATING))
    qtbot.waitUntil(lambda: f"r{code}".encode() in pad.read(), timeout=5000)
    pad.send(b"\x027V9A00\x03")  # malformed level: dropped
    pad.send(encode_rated(7, 2, "Z999"))  # a late answer for another case: ignored
    pad.send(encode_rated(7, 2, code))
    qtbot.waitUntil(lambda: app.window.working.buttons["rate"].isEnabled() is False, timeout=5000)
    with clerks.read() as s:
        rating = s.query(Rating).one()
    assert (rating.level, rating.source, rating.counter) == (2, "pad", 1)
    # The pad asks the overall level only: the indicators are absent, not defaulted.
    assert rating.dimensions == {"整体满意度": 2, "content_version": CONTENT_VERSION}
    assert not app.rating.window.isVisible()
    app.stop()


def test_keypad_hold_restore_cancel_and_pad_bad_level(
    qtbot,
    clerks: Store,
    hasher: PasswordHasher,
    ptys: tuple[PtyPair, PtyPair],  # type: ignore[no-untyped-def]
) -> None:
    keypad, pad = ptys
    with clerks.write() as s:
        row = s.query(Counter).filter_by(number=1).one()
        row.devices = {
            "keypad": {"port": str(keypad.device_end), "type": "hallq", "address": 7},
            "rating_pad": {"port": str(pad.device_end), "type": "hallq", "address": 7},
        }
    a1, a2 = (uc.issue_ticket(clerks, service="A").code for _ in range(2))
    local = LocalDevices(
        devices={
            "keypad": {"port": str(keypad.device_end)},
            "rating_pad": {"port": str(pad.device_end)},
        }
    )
    devices = CounterDevices(1, local=local, min_backoff=0.05, max_backoff=0.2)
    app = build(clerks, counter=1, hasher=hasher, devices=devices, feed=False)
    qtbot.addWidget(app.window)
    app.start()
    log_in(qtbot, app)
    qtbot.waitUntil(
        lambda: devices.pad_is_online and devices.keypad is not None and devices.keypad.online,
        timeout=5000,
    )

    def key(k: Key, arg: str = "") -> None:
        keypad.send(encode_key(7, k, arg))

    key(Key.CALL_NEXT)
    qtbot.waitUntil(lambda: app.window.working.code.text() == a1, timeout=5000)
    wait_idle(qtbot, app)
    key(Key.HOLD)
    qtbot.waitUntil(lambda: [h.code for h in app.controller.view.held] == [a1], timeout=5000)
    assert app.window.working.held.text().endswith(a1)
    key(Key.CALL_NEXT)  # the counter goes on with the next citizen
    qtbot.waitUntil(lambda: app.window.working.code.text() == a2, timeout=5000)
    wait_idle(qtbot, app)
    # 作废 from the keypad asks the clerk to confirm on screen; nothing is voided before.
    key(Key.CANCEL)
    qtbot.waitUntil(lambda: app.dialog is not None, timeout=5000)
    assert "cancelled" not in [e.kind for e in events_after(clerks, 0)]
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        app.dialog.accept()
    wait_idle(qtbot, app)
    assert events_after(clerks, 0)[-1].kind == "cancelled"
    shown_before = len(keypad.read())
    key(Key.RESTORE, a1)
    qtbot.waitUntil(lambda: app.window.working.code.text() == a1, timeout=5000)
    # The restored code is shown on the keypad again.
    qtbot.waitUntil(lambda: a1.encode() in keypad.read()[shown_before:], timeout=5000)
    wait_idle(qtbot, app)
    key(Key.FINISH)
    qtbot.waitUntil(lambda: app.window.working.buttons["rate"].isEnabled(), timeout=5000)
    key(Key.ASK_RATING)
    qtbot.waitUntil(lambda: f"r{a1}".encode() in pad.read(), timeout=5000)
    pad.send(encode_rated(7, 4, a1))
    # The pad gives the level; its reasons are picked on the touch window, no indicators.
    window = app.rating.window
    qtbot.waitUntil(window.isVisible, timeout=5000)
    assert window.reason_box.isVisible() and not window.indicator_box.isVisible()
    window.reason_checks[0].setChecked(True)
    with qtbot.waitSignal(app.controller.action_done, timeout=5000):
        window.submit.click()
    with clerks.read() as s:
        rating = s.query(Rating).one()
        assert (rating.level, rating.source) == (4, "pad")
        assert rating.reasons["items"] == [window.reason_checks[0].text()]
        assert set(rating.dimensions) == {"整体满意度", "content_version"}
    app.stop()
