"""The board's regions, each drawn into its rectangle: header, newest call, lists, cells, ticker."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QDate, QLocale, QRectF, QTime
from PySide6.QtGui import QPainter

from display import texts as t
from display.model import CounterCell, ShownCall
from display.paint import CENTER, LEFT, RIGHT, Palette, draw_block, draw_text, panel, text_width
from display.texts import BoardTexts
from shared.services.results import ServiceStatus


@dataclass
class Scene:
    """What every region needs: the painter, colours, words and the size unit (1 = 1080p)."""

    painter: QPainter
    palette: Palette
    texts: BoardTexts
    unit: float


def header(s: Scene, rect: QRectF, hall: str, hall_en: str, now: datetime, online: bool) -> None:
    """Hall name (English below it), date and time at the right, the connection-lost mark."""
    u, p = s.unit, s.palette
    s.painter.fillRect(rect, p.panel)
    pad = 32 * u
    name_w = rect.width() * 0.55
    second = hall_en if s.texts.lang == "zh" else ""
    if s.texts.lang == "en" and hall_en:
        hall = hall_en
    main_h = rect.height() * (0.62 if second else 1.0)
    draw_text(
        s.painter,
        QRectF(rect.x() + pad, rect.y(), name_w, main_h),
        hall,
        56 * u,
        p.text,
        bold=True,
        align=LEFT,
    )
    if second:
        draw_text(
            s.painter,
            QRectF(rect.x() + pad, rect.y() + main_h * 0.95, name_w, rect.height() - main_h),
            second,
            26 * u,
            p.muted,
            align=LEFT,
        )
    locale = QLocale()
    day = QDate(now.year, now.month, now.day)
    clock = QTime(now.hour, now.minute, now.second).toString("HH:mm:ss")
    date_text = locale.toString(day, s.texts(t.DATE_FORMAT))
    right = QRectF(
        rect.right() - pad - rect.width() * 0.3, rect.y(), rect.width() * 0.3, rect.height()
    )
    draw_text(
        s.painter,
        QRectF(right.x(), right.y(), right.width(), right.height() * 0.6),
        clock,
        58 * u,
        p.text,
        bold=True,
        align=RIGHT,
    )
    draw_text(
        s.painter,
        QRectF(right.x(), right.y() + right.height() * 0.55, right.width(), right.height() * 0.4),
        date_text,
        28 * u,
        p.muted,
        align=RIGHT,
    )
    if not online:
        label = " ".join(x for x in (s.texts(t.OFFLINE), s.texts.english(t.OFFLINE)) if x)
        width = text_width(label, 26 * u, bold=True) + 40 * u
        badge = QRectF(right.x() - width - 24 * u, rect.center().y() - 26 * u, width, 52 * u)
        panel(s.painter, badge, p.warning, 10 * u)
        draw_text(s.painter, badge, label, 26 * u, p.text, bold=True)


def newest(
    s: Scene, rect: QRectF, call: ShownCall | None, flash_on: bool, highlighted: bool
) -> None:
    """The newest call, large: code, then the counter; inverted while it flashes."""
    u, p = s.unit, s.palette
    fill, ink, code_ink = (
        (p.highlight, p.on_highlight, p.on_highlight) if flash_on else (p.panel, p.text, p.code)
    )
    panel(
        s.painter,
        rect,
        fill,
        18 * u,
        p.highlight if highlighted else p.line,
        (8 if highlighted else 2) * u,
    )
    inner = rect.adjusted(30 * u, 20 * u, -30 * u, -20 * u)
    kind = t.RECALL if call is not None and call.is_recall else t.NOW_CALLING
    title = " ".join(x for x in (s.texts(kind), s.texts.english(kind)) if x)
    draw_text(
        s.painter,
        QRectF(inner.x(), inner.y(), inner.width(), inner.height() * 0.16),
        title,
        44 * u,
        ink,
        bold=True,
        align=LEFT,
    )
    if call is None:
        draw_text(
            s.painter,
            inner.adjusted(0, inner.height() * 0.2, 0, 0),
            s.texts(t.NO_CALLS),
            90 * u,
            p.muted,
        )
        return
    code_box = QRectF(
        inner.x(), inner.y() + inner.height() * 0.16, inner.width(), inner.height() * 0.5
    )
    draw_text(
        s.painter, code_box, call.code, min(code_box.height() * 0.95, 300 * u), code_ink, bold=True
    )
    go = QRectF(inner.x(), code_box.bottom(), inner.width(), inner.height() * 0.22)
    draw_text(s.painter, go, s.texts(t.GO_TO, counter=call.counter), 110 * u, ink, bold=True)
    english = s.texts.english(t.GO_TO, counter=call.counter)
    rest = QRectF(inner.x(), go.bottom(), inner.width(), inner.bottom() - go.bottom())
    draw_text(s.painter, rest, english, 40 * u, ink if flash_on else p.muted)


def recent(s: Scene, rect: QRectF, calls: Sequence[ShownCall]) -> None:
    """The earlier calls as a two-column list: ticket code, counter."""
    u, p = s.unit, s.palette
    panel(s.painter, rect, p.panel, 18 * u, p.line, 2 * u)
    inner = rect.adjusted(24 * u, 12 * u, -24 * u, -12 * u)
    row_h = 96 * u
    title_h = 70 * u
    title = " ".join(x for x in (s.texts(t.RECENT), s.texts.english(t.RECENT)) if x)
    draw_text(
        s.painter,
        QRectF(inner.x(), inner.y(), inner.width(), title_h),
        title,
        40 * u,
        p.text,
        bold=True,
        align=LEFT,
    )
    rows = max(0, math.floor((inner.height() - title_h) / row_h))
    half = inner.width() / 2
    for index, call in enumerate(calls[:rows]):
        y = inner.y() + title_h + index * row_h
        if index:
            s.painter.fillRect(QRectF(inner.x(), y, inner.width(), 2 * u), p.line)
        draw_text(
            s.painter,
            QRectF(inner.x(), y, half, row_h),
            call.code,
            72 * u,
            p.code,
            bold=True,
            align=LEFT,
        )
        draw_text(
            s.painter,
            QRectF(inner.x() + half, y, half, row_h),
            s.texts(t.COUNTER_N, counter=call.counter),
            64 * u,
            p.text,
            bold=True,
            align=RIGHT,
        )


def waiting(
    s: Scene, rect: QRectF, services: Sequence[ServiceStatus], page: int, columns: int, rows: int
) -> None:
    """Waiting people per service as tiles, one page at a time (the board turns pages)."""
    u, p = s.unit, s.palette
    label = " ".join(x for x in (s.texts(t.WAITING), s.texts.english(t.WAITING)) if x)
    per_page = columns * rows
    pages = max(1, math.ceil(len(services) / per_page))
    title_h = 50 * u
    if pages > 1:
        label += f"  {page % pages + 1}/{pages}"
    draw_text(
        s.painter,
        QRectF(rect.x(), rect.y(), rect.width(), title_h),
        label,
        34 * u,
        p.muted,
        bold=True,
        align=LEFT,
    )
    shown = services[(page % pages) * per_page :][:per_page]
    gap = 14 * u
    tile_w = (rect.width() - gap * (columns - 1)) / columns
    tile_h = (rect.height() - title_h - gap * (rows - 1)) / rows
    for index, service in enumerate(shown):
        col, row = index % columns, index // columns
        tile = QRectF(
            rect.x() + col * (tile_w + gap),
            rect.y() + title_h + row * (tile_h + gap),
            tile_w,
            tile_h,
        )
        panel(s.painter, tile, p.panel, 12 * u, p.line, 2 * u)
        body = tile.adjusted(18 * u, 6 * u, -18 * u, -6 * u)
        wait = wait_text(s.texts, service)
        count_w = body.width() * (0.44 if wait else 0.36)  # the wait's words need the room
        name_w = body.width() - count_w
        name = service.name if s.texts.lang == "zh" else (service.name_en or service.name)
        second = service.name_en if s.texts.lang == "zh" and body.height() > 80 * u else ""
        name_h = body.height() * (0.62 if second else 1.0)
        draw_block(
            s.painter,
            QRectF(body.x(), body.y(), name_w - 8 * u, name_h),
            name,
            38 * u,
            p.text,
            bold=True,
            align=LEFT,
        )
        draw_text(
            s.painter,
            QRectF(body.x(), body.y() + name_h, name_w, body.height() - name_h),
            second,
            22 * u,
            p.muted,
            align=LEFT,
        )
        count_box = QRectF(body.right() - count_w, body.y(), count_w, body.height())
        if not service.available and not service.waiting:
            draw_text(s.painter, count_box, s.texts(t.NOT_TAKING), 30 * u, p.muted, align=RIGHT)
            continue
        if wait:
            # The count above, a new ticket's wait below it (its range, or closing first).
            count_box.setHeight(body.height() * 0.62)
            below = QRectF(
                count_box.x(), count_box.bottom(), count_w, body.height() - count_box.height()
            )
            draw_text(s.painter, below, wait, 24 * u, p.muted, align=RIGHT)
        draw_text(
            s.painter,
            count_box,
            s.texts(t.PEOPLE, n=service.waiting),
            (46 if wait else 56) * u,
            p.code,
            bold=True,
            align=RIGHT,
        )


def wait_text(texts: BoardTexts, service: ServiceStatus) -> str:
    """A new ticket's wait as the board words it: 约12分钟, 约10–15分钟, or "" (no one waits)."""
    if not service.waiting or service.est_wait_min is None:
        return ""
    low, high = service.est_wait_low_min, service.est_wait_high_min
    if low is not None and high is not None and high > low:
        text = texts(t.EST_RANGE, low=low, high=high)
    else:
        text = texts(t.EST, n=service.est_wait_min)
    return texts(t.CLOSES_FIRST) if service.closes_first else text


