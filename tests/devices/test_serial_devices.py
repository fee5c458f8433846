"""Serial devices end to end over a socat pty pair and pyserial loop://."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from shared.devices import intents as it
from shared.devices.counter_devices import Keypad, RatingPad
from shared.devices.hallq_adapters import HallqCounterScreen, HallqKeypad, HallqRatingPad
from shared.devices.hallq_protocol import (
    Key,
    encode_key,
    encode_keypad_display,
    encode_rated,
    encode_rating_timed_out,
    encode_screen_clear,
    encode_screen_show,
)
from shared.devices.rating_levels import RatingLevel
from shared.devices.screen_bus import CounterScreenBus
from shared.devices.serial_device import SerialDevice

TIMEOUT = 5.0
FAST_MIN, FAST_MAX = 0.05, 0.2  # backoff bounds that keep tests quick


class Recorder:
    """Collects callbacks from the reader thread; tests wait on it with a timeout."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self.statuses: list[bool] = []
        self._cond = threading.Condition()

    def intent(self, item: Any) -> None:
        with self._cond:
            self.items.append(item)
            self._cond.notify_all()

    def status(self, online: bool) -> None:
        with self._cond:
            self.statuses.append(online)
            self._cond.notify_all()

    def wait(self, predicate: Callable[[], bool], what: str) -> None:
        with self._cond:
            if not self._cond.wait_for(predicate, TIMEOUT):
                pytest.fail(
                    f"timed out waiting for {what}; items={self.items} statuses={self.statuses}"
                )

    def wait_items(self, count: int) -> list[Any]:
        self.wait(lambda: len(self.items) >= count, f"{count} intents")
        return self.items[:count]

    def wait_status(self, online: bool, count: int = 1) -> None:
        self.wait(
            lambda: self.statuses.count(online) >= count,
            f"{'online' if online else 'offline'} #{count}",
        )


class PtyPair:
    """A socat-linked pty pair: the device opens `device_end`, the test drives `peer_end`."""

    def __init__(self, folder: Path) -> None:
        self.device_end = folder / "A"
        self.peer_end = folder / "B"
        self._proc: subprocess.Popen[bytes] | None = None
        self._peer: int | None = None

    def plug(self) -> None:
        """Start socat and open the peer end (no flush: bytes already sent are kept)."""
        self._proc = subprocess.Popen(
            [
                "socat",
                "-d",
                "-d",
                f"pty,raw,echo=0,link={self.device_end}",
                f"pty,raw,echo=0,link={self.peer_end}",
            ],
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + TIMEOUT
        while not (self.device_end.exists() and self.peer_end.exists()):
            if time.monotonic() > deadline or self._proc.poll() is not None:
                pytest.fail("socat did not create the pty links")
            time.sleep(0.01)
        self._peer = os.open(self.peer_end, os.O_RDWR | os.O_NOCTTY)

    def unplug(self) -> None:
        """Kill socat: both ptys hang up, as when a USB adapter is pulled."""
        if self._peer is not None:
            os.close(self._peer)
            self._peer = None
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(TIMEOUT)
            self._proc = None

    def send(self, data: bytes) -> None:
        assert self._peer is not None
        os.write(self._peer, data)

    def receive(self, size: int, timeout: float = TIMEOUT) -> bytes:
        """Exactly `size` bytes from the peer end, or what came before the timeout."""
        assert self._peer is not None
        out = b""
        deadline = time.monotonic() + timeout
        while len(out) < size and (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self._peer], [], [], left)
            if ready:
                out += os.read(self._peer, size - len(out))
        return out


@pytest.fixture
def ptys(tmp_path: Path) -> Iterator[PtyPair]:
    if shutil.which("socat") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("socat is missing on CI; install the Debian package socat")
        pytest.skip("socat is not installed (Debian package socat): no pty pair to test on")
    pair = PtyPair(tmp_path)
    pair.plug()
    yield pair
    pair.unplug()


def test_keypad_over_pty_pair(ptys: PtyPair) -> None:
    rec = Recorder()
    keypad = Keypad(
        str(ptys.device_end),
        HallqKeypad({1: 3}),
        on_intent=rec.intent,
        on_status=rec.status,
        min_backoff=FAST_MIN,
        max_backoff=FAST_MAX,
    )
    keypad.start()
    try:
        rec.wait_status(True)
        stream = (
            b"noise"
            + encode_key(1, Key.CALL_NEXT)
            + b"\x021N00\x03"  # bad checksum
            + encode_key(1, Key.CALL_CHOSEN, "A012")
            + encode_key(1, Key.TRANSFER, "5")
            + encode_key(1, Key.FINISH)
        )
        for start in range(0, len(stream), 7):  # arrives in pieces
            ptys.send(stream[start : start + 7])
        assert rec.wait_items(4) == [
            it.CallNext(3),
            it.CallChosen(3, "A012"),
            it.Transfer(3, "5"),
            it.Finish(3),
        ]
        assert isinstance(keypad.adapter, HallqKeypad)
        assert keypad.adapter.stats.bad_checksum == 1
        assert keypad.display(1, "12")
        expected = encode_keypad_display(1, "12")
        assert ptys.receive(len(expected)) == expected
    finally:
        keypad.stop()


