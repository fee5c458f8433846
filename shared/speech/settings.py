"""The hall's [announce] section as stored (JSON, times as "HH:MM") back to an AnnounceSpec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shared.config.settings import StoredSettingsError, decode
from shared.config.spec import AnnounceSpec

from .errors import CallTextError

# The chime shipped with hallq (made by `python -m shared.speech.chime`).
CHIME_PATH = Path(__file__).resolve().parents[2] / "assets" / "sounds" / "chime.wav"


def announce_from_settings(data: dict[str, Any]) -> AnnounceSpec:
    """The hall's stored [announce] section as an AnnounceSpec; missing keys take the defaults."""
    try:
        return decode(AnnounceSpec, data, "announce")
    except StoredSettingsError as error:
        raise CallTextError(
            f"the hall's [announce] settings in the store cannot be read at '{error.where}' "
            f"({error.problem}); apply the hall file again with `hallq config apply`"
        ) from error
