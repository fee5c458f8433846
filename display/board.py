"""The hall board widget (综合屏): paints a BoardState, flashes new calls, scrolls the notice."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QRectF, QTimer, Signal
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display import regions
from display.model import BoardState, ShownCall
from display.paint import Palette, default_palette
from display.texts import BoardTexts
from shared.services.board import BoardSettings

FLASH_S = 6.0  # a new call blinks this long ...
FLASH_PHASE_MS = 400  # ... at 1.25 blinks a second, well under the 3 a second that risks seizures
HIGHLIGHT_S = 12.0  # and keeps a bright frame a while longer
PAGE_MS = 8000  # the waiting tiles turn a page this often
TICKER_MS = 33
TICKER_PX_PER_S = 120.0  # at 1080p


class BoardView(QWidget):
    """Paints the board; `painted` carries the calls that reached the screen in that paint."""

    painted = Signal(list)

    def __init__(
        self,
        settings: BoardSettings,
        texts: BoardTexts,
        *,
        now: Callable[[], datetime] | None = None,
        palette: Palette | None = None,
        animate: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.texts = texts
        self.state = BoardState()
        self.online = True
        self._now = now or (lambda: datetime.now(settings.zone))
        self._palette = palette or default_palette()
        self._unpainted: list[ShownCall] = []
        self._flash_until = 0.0
        self._highlight_until = 0.0
        self._flash_on = False
        self._flash_counters: set[int] = set()
        self._page = 0
        self._ticker_offset = 0.0
        self._ticker_started = time.monotonic()
        self.setWindowTitle(settings.hall_name)
        self.setAutoFillBackground(False)
        self._flash_timer = self._timer(FLASH_PHASE_MS, self._flash_step)
        self._clock_timer = self._timer(1000, self.update)
        self._page_timer = self._timer(PAGE_MS, self._next_page)
        self._ticker_timer = self._timer(TICKER_MS, self._ticker_step)
        if animate:
            self._clock_timer.start()
            self._page_timer.start()
            if settings.notice:
                self._ticker_timer.start()

    def _timer(self, interval_ms: int, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    @property
    def layout_name(self) -> str:
        return "counters" if self.settings.display.layout == "counters" else "recent"

    @property
    def flashing(self) -> bool:
        """Whether a new call is blinking now."""
        return self._flash_timer.isActive()

    @property
    def flash_on(self) -> bool:
        return self._flash_on

    def show_state(self, state: BoardState, new_calls: Sequence[ShownCall] = ()) -> None:
        """Paint `state`; `new_calls` flash and are reported by `painted` once drawn."""
        self.state = state
        if new_calls:
            self._unpainted.extend(new_calls)
            now = time.monotonic()
            self._flash_until = now + FLASH_S
            self._highlight_until = now + HIGHLIGHT_S
            self._flash_counters = {c.counter for c in new_calls}
            self._flash_on = True
            self._flash_timer.start()
            if self.isVisible():
                self.repaint()  # a call goes on screen now, not at the next paint slot
                return
        self.update()

    def set_online(self, online: bool) -> None:
        """Show or hide the small connection-lost mark."""
        if online != self.online:
            self.online = online
            self.update()

    def _flash_step(self) -> None:
        if time.monotonic() >= self._flash_until:
            self._flash_timer.stop()
            self._flash_on = False
            QTimer.singleShot(int(max(0.0, HIGHLIGHT_S - FLASH_S) * 1000), self.update)
        else:
            self._flash_on = not self._flash_on
        self.update()

    def _next_page(self) -> None:
        self._page += 1
        self.update()

    def _ticker_step(self) -> None:
        self._ticker_offset = (time.monotonic() - self._ticker_started) * TICKER_PX_PER_S
        self.update(self._ticker_rect().toAlignedRect())

    # --- geometry ---------------------------------------------------------------------
    @property
    def portrait(self) -> bool:
        return self.height() > self.width()

    @property
    def unit(self) -> float:
        """1.0 at 1920x1080 (or 1080x1920 upright); 2.0 at 3840x2160."""
        w, h = self.width(), self.height()
        return min(w / 1080, h / 1920) if self.portrait else min(w / 1920, h / 1080)

    def _header_rect(self) -> QRectF:
        return QRectF(0, 0, self.width(), self.height() * (0.075 if self.portrait else 0.11))

    def _ticker_rect(self) -> QRectF:
        h = self.height() * (0.04 if self.portrait else 0.07)
        return QRectF(0, self.height() - h, self.width(), h)

    # --- painting -------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        scene = regions.Scene(painter, self._palette, self.texts, self.unit)
        ticker = self._ticker_rect()
        if event.rect() != ticker.toAlignedRect():
            self._paint_body(scene)
        regions.ticker(scene, ticker, self.settings.notice, self._ticker_offset * self.unit)
        painter.end()
        if self._unpainted:
            shown, self._unpainted = self._unpainted, []
            self.painted.emit(shown)

    def _paint_body(self, scene: regions.Scene) -> None:
        u = scene.unit
        painter = scene.painter
        painter.fillRect(self.rect(), self._palette.background)
        head = self._header_rect()
        regions.header(
            scene,
            head,
            self.settings.hall_name,
            self.settings.hall_name_en,
            self._now(),
            self.online,
        )
        margin = 24 * u
        body = QRectF(
            margin,
            head.bottom() + margin,
            self.width() - 2 * margin,
            self._ticker_rect().top() - head.bottom() - 2 * margin,
        )
        highlighted = time.monotonic() < self._highlight_until
        if self.layout_name == "counters":
            share = 0.8 if self.portrait else 0.78
            grid = QRectF(body.x(), body.y(), body.width(), body.height() * share)
            flashing = self._flash_counters if highlighted else set()
            regions.counter_cells(
                scene, grid, self.state.visible_counters(), flashing, self._flash_on
            )
            strip = QRectF(
                body.x(),
                grid.bottom() + margin,
                body.width(),
                body.bottom() - grid.bottom() - margin,
            )
            regions.waiting(
                scene, strip, self.state.services, self._page, 2 if self.portrait else 4, 1
            )
            return
        if self.portrait:
            top = QRectF(body.x(), body.y(), body.width(), body.height() * 0.36)
            lower = QRectF(body.x(), top.bottom() + margin, body.width(), body.height() * 0.34)
            strip = QRectF(
                body.x(),
                lower.bottom() + margin,
                body.width(),
                body.bottom() - lower.bottom() - margin,
            )
            columns, rows = 2, 3
        else:
            main_h = body.height() * 0.7
            top = QRectF(body.x(), body.y(), body.width() * 0.58, main_h)
            lower = QRectF(
                top.right() + margin, body.y(), body.right() - top.right() - margin, main_h
            )
            strip = QRectF(
                body.x(), top.bottom() + margin, body.width(), body.bottom() - top.bottom() - margin
            )
            columns, rows = 4, 2
        regions.newest(scene, top, self.state.newest, self._flash_on, highlighted)
        regions.recent(scene, lower, self.state.recent[1:])
        regions.waiting(scene, strip, self.state.services, self._page, columns, rows)
