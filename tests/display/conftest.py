"""Display tests: offscreen Qt, the small test hall with boards, screens and a voice."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from shared.config.spec import DeviceSpec, DisplaySpec
from shared.store.apply import apply_hall
from shared.store.db import Store
from tests.factories import small_hall

BOARDS = (
    DisplaySpec("大厅", layout="recent"),
    DisplaySpec("不动产区", layout="counters", departments=("bdc",)),
    DisplaySpec("一号到四号", layout="counters", counters=(1, 2, 3, 4)),
)


@pytest.fixture
def hall(store: Store) -> Store:
    """The small test hall with three boards, a screen bus and screen addresses 1..12."""
    spec = small_hall()
    counters = tuple(replace(c, screen_address=c.number) for c in spec.counters)
    apply_hall(
        store,
        replace(
            spec,
            displays=BOARDS,
            counters=counters,
            screens=DeviceSpec(port="loop://"),
            notice="请携带身份证原件",
        ),
    )
    return store


class GatedPlayer:
    """A sound device that keeps each WAV it plays and holds playback until released."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.played: list[Path] = []
        self.gate = threading.Event()
        self.gate.set()
        self.playing = threading.Event()

    def play(self, wav_path: Path) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{len(self.played) + 1:04d}.wav"
        shutil.copyfile(wav_path, target)
        self.played.append(target)
        self.playing.set()
        self.gate.wait(30)


@pytest.fixture
def player(tmp_path: Path) -> Iterator[GatedPlayer]:
    p = GatedPlayer(tmp_path / "played")
    yield p
    p.gate.set()
