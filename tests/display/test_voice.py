"""The board's voice: calls queued in order, a recall merged, a backlog cut, no device tolerated."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from display.app import DisplayApp, DisplayOptions, build
from shared import services as uc
from shared.speech import AudioUnavailable, DropReason
from shared.store.db import Store
from tests.display.conftest import GatedPlayer


@pytest.fixture
def started() -> Iterator[list[DisplayApp]]:
    boards: list[DisplayApp] = []
    yield boards
    for board in boards:
        board.stop()


def start(
    hall: Store, qtbot: QtBot, player: object, started: list[DisplayApp], **options: object
) -> DisplayApp:
    board = build(
        DisplayOptions(animate=False, **options),  # type: ignore[arg-type]
        store=Store(hall.url, clock=hall.clock),
        player=player,
    )  # type: ignore[arg-type]
    qtbot.addWidget(board.view)
    with qtbot.waitSignal(board.controller.ready, timeout=10_000):
        board.controller.start()
    started.append(board)
    return board


def test_calls_are_spoken_in_order_a_recall_merges_and_a_backlog_is_cut(
    hall: Store, qtbot: QtBot, player: GatedPlayer, started: list[DisplayApp]
) -> None:
    for _ in range(6):
        uc.issue_ticket(hall, service="A")
    for n in (1, 2, 5, 6, 7):  # counters serving A
        uc.open_counter(hall, counter=n)
    board = start(hall, qtbot, player, started)
    announcer = board.announcer
    assert announcer is not None
    dropped: list[tuple[str, DropReason]] = []
    announcer._on_dropped = lambda item, why: dropped.append((item.code, why))
    player.gate.clear()  # the first announcement holds the speaker
    uc.call_next(hall, counter=1)  # A001
    qtbot.waitUntil(player.playing.is_set, timeout=10_000)
    uc.call_next(hall, counter=2)  # A002
    uc.call_next(hall, counter=5)  # A003
    qtbot.waitUntil(lambda: [a.code for a in announcer.waiting()] == ["A002", "A003"], timeout=5000)
    uc.recall(hall, counter=2)  # replaces the waiting A002, keeps its place
    qtbot.waitUntil(lambda: ("A002", DropReason.REPLACED) in dropped, timeout=5000)
    waiting = announcer.waiting()
    assert [(a.code, a.kind.value) for a in waiting] == [("A002", "recall"), ("A003", "call")]
    uc.call_next(hall, counter=6)
    uc.call_next(hall, counter=7)  # four waiting now: the oldest goes (max_backlog 3)
    qtbot.waitUntil(lambda: ("A002", DropReason.BACKLOG) in dropped, timeout=5000)
    assert [a.code for a in announcer.waiting()] == ["A003", "A004", "A005"]
    player.gate.set()
    assert announcer.wait_idle(30)
    # A001 (its repeat gave way to the calls waiting), A003, A004, then A005 and its repeat:
    # nothing twice, nothing overlapping.
    assert len(player.played) == 5


def test_spoken_is_logged_when_the_chime_starts(
    hall: Store, qtbot: QtBot, player: GatedPlayer, started: list[DisplayApp], capsys
) -> None:
    uc.issue_ticket(hall, service="A")
    uc.open_counter(hall, counter=1)
    board = start(hall, qtbot, player, started, log_json=True)
    call = uc.call_next(hall, counter=1)
    qtbot.waitUntil(lambda: len(player.played) >= 1, timeout=10_000)
    assert board.announcer is not None and board.announcer.wait_idle(10)
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    spoken = [x for x in lines if x["event"] == "spoken"]
    assert [(x["event_id"], x["code"], x["counter"]) for x in spoken] == [
        (call.event_id, "A001", 1)
    ]


class NoSoundCard:
    """A player on a machine without a sound device."""

    def play(self, wav_path: object) -> None:
        raise AudioUnavailable("aplay: no soundcards found")


def test_no_sound_device_leaves_the_board_working(
    hall: Store, qtbot: QtBot, started: list[DisplayApp], caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(2):
        uc.issue_ticket(hall, service="A")
    uc.open_counter(hall, counter=1)
    uc.open_counter(hall, counter=2)
    board = start(hall, qtbot, NoSoundCard(), started)
    with caplog.at_level(logging.WARNING):
        uc.call_next(hall, counter=1)
        qtbot.waitUntil(lambda: board.view.state.newest is not None, timeout=5000)
        assert board.announcer is not None and board.announcer.wait_idle(10)
    assert "announcements are not heard" in caplog.text
    uc.call_next(hall, counter=2)
    qtbot.waitUntil(lambda: board.view.state.newest.code == "A002", timeout=5000)


def test_a_skipped_call_is_shown_and_logged_with_its_reason(
    hall: Store, qtbot: QtBot, player: GatedPlayer, started: list[DisplayApp], capsys
) -> None:
    for _ in range(6):
        uc.issue_ticket(hall, service="A")
    for n in (1, 2, 5, 6, 7):
        uc.open_counter(hall, counter=n)
    board = start(hall, qtbot, player, started, log_json=True)
    announcer = board.announcer
    assert announcer is not None
    player.gate.clear()
    uc.call_next(hall, counter=1)  # A001 holds the speaker
    qtbot.waitUntil(player.playing.is_set, timeout=10_000)
    for n in (2, 5, 6, 7):  # four more waiting: the oldest (A002) cannot be said
        uc.call_next(hall, counter=n)
    qtbot.waitUntil(lambda: len(announcer.waiting()) == 3, timeout=5000)
    assert [c.code for c in board.view.state.recent][:5] == [
        "A005",
        "A004",
        "A003",
        "A002",
        "A001",
    ]  # A002 is on the board all the same
    player.gate.set()
    assert announcer.wait_idle(30)
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    skipped = [(x["code"], x["reason"]) for x in lines if x["event"] == "skipped"]
    assert skipped == [("A002", "backlog")]
    spoken = [(x["code"], x["form"]) for x in lines if x["event"] == "spoken"]
    # With two waiting behind it a call is said briefly, with one once, alone in full.
    assert spoken == [("A001", "full"), ("A003", "brief"), ("A004", "once"), ("A005", "full")]
