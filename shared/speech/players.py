"""Players: the sound device behind a small protocol, a command-line player and a WAV folder."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from .errors import AudioUnavailable

# Tried in order: ALSA's aplay, PulseAudio's paplay, sox's play.
PLAYER_COMMANDS: tuple[tuple[str, ...], ...] = (("aplay", "-q"), ("paplay",), ("play", "-q"))


class Player(Protocol):
    """Something that plays a WAV file and returns when it has finished."""

    def play(self, wav_path: Path) -> None:
        """Play the file, blocking until done; raise AudioUnavailable if nothing can be heard."""


class CommandPlayer:
    """Plays through the first player command found (aplay, paplay or sox's play)."""

    def __init__(
        self,
        command: Sequence[str] | None = None,
        *,
        which: Callable[[str], str | None] = shutil.which,
        timeout_s: float = 120.0,
    ) -> None:
        self._command = tuple(command) if command else None
        self._which = which
        self._timeout_s = timeout_s

    def _find(self) -> list[str]:
        candidates = (self._command,) if self._command else PLAYER_COMMANDS
        for candidate in candidates:
            program = self._which(candidate[0])
            if program is not None:
                return [program, *candidate[1:]]
        names = ", ".join(c[0] for c in candidates)
        raise AudioUnavailable(
            f"no audio player command found (tried {names}): install alsa-utils, "
            "pulseaudio-utils or sox"
        )

    def play(self, wav_path: Path) -> None:
        """Play the WAV; a player that fails (no sound card, no server) raises AudioUnavailable."""
        command = [*self._find(), str(wav_path)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=self._timeout_s)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise AudioUnavailable(f"{command[0]} could not play {wav_path}: {error}") from error
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = lines[-1] if lines else f"exit status {done.returncode}"
            raise AudioUnavailable(
                f"{command[0]} could not play {wav_path}: {reason} "
                "(no sound card or audio server on this machine?)"
            )


class WavFilePlayer:
    """Copies every WAV it is asked to play into a folder, numbered in playing order."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.played: list[Path] = []
        self._lock = threading.Lock()

    def play(self, wav_path: Path) -> None:
        """Copy the WAV to the folder as NNNN-<name>.wav."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            target = self.folder / f"{len(self.played) + 1:04d}-{wav_path.name}"
            shutil.copyfile(wav_path, target)
            self.played.append(target)
