"""Offline Mandarin/English speech rendered to one WAV: chime first, then the sentences.

The text is synthesised by the espeak-ng program (one process per sentence). pyttsx3's
espeak driver (2.99) was measured unreliable for files: runAndWait() returns before the
WAV is written, and about 3% of renderings ignored the requested rate.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from shared.config.spec import AnnounceSpec

from .errors import VoiceUnavailable
from .text import Sentence
from .wavtools import SAMPLE_RATE, Pcm, concatenate, read_wav, silence, write_wav

DEFAULT_VOICE = AnnounceSpec.voice  # the hall file's [announce] voice unless it names one
ESPEAK = "espeak-ng"
MIN_RATE, MAX_RATE = 80, 450  # words per minute espeak-ng accepts
_TIMEOUT_S = 30.0


def _check_settings(rate: int, volume: float, repeat: int) -> None:
    if not MIN_RATE <= rate <= MAX_RATE:
        raise ValueError(f"speech rate {rate} must be {MIN_RATE}..{MAX_RATE} words per minute")
    if not 0.0 <= volume <= 2.0:
        raise ValueError(f"speech volume {volume} must be 0.0..2.0 (1.0 is normal)")
    if repeat < 1:
        raise ValueError(f"repeat {repeat} must be at least 1")


def synthesize(
    text: str,
    path: Path,
    *,
    voice: str = DEFAULT_VOICE,
    rate: int = AnnounceSpec.rate,
    volume: float = AnnounceSpec.volume,
    espeak: str = ESPEAK,
) -> Path:
    """Render one sentence to a WAV file with espeak-ng (no chime)."""
    _check_settings(rate, volume, 1)
    program = shutil.which(espeak)
    if program is None:
        raise VoiceUnavailable(
            f"the voice engine {espeak!r} is not installed: install the Debian package espeak-ng"
        )
    command = [program, "-v", voice, "-s", str(rate), "-a", str(round(volume * 100))]
    command += ["-w", str(path), "--stdin"]
    try:
        done = subprocess.run(
            command, input=text.encode("utf-8"), capture_output=True, timeout=_TIMEOUT_S
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise VoiceUnavailable(f"the voice engine {program} failed to run: {error}") from error
    message = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0 or "does not exist" in message:
        raise VoiceUnavailable(
            f"espeak-ng could not speak with voice {voice!r}: {message or done.returncode}; "
            "list the voices with `espeak-ng --voices` (Mandarin: sit/cmn-latn-pinyin)"
        )
    return path


def render_sentences(
    sentences: Sequence[Sentence],
    path: Path,
    *,
    rate: int = AnnounceSpec.rate,
    volume: float = AnnounceSpec.volume,
    chime: Path | None = None,
    repeat: int = 1,
    gap_s: float = 0.5,
    espeak: str = ESPEAK,
) -> Path:
    """One WAV at 22,050 Hz: the chime, then the sentences, all said `repeat` times."""
    _check_settings(rate, volume, repeat)
    if not sentences:
        raise ValueError("nothing to say: no sentences given")
    spoken: list[Pcm] = []
    with tempfile.TemporaryDirectory(prefix="hallq-speech-") as work:
        for index, sentence in enumerate(sentences):
            part = Path(work) / f"{index}.wav"
            synthesize(
                sentence.text,
                part,
                voice=sentence.voice,
                rate=rate,
                volume=volume,
                espeak=espeak,
            )
            spoken.append(read_wav(part))
    pieces: list[Pcm] = []
    if chime is not None:
        pieces += [read_wav(chime), silence(0.15)]
    for round_ in range(repeat):
        for index, pcm in enumerate(spoken):
            if round_ or index:
                pieces.append(silence(gap_s))
            pieces.append(pcm)
    return write_wav(path, concatenate(pieces, SAMPLE_RATE))


def render_wav(
    text: str,
    path: Path,
    *,
    voice: str = DEFAULT_VOICE,
    rate: int = AnnounceSpec.rate,
    volume: float = AnnounceSpec.volume,
    chime: Path | None = None,
    repeat: int = 1,
    gap_s: float = 0.5,
    espeak: str = ESPEAK,
) -> Path:
    """One WAV: the chime (if given), then the text said `repeat` times."""
    return render_sentences(
        [Sentence(text, voice)],
        path,
        rate=rate,
        volume=volume,
        chime=chime,
        repeat=repeat,
        gap_s=gap_s,
        espeak=espeak,
    )
