"""`hallq voice pack check`: every fragment there, sampled right and well levelled."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import SpeechError
from ..wavcheck import riff_facts
from ..wavtools import read_wav
from .audio import speech_rms
from .manifest import REQUIRED, Pack, load_pack

CLIP_LEVEL = 32700  # samples at or beyond this are taken as clipped
CLIP_RUN = 3  # this many in a row: the recording hit full scale
CLIP_SHARE = 0.0005
SILENT_PEAK = 0.01  # -40 dBFS at the loudest: nothing was recorded
QUIET_RMS = 0.0316  # -30 dBFS speech level: too quiet to even out without lifting noise


@dataclass(frozen=True)
class PackProblem:
    """One problem with one fragment (or the pack), and what to do about it."""

    file: str
    text: str
    kind: str  # missing, unreadable, wrongly sampled, silent, clipped, too quiet
    detail: str

    def __str__(self) -> str:
        said = f" ({self.text})" if self.text else ""
        return f"{self.file}{said}: {self.kind}: {self.detail}"


def _db(value: float) -> str:
    import math

    return f"{20 * math.log10(value):.1f} dBFS" if value > 0 else "-inf dBFS"


def _check_file(pack: Pack, file: str, text: str) -> list[PackProblem]:
    path = pack.folder / file
    if not path.is_file():
        return [PackProblem(file, text, "missing", "no such file; record it")]
    facts, problems = riff_facts(path)
    if facts is None or problems:
        return [PackProblem(file, text, "unreadable", "; ".join(problems))]
    if (facts.channels, facts.bits, facts.rate) != (1, 16, pack.sample_rate):
        return [
            PackProblem(
                file,
                text,
                "wrongly sampled",
                f"{facts.rate} Hz, {facts.channels} channel(s), {facts.bits}-bit; "
                f"save it as {pack.sample_rate} Hz mono 16-bit PCM",
            )
        ]
    try:
        samples = read_wav(path).samples
    except SpeechError as error:
        return [PackProblem(file, text, "unreadable", str(error))]
    peak = max((abs(s) for s in samples), default=0) / 32768.0
    if peak < SILENT_PEAK:
        return [PackProblem(file, text, "silent", f"peak {_db(peak)}; record it again")]
    found = []
    run = longest = clipped = 0
    for s in samples:
        if abs(s) >= CLIP_LEVEL:
            clipped += 1
            run += 1
            longest = max(longest, run)
        else:
            run = 0
    if longest >= CLIP_RUN or clipped > CLIP_SHARE * len(samples):
        found.append(
            PackProblem(
                file,
                text,
                "clipped",
                f"{clipped} samples at full scale ({longest} in a row); "
                "record it again with the input gain lower",
            )
        )
    level = speech_rms(samples, pack.sample_rate)
    if level < QUIET_RMS:
        found.append(
            PackProblem(
                file,
                text,
                "too quiet",
                f"speech at {_db(level)}, under {_db(QUIET_RMS)}; record it "
                "closer to the microphone or with more gain",
            )
        )
    return found


def check_pack(folder: Path) -> list[PackProblem]:
    """Every problem with the pack in `folder` (empty: ready to use); PackError for no manifest."""
    pack = load_pack(folder)
    listed = {f.text.lower(): f for f in pack.fragments}
    problems = [
        PackProblem(f.file, f.text, "missing", "not in manifest.json; add it and record it")
        for f in REQUIRED
        if f.text.lower() not in listed
    ]
    for fragment in pack.fragments:
        problems += _check_file(pack, fragment.file, fragment.text)
    return problems
