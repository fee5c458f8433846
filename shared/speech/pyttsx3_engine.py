"""The pyttsx3 engine: SAPI5 on Windows, espeak on Linux; each rendering in its own process.

pyttsx3 2.99's espeak driver was seen handing back WAVs before they were complete and at
the wrong rate, and a driver can crash its process: so every rendering runs in a fresh
child process (pyttsx3_worker.py) and every WAV it leaves is checked by the chain.
"""

from __future__ import annotations

import importlib.util
import json
import platform
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import VoiceUnavailable
from .text import Sentence

WORKER = Path(__file__).with_name("pyttsx3_worker.py")
_TIMEOUT_S = 30.0
PARALLEL = 2  # child processes at once: a call's two sentences; a voice pack's 79 in pairs
# A voice is taken for Chinese or English by its id, name or languages (SAPI5 names its
# Chinese voices "Microsoft Huihui Desktop - Chinese (Simplified)", espeak "sit/cmn").
_LANG_PATTERNS = {
    "zh": re.compile(r"\b(zh|cmn|chinese|huihui|kangkang|yaoyao)\b", re.IGNORECASE),
    "en": re.compile(r"\b(en|english)\b|en[-_](us|gb)|gmw/en", re.IGNORECASE),
}


@dataclass(frozen=True)
class EngineVoice:
    """A voice the pyttsx3 driver offers."""

    id: str
    name: str
    languages: tuple[str, ...]

    def speaks(self, lang: str) -> bool:
        pattern = _LANG_PATTERNS.get(lang)
        return bool(pattern and pattern.search(" ".join((self.id, self.name, *self.languages))))


def default_driver() -> str:
    """The driver pyttsx3 picks on this system."""
    return {"Windows": "sapi5", "Darwin": "nsss"}.get(platform.system(), "espeak")


class Pyttsx3Engine:
    """Renders through pyttsx3 in a child process per call; voices probed once, in a child too."""

    name = "pyttsx3"
    # With the espeak driver about 1 rendering in 5 leaves no file at all (runAndWait returns,
    # nothing was written): a fresh process usually succeeds.
    retries = 2
    checks_length = True

    def __init__(self, *, python: str = sys.executable, timeout_s: float = _TIMEOUT_S) -> None:
        self.python = python
        self.timeout_s = timeout_s
        self.driver = default_driver()
        self._voices: list[EngineVoice] | None = None
        self._probe_error: str | None = None

    def _start(self, job: dict[str, Any], work: Path) -> tuple[subprocess.Popen[bytes], Path]:
        answer = work / f"result-{id(job)}.json"
        try:
            child = subprocess.Popen(
                [self.python, str(WORKER), json.dumps({**job, "result": str(answer)})],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except OSError as error:
            raise VoiceUnavailable(f"pyttsx3 could not start: {error}") from error
        return child, answer

    def _finish(self, child: subprocess.Popen[bytes], answer: Path) -> dict[str, Any]:
        try:
            _, stderr = child.communicate(timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            raise VoiceUnavailable(f"pyttsx3 did not finish in {self.timeout_s:.0f} s") from None
        try:
            result: dict[str, Any] = json.loads(answer.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise VoiceUnavailable(
                f"pyttsx3 died (exit status {child.returncode}): "
                f"{tail[0] if tail else 'no message'}"
            ) from None
        if "error" in result:
            raise VoiceUnavailable(f"pyttsx3 cannot speak: {result['error']}")
        return result

    def _run(self, job: dict[str, Any]) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="hallq-pyttsx3-") as work:
            return self._finish(*self._start(job, Path(work)))

    def voices(self) -> list[EngineVoice]:
        """The driver's voices (asked once); VoiceUnavailable when pyttsx3 cannot start."""
        if self._voices is None:
            if self._probe_error is not None:
                raise VoiceUnavailable(self._probe_error)
            try:
                found = self._run({"voices": True}).get("voices", [])
            except VoiceUnavailable as error:
                self._probe_error = str(error)
                raise
            self._voices = [EngineVoice(v["id"], v["name"], tuple(v["languages"])) for v in found]
        return self._voices

    def voice_for(self, wanted: str, lang: str) -> str | None:
        """The hall's voice if the driver has it, else the driver's first voice for lang."""
        voices = self.voices()
        for voice in voices:
            if wanted and wanted.lower() in (voice.id.lower(), voice.name.lower()):
                return voice.id
        # espeak names the pinyin voice "cmn-latn-pinyin"; the plain "cmn" reads tone numbers
        preferred = sorted(
            (v for v in voices if v.speaks(lang)), key=lambda v: "pinyin" not in v.id
        )
        return preferred[0].id if preferred else None

    def offers_chinese(self) -> bool:
        """Whether the driver lists a Chinese voice (the default order wants one)."""
        try:
            return any(voice.speaks("zh") for voice in self.voices())
        except VoiceUnavailable:
            return False

    def unavailable(self) -> str | None:
        if importlib.util.find_spec("pyttsx3") is None:
            return "the Python package pyttsx3 is not installed"
        try:
            self.voices()
        except VoiceUnavailable as error:
            return str(error)
        return None

    def render(
        self, sentences: Sequence[Sentence], folder: Path, *, rate: int, volume: float
    ) -> list[Path | None]:
        items: list[dict[str, Any]] = []
        paths: list[Path | None] = []
        for index, sentence in enumerate(sentences):
            voice = self.voice_for(sentence.voice, sentence.lang)
            if voice is None:
                paths.append(None)
                continue
            path = folder / f"pyttsx3-{index}.wav"
            path.unlink(missing_ok=True)  # never read an older rendering back
            items.append(
                {
                    "text": sentence.text,
                    "voice": voice,
                    "rate": rate,
                    "volume": min(1.0, volume),
                    "path": str(path),
                }
            )
            paths.append(path)
        # One process per sentence, side by side: a second rendering in the same process
        # lost its first file or left it empty (1 in 10 calls, measured with the espeak driver).
        failures = []
        with tempfile.TemporaryDirectory(prefix="hallq-pyttsx3-") as work:
            for batch in range(0, len(items), PARALLEL):
                children = [
                    self._start({"items": [item]}, Path(work))
                    for item in items[batch : batch + PARALLEL]
                ]
                for child, answer in children:
                    try:
                        self._finish(child, answer)
                    except VoiceUnavailable as error:
                        failures.append(str(error))  # its WAV is missing: the check says so
        if failures and len(failures) == len(items):
            raise VoiceUnavailable(failures[0])
        return paths
