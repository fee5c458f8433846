"""The call sentence as handed to the voice engine."""

from __future__ import annotations

import subprocess

import pytest

from shared.config.spec import AnnounceSpec
from shared.speech import (
    TEMPLATE_EN,
    TEMPLATE_ZH,
    CallTextError,
    announcement_sentences,
    code_en,
    counter_zh,
    spoken_text,
)

_VALUES = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_chinese_number(text: str) -> int:
    """An independent reader of Chinese numerals (the inverse of what is spoken)."""
    total, digit = 0, None
    for char in text:
        if char in _VALUES:
            digit = _VALUES[char]
        else:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
    return total + (digit or 0)


@pytest.mark.parametrize(
    ("code", "counter", "expected"),
    [
        ("A012", 3, "请A零一二号到三号窗口办理"),
        ("A001", 1, "请A零零一号到一号窗口办理"),
        ("B120", 12, "请B一二零号到十二号窗口办理"),
        ("A1000", 10, "请A一零零零号到十号窗口办理"),
        ("C099", 20, "请C零九九号到二十号窗口办理"),
        ("D500", 99, "请D五零零号到九十九号窗口办理"),
        ("E007", 100, "请E零零七号到一百号窗口办理"),
        ("F010", 101, "请F零一零号到一百零一号窗口办理"),
        ("VIP", 3, "请V I P号到三号窗口办理"),
        ("AB001", 2, "请A B零零一号到二号窗口办理"),
        ("a012", 3, "请A零一二号到三号窗口办理"),
        ("012", 3, "请零一二号到三号窗口办理"),
    ],
)
def test_chinese_call_text(code: str, counter: int, expected: str) -> None:
    assert spoken_text(code, counter) == expected


def test_one_as_yao_only_in_the_code() -> None:
    assert spoken_text("A011", 11, one_as_yao=True) == "请A零幺幺号到十一号窗口办理"
    assert spoken_text("B101", 1, one_as_yao=True) == "请B幺零幺号到一号窗口办理"


def test_counter_numbers_1_to_99_read_as_numbers() -> None:
    literal = {
        1: "一",
        9: "九",
        10: "十",
        11: "十一",
        19: "十九",
        20: "二十",
        21: "二十一",
        30: "三十",
        45: "四十五",
        90: "九十",
        99: "九十九",
    }
    for number in range(1, 100):
        text = counter_zh(number)
        assert parse_chinese_number(text) == number, text
        assert not text.startswith("一十"), text  # 十二, never 一十二
        assert "零" not in text, text  # below 100 no gap is ever read
        if number in literal:
            assert text == literal[number]


def test_counter_numbers_above_99() -> None:
    expected = {
        100: "一百",
        101: "一百零一",
        110: "一百一十",
        111: "一百一十一",
        200: "二百",
        1000: "一千",
        1001: "一千零一",
        1010: "一千零一十",
        9999: "九千九百九十九",
    }
    for number, text in expected.items():
        assert counter_zh(number) == text
    for number in range(100, 10000, 7):
        assert parse_chinese_number(counter_zh(number).replace("零", "")) == number


def test_english_call_text() -> None:
    assert spoken_text("A012", 3, lang="en") == "Number A- zero one two, please go to counter 3"
    assert spoken_text("A012", 3, TEMPLATE_EN, lang="en") == spoken_text("A012", 3, lang="en")
    assert code_en("VIP") == "V-I-P-"
    assert code_en("AB1000") == "A-B- one zero zero zero"
    assert code_en("007") == "zero zero seven"


def test_templates_match_the_hall_file_defaults() -> None:
    assert AnnounceSpec().template_zh == TEMPLATE_ZH
    assert AnnounceSpec().template_en == TEMPLATE_EN
    assert spoken_text("A012", 12, "请{code}到{counter}号窗口") == "请A零一二到十二号窗口"


@pytest.mark.parametrize(
    ("code", "counter", "template", "lang", "words"),
    [
        ("A-12", 3, TEMPLATE_ZH, "zh", "ticket code 'A-12'"),
        ("", 3, TEMPLATE_ZH, "zh", "ticket code ''"),
        ("12A", 3, TEMPLATE_ZH, "zh", "ticket code '12A'"),
        ("A012", -1, TEMPLATE_ZH, "zh", "counter number -1"),
        ("A012", 10000, TEMPLATE_ZH, "en", "counter number 10000"),
        ("A012", 3, "请{ticket}号", "zh", "announce template"),
        ("A012", 3, TEMPLATE_ZH, "fr", "announce language 'fr'"),
    ],
)
def test_bad_input_is_named(code: str, counter: int, template: str, lang: str, words: str) -> None:
    with pytest.raises(CallTextError, match=words):
        spoken_text(code, counter, template, lang=lang)


def test_sentences_follow_the_spec() -> None:
    spec = AnnounceSpec(languages=("zh", "en"), read_one_as_yao=True)
    zh, en = announcement_sentences(spec, "A101", 3)
    assert (zh.text, zh.voice) == ("请A幺零幺号到三号窗口办理", "sit/cmn-latn-pinyin")
    assert (en.text, en.voice) == ("Number A- one zero one, please go to counter 3", "gmw/en")
    with pytest.raises(CallTextError, match="languages"):
        announcement_sentences(AnnounceSpec(languages=()), "A1", 1)


def _phonemes(espeak: str, voice: str, text: str) -> str:
    done = subprocess.run([espeak, "-v", voice, "-q", "-x", text], capture_output=True, check=True)
    return done.stdout.decode()


def test_mandarin_voice_spells_letters(espeak: str) -> None:
    # A run of letters is read as an English word; spaced letters by their names.
    assert "(en)" in _phonemes(espeak, "sit/cmn-latn-pinyin", "请VIP号")
    spoken = _phonemes(espeak, "sit/cmn-latn-pinyin", spoken_text("VIP", 3))
    assert "(en)" not in spoken
    assert spoken.split("_|")[1:4] == [" v'ei55", " 'ai51", " ph'i51"]


def test_english_voice_says_letter_names(espeak: str) -> None:
    # Unmarked, "A" is the article (a#); with the hyphen, the letter's name ('eI).
    assert "a#" in _phonemes(espeak, "gmw/en", "Number A zero one two")
    assert "'eI" in _phonemes(espeak, "gmw/en", spoken_text("A012", 3, lang="en"))
