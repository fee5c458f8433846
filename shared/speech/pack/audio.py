"""Fragments made ready and joined: silence trimmed, loudness evened, short cross-fades.

Pure Python on `array`, like wavtools: a call is a few seconds of 22 kHz mono, each
fragment is prepared once per pack and a join only copies and fades a few hundred samples.
"""

from __future__ import annotations

import array
import math
from dataclasses import dataclass

from shared.config.spec import AnnounceSpec

from ..wavtools import SAMPLE_RATE, Pcm, resample

WINDOW_S = 0.010
GATE = 0.01  # -40 dBFS: a window quieter than this (and than 5% of the loudest) is silence
PAD_S = 0.025  # kept before and after the speech when trimming: consonants are soft
FADE_S = 0.010  # the cross-fade between two fragments
PAUSE_S = 0.080  # at a comma (with the pads about 120 ms: gaps stay under 150 ms)
TARGET_RMS = 0.125  # -18 dBFS over the speech (the RMS stand-in for about -16 LUFS)
PEAK_LIMIT = 0.89  # -1 dBFS: evening the loudness never clips


@dataclass(frozen=True)
class Prepared:
    """A fragment ready to join: trimmed, levelled, with its speech span in samples."""

    pcm: Pcm
    speech_start: int
    speech_end: int


@dataclass(frozen=True)
class Joined:
    """A joined sentence and where each fragment's speech sits in it, in samples."""

    pcm: Pcm
    spans: list[tuple[int, int]]


def window_rms(samples: array.array[int], rate: int) -> list[float]:
    """RMS (0..1) of each 10 ms window."""
    size = max(1, round(WINDOW_S * rate))
    out = []
    for start in range(0, len(samples), size):
        chunk = samples[start : start + size]
        out.append(math.sqrt(sum(s * s for s in chunk) / len(chunk)) / 32768.0)
    return out


def speech_windows(levels: list[float]) -> list[int]:
    """Indexes of the windows that hold speech (above the gate and 5% of the loudest)."""
    if not levels:
        return []
    gate = max(GATE, 0.05 * max(levels))
    return [i for i, level in enumerate(levels) if level >= gate]


def speech_rms(samples: array.array[int], rate: int) -> float:
    """The RMS over the windows that hold speech (0 when there are none)."""
    levels = window_rms(samples, rate)
    loud = speech_windows(levels)
    if not loud:
        return 0.0
    return math.sqrt(sum(levels[i] ** 2 for i in loud) / len(loud))


def prepare(pcm: Pcm, rate: int = SAMPLE_RATE) -> Prepared:
    """Trim the silence around the speech (keeping a short pad) and bring it to TARGET_RMS."""
    pcm = resample(pcm, rate)
    size = max(1, round(WINDOW_S * rate))
    levels = window_rms(pcm.samples, rate)
    loud = speech_windows(levels)
    if not loud:
        return Prepared(Pcm(array.array("h"), rate), 0, 0)
    pad = round(PAD_S * rate)
    start = max(0, loud[0] * size - pad)
    end = min(len(pcm.samples), (loud[-1] + 1) * size + pad)
    level = math.sqrt(sum(levels[i] ** 2 for i in loud) / len(loud))
    peak = max(abs(s) for s in pcm.samples[start:end]) / 32768.0
    gain = min(TARGET_RMS / level, PEAK_LIMIT / peak) if level and peak else 1.0
    out = array.array(
        "h", (max(-32767, min(32767, round(s * gain))) for s in pcm.samples[start:end])
    )
    fade = min(round(FADE_S * rate), len(out) // 2)
    for i in range(fade):
        out[i] = round(out[i] * i / fade)
        out[-1 - i] = round(out[-1 - i] * i / fade)
    speech_start = loud[0] * size - start
    speech_end = min(len(out), (loud[-1] + 1) * size - start)
    return Prepared(Pcm(out, rate), speech_start, speech_end)


def join(
    pieces: list[Prepared | None], rate: int = SAMPLE_RATE, volume: float = AnnounceSpec.volume
) -> Joined:
    """Fragments one after another, each fade overlapping the next (None: a short pause)."""
    out = array.array("h")
    spans: list[tuple[int, int]] = []
    overlap = round(FADE_S * rate)
    for piece in pieces:
        if piece is None:
            out.extend(array.array("h", bytes(2 * round(PAUSE_S * rate))))
            continue
        samples = piece.pcm.samples
        at = max(0, len(out) - overlap) if spans else len(out)
        for i in range(min(overlap, len(out) - at, len(samples))):
            out[at + i] = max(-32767, min(32767, out[at + i] + samples[i]))
        tail = len(out) - at
        out.extend(samples[tail:])
        spans.append((at + piece.speech_start, at + piece.speech_end))
    if volume != 1.0:
        out = array.array("h", (max(-32767, min(32767, round(s * volume))) for s in out))
    return Joined(Pcm(out, rate), spans)
