"""Store loss: the board keeps its state, marks the loss, reconnects and catches up exactly once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from display.app import DisplayOptions, build
from shared import services as uc
from shared.store.db import Store
from tests.display.conftest import GatedPlayer


def test_lost_store_marked_then_caught_up_without_repeats(
    hall: Store, qtbot: QtBot, tmp_path: Path, player: GatedPlayer
) -> None:
    if hall.is_postgres:
        pytest.skip("the outage is made by hiding the SQLite file's folder")
    real = Path(hall.engine.url.database or "")
    folder = tmp_path / "real"
    folder.mkdir()
    hall.dispose()  # the last connection closed checkpoints the WAL into the file
    shutil.copy(real, folder / real.name)
    writer = Store(f"sqlite:///{folder / real.name}", clock=hall.clock)
    link = tmp_path / "share"
    link.symlink_to(folder)  # the board reaches the store through a path that can vanish
    for _ in range(3):
        uc.issue_ticket(writer, service="A")
    for n in (1, 2, 5):
        uc.open_counter(writer, counter=n)
    board = build(
        DisplayOptions(animate=False),
        store=Store(f"sqlite:///{link / real.name}", clock=hall.clock),
        player=player,
    )
    qtbot.addWidget(board.view)
    try:
        with qtbot.waitSignal(board.controller.ready, timeout=10_000):
            board.controller.start()
        uc.call_next(writer, counter=1)
        qtbot.waitUntil(lambda: len(player.played) >= 1, timeout=10_000)

        link.unlink()  # the share is gone ...
        board.store.engine.dispose()  # ... and its open connections with it
        qtbot.waitUntil(lambda: not board.view.online, timeout=10_000)
        before = list(board.view.state.recent)
        uc.call_next(writer, counter=2)  # called while the board cannot see the store
        uc.call_next(writer, counter=5)
        assert board.view.state.recent == before  # it keeps its last state meanwhile

        link.symlink_to(folder)
        qtbot.waitUntil(lambda: board.view.online, timeout=10_000)
        qtbot.waitUntil(
            lambda: [c.code for c in board.view.state.recent] == ["A003", "A002", "A001"],
            timeout=10_000,
        )
        assert board.announcer is not None and board.announcer.wait_idle(30)
        # A001 once before, A002 and A003 once after (a repeat round is a WAV without chime).
        assert announcements(player.played) == 3
        qtbot.waitUntil(  # and the waiting counts are read again
            lambda: {s.code: s.waiting for s in board.view.state.services}["A"] == 0, timeout=10_000
        )
    finally:
        board.stop()
        writer.dispose()
        if not link.exists():
            os.symlink(folder, link)


def announcements(played: list[Path]) -> int:
    """How many of the played WAVs open with the chime: one per announcement."""
    from shared.speech.settings import CHIME_PATH
    from shared.speech.wavtools import read_wav

    chime = read_wav(CHIME_PATH).samples
    return sum(1 for wav in played if read_wav(wav).samples[: len(chime)] == chime)
