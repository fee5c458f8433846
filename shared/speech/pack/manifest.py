"""A voice pack on disk: a folder of WAV fragments and manifest.json saying what each says."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import SpeechError
from ..wavtools import SAMPLE_RATE

MANIFEST = "manifest.json"
SCRIPT = "script.txt"
FORMAT = "hallq-voice-pack/1"
LETTERS = tuple(chr(c) for c in range(ord("A"), ord("Z") + 1))
_EN_NUMBERS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


class PackError(SpeechError):
    """A voice pack folder or its manifest cannot be used."""


@dataclass(frozen=True)
class Fragment:
    """One recording: the file (relative to the pack) and what it says, in which language."""

    file: str
    text: str
    lang: str  # zh, en, or letter (a letter name, said the same in both languages)
    note: str = ""  # a hint for the speaker


def _zh(stem: str, text: str, note: str = "") -> Fragment:
    return Fragment(f"zh/{stem}.wav", text, "zh", note)


def _en(text: str, note: str = "") -> Fragment:
    return Fragment(f"en/{text.replace(' ', '-')}.wav", text, "en", note)


# What a hall records: everything the default Chinese and English sentences, a recall and
# any ticket code and counter number up to 9999 need.
REQUIRED: tuple[Fragment, ...] = (
    *(_zh(f"digit-{d}", t) for d, t in enumerate("零一二三四五六七八九")),
    _zh("yao", "幺", "1 read as yao in ticket codes"),
    _zh("shi", "十"),
    _zh("bai", "百"),
    _zh("qian", "千"),
    _zh("qing", "请"),
    _zh("hao", "号"),
    _zh("dao", "到"),
    _zh("chuangkou", "窗口"),
    _zh("banli", "办理"),
    _zh("chongfu-hujiao", "重复呼叫", "said before a recall"),
    *(Fragment(f"letter/{c}.wav", c, "letter", "the letter's name") for c in LETTERS),
    _en("number"),
    _en("please go to counter"),
    _en("repeat call", "said before a recall"),
    *(_en(t) for t in _EN_NUMBERS),
    *(_en(t) for t in _EN_TENS),
    _en("hundred"),
    _en("thousand"),
)


@dataclass(frozen=True)
class Pack:
    """A pack's folder and its manifest."""

    folder: Path
    sample_rate: int
    fragments: tuple[Fragment, ...]

    def path(self, fragment: Fragment) -> Path:
        return self.folder / fragment.file


def english_number(number: int) -> str:
    """0..9999 in English words: 12 -> "twelve", 101 -> "one hundred one"."""
    if not 0 <= number <= 9999:
        raise ValueError(f"{number} is outside 0..9999")
    if number < 20:
        return _EN_NUMBERS[number]
    words = []
    if number >= 1000:
        words += [_EN_NUMBERS[number // 1000], "thousand"]
        number %= 1000
    if number >= 100:
        words += [_EN_NUMBERS[number // 100], "hundred"]
        number %= 100
    if number >= 20:
        words.append(_EN_TENS[number // 10 - 2])
        number %= 10
        if number:
            words.append(_EN_NUMBERS[number])
    elif number:
        words.append(_EN_NUMBERS[number])
    return " ".join(words)


def write_manifest(
    folder: Path, fragments: tuple[Fragment, ...], sample_rate: int = SAMPLE_RATE
) -> Path:
    """Write manifest.json for the fragments."""
    data = {
        "format": FORMAT,
        "sample_rate": sample_rate,
        "fragments": [{"file": f.file, "text": f.text, "lang": f.lang} for f in fragments],
    }
    path = folder / MANIFEST
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def load_pack(folder: Path) -> Pack:
    """Read a pack's manifest; PackError says what is wrong with it."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(
            f"{folder} is not a voice pack: it has no {MANIFEST} "
            "(make one with `hallq voice pack make DIR`)"
        ) from None
    except (OSError, ValueError) as error:
        raise PackError(f"{path} cannot be read: {error}") from error
    try:
        if data.get("format") != FORMAT:
            raise PackError(f"{path}: format must be {FORMAT!r}, got {data.get('format')!r}")
        fragments = tuple(
            Fragment(str(f["file"]), str(f["text"]), str(f["lang"])) for f in data["fragments"]
        )
        rate = int(data.get("sample_rate", SAMPLE_RATE))
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise PackError(f"{path}: each fragment needs file, text and lang ({error!r})") from error
    for fragment in fragments:
        target = (folder / fragment.file).resolve()
        if folder.resolve() not in target.parents:
            raise PackError(f"{path}: fragment file {fragment.file!r} is outside the pack")
    return Pack(folder, rate, fragments)
