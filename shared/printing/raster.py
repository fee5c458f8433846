"""Lines with rare characters drawn as 1-bit images, with fonts found through fontconfig."""

from __future__ import annotations

import shutil
import subprocess

from PIL import Image, ImageDraw, ImageFont

from .errors import FontMissing

_FC_TIMEOUT_S = 5.0
_PREFERRED = "sans:lang=zh-cn"


class CjkFonts:
    """Finds, per character, an installed font that has it; caches what it learned."""

    def __init__(self) -> None:
        self._default: str | None = None
        self._by_char: dict[str, str] = {}
        self._loaded: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}

    def _fc(self, *args: str) -> list[str]:
        exe = shutil.which(args[0])
        if exe is None:
            raise FontMissing(args[0], "fontconfig is not installed (Debian: fontconfig)")
        done = subprocess.run(
            [exe, *args[1:]], capture_output=True, text=True, timeout=_FC_TIMEOUT_S, check=False
        )
        return [line.strip() for line in done.stdout.splitlines() if line.strip()]

    def default(self) -> str:
        """The font fontconfig prefers for simplified Chinese."""
        if self._default is None:
            found = self._fc("fc-match", "--format=%{file}", _PREFERRED)
            self._default = found[0] if found else ""
        return self._default

    def path_for(self, ch: str) -> str:
        """A font file that has a glyph for `ch`; the Chinese default when it does."""
        if ch.isspace():
            return self.default() or self.path_for("中")
        if ch not in self._by_char:
            files = sorted(set(self._fc("fc-list", "--format=%{file}\n", f":charset={ord(ch):x}")))
            if not files:
                raise FontMissing(
                    f"U+{ord(ch):04X} {ch}",
                    "no installed font has this character; install fonts-hanazono",
                )
            default = self.default()
            self._by_char[ch] = default if default in files else files[0]
        return self._by_char[ch]

    def font(self, path: str, size: int) -> ImageFont.FreeTypeFont:
        """The loaded font at a pixel size."""
        key = (path, size)
        if key not in self._loaded:
            self._loaded[key] = ImageFont.truetype(path, size)
        return self._loaded[key]


def render_line(
    text: str, fonts: CjkFonts, *, width_dots: int, char_dots: int, center: bool
) -> Image.Image:
    """Draw one line of text, each run in a font that has it, as a 1-bit image."""
    runs: list[tuple[str, ImageFont.FreeTypeFont]] = []
    for ch in text:
        font = fonts.font(fonts.path_for(ch), char_dots)
        if runs and runs[-1][1] is font:
            runs[-1] = (runs[-1][0] + ch, font)
        else:
            runs.append((ch, font))
    total = sum(font.getlength(run) for run, font in runs)
    height = char_dots + char_dots // 4  # room for descenders and line spacing
    image = Image.new("1", (width_dots, height), 1)
    draw = ImageDraw.Draw(image)
    x = max(0.0, (width_dots - total) / 2) if center else 0.0
    for run, font in runs:
        draw.text((x, 0), run, font=font, fill=0)
        x += font.getlength(run)
    return image
