"""The `pack` engine: sentences said by joining a hall's recorded fragments."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from shared.config.spec import AnnounceSpec

from ..errors import SpeechError
from ..text import Sentence
from ..wavtools import SAMPLE_RATE, read_wav, write_wav
from .audio import Joined, Prepared, join, prepare
from .manifest import Fragment, Pack, PackError, load_pack
from .words import split_sentence


class PackEngine:
    """Joins fragments of the pack in `folder`; a sentence it has no fragments for is passed on."""

    name = "pack"
    retries = 0
    checks_length = False  # a recorded voice speaks at its own pace

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pack: Pack | None = None
        self._prepared: dict[str, Prepared] = {}
        self._lock = threading.Lock()

    def pack(self) -> Pack:
        """The pack's manifest, read once."""
        if self._pack is None:
            self._pack = load_pack(self.folder)
        return self._pack

    def unavailable(self) -> str | None:
        try:
            self.pack()
        except PackError as error:
            return str(error)
        return None

    def _fragment(self, fragment: Fragment) -> Prepared:
        with self._lock:
            ready = self._prepared.get(fragment.file)
            if ready is None:
                ready = prepare(read_wav(self.pack().path(fragment)), SAMPLE_RATE)
                self._prepared[fragment.file] = ready
            return ready

    def join_sentence(
        self, sentence: Sentence, volume: float = AnnounceSpec.volume
    ) -> tuple[Joined, list[Fragment]]:
        """The sentence joined, and the fragments used in order; PackError if it cannot."""
        pieces = split_sentence(sentence.text, sentence.lang, self.pack().fragments)
        if pieces is None:
            raise PackError(
                f"the voice pack in {self.folder} has no fragments for {sentence.text!r}"
            )
        used = [p for p in pieces if p is not None]
        joined = join(
            [None if p is None else self._fragment(p) for p in pieces], SAMPLE_RATE, volume
        )
        return joined, used

    def render(
        self, sentences: Sequence[Sentence], folder: Path, *, rate: int, volume: float
    ) -> list[Path | None]:
        paths: list[Path | None] = []
        for index, sentence in enumerate(sentences):
            try:
                joined, _ = self.join_sentence(sentence, volume)
            except SpeechError:
                paths.append(None)  # the next engine says it
                continue
            paths.append(write_wav(folder / f"pack-{index}.wav", joined.pcm))
        return paths
