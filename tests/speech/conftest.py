"""Fixtures for the speech tests: the espeak-ng requirement and the committed chime."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def espeak() -> str:
    """The espeak-ng program; skip without it, except on CI where it must be there."""
    program = shutil.which("espeak-ng")
    if program is None:
        reason = "espeak-ng is not installed (Debian package espeak-ng): speech cannot be rendered"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — required when CI=true")
        pytest.skip(reason)
    return program


@pytest.fixture
def chime() -> Path:
    """The committed chime WAV."""
    return REPO / "assets" / "sounds" / "chime.wav"
