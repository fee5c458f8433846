"""Check a rendered WAV before it is trusted: RIFF sizes, format, rate, level and length."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

from .pack.manifest import english_number
from .wavtools import SAMPLE_RATE, read_wav, rms

_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[A-Za-z]+|[0-9]+")
_VOWELS = re.compile(r"[aeiouy]+", re.IGNORECASE)
# Seconds a syllable at 150 words a minute, end pause included: the median of 58 call
# sentences each by espeak-ng (Chinese 0.326..0.364, English 0.250..0.316).
SECONDS_PER_SYLLABLE_AT_150 = {"zh": 0.344, "en": 0.293}
MIN_FACTOR, MAX_FACTOR = 0.6, 1.8  # other voices (SAPI5) keep their own pace
SILENT_RMS = 0.002  # about -54 dBFS: nothing was said


@dataclass(frozen=True)
class WavFacts:
    """What a WAV file's header and data say."""

    channels: int
    bits: int
    rate: int
    frames: int

    @property
    def seconds(self) -> float:
        return self.frames / self.rate if self.rate else 0.0


def syllables(text: str) -> float:
    """A rough syllable count: one per Chinese character, vowel groups per Latin word."""
    count = float(len(_CJK.findall(text)))
    for word in _WORD.findall(text):
        if word.isdigit():
            words = english_number(int(word)).split() if len(word) <= 4 else ["one"] * len(word)
            count += sum(_word_syllables(w) for w in words)
        elif len(word) == 1 or word.isupper():
            count += len(word)  # a spelled letter
        else:
            count += _word_syllables(word)
    return count


def _word_syllables(word: str) -> int:
    groups = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and groups > 1:
        groups -= 1  # a silent e: "five", "please"
    return max(1, groups)


def duration_bounds(text: str, rate: int) -> tuple[float, float]:
    """The shortest and longest believable length in seconds of `text` said at `rate` wpm."""
    expected = expected_seconds(text, rate)
    return MIN_FACTOR * expected, MAX_FACTOR * expected + 0.5


def expected_seconds(text: str, rate: int) -> float:
    """How long espeak-ng takes to say `text` at `rate` words a minute, near enough."""
    pace = SECONDS_PER_SYLLABLE_AT_150["zh" if _CJK.search(text) else "en"]
    return max(1.0, syllables(text)) * pace * 150 / rate


def riff_facts(path: Path) -> tuple[WavFacts | None, list[str]]:
    """Parse the RIFF chunks by hand; the problems found (sizes that do not add up, ...)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [f"cannot be read: {error}"]
    if len(raw) < 12 or raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        return None, [f"not a RIFF/WAVE file ({len(raw)} bytes)"]
    problems = []
    riff_size = struct.unpack_from("<I", raw, 4)[0]
    if riff_size != len(raw) - 8:
        problems.append(f"RIFF size {riff_size} but the file holds {len(raw) - 8} bytes after it")
    fmt: tuple[int, int, int, int] | None = None
    data_size: int | None = None
    offset = 12
    while offset + 8 <= len(raw):
        chunk, size = raw[offset : offset + 4], struct.unpack_from("<I", raw, offset + 4)[0]
        body = offset + 8
        if chunk == b"fmt " and size >= 16:
            tag, channels, rate = struct.unpack_from("<HHI", raw, body)
            bits = struct.unpack_from("<H", raw, body + 14)[0]
            fmt = (tag, channels, rate, bits)
        elif chunk == b"data":
            data_size = size
            if body + size > len(raw):
                problems.append(f"data chunk says {size} bytes but only {len(raw) - body} follow")
            break
        offset = body + size + (size & 1)
    if fmt is None:
        return None, [*problems, "no fmt chunk"]
    if data_size is None:
        return None, [*problems, "no data chunk"]
    tag, channels, rate, bits = fmt
    if tag != 1:
        problems.append(f"not PCM (format tag {tag})")
    frames = min(data_size, len(raw) - body) // max(1, channels * bits // 8)
    return WavFacts(channels, bits, rate, frames), problems


def check_wav(
    path: Path, text: str | None, *, rate: int, sample_rate: int = SAMPLE_RATE
) -> list[str]:
    """Every reason a speech WAV of `text` at `rate` wpm is not to be trusted (empty: good).

    With text None the length is not checked (a voice pack speaks at its own pace).
    """
    facts, problems = riff_facts(path)
    if facts is None:
        return problems
    if (facts.channels, facts.bits) != (1, 16):
        problems.append(f"{facts.channels} channel(s), {facts.bits}-bit; expected mono 16-bit")
    if facts.rate != sample_rate:
        problems.append(f"sample rate {facts.rate} Hz; expected {sample_rate} Hz")
    if problems:
        return problems
    low, high = duration_bounds(text or "", rate)
    if text is not None and not low <= facts.seconds <= high:
        problems.append(
            f"{facts.seconds:.2f} s long; {len(text)} characters at {rate} wpm "
            f"should take {low:.2f}..{high:.2f} s"
        )
    elif rms(read_wav(path).samples) < SILENT_RMS:
        problems.append("silent")
    return problems
