"""The spoken call through `hallq announce`: the text for a table of codes, and real WAVs."""

from __future__ import annotations

import array
import wave
from pathlib import Path

import pytest

from shared.cli.main import main as hallq
from shared.store.db import Store

CASES = [
    ("A012", 3, "请A零一二号到三号窗口办理"),
    ("A001", 1, "请A零零一号到一号窗口办理"),
    ("B100", 10, "请B一零零号到十号窗口办理"),
    ("C007", 12, "请C零零七号到十二号窗口办理"),
    ("A1000", 20, "请A一零零零号到二十号窗口办理"),
    ("K090", 101, "请K零九零号到一百零一号窗口办理"),
    ("AB001", 15, "请A B零零一号到十五号窗口办理"),
    ("Z999", 40, "请Z九九九号到四十号窗口办理"),
]


@pytest.mark.parametrize(("code", "counter", "expected"), CASES)
def test_text_as_handed_to_the_voice(code: str, counter: int, expected: str, capsys) -> None:
    assert (
        hallq(["announce", "--defaults", "--code", code, "--counter", str(counter), "--text"]) == 0
    )
    assert capsys.readouterr().out == expected + "\n"


def test_text_follows_the_hall_settings_in_the_store(hall: Store, capsys) -> None:
    from dataclasses import replace

    from shared.config.spec import AnnounceSpec
    from shared.store.apply import apply_hall
    from tests.factories import small_hall

    spec = AnnounceSpec(
        template_zh="请{code}号到{counter}号窗口", languages=("zh", "en"), read_one_as_yao=True
    )
    apply_hall(hall, replace(small_hall(), announce=spec))
    assert hallq(["--db", hall.url, "announce", "--code", "A011", "--counter", "11", "--text"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "请A零幺幺号到十一号窗口",
        "Number A- zero one one, please go to counter 11",
    ]


def test_bad_code_is_refused_with_the_reason(capsys) -> None:
    assert hallq(["announce", "--defaults", "--code", "A 12", "--counter", "3"]) == 2
    assert "cannot be spoken" in capsys.readouterr().err


def read_samples(path: Path) -> tuple[array.array, int]:  # type: ignore[type-arg]
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        samples = array.array("h", wav.readframes(wav.getnframes()))
        return samples, wav.getframerate()


def rms(samples: array.array) -> float:  # type: ignore[type-arg]
    return (sum(s * s for s in samples) / max(1, len(samples))) ** 0.5


def test_the_call_wav_has_the_chime_then_speech(tmp_path: Path) -> None:
    out = tmp_path / "call.wav"
    assert (
        hallq(["announce", "--defaults", "--code", "A012", "--counter", "3", "--wav", str(out)])
        == 0
    )
    samples, rate = read_samples(out)
    seconds = len(samples) / rate
    assert 2.5 < seconds < 15  # chime (0.8 s) + the sentence twice (the default repeat)
    assert rms(samples[: int(0.3 * rate)]) > 1000  # the chime opens it
    speech = samples[int(1.0 * rate) :]
    assert rms(speech) > 500  # spoken words, not silence
    # Speech has pauses: some 50 ms windows are far quieter than the loudest.
    window = rate // 20
    levels = [rms(speech[i : i + window]) for i in range(0, len(speech) - window, window)]
    assert min(levels) < max(levels) / 10
