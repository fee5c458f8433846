"""Child process for the pyttsx3 engine: render the sentences of one call, or list the voices.

Run as a script (not as part of the package, to start fast); its argument is one JSON job:
{"result": PATH, "voices": true} or {"result": PATH, "items": [{"text", "voice", "rate",
"volume", "path"}, ...]}, and writes the result as JSON to PATH (stdout is pyttsx3's own).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def _voices(engine: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": str(v.id),
            "name": str(v.name or ""),
            "languages": [str(x) for x in (v.languages or [])],
        }
        for v in engine.getProperty("voices")
    ]


def _render(engine: Any, item: dict[str, Any]) -> None:
    # One engine per process (a second one in the same process crashed the espeak driver),
    # a file of its own per sentence (a later save overwrote an earlier file's WAV).
    if item.get("voice"):
        engine.setProperty("voice", item["voice"])
    engine.setProperty("rate", int(item["rate"]))
    engine.setProperty("volume", float(item["volume"]))
    engine.save_to_file(item["text"], item["path"])
    engine.runAndWait()
    if not os.path.exists(item["path"]):
        raise RuntimeError("runAndWait() returned without writing the WAV")


def _write(path: str, result: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        json.dump(result, out)


def main() -> int:
    """Do the job; exit 0 with the result written, or 3 when pyttsx3 cannot start."""
    job = json.loads(sys.argv[1])
    try:
        import pyttsx3
    except ImportError as error:
        _write(job["result"], {"error": f"pyttsx3 is not installed: {error}"})
        return 3
    result: dict[str, Any] = {"errors": {}}
    try:
        engine = pyttsx3.init()
        if job.get("voices"):
            result["voices"] = _voices(engine)
        for index, item in enumerate(job.get("items", ())):
            try:
                _render(engine, item)
            except Exception as error:  # one sentence failing must not lose the others
                result["errors"][str(index)] = repr(error)
    except Exception as error:
        _write(job["result"], {"error": repr(error)})
        return 3
    _write(job["result"], result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
