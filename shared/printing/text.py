"""Text for Chinese thermal printers: GB18030 bytes, column widths, wrapping, rare characters."""

from __future__ import annotations

import unicodedata

# Two-byte GB18030 codes whose Unicode mapping changed between GB18030-2000 and -2005
# (they were Private Use before, e.g. 䶮 = FE9F): printer fonts have no or another glyph.
_REMAPPED_RANGES = (
    (0xFE50, 0xFEA0),
    (0xA6D9, 0xA6DF),
    (0xA6EC, 0xA6F3),
    (0xA6F5, 0xA6F5),
    (0xA8BC, 0xA8BC),
    (0xA8BF, 0xA8BF),
    (0xA989, 0xA995),
)


def clean(text: str) -> str:
    """Replace control characters (an ESC in a hall name would be a printer command)."""
    return "".join(
        " " if unicodedata.category(ch)[0] == "C" and not _is_private(ch) else ch for ch in text
    )


def _is_private(ch: str) -> bool:
    return unicodedata.category(ch) == "Co"


def needs_raster(ch: str) -> bool:
    """Whether a printer's built-in GB font cannot be trusted with this character."""
    if _is_private(ch):
        return True
    try:
        encoded = ch.encode("gb18030")
    except UnicodeEncodeError:  # lone surrogates
        return True
    if len(encoded) == 4:
        return True
    if len(encoded) == 2:
        code = int.from_bytes(encoded, "big")
        return any(low <= code <= high for low, high in _REMAPPED_RANGES)
    return False


def has_rare(text: str) -> bool:
    """Whether any character of `text` must go as an image."""
    return any(needs_raster(ch) for ch in text)


def char_cols(ch: str) -> int:
    """Columns a character takes in the printer's font: 1 for single-byte, 2 for the rest."""
    return 1 if ord(ch) < 0x80 else 2


def text_cols(text: str) -> int:
    """Columns a string takes on paper."""
    return sum(char_cols(ch) for ch in text)


def wrap(text: str, cols: int) -> list[str]:
    """Split `text` into lines of at most `cols` columns, breaking Latin text at spaces."""
    if cols < 2:
        raise ValueError(f"cannot wrap to {cols} columns")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph.rstrip(), cols))
    return lines


def _wrap_paragraph(text: str, cols: int) -> list[str]:
    lines: list[str] = []
    line = ""
    used = 0
    for ch in text:
        width = char_cols(ch)
        if used + width > cols:
            head, tail = _split_word(line) if ch.isascii() and not ch.isspace() else (line, "")
            lines.append(head.rstrip())
            line, used = tail, text_cols(tail)
            if ch == " " and not line:
                continue  # a break swallows the space it happened at
        line += ch
        used += width
    if line or not lines:
        lines.append(line)
    return lines


def _split_word(line: str) -> tuple[str, str]:
    """Move a Latin word cut at the margin to the next line, when the line has a space."""
    cut = len(line)
    while cut > 0 and line[cut - 1].isascii() and not line[cut - 1].isspace():
        cut -= 1
    if cut == 0 or cut == len(line):
        return line, ""
    return line[:cut], line[cut:]


def to_printer_bytes(text: str) -> bytes:
    """GB18030 bytes for a line, wrapped in Chinese mode (FS & ... FS .) if it has any."""
    encoded = text.encode("gb18030")
    if text.isascii():
        return encoded
    return b"\x1c\x26" + encoded + b"\x1c\x2e"
