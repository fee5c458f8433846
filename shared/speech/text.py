"""The call sentence exactly as handed to the voice engine (叫号语音文本)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.config.spec import AnnounceSpec

from .errors import CallTextError

TEMPLATE_ZH = "请{code}号到{counter}号窗口办理"
TEMPLATE_EN = "Number {code}, please go to counter {counter}"
LANGUAGES = ("zh", "en")
MAX_COUNTER = 9999

_DIGITS_ZH = "零一二三四五六七八九"
_DIGITS_EN = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_CODE_RE = re.compile(r"^([A-Z]*)([0-9]*)$")
# The English voice used for lang="en" when the hall names none (espeak-ng's British English).
ENGLISH_VOICE = "gmw/en"
RECALL_ZH = "重复呼叫，"
RECALL_EN = "Repeat call, "


@dataclass(frozen=True)
class Sentence:
    """One sentence of an announcement and the voice that speaks it."""

    text: str
    voice: str
    lang: str = "zh"


def _split_code(code: str) -> tuple[str, str]:
    """Split a ticket code into its letter prefix and its digits; reject anything else."""
    normal = code.strip().upper()
    match = _CODE_RE.match(normal)
    if not normal or match is None:
        raise CallTextError(
            f"ticket code {code!r} cannot be spoken: expected letters then digits, "
            "such as A012, AB001, A1000 or VIP"
        )
    return match.group(1), match.group(2)


def counter_zh(number: int) -> str:
    """A counter number read as a Chinese number: 3 -> 三, 12 -> 十二, 101 -> 一百零一."""
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= MAX_COUNTER:
        raise CallTextError(f"counter number {number!r} must be an integer from 0 to {MAX_COUNTER}")
    if number == 0:
        return _DIGITS_ZH[0]
    if 10 <= number < 20:
        # 十二, not 一十二: the tens digit 1 is silent when it leads.
        return "十" + (_DIGITS_ZH[number - 10] if number > 10 else "")
    parts: list[str] = []
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = (number // value) % 10
        if digit == 0:
            pending_zero = bool(parts)  # a gap inside the number is read as one 零
            continue
        if pending_zero:
            parts.append(_DIGITS_ZH[0])
            pending_zero = False
        parts.append(_DIGITS_ZH[digit] + unit)
    return "".join(parts)


def code_zh(code: str, *, one_as_yao: bool = False) -> str:
    """A ticket code for the Mandarin voice: letters spelled apart, digits one by one."""
    letters, digits = _split_code(code)
    # Separate letters with spaces: espeak-ng reads a run like "VIP" or "AB" as an
    # English word, but a lone letter by its Chinese-style letter name (A -> ei, B -> bi).
    spelled = " ".join(letters)
    numbers = "".join(_DIGITS_ZH[int(d)] for d in digits)
    if one_as_yao:
        numbers = numbers.replace("一", "幺")
    return spelled + numbers


def code_en(code: str) -> str:
    """A ticket code for an English voice: A012 -> "A- zero one two", VIP -> "V-I-P-"."""
    letters, digits = _split_code(code)
    # The trailing hyphen makes espeak-ng say the letter's name: a bare "A" before a
    # word is read as the article ("uh"), and a run of letters as a word.
    spelled = "-".join(letters) + "-" if letters else ""
    words = " ".join(_DIGITS_EN[int(d)] for d in digits)
    return " ".join(part for part in (spelled, words) if part)


def spoken_text(
    code: str,
    counter: int,
    template: str = TEMPLATE_ZH,
    *,
    lang: str = "zh",
    one_as_yao: bool = False,
) -> str:
    """The call sentence for one ticket and counter, ready for the voice engine.

    With lang="en" and the (Chinese) default template, the English default is used.
    1 is read as 幺 only in the code's digits; a counter number keeps 一 (十一号窗口).
    """
    if lang == "zh":
        code_text, counter_text = code_zh(code, one_as_yao=one_as_yao), counter_zh(counter)
    elif lang == "en":
        if template == TEMPLATE_ZH:
            template = TEMPLATE_EN
        counter_zh(counter)  # the same range check for both languages
        code_text, counter_text = code_en(code), str(counter)
    else:
        raise CallTextError(f"announce language {lang!r} is not one of {', '.join(LANGUAGES)}")
    try:
        return template.format(code=code_text, counter=counter_text)
    except (KeyError, IndexError, ValueError) as error:
        raise CallTextError(
            f"announce template {template!r} is not usable ({error!r}): "
            "it may use only {code} and {counter}"
        ) from error


def announcement_sentences(
    spec: AnnounceSpec,
    code: str,
    counter: int,
    *,
    english_voice: str = ENGLISH_VOICE,
    recall: bool = False,
    repeat_round: bool = False,
) -> list[Sentence]:
    """The sentences of one announcement, in the hall's languages, each with its voice.

    A recall starts with 重复呼叫 / "Repeat call"; a repeat round drops English when the
    hall says it once and uses the shorter Chinese template where the hall has one.
    """
    if not spec.languages:
        raise CallTextError("announce languages is empty: list at least one of zh, en")
    sentences = []
    for lang in spec.languages:
        if lang == "zh":
            template = (
                (spec.template_zh_repeat or spec.template_zh) if repeat_round else spec.template_zh
            )
            text = spoken_text(code, counter, template, lang="zh", one_as_yao=spec.read_one_as_yao)
            if recall:
                text = RECALL_ZH + text
            sentences.append(Sentence(text, spec.voice, "zh"))
        elif lang == "en":
            if repeat_round and spec.english_once:
                continue
            text = spoken_text(code, counter, spec.template_en, lang="en")
            if recall:
                text = RECALL_EN + text
            sentences.append(Sentence(text, english_voice, "en"))
        else:
            raise CallTextError(f"announce language {lang!r} is not one of {', '.join(LANGUAGES)}")
    return sentences


def call_script(
    spec: AnnounceSpec,
    code: str,
    counter: int,
    *,
    recall: bool = False,
    once: bool = False,
    english_voice: str = ENGLISH_VOICE,
) -> list[Sentence]:
    """Everything one announcement says, in order: `repeat` rounds, or one when `once`."""
    script = announcement_sentences(spec, code, counter, english_voice=english_voice, recall=recall)
    for _ in range(0 if once else spec.repeat - 1):
        script += announcement_sentences(
            spec, code, counter, english_voice=english_voice, repeat_round=True
        )
    return script
