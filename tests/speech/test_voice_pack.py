"""Voice packs: fragment order, gaps and loudness of a joined call; make and check from the CLI."""

from __future__ import annotations

import array
import itertools
import json
import math
import shutil
from pathlib import Path

import pytest

from shared.cli.main import main as hallq
from shared.config.spec import AnnounceSpec
from shared.speech.engines import EngineChain, EspeakEngine
from shared.speech.pack import REQUIRED, PackEngine
from shared.speech.pack.audio import speech_rms, window_rms
from shared.speech.pack.manifest import english_number, write_manifest
from shared.speech.text import Sentence, announcement_sentences
from shared.speech.wavtools import Pcm, read_wav, write_wav

RATE = 22050
# Each fragment of the tone pack is a tone of its own pitch, so the joined WAV itself
# tells which fragment sits where.
PITCH = {f.text.lower(): 300.0 + 45.0 * i for i, f in enumerate(REQUIRED)}


def tone(hz: float, seconds: float, level: float, lead: float, tail: float) -> Pcm:
    """A tone with silence before and after it (as a recording has), at a level."""
    body = [
        round(level * 32767 * math.sin(2 * math.pi * hz * i / RATE))
        for i in range(round(seconds * RATE))
    ]
    return Pcm(array.array("h", [0] * round(lead * RATE) + body + [0] * round(tail * RATE)), RATE)


@pytest.fixture
def tone_pack(tmp_path: Path) -> Path:
    """Every required fragment as a tone; levels from -28 to -8 dBFS, silences 0.05-0.4 s."""
    folder = tmp_path / "tones"
    for i, fragment in enumerate(REQUIRED):
        level = 10 ** ((-28 + (i * 7) % 21) / 20) * math.sqrt(2)  # RMS of a sine is peak/√2
        pcm = tone(
            PITCH[fragment.text.lower()],
            0.12 + (i % 4) * 0.05,
            level,
            0.05 + (i % 3) * 0.15,
            0.05 + (i % 5) * 0.08,
        )
        target = folder / fragment.file
        target.parent.mkdir(parents=True, exist_ok=True)
        write_wav(target, pcm)
    write_manifest(folder, REQUIRED)
    return folder