def counter_cells(
    s: Scene, rect: QRectF, cells: Sequence[CounterCell], flashing: set[int], flash_on: bool
) -> None:
    """One fixed cell per counter: its number and the code it serves (or 暂停服务)."""
    u, p = s.unit, s.palette
    if not cells:
        return
    columns, rows = grid_shape(len(cells), rect.width(), rect.height())
    gap = 16 * u
    cell_w = (rect.width() - gap * (columns - 1)) / columns
    cell_h = (rect.height() - gap * (rows - 1)) / rows
    for index, cell in enumerate(cells):
        col, row = index % columns, index // columns
        box = QRectF(
            rect.x() + col * (cell_w + gap), rect.y() + row * (cell_h + gap), cell_w, cell_h
        )
        inverted = cell.number in flashing and flash_on
        fill, ink, code_ink = (
            (p.highlight, p.on_highlight, p.on_highlight) if inverted else (p.panel, p.text, p.code)
        )
        panel(
            s.painter,
            box,
            fill,
            14 * u,
            p.highlight if cell.number in flashing else p.line,
            (6 if cell.number in flashing else 2) * u,
        )
        top = QRectF(box.x() + 12 * u, box.y(), box.width() - 24 * u, box.height() * 0.3)
        draw_text(
            s.painter,
            top,
            s.texts(t.COUNTER_N, counter=cell.number),
            min(top.height() * 0.7, 54 * u),
            ink,
            bold=True,
        )
        body = QRectF(box.x() + 12 * u, top.bottom(), box.width() - 24 * u, box.height() * 0.66)
        if cell.state == "paused":
            draw_text(
                s.painter,
                body,
                s.texts(t.PAUSED),
                min(body.height() * 0.5, 80 * u),
                p.warning if not inverted else ink,
                bold=True,
            )
        elif cell.state == "closed":
            draw_text(
                s.painter, body, s.texts(t.CLOSED), min(body.height() * 0.45, 64 * u), p.muted
            )
        elif cell.code:
            draw_text(
                s.painter, body, cell.code, min(body.height() * 0.8, 200 * u), code_ink, bold=True
            )
        else:
            draw_text(s.painter, body, s.texts(t.IDLE), min(body.height() * 0.4, 56 * u), p.muted)


