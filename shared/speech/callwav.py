"""One call's WAV from the hall's engines, and how the engines are chosen."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path

from shared.config.spec import AnnounceSpec

from .engines import EngineChain, EspeakEngine, SpeechEngine
from .pack import PackEngine
from .pyttsx3_engine import Pyttsx3Engine
from .text import Sentence
from .voice import ESPEAK
from .wavtools import SAMPLE_RATE, Pcm, concatenate, read_wav, silence, write_wav

log = logging.getLogger("hallq.speech")

GAP_S = 0.5  # between sentences
CHIME_GAP_S = 0.15


def data_dir() -> Path:
    """hallq's data directory on this PC (where the default store and voice pack live)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("hallq", appauthor=False))


def pack_folder(spec: AnnounceSpec, base: Path | None = None) -> Path | None:
    """The hall's voice pack folder on this PC (a relative path is in the data directory)."""
    if not spec.voice_pack.strip():
        return None
    folder = Path(spec.voice_pack).expanduser()
    return folder if folder.is_absolute() else (base or data_dir()) / folder


def engine_order(spec: AnnounceSpec, pyttsx3: Pyttsx3Engine) -> tuple[str, ...]:
    """The hall's order, or: pack when it has one, pyttsx3 with a Chinese voice, espeak-ng."""
    if spec.engines:
        return spec.engines
    order = ["pack"] if spec.voice_pack.strip() else []
    if pyttsx3.offers_chinese():
        order.append("pyttsx3")
    order.append("espeak-ng")
    return tuple(order)


def build_engines(
    spec: AnnounceSpec,
    *,
    base: Path | None = None,
    espeak: str = ESPEAK,
    pyttsx3: Pyttsx3Engine | None = None,
) -> EngineChain:
    """The hall's engines in order (`base`: where a relative voice_pack is found)."""
    pyttsx3 = pyttsx3 or Pyttsx3Engine()
    engines: list[SpeechEngine] = []
    for name in engine_order(spec, pyttsx3):
        if name == "pack":
            folder = pack_folder(spec, base)
            if folder is not None:
                engines.append(PackEngine(folder))
        elif name == "pyttsx3":
            engines.append(pyttsx3)
        else:
            engines.append(EspeakEngine(espeak))
    chain = EngineChain(engines or [EspeakEngine(espeak)])
    log.info("speech engines in order: %s", ", ".join(chain.names))
    return chain


def render_script(
    script: Sequence[Sentence],
    path: Path,
    *,
    engines: EngineChain,
    rate: int = AnnounceSpec.rate,
    volume: float = AnnounceSpec.volume,
    chime: Path | None = None,
    gap_s: float = GAP_S,
) -> Path:
    """One WAV at 22,050 Hz: the chime, then the sentences in order (each text rendered once)."""
    return render_parts(
        [script], [path], engines=engines, rate=rate, volume=volume, chime=chime, gap_s=gap_s
    )[0]


def render_parts(
    parts: Sequence[Sequence[Sentence]],
    paths: Sequence[Path],
    *,
    engines: EngineChain,
    rate: int = AnnounceSpec.rate,
    volume: float = AnnounceSpec.volume,
    chime: Path | None = None,
    gap_s: float = GAP_S,
) -> list[Path]:
    """The script in several WAVs played one after another (the chime opens the first).

    Each text is rendered once; a later part starts with the gap, so the parts played
    back to back sound as one WAV of the whole script.
    """
    if not parts or not parts[0]:
        raise ValueError("nothing to say: no sentences given")
    unique = list(dict.fromkeys(s for part in parts for s in part))
    with tempfile.TemporaryDirectory(prefix="hallq-speech-") as work:
        wavs = engines.render(unique, Path(work), rate=rate, volume=volume)
        spoken = {sentence: read_wav(wav) for sentence, wav in zip(unique, wavs, strict=True)}
    for number, (part, path) in enumerate(zip(parts, paths, strict=True)):
        pieces: list[Pcm] = []
        if chime is not None and number == 0:
            pieces += [read_wav(chime), silence(CHIME_GAP_S)]
        for index, sentence in enumerate(part):
            if index or number:
                pieces.append(silence(gap_s))
            pieces.append(spoken[sentence])
        write_wav(path, concatenate(pieces, SAMPLE_RATE))
    return list(paths)
