"""Spoken prompts and results for elder mode, rendered and played off the GUI thread."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from shared.qt.jobs import Jobs
from shared.speech import ENGLISH_VOICE, Player, Sentence, code_en, code_zh, render_sentences

log = logging.getLogger(__name__)
MANDARIN = "sit/cmn-latn-pinyin"


def result_text(code: str, ahead: int, lang: str) -> str:
    """「您已领取A005号，前方等待3人」 as the voice should read it (code spelled out)."""
    if lang == "en":
        return f"You have number {code_en(code)}. {ahead} waiting ahead of you."
    return f"您已领取{code_zh(code)}号，前方等待{ahead}人"


class Speaker(QObject):
    """Says one sentence at a time; a missing voice or sound card is logged, never raised."""

    spoken = Signal(str)  # the text, once played
    failed = Signal(str)

    def __init__(self, player: Player, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.jobs = Jobs(1, self)

    def say(self, text: str, lang: str = "zh") -> None:
        voice = ENGLISH_VOICE if lang == "en" else MANDARIN

        def work() -> str:
            with tempfile.TemporaryDirectory(prefix="hallq-kiosk-") as folder:
                wav = render_sentences([Sentence(text, voice)], Path(folder) / "prompt.wav")
                self.player.play(wav)
            return text

        self.jobs.submit(work, self.spoken.emit, self._failed)

    def _failed(self, exc: Exception) -> None:
        log.warning("cannot speak: %s", exc)
        self.failed.emit(str(exc))
