"""Make the call chime: a two-tone ding-dong, 0.8 s, 22,050 Hz mono 16-bit.

Run `python -m shared.speech.chime [PATH]` (default assets/sounds/chime.wav); the
output is the same bytes on every run.
"""

from __future__ import annotations

import array
import math
import sys
from pathlib import Path

from .wavtools import SAMPLE_RATE, Pcm, write_wav

DING_HZ = 659.26  # E5
DONG_HZ = 523.25  # C5: a falling major third, the usual door-bell interval
LENGTH_S = 0.8
DONG_AT_S = 0.32
PEAK = 0.45  # of full scale, leaving room under the speech


def _bell(t: float, pitch: float) -> float:
    """A soft bell: a fundamental with two quiet partials, quick attack, exponential decay."""
    if t < 0:
        return 0.0
    attack = min(1.0, t / 0.005)  # 5 ms: no click at the onset
    decay = math.exp(-t / 0.22)
    tone = (
        math.sin(2 * math.pi * pitch * t)
        + 0.35 * math.sin(2 * math.pi * 2 * pitch * t)
        + 0.12 * math.sin(2 * math.pi * 3 * pitch * t)
    )
    return attack * decay * tone / 1.47


def chime_pcm(rate: int = SAMPLE_RATE) -> Pcm:
    """The chime's samples."""
    count = round(LENGTH_S * rate)
    fade = round(0.03 * rate)  # the last 30 ms fade to zero: no click at the end
    samples = array.array("h", bytes(2 * count))
    for i in range(count):
        t = i / rate
        value = 0.6 * _bell(t, DING_HZ) + 0.6 * _bell(t - DONG_AT_S, DONG_HZ)
        if i >= count - fade:
            value *= (count - 1 - i) / fade
        samples[i] = max(-32767, min(32767, round(value * PEAK / 0.6 * 32767)))
    return Pcm(samples, rate)


def write_chime(path: Path) -> Path:
    """Write the chime WAV to path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_wav(path, chime_pcm())


def main(argv: list[str] | None = None) -> int:
    """Command line: write the chime to the given path or assets/sounds/chime.wav."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path("assets/sounds/chime.wav")
    print(write_chime(target))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
