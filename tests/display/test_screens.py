"""Counter screens driven by the board: hallq frames read back on the far end of a pty pair."""

from __future__ import annotations

import logging
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from display.app import DisplayApp, DisplayOptions, build
from shared import services as uc
from shared.devices.frames import FrameDecoder
from shared.devices.hallq_protocol import HostCommand, decode_text
from shared.store.db import Store

pytestmark = pytest.mark.skipif(shutil.which("socat") is None, reason="needs socat")


class ScreenEnd:
    """The screens' side of a socat pty pair: reads what the host sends, frame by frame."""

    def __init__(self, folder: Path) -> None:
        self.host_end = folder / "host"
        self.screen_end = folder / "screen"
        self.proc = subprocess.Popen(
            [
                "socat",
                f"pty,raw,echo=0,link={self.host_end}",
                f"pty,raw,echo=0,link={self.screen_end}",
            ],
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 5
        while not (self.host_end.exists() and self.screen_end.exists()):
            assert time.monotonic() < deadline and self.proc.poll() is None, "socat failed"
            time.sleep(0.01)
        self.fd = os.open(self.screen_end, os.O_RDWR | os.O_NOCTTY)
        self.decoder = FrameDecoder(commands={c.value for c in HostCommand}, name="test screen")
        # address -> what the screen shows now (None: blank)
        self.shown: dict[int, str | None] = {}

    def pump(self) -> None:
        while select.select([self.fd], [], [], 0)[0]:
            for frame in self.decoder.feed(os.read(self.fd, 4096)):
                if frame.command == HostCommand.SCREEN_SHOW.value:
                    self.shown[frame.address] = decode_text(frame.payload)
                elif frame.command == HostCommand.SCREEN_CLEAR.value:
                    self.shown[frame.address] = None

    def close(self) -> None:
        os.close(self.fd)
        self.proc.terminate()
        self.proc.wait(5)


@pytest.fixture
def screen_end(tmp_path: Path) -> Iterator[ScreenEnd]:
    end = ScreenEnd(tmp_path)
    yield end
    end.close()


@pytest.fixture
def board(hall: Store, qtbot: QtBot, screen_end: ScreenEnd) -> Iterator[DisplayApp]:
    app = build(
        DisplayOptions(voice=False, animate=False, screens_port=str(screen_end.host_end)),
        store=Store(hall.url, clock=hall.clock),
    )
    qtbot.addWidget(app.view)
    with qtbot.waitSignal(app.controller.ready, timeout=10_000):
        app.controller.start()
    yield app
    app.stop()


def shows(end: ScreenEnd, address: int, text: str | None) -> bool:
    end.pump()
    return address in end.shown and end.shown[address] == text


def test_screens_show_the_code_then_paused(
    hall: Store, board: DisplayApp, qtbot: QtBot, screen_end: ScreenEnd
) -> None:
    uc.issue_ticket(hall, service="A")
    uc.open_counter(hall, counter=2)
    uc.open_counter(hall, counter=6)
    uc.call_next(hall, counter=2)
    qtbot.waitUntil(lambda: shows(screen_end, 2, "A001"), timeout=5000)
    uc.finish(hall, counter=2)
    uc.pause_counter(hall, counter=6, reason="lunch")
    qtbot.waitUntil(
        lambda: shows(screen_end, 2, None) and shows(screen_end, 6, "暂停服务"), timeout=5000
    )
    assert screen_end.decoder.stats.bad_checksum == 0


def test_an_offline_bus_is_logged_and_the_board_goes_on(
    hall: Store, qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = tmp_path / "no-such-port"
    with caplog.at_level(logging.INFO):
        app = build(
            DisplayOptions(voice=False, animate=False, screens_port=str(missing)),
            store=Store(hall.url, clock=hall.clock),
        )
        qtbot.addWidget(app.view)
        with qtbot.waitSignal(app.controller.ready, timeout=10_000):
            app.controller.start()
        uc.issue_ticket(hall, service="A")
        uc.open_counter(hall, counter=1)
        uc.call_next(hall, counter=1)
        qtbot.waitUntil(lambda: app.view.state.newest is not None, timeout=5000)
        qtbot.waitUntil(lambda: "cannot open" in caplog.text, timeout=5000)
    assert app.screens is not None and not app.screens.bus.online
    # Remembered for when the port comes back.
    qtbot.waitUntil(lambda: app.screens.bus.last_text(1) == "A001", timeout=5000)
    app.stop()