def test_keypad_started_before_the_port_exists_comes_online(tmp_path: Path) -> None:
    if shutil.which("socat") is None:
        pytest.skip("socat is not installed (Debian package socat)")
    pair = PtyPair(tmp_path)
    rec = Recorder()
    keypad = Keypad(
        str(pair.device_end),
        HallqKeypad(),
        on_intent=rec.intent,
        on_status=rec.status,
        min_backoff=FAST_MIN,
        max_backoff=FAST_MAX,
    )
    keypad.start()  # returns at once although there is no port yet
    try:
        rec.wait_status(False)
        assert not keypad.display(1, "12")  # dropped, not raised
        pair.plug()
        rec.wait_status(True)
        pair.send(encode_key(2, Key.PAUSE))
        assert rec.wait_items(1) == [it.Pause(2)]
    finally:
        keypad.stop()
        pair.unplug()


def test_screen_bus_two_addresses_exact_frames(ptys: PtyPair) -> None:
    rec = Recorder()
    bus = CounterScreenBus(
        str(ptys.device_end),
        HallqCounterScreen(),
        on_status=rec.status,
        min_backoff=FAST_MIN,
        max_backoff=FAST_MAX,
    )
    bus.start()
    try:
        rec.wait_status(True)
        assert bus.show(1, "A012") and bus.show(2, "暂停服务") and bus.clear(1)
        assert bus.brightness(2, 8)
        expected = (
            b"\x021sA012"
            + _xor_hex(b"1sA012")
            + b"\x03"
            + encode_screen_show(2, "暂停服务")
            + encode_screen_clear(1)
            + b"\x022b8"
            + _xor_hex(b"2b8")
            + b"\x03"
        )
        assert ptys.receive(len(expected)) == expected
        assert ptys.receive(1, timeout=0.2) == b""  # and nothing more
        assert "暂停服务".encode("gb18030") in expected
    finally:
        bus.stop()


def test_unplugged_screen_bus_goes_offline_and_resends_on_reconnect(ptys: PtyPair) -> None:
    rec = Recorder()
    bus = CounterScreenBus(
        str(ptys.device_end),
        HallqCounterScreen(),
        on_status=rec.status,
        min_backoff=FAST_MIN,
        max_backoff=FAST_MAX,
    )
    bus.start()
    try:
        rec.wait_status(True)
        bus.show(1, "A012")
        bus.show(2, "暂停服务")
        first = encode_screen_show(1, "A012") + encode_screen_show(2, "暂停服务")
        assert ptys.receive(len(first)) == first
        ptys.unplug()
        rec.wait_status(False)
        assert not bus.online
        assert not bus.show(1, "A013")  # dropped now, remembered for later
        ptys.plug()
        rec.wait_status(True, count=2)
        resent = encode_screen_show(1, "A013") + encode_screen_show(2, "暂停服务")
        assert ptys.receive(len(resent)) == resent
        assert ptys.receive(1, timeout=0.2) == b""  # each screen sent once
        assert rec.statuses == [True, False, True]
    finally:
        bus.stop()


def test_rating_pad_over_loop() -> None:
    rec = Recorder()
    adapter = HallqRatingPad({4: 9})
    pad = RatingPad(
        "loop://",
        adapter,
        on_intent=rec.intent,
        on_status=rec.status,
        min_backoff=FAST_MIN,
        max_backoff=FAST_MAX,
    )
    pad.start()
    try:
        rec.wait_status(True)
        # loop:// echoes: the pad's own request comes back and must be ignored.
        assert pad.ask_rating(4, "A012")
        # what the pad would answer, put on the line at the protocol level
        assert pad.device.write(encode_rated(4, RatingLevel.BASICALLY_SATISFIED, "A012"))
        assert pad.cancel_rating(4)
        assert pad.device.write(encode_rating_timed_out(4, "A013"))
        assert rec.wait_items(2) == [
            it.Rated(9, RatingLevel.BASICALLY_SATISFIED, "A012"),
            it.RatingTimedOut(9, "A013"),
        ]
        rec.wait(lambda: adapter.stats.unknown_command == 2, "echoed requests counted")
    finally:
        pad.stop()
    assert not pad.online


def test_failing_callback_does_not_stop_the_reader() -> None:
    rec = Recorder()

    def on_intent(intent: it.KeypadIntent) -> None:
        if isinstance(intent, it.Recall):
            raise RuntimeError("boom")
        rec.intent(intent)

    device = SerialDevice("loop://", HallqKeypad(), on_intent=on_intent, on_status=rec.status)
    device.start()
    try:
        rec.wait_status(True)
        device.write(encode_key(1, Key.RECALL))
        device.write(encode_key(1, Key.HOLD))
        assert rec.wait_items(1) == [it.Hold(1)]
    finally:
        device.stop()


def test_bad_backoff_is_refused() -> None:
    with pytest.raises(ValueError, match="backoff"):
        SerialDevice("loop://", HallqKeypad(), on_intent=print, min_backoff=2, max_backoff=1)


def _xor_hex(body: bytes) -> bytes:
    value = 0
    for byte in body:
        value ^= byte
    return b"%02X" % value