def grid_shape(count: int, width: float, height: float) -> tuple[int, int]:
    """Columns and rows for `count` cells that keep each cell closest to 16:10."""
    best = (count, 1)
    best_score = math.inf
    for columns in range(1, count + 1):
        rows = math.ceil(count / columns)
        ratio = (width / columns) / (height / rows)
        score = abs(math.log(ratio / 1.6))
        if score < best_score:
            best, best_score = (columns, rows), score
    return best


def ticker(s: Scene, rect: QRectF, notice: str, offset: float) -> float:
    """The hall's notice scrolling right to left; returns the width of one pass."""
    u, p = s.unit, s.palette
    s.painter.fillRect(rect, p.panel)
    if not notice:
        return 0.0
    px = rect.height() * 0.55
    spaced = notice + " " * 8
    width = text_width(spaced, px)
    s.painter.save()
    s.painter.setClipRect(rect)
    # Drawn back to back so the loop is seamless; it starts readable at the left edge.
    x = rect.x() + 24 * u - offset % width
    while x < rect.right():
        draw_text(
            s.painter,
            QRectF(x, rect.y(), width + 4 * u, rect.height()),
            spaced,
            px,
            p.text,
            align=LEFT,
        )
        x += width
    s.painter.restore()
    return width


__all__ = [
    "CENTER",
    "Scene",
    "counter_cells",
    "grid_shape",
    "header",
    "newest",
    "recent",
    "ticker",
    "waiting",
]
