"""The hall's [announce] section as stored (JSON, times as "HH:MM") back to an AnnounceSpec."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

from shared.config.spec import AnnounceSpec

from .errors import CallTextError

# The chime shipped with hallq (made by `python -m shared.speech.chime`).
CHIME_PATH = Path(__file__).resolve().parents[2] / "assets" / "sounds" / "chime.wav"


def _time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def announce_from_settings(data: dict[str, Any]) -> AnnounceSpec:
    """Hall.settings["announce"] as an AnnounceSpec; missing keys take the defaults."""
    default = AnnounceSpec()
    try:
        quiet = tuple((_time(a), _time(b)) for a, b in data.get("quiet_hours", ()))
        return AnnounceSpec(
            template_zh=str(data.get("template_zh", default.template_zh)),
            template_en=str(data.get("template_en", default.template_en)),
            languages=tuple(data.get("languages", default.languages)),
            repeat=int(data.get("repeat", default.repeat)),
            volume=float(data.get("volume", default.volume)),
            rate=int(data.get("rate", default.rate)),
            voice=str(data.get("voice", default.voice)),
            read_one_as_yao=bool(data.get("read_one_as_yao", default.read_one_as_yao)),
            quiet_hours=quiet,
            engines=tuple(str(e) for e in data.get("engines", default.engines)),
            voice_pack=str(data.get("voice_pack", default.voice_pack)),
            english_once=bool(data.get("english_once", default.english_once)),
            template_zh_repeat=str(data.get("template_zh_repeat", default.template_zh_repeat)),
            shorten_when_waiting=bool(
                data.get("shorten_when_waiting", default.shorten_when_waiting)
            ),
            shorten_after_s=int(data.get("shorten_after_s", default.shorten_after_s)),
            skip_after_s=int(data.get("skip_after_s", default.skip_after_s)),
        )
    except (TypeError, ValueError) as error:
        raise CallTextError(
            f"the hall's [announce] settings in the store cannot be read ({error}); "
            "apply the hall file again with `hallq config apply`"
        ) from error
