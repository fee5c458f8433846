"""Speech engines behind one interface, and the chain that tries them in the hall's order."""

from __future__ import annotations

import logging
import shutil
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .errors import SpeechError, VoiceUnavailable
from .text import Sentence
from .voice import ESPEAK, synthesize
from .wavcheck import check_wav, expected_seconds, riff_facts, syllables

log = logging.getLogger("hallq.speech")

ENGINE_NAMES = ("pack", "pyttsx3", "espeak-ng")


class SpeechEngine(Protocol):
    """Something that turns sentences into one WAV each."""

    name: str
    retries: int  # renderings again after a failed check, before the next engine
    checks_length: bool  # whether the WAV's length must fit the text at the rate

    def unavailable(self) -> str | None:
        """Why this engine cannot speak on this PC, or None when it can."""

    def render(
        self, sentences: Sequence[Sentence], folder: Path, *, rate: int, volume: float
    ) -> list[Path | None]:
        """One WAV per sentence in folder; None where this engine cannot say that sentence."""


class EspeakEngine:
    """The espeak-ng program, one process per sentence."""

    name = "espeak-ng"
    retries = 0
    checks_length = True

    def __init__(self, program: str = ESPEAK) -> None:
        self.program = program

    def unavailable(self) -> str | None:
        if shutil.which(self.program) is None:
            return f"{self.program!r} is not installed (Debian package espeak-ng)"
        return None

    def render(
        self, sentences: Sequence[Sentence], folder: Path, *, rate: int, volume: float
    ) -> list[Path | None]:
        paths: list[Path | None] = []
        for index, sentence in enumerate(sentences):
            path = folder / f"espeak-{index}.wav"
            synthesize(
                sentence.text,
                path,
                voice=sentence.voice,
                rate=rate,
                volume=volume,
                espeak=self.program,
            )
            paths.append(path)
        return paths


@dataclass(frozen=True)
class Attempt:
    """One engine's try at one sentence, and what was wrong with its WAV (empty: good)."""

    engine: str
    sentence: int
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


class PaceTracker:
    """Learns each engine's pace per language and flags a rendering far off it (a wrong rate).

    The text-based bounds of check_wav are wide enough for any voice; a voice's own pace is
    steady (espeak-ng: within 8% over 58 call sentences), so after a few renderings a
    rendering more than DEVIATION off the median pace is taken as said at the wrong rate.
    """

    SAMPLES, DEVIATION, KEEP, MIN_SYLLABLES = 5, 0.2, 50, 8

    def __init__(self) -> None:
        self._paces: dict[tuple[str, str, int], list[float]] = {}

    def check(self, engine: str, sentence: Sentence, rate: int, path: Path) -> list[str]:
        """The wrong-pace problem, if any; a good rendering is learnt from."""
        seconds = riff_facts(path)[0]
        if seconds is None or syllables(sentence.text) < self.MIN_SYLLABLES:
            return []  # a word or two: the end pause outweighs the pace
        pace = seconds.seconds / expected_seconds(sentence.text, rate)
        known = self._paces.setdefault((engine, sentence.lang, rate), [])
        if len(known) >= self.SAMPLES:
            usual = statistics.median(known)
            if abs(pace - usual) > self.DEVIATION * usual:
                return [f"said at {pace / usual:.0%} of this voice's usual length: the wrong rate"]
        known.append(pace)
        del known[: -self.KEEP]
        return []


class EngineChain:
    """Tries engines in order per sentence; a WAV failing its check is redone or passed on."""

    def __init__(self, engines: Sequence[SpeechEngine]) -> None:
        if not engines:
            raise ValueError("an engine chain needs at least one engine")
        self.engines = tuple(engines)
        self.last_attempts: list[Attempt] = []
        self.pace = PaceTracker()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(engine.name for engine in self.engines)

    def render(
        self, sentences: Sequence[Sentence], folder: Path, *, rate: int, volume: float
    ) -> list[Path]:
        """One checked WAV per sentence; VoiceUnavailable when no engine could say one."""
        attempts: list[Attempt] = []
        done: dict[int, Path] = {}
        for engine in self.engines:
            todo = [i for i in range(len(sentences)) if i not in done]
            if not todo:
                break
            reason = engine.unavailable()
            if reason is not None:
                attempts += [Attempt(engine.name, i, (f"unavailable: {reason}",)) for i in todo]
                continue
            for round_ in range(engine.retries + 1):
                todo = [i for i in range(len(sentences)) if i not in done]
                if not todo:
                    break
                work = folder / f"{engine.name}-{round_}"
                work.mkdir(parents=True, exist_ok=True)
                try:
                    paths = engine.render(
                        [sentences[i] for i in todo], work, rate=rate, volume=volume
                    )
                except SpeechError as error:
                    attempts += [Attempt(engine.name, i, (str(error),)) for i in todo]
                    break  # the engine itself failed: trying it again will not help
                for i, path in zip(todo, paths, strict=True):
                    if path is None:
                        attempts.append(Attempt(engine.name, i, ("cannot say this sentence",)))
                        continue
                    text = sentences[i].text if engine.checks_length else None
                    problems = check_wav(path, text, rate=rate)
                    if not problems and text is not None:
                        problems = self.pace.check(engine.name, sentences[i], rate, path)
                    attempts.append(Attempt(engine.name, i, tuple(problems)))
                    if not problems:
                        done[i] = path
        self.last_attempts = attempts
        for attempt in attempts:
            if not attempt.ok:
                log.warning(
                    "speech engine %s, sentence %d: %s",
                    attempt.engine,
                    attempt.sentence,
                    "; ".join(attempt.problems),
                )
        missing = [i for i in range(len(sentences)) if i not in done]
        if missing:
            said = "; ".join(
                f"{a.engine}: {', '.join(a.problems)}" for a in attempts if a.sentence == missing[0]
            )
            raise VoiceUnavailable(
                f"no speech engine could say {sentences[missing[0]].text!r} "
                f"({said or 'no engine tried'})"
            )
        return [done[i] for i in range(len(sentences))]
