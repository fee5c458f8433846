"""The command-line player and its "no audio device" path."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.speech import AudioUnavailable, CommandPlayer, WavFilePlayer


def _has_sound_card() -> bool:
    cards = Path("/proc/asound/cards")
    return cards.exists() and "no soundcards" not in cards.read_text()


def test_no_sound_card_raises_audio_unavailable(chime: Path) -> None:
    if _has_sound_card():
        pytest.skip("this machine has a sound card; the no-device path cannot be shown here")
    with pytest.raises(AudioUnavailable, match=r"could not play|no audio player"):
        CommandPlayer().play(chime)


def test_missing_player_command_is_named(chime: Path) -> None:
    with pytest.raises(AudioUnavailable, match="tried aplay, paplay, play"):
        CommandPlayer(which=lambda name: None).play(chime)


def test_player_exit_status_is_checked(chime: Path) -> None:
    CommandPlayer(["true"]).play(chime)
    with pytest.raises(AudioUnavailable, match="false could not play"):
        CommandPlayer(["false"]).play(chime)


def test_wav_folder_player_numbers_copies(tmp_path: Path, chime: Path) -> None:
    player = WavFilePlayer(tmp_path / "out")
    player.play(chime)
    player.play(chime)
    assert [p.name for p in player.played] == ["0001-chime.wav", "0002-chime.wav"]
    assert player.played[1].read_bytes() == chime.read_bytes()
