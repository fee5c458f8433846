"""Child process for the pyttsx3 engine: render the sentences of one call, or list the voices.

Run as a script (not as part of the package, to start fast); reads one JSON job on stdin:
{"voices": true} or {"items": [{"text", "voice", "rate", "volume", "path"}, ...]}, and
prints one JSON line starting with RESULT on stdout (pyttsx3's own prints may come before).
"""

from __future__ import annotations

import json
import sys
from typing import Any


def _voices(engine: Any) -> list[dict[str, Any]]:
    return [
        {"id": str(v.id), "name": str(v.name or ""),
         "languages": [str(x) for x in (v.languages or [])]}
        for v in engine.getProperty("voices")
    ]


def _render(item: dict[str, Any]) -> None:
    import pyttsx3

    # A fresh engine per sentence: a later save on the same engine overwrote an earlier WAV.
    engine = pyttsx3.init()
    try:
        if item.get("voice"):
            engine.setProperty("voice", item["voice"])
        engine.setProperty("rate", int(item["rate"]))
        engine.setProperty("volume", float(item["volume"]))
        engine.save_to_file(item["text"], item["path"])
        engine.runAndWait()
    finally:
        del engine


def main() -> int:
    """Do the job on stdin; exit 0 with a RESULT line, or 3 when pyttsx3 cannot start."""
    job = json.loads(sys.stdin.read())
    try:
        import pyttsx3
    except ImportError as error:
        print("RESULT " + json.dumps({"error": f"pyttsx3 is not installed: {error}"}))
        return 3
    result: dict[str, Any] = {"errors": {}}
    try:
        if job.get("voices"):
            result["voices"] = _voices(pyttsx3.init())
        for index, item in enumerate(job.get("items", ())):
            try:
                _render(item)
            except Exception as error:  # one sentence failing must not lose the others
                result["errors"][str(index)] = repr(error)
    except Exception as error:
        print("RESULT " + json.dumps({"error": repr(error)}))
        return 3
    print("RESULT " + json.dumps(result))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
