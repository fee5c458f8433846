"""Drawing helpers for the board: fonts, colours and text fitted to a box, scaled by one unit."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

FAMILIES = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "sans-serif"]


@dataclass(frozen=True)
class Palette:
    """High-contrast colours for a board read from 10 m (every text pair above 7:1)."""

    background: QColor
    panel: QColor
    line: QColor
    text: QColor
    muted: QColor
    code: QColor
    highlight: QColor  # the flash: dark text on this
    on_highlight: QColor
    warning: QColor


def default_palette() -> Palette:
    """Dark navy background, white text, amber codes."""
    return Palette(
        background=QColor("#06162e"),
        panel=QColor("#0d2647"),
        line=QColor("#2c4f80"),
        text=QColor("#ffffff"),
        muted=QColor("#b9c9e0"),
        code=QColor("#ffd23f"),
        highlight=QColor("#ffd23f"),
        on_highlight=QColor("#06162e"),
        warning=QColor("#e0262b"),
    )


def font(px: float, *, bold: bool = False) -> QFont:
    """The board's font at a pixel size."""
    result = QFont()
    result.setFamilies(FAMILIES)
    result.setPixelSize(max(1, round(px)))
    result.setBold(bold)
    return result


def fitted(text: str, px: float, width: float, *, bold: bool = False) -> QFont:
    """The font at `px`, or smaller (to a third) so that `text` fits in `width`."""
    chosen = font(px, bold=bold)
    measured = QFontMetricsF(chosen).horizontalAdvance(text)
    if measured > width > 0:
        chosen = font(max(px / 3, px * width / measured * 0.98), bold=bold)
    return chosen


def draw_text(
    painter: QPainter,
    rect: QRectF,
    text: str,
    px: float,
    color: QColor,
    *,
    bold: bool = False,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
) -> None:
    """Draw one line in `rect`, shrunk to fit its width; nothing if the text is empty."""
    if not text:
        return
    painter.setFont(fitted(text, px, rect.width(), bold=bold))
    painter.setPen(color)
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), text)


def text_width(text: str, px: float, *, bold: bool = False) -> float:
    """How wide `text` is at `px`."""
    return QFontMetricsF(font(px, bold=bold)).horizontalAdvance(text)


def panel(
    painter: QPainter,
    rect: QRectF,
    fill: QColor,
    radius: float,
    border: QColor | None = None,
    border_px: float = 0,
) -> None:
    """A rounded panel, optionally outlined."""
    if border is None:
        painter.setPen(Qt.PenStyle.NoPen)
    else:
        painter.setPen(QPen(border, border_px))
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, radius, radius)


LEFT = Qt.AlignmentFlag.AlignLeft
RIGHT = Qt.AlignmentFlag.AlignRight
CENTER = Qt.AlignmentFlag.AlignCenter


def draw_block(
    painter: QPainter,
    rect: QRectF,
    text: str,
    px: float,
    color: QColor,
    *,
    bold: bool = False,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> None:
    """Draw text wrapped over as many lines as fit, shrinking (to half) until it fits `rect`."""
    if not text:
        return
    flags = int(align | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)
    size = px
    while True:
        chosen = font(size, bold=bold)
        needed = QFontMetricsF(chosen).boundingRect(rect, flags, text)
        if (needed.height() <= rect.height() and needed.width() <= rect.width()) or size <= px / 2:
            break
        size *= 0.92
    painter.setFont(chosen)
    painter.setPen(color)
    painter.drawText(rect, flags, text)
