"""The board in Qt: start from the store, follow the feed, flash, filter, scale, log JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from display.app import DisplayApp, DisplayOptions, build
from shared import services as uc
from shared.store.db import Store


@pytest.fixture
def make_board(hall: Store, qtbot: QtBot) -> Iterator:  # type: ignore[type-arg]
    boards: list[DisplayApp] = []

    def make(**options: object) -> DisplayApp:
        opts = DisplayOptions(voice=False, animate=False, **options)  # type: ignore[arg-type]
        board = build(opts, store=Store(hall.url, clock=hall.clock))
        qtbot.addWidget(board.view)
        board.view.resize(1920, 1080)
        with qtbot.waitSignal(board.controller.ready, timeout=10_000):
            board.controller.start()
        boards.append(board)
        return board

    yield make
    for board in boards:
        board.stop()


def newest_code(board: DisplayApp) -> str | None:
    call = board.view.state.newest
    return call.code if call else None


def test_starts_from_the_day_in_the_store_without_announcing_it(hall: Store, make_board) -> None:
    uc.issue_ticket(hall, service="A")
    uc.issue_ticket(hall, service="A")
    uc.issue_ticket(hall, service="B")
    uc.open_counter(hall, counter=1)
    uc.open_counter(hall, counter=2)
    uc.call_next(hall, counter=1)
    uc.call_next(hall, counter=2)
    board = make_board()
    state = board.view.state
    assert [c.code for c in state.recent] == ["A002", "A001"]
    assert state.counters[1].code == "A001" and state.counters[2].code == "A002"
    assert {s.code: s.waiting for s in state.services}["B"] == 1
    assert not board.view.flashing  # history does not flash


def test_a_new_call_is_shown_flashes_and_is_reported_painted(
    hall: Store, make_board, qtbot: QtBot
) -> None:
    board = make_board()
    board.view.show()
    uc.issue_ticket(hall, service="A")
    uc.open_counter(hall, counter=1)
    with qtbot.waitSignal(board.view.painted, timeout=5000) as painted:
        uc.call_next(hall, counter=1)
    assert [c.code for c in painted.args[0]] == ["A001"]
    assert newest_code(board) == "A001" and board.view.flashing
    # The flash alternates: two frames of the newest panel differ.
    first = board.view.grab().toImage()
    qtbot.waitUntil(lambda: board.view.grab().toImage() != first, timeout=3000)
    qtbot.waitUntil(lambda: board.view.state.services[0].waiting == 0, timeout=5000)


def test_the_department_board_shows_only_its_calls(hall: Store, make_board, qtbot: QtBot) -> None:
    board = make_board(display="不动产区")
    assert board.view.layout_name == "counters"
    assert [s.code for s in board.view.state.services] == ["C"]
    # Counters 3 and 4 serve C (不动产登记, department bdc); the others do not.
    assert [c.number for c in board.view.state.visible_counters()] == [3, 4]
    uc.issue_ticket(hall, service="A")
    uc.issue_ticket(hall, service="C")
    uc.open_counter(hall, counter=2)
    uc.open_counter(hall, counter=4)
    uc.call_next(hall, counter=2)  # A001: another department
    uc.call_next(hall, counter=4)  # C001
    qtbot.waitUntil(lambda: [c.code for c in board.view.state.recent] == ["C001"], timeout=5000)
    qtbot.waitUntil(lambda: board.view.state.counters[2].code == "A001", timeout=5000)
    assert [c.code for c in board.view.state.recent] == ["C001"]


def test_the_counter_board_shows_paused_counters(hall: Store, make_board, qtbot: QtBot) -> None:
    board = make_board(display="一号到四号")
    uc.open_counter(hall, counter=2)
    uc.pause_counter(hall, counter=2, reason="lunch")
    qtbot.waitUntil(lambda: board.view.state.counters[2].state == "paused", timeout=5000)
    assert [c.number for c in board.view.state.visible_counters()] == [1, 2, 3, 4]


def test_an_unknown_display_name_is_a_clear_error(hall: Store) -> None:
    from shared.services.board import DisplaySettingsError, load_board_settings

    with pytest.raises(DisplaySettingsError, match="大厅, 不动产区, 一号到四号"):
        load_board_settings(hall, "三楼")


@pytest.mark.parametrize("size", [(1920, 1080), (3840, 2160), (1080, 1920)])
def test_renders_at_each_size_with_the_code_in_view(hall: Store, make_board, size) -> None:
    uc.issue_ticket(hall, service="A")
    uc.open_counter(hall, counter=1)
    uc.call_next(hall, counter=1)
    board = make_board()
    board.view.resize(*size)
    image: QImage = board.view.grab().toImage()
    assert (image.width(), image.height()) == size
    # The newest code is painted in the code colour somewhere in the upper half.
    code_colour = board.view._palette.code.rgb()
    step = max(1, size[0] // 240)
    hits = sum(
        image.pixel(x, y) == code_colour
        for x in range(0, size[0], step)
        for y in range(0, size[1] // 2, step)
    )
    assert hits > 20


def test_log_json_writes_shown_lines(hall: Store, make_board, qtbot: QtBot, capsys) -> None:
    board = make_board(log_json=True)
    board.view.show()
    uc.issue_ticket(hall, service="A")
    uc.open_counter(hall, counter=5)
    with qtbot.waitSignal(board.view.painted, timeout=5000):
        call = uc.call_next(hall, counter=5)
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines[0]["event"] == "ready"
    lines = lines[1:]
    assert lines[0]["event"] == "shown"
    assert (lines[0]["event_id"], lines[0]["code"], lines[0]["counter"]) == (
        call.event_id,
        "A001",
        5,
    )


def test_the_notice_follows_the_boards_language(store: Store) -> None:
    from dataclasses import replace

    from shared.services.board import load_board_settings
    from shared.store.apply import apply_hall
    from tests.factories import small_hall

    apply_hall(store, replace(small_hall(), notice="请携带身份证原件", notice_en="Bring your ID"))
    assert load_board_settings(store).notice == "请携带身份证原件"
    assert load_board_settings(store, lang="en").notice == "Bring your ID"
    apply_hall(store, replace(small_hall(), notice="请携带身份证原件"))
    assert load_board_settings(store, lang="en").notice == "请携带身份证原件"  # none in English
