"""Mono 16-bit WAV reading, resampling and joining with the standard wave module."""

from __future__ import annotations

import array
import math
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

from .errors import SpeechError

SAMPLE_RATE = 22050


@dataclass(frozen=True)
class Pcm:
    """Mono 16-bit samples at a sample rate."""

    samples: array.array[int]
    rate: int

    @property
    def seconds(self) -> float:
        """The length in seconds."""
        return len(self.samples) / self.rate


def read_wav(path: Path) -> Pcm:
    """Read a 16-bit WAV; several channels are mixed down to mono."""
    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            frames = wav.readframes(wav.getnframes())
    except (OSError, EOFError, wave.Error) as error:
        raise SpeechError(f"cannot read WAV file {path}: {error}") from error
    if width != 2:
        raise SpeechError(f"WAV file {path} has {8 * width}-bit samples; only 16-bit is read")
    samples = array.array("h")
    samples.frombytes(frames)
    if sys.byteorder == "big":
        samples.byteswap()  # WAV data is little-endian
    if channels > 1:
        mono = array.array("h", (0,) * (len(samples) // channels))
        for i in range(len(mono)):
            frame = samples[i * channels : (i + 1) * channels]
            mono[i] = sum(frame) // channels
        samples = mono
    return Pcm(samples, rate)


def write_wav(path: Path, pcm: Pcm) -> Path:
    """Write mono 16-bit samples as a WAV file."""
    data = array.array("h", pcm.samples)
    if sys.byteorder == "big":
        data.byteswap()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(pcm.rate)
        wav.writeframes(data.tobytes())
    return path


def resample(pcm: Pcm, rate: int) -> Pcm:
    """The same sound at another sample rate (linear interpolation: enough for speech)."""
    if rate <= 0:
        raise SpeechError(f"sample rate must be positive, not {rate}")
    if pcm.rate == rate or not pcm.samples:
        return Pcm(array.array("h", pcm.samples), rate)
    count = max(1, round(len(pcm.samples) * rate / pcm.rate))
    step = pcm.rate / rate
    last = len(pcm.samples) - 1
    out = array.array("h", bytes(2 * count))
    source = pcm.samples
    for i in range(count):
        position = i * step
        left = min(int(position), last)
        right = min(left + 1, last)
        fraction = position - left
        out[i] = round(source[left] + (source[right] - source[left]) * fraction)
    return Pcm(out, rate)


def silence(seconds: float, rate: int = SAMPLE_RATE) -> Pcm:
    """A stretch of silence."""
    return Pcm(array.array("h", bytes(2 * max(0, round(seconds * rate)))), rate)


def concatenate(pieces: list[Pcm], rate: int = SAMPLE_RATE) -> Pcm:
    """The pieces one after another, each brought to the given sample rate."""
    out = array.array("h")
    for piece in pieces:
        out.extend(resample(piece, rate).samples)
    return Pcm(out, rate)


def rms(samples: array.array[int]) -> float:
    """Root mean square of samples, as a fraction of full scale (0..1)."""
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples)) / 32768.0
