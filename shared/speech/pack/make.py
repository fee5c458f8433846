"""`hallq voice pack make`: a starter pack spoken by a speech engine, and the recording script."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..engines import EngineChain
from ..text import ENGLISH_VOICE, Sentence
from ..voice import DEFAULT_VOICE
from ..wavtools import SAMPLE_RATE, Pcm, read_wav, write_wav
from .audio import prepare
from .manifest import MANIFEST, REQUIRED, SCRIPT, Fragment, PackError, write_manifest

STARTER_RATE = 150

SCRIPT_HEAD = """\
hallq voice pack: the recording script ({count} fragments)

Record each line as its own file, replacing the starter file of that name:
- WAV, PCM, mono, 16-bit, {rate} Hz (convert with `sox IN.wav -r {rate} -c 1 -b 16 OUT.wav`);
- one speaker for the whole pack, the same microphone, distance and room;
- each fragment said on its own, evenly, neither rising nor falling at the end, as it
  would sound in the middle of 「请A零一二号到三号窗口办理」;
- speech peaking around -6 dBFS: never clipped, never under -30 dBFS of speech level
  (hallq trims the silence around each fragment and evens the loudness when joining);
- then run `hallq voice pack check {{folder}}` (exit 0: ready).

file\tsay\tlanguage\tnote
"""


def _sentence(fragment: Fragment, zh_voice: str, en_voice: str) -> Sentence:
    if fragment.lang == "en":
        return Sentence(fragment.text, en_voice, "en")
    # A letter is said with the Chinese voice, as a ticket code's letter is in a Chinese call.
    return Sentence(fragment.text, zh_voice, "zh")


def write_script(folder: Path, fragments: tuple[Fragment, ...] = REQUIRED) -> Path:
    """The list of fragments a hall records, with the format and level to record them at."""
    lines = [SCRIPT_HEAD.format(count=len(fragments), rate=SAMPLE_RATE)]
    lines += [f"{f.file}\t{f.text}\t{f.lang}\t{f.note}".rstrip() + "\n" for f in fragments]
    path = folder / SCRIPT
    path.write_text("".join(lines).replace("{folder}", str(folder)), encoding="utf-8")
    return path


def make_pack(
    folder: Path,
    chain: EngineChain,
    *,
    zh_voice: str = DEFAULT_VOICE,
    en_voice: str = ENGLISH_VOICE,
) -> list[Path]:
    """Write every required fragment (trimmed, levelled), the manifest and the script."""
    if (folder / MANIFEST).exists():
        raise PackError(
            f"{folder} already holds a voice pack ({MANIFEST}); it is left as it "
            "is: choose a new folder"
        )
    sentences = [_sentence(f, zh_voice, en_voice) for f in REQUIRED]
    with tempfile.TemporaryDirectory(prefix="hallq-pack-") as work:
        rendered = chain.render(sentences, Path(work), rate=STARTER_RATE, volume=1.0)
        written = []
        for fragment, source in zip(REQUIRED, rendered, strict=True):
            ready = prepare(read_wav(source), SAMPLE_RATE)
            target = folder / fragment.file
            target.parent.mkdir(parents=True, exist_ok=True)
            written.append(write_wav(target, Pcm(ready.pcm.samples, SAMPLE_RATE)))
    write_manifest(folder, REQUIRED)
    write_script(folder)
    return written
