"""Chime and rendered call WAVs, read back with the wave module."""

from __future__ import annotations

import array
import math
from pathlib import Path

import pytest

from shared.speech import VoiceUnavailable, render_wav, spoken_text
from shared.speech.chime import main as chime_main
from shared.speech.wavtools import Pcm, concatenate, read_wav, resample, rms


def test_committed_chime_is_what_the_script_makes(tmp_path: Path, chime: Path) -> None:
    assert chime_main([str(tmp_path / "chime.wav")]) == 0
    assert (tmp_path / "chime.wav").read_bytes() == chime.read_bytes()


def test_chime_is_a_falling_two_tone(chime: Path) -> None:
    pcm = read_wav(chime)
    assert pcm.rate == 22050
    assert 0.75 <= pcm.seconds <= 0.85

    def strength(start_s: float, hz: float) -> float:
        window = pcm.samples[int(start_s * pcm.rate) : int((start_s + 0.1) * pcm.rate)]
        re = sum(s * math.cos(2 * math.pi * hz * i / pcm.rate) for i, s in enumerate(window))
        im = sum(s * math.sin(2 * math.pi * hz * i / pcm.rate) for i, s in enumerate(window))
        return math.hypot(re, im)

    assert strength(0.05, 659.26) > 5 * strength(0.05, 523.25)  # ding first
    assert strength(0.45, 523.25) > 2 * strength(0.45, 659.26)  # then dong
    assert pcm.samples[-1] == 0  # faded out: no click


def test_resample_keeps_pitch_and_length() -> None:
    rate = 16000
    tone = array.array(
        "h", (round(8000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(rate // 2))
    )
    out = resample(Pcm(tone, rate), 22050)
    assert out.rate == 22050 and abs(out.seconds - 0.5) < 0.001
    crossings = sum(1 for a, b in zip(out.samples[:-1], out.samples[1:], strict=True) if a < 0 <= b)
    assert abs(crossings - 220) <= 2
    assert concatenate([Pcm(tone, rate), Pcm(tone, rate)]).seconds == pytest.approx(1.0, abs=0.001)


def test_call_wav_is_chime_then_speech(tmp_path: Path, espeak: str, chime: Path) -> None:
    once = render_wav(spoken_text("A012", 3), tmp_path / "once.wav", chime=chime)
    twice = render_wav(spoken_text("A012", 3), tmp_path / "twice.wav", chime=chime, repeat=2)
    bare = render_wav(spoken_text("A012", 3), tmp_path / "bare.wav")
    chime_pcm, once_pcm, twice_pcm = read_wav(chime), read_wav(once), read_wav(twice)
    speech = read_wav(bare)
    assert once_pcm.rate == speech.rate == 22050
    # The first half second is the chime, sample for sample.
    head = int(0.5 * 22050)
    assert once_pcm.samples[:head] == chime_pcm.samples[:head]
    # Then speech, loud enough to hear, of a plausible length for 13 syllables.
    assert rms(speech.samples) > 0.05
    assert rms(once_pcm.samples[len(chime_pcm.samples) :]) > 0.05
    assert 2.0 < speech.seconds < 8.0
    assert once_pcm.seconds == pytest.approx(chime_pcm.seconds + 0.15 + speech.seconds, abs=0.01)
    assert twice_pcm.seconds == pytest.approx(once_pcm.seconds + 0.5 + speech.seconds, abs=0.01)


def test_rate_and_volume_reach_the_voice(tmp_path: Path, espeak: str) -> None:
    text = spoken_text("A012", 3)
    slow = read_wav(render_wav(text, tmp_path / "slow.wav", rate=100))
    fast = read_wav(render_wav(text, tmp_path / "fast.wav", rate=250))
    quiet = read_wav(render_wav(text, tmp_path / "quiet.wav", volume=0.3))
    loud = read_wav(render_wav(text, tmp_path / "loud.wav", volume=1.0))
    assert slow.seconds > 1.5 * fast.seconds
    assert rms(loud.samples) > 2 * rms(quiet.samples)


def test_missing_voice_or_engine_is_named(tmp_path: Path, espeak: str) -> None:
    with pytest.raises(VoiceUnavailable, match="'xx/no-such-voice'"):
        render_wav("请", tmp_path / "x.wav", voice="xx/no-such-voice")
    with pytest.raises(VoiceUnavailable, match="not installed"):
        render_wav("请", tmp_path / "x.wav", espeak="no-such-espeak-ng")
    with pytest.raises(ValueError, match="rate 20"):
        render_wav("请", tmp_path / "x.wav", rate=20)
