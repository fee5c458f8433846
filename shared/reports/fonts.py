"""Find a CJK TrueType font for the PDF, so Chinese headings render and embed anywhere."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from shared.reports.errors import ReportError

# Tried in order when fontconfig is missing or points elsewhere.
KNOWN = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
SUFFIXES = (".ttf", ".ttc", ".otf")


def find_cjk_font(explicit: str | None = None) -> Path:
    """The CJK font file: `explicit`, else fontconfig's pick for zh-cn, else a known path."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ReportError(f"font file not found: {explicit}")
        return path
    if shutil.which("fc-match"):
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{file}", ":lang=zh-cn"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            found = ""
        if found and Path(found).suffix.lower() in SUFFIXES and _has_cjk(Path(found)):
            return Path(found)
    for known in KNOWN:
        if Path(known).is_file():
            return Path(known)
    raise ReportError(
        "no Chinese font found for the PDF: install fonts-wqy-microhei (Debian/Ubuntu) "
        "or pass a .ttf/.ttc file with --font"
    )


def _has_cjk(path: Path) -> bool:
    """Whether the font maps 办 (fontconfig falls back to DejaVu when nothing fits)."""
    from matplotlib.ft2font import FT2Font

    try:
        return FT2Font(str(path)).get_char_index(ord("办")) != 0
    except (OSError, RuntimeError):
        return False