def heard(pcm: Pcm) -> list[tuple[str, int, int]]:
    """The fragments in a joined WAV, from its sound alone: (text, start, end) of each tone."""
    levels = window_rms(pcm.samples, RATE)
    size = round(0.010 * RATE)
    runs, start = [], None
    for i, level in enumerate([*levels, 0.0]):
        if level > 0.02 and start is None:
            start = i
        elif level <= 0.02 and start is not None:
            runs.append((start * size, i * size))
            start = None
    found = []
    for begin, end in runs:
        middle = pcm.samples[begin + (end - begin) // 4 : end - (end - begin) // 4]
        crossings = sum(1 for a, b in itertools.pairwise(middle) if a < 0 <= b)
        hz = crossings * RATE / len(middle)
        text = min(PITCH, key=lambda t: abs(PITCH[t] - hz))
        assert abs(PITCH[text] - hz) < 15, f"a tone at {hz:.0f} Hz is no fragment's"
        found.append((text, begin, end))
    return found


CALLS = [  # code, counter, yao, what the Chinese sentence is made of
    ("A012", 3, False, "请 A 零 一 二 号 到 三 号 窗口 办理"),
    ("A011", 11, True, "请 A 零 幺 幺 号 到 十 一 号 窗口 办理"),
    ("B100", 10, False, "请 B 一 零 零 号 到 十 号 窗口 办理"),
    ("K090", 101, False, "请 K 零 九 零 号 到 一 百 零 一 号 窗口 办理"),
    ("AB001", 15, False, "请 A B 零 零 一 号 到 十 五 号 窗口 办理"),
    ("Z999", 40, False, "请 Z 九 九 九 号 到 四 十 号 窗口 办理"),
    ("C1000", 1000, False, "请 C 一 零 零 零 号 到 一 千 号 窗口 办理"),
]


@pytest.mark.parametrize(("code", "counter", "yao", "parts"), CALLS)
def test_joined_call_says_the_fragments_in_order_with_short_gaps(
    tone_pack: Path, code: str, counter: int, yao: bool, parts: str
) -> None:
    spec = AnnounceSpec(languages=("zh", "en"), read_one_as_yao=yao)
    zh, en = announcement_sentences(spec, code, counter)
    engine = PackEngine(tone_pack)
    joined, _ = engine.join_sentence(zh)
    found = heard(joined.pcm)
    assert [t for t, _, _ in found] == parts.lower().split()
    gaps = [(b - a_end) / RATE for (_, _, a_end), (_, b, _) in itertools.pairwise(found)]
    assert max(gaps) <= 0.150 and min(gaps) > 0.0
    english, _ = engine.join_sentence(en)
    expected_en = ["number", *code.rstrip("0123456789").lower()]
    expected_en += [english_number(int(d)) for d in code.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")]
    expected_en += ["please go to counter", *english_number(counter).split()]
    found_en = heard(english.pcm)
    assert [t for t, _, _ in found_en] == expected_en
    gaps_en = [(b - a_end) / RATE for (_, _, a_end), (_, b, _) in itertools.pairwise(found_en)]
    assert max(gaps_en) <= 0.150  # the comma's pause too


def test_loudness_is_evened_between_fragments(tone_pack: Path) -> None:
    sentence = Sentence("请A零一二号到十三号窗口办理", "", "zh")
    joined, used = PackEngine(tone_pack).join_sentence(sentence)
    levels = [speech_rms(joined.pcm.samples[a:b], RATE) for _, a, b in heard(joined.pcm)]
    sources = [speech_rms(read_wav(tone_pack / f.file).samples, RATE) for f in used]
    db = [20 * math.log10(x) for x in levels]
    assert (
        max(20 * math.log10(x) for x in sources) - min(20 * math.log10(x) for x in sources) > 12
    )  # recorded 12+ dB apart
    assert max(db) - min(db) < 1.0  # said within 1 dB of each other
    assert -19.0 < sum(db) / len(db) < -17.0  # at the -18 dBFS target


def test_a_sentence_the_pack_cannot_say_goes_to_the_next_engine(
    tone_pack: Path, tmp_path: Path, espeak: str
) -> None:
    (tone_pack / "zh" / "banli.wav").unlink()
    manifest = json.loads((tone_pack / "manifest.json").read_text())
    manifest["fragments"] = [f for f in manifest["fragments"] if f["text"] != "办理"]
    (tone_pack / "manifest.json").write_text(json.dumps(manifest))
    chain = EngineChain([PackEngine(tone_pack), EspeakEngine()])
    sentences = [
        Sentence("请A零一二号到三号窗口办理", "sit/cmn-latn-pinyin", "zh"),
        Sentence("请A零一二号到三号窗口", "sit/cmn-latn-pinyin", "zh"),
    ]
    chain.render(sentences, tmp_path / "out", rate=150, volume=1.0)
    assert [(a.engine, a.sentence, a.ok) for a in chain.last_attempts] == [
        ("pack", 0, False),
        ("pack", 1, True),
        ("espeak-ng", 0, True),
    ]


def test_make_then_check_from_the_command_line(tmp_path: Path, espeak: str, capsys) -> None:
    folder = tmp_path / "voice"
    assert hallq(["voice", "pack", "make", str(folder), "--engine", "espeak-ng"]) == 0
    assert "79 fragments written" in capsys.readouterr().out
    script = (folder / "script.txt").read_text(encoding="utf-8")
    for text in (
        "幺",
        "十",
        "百",
        "千",
        "请",
        "号",
        "到",
        "窗口",
        "办理",
        "重复呼叫",
        "letter/Q.wav",
        "please go to counter",
    ):
        assert text in script
    assert hallq(["voice", "pack", "check", str(folder)]) == 0
    assert capsys.readouterr().out.strip().endswith("ready")
    assert hallq(["voice", "pack", "make", str(folder)]) == 2  # a pack is never overwritten
    assert "already holds a voice pack" in capsys.readouterr().err
    wav = tmp_path / "call.wav"
    assert (
        hallq(
            [
                "announce",
                "--defaults",
                "--code",
                "A012",
                "--counter",
                "3",
                "--wav",
                str(wav),
                "--engines",
                "pack",
                "--voice-pack",
                str(folder),
            ]
        )
        == 0
    )
    assert "spoken by: pack" in capsys.readouterr().err
    assert read_wav(wav).seconds > 5  # chime, then the sentence twice


def test_check_reports_each_kind_of_bad_fragment(tone_pack: Path, capsys) -> None:
    def replace(text: str, pcm: Pcm) -> str:
        fragment = next(f for f in REQUIRED if f.text == text)
        write_wav(tone_pack / fragment.file, pcm)
        return fragment.file

    (tone_pack / "zh" / "qing.wav").unlink()
    silent = replace("号", Pcm(array.array("h", bytes(8000)), RATE))
    clipped = replace("到", Pcm(array.array("h", [32767, 32767, 32767, -32768] * 2000), RATE))
    wrong_rate = replace("窗口", tone(500, 0.3, 0.3, 0.1, 0.1))
    write_wav(tone_pack / wrong_rate, Pcm(read_wav(tone_pack / wrong_rate).samples, 44100))
    quiet = replace("办理", tone(500, 0.3, 0.02, 0.1, 0.1))
    manifest = json.loads((tone_pack / "manifest.json").read_text())
    manifest["fragments"] = [f for f in manifest["fragments"] if f["text"] != "千"]
    (tone_pack / "manifest.json").write_text(json.dumps(manifest))
    assert hallq(["voice", "pack", "check", str(tone_pack)]) == 2
    lines = capsys.readouterr().err.splitlines()
    expected = {
        "zh/qian.wav (千): missing: not in manifest.json",
        "zh/qing.wav (请): missing: no such file",
        f"{silent} (号): silent",
        f"{clipped} (到): clipped",
        f"{wrong_rate} (窗口): wrongly sampled: 44100 Hz",
        f"{quiet} (办理): too quiet",
    }
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, lines)
    assert lines[-1].endswith("6 problem(s)")


def test_check_without_a_manifest_says_how_to_make_one(tmp_path: Path, capsys) -> None:
    assert hallq(["voice", "pack", "check", str(tmp_path)]) == 2
    assert "hallq voice pack make" in capsys.readouterr().err


def test_real_speech_pack_joins_with_short_gaps_and_even_loudness(
    tmp_path: Path, espeak: str
) -> None:
    from shared.speech.pack.make import make_pack

    folder = tmp_path / "espeak-pack"
    make_pack(folder, EngineChain([EspeakEngine()]))
    engine = PackEngine(folder)
    joined, used = engine.join_sentence(Sentence("请B零四七号到二十六号窗口办理", "", "zh"))
    assert [f.text for f in used] == [*list("请B零四七号到二十六号"), "窗口", "办理"]
    spans = joined.spans
    gaps = [(b - a_end) / RATE for (_, a_end), (b, _) in itertools.pairwise(spans)]
    assert max(gaps) <= 0.150
    levels = [20 * math.log10(speech_rms(joined.pcm.samples[a:b], RATE)) for a, b in spans]
    assert max(levels) - min(levels) < 4.0
    shutil.rmtree(folder)
