"""Small building blocks: labels with a role, big buttons, a tile with two lines."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


def label(text: str = "", role: str = "", *, wrap: bool = True, center: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    if role:
        widget.setProperty("role", role)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


class NoticeLabel(QLabel):
    """A notice of at most `lines` lines that never makes the page taller or wider.

    Longer text wraps, and past the last line it ends in …, so a long notice in
    English or on a narrow portrait screen cannot push the page past the screen.
    """

    def __init__(self, role: str = "", lines: int = 2) -> None:
        super().__init__()
        self._full = ""
        self._lines = lines
        if role:
            self.setProperty("role", role)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:
        self._full = text
        self._fit()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        width = max(self.width(), 1)
        # Room for `lines` wrapped lines, less a little for where the words break.
        room = int(width * self._lines * 0.92)
        shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        super().setText(shown)
        self.setFixedHeight(metrics.lineSpacing() * self._lines + 4)


def button(name: str, role: str = "") -> QPushButton:
    widget = QPushButton()
    widget.setObjectName(name)
    if role:
        widget.setProperty("role", role)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a scanner's keystrokes go to the page
    return widget


class Tile(QPushButton):
    """A touch target with a title and a detail line that wrap (QPushButton text does not)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.title = label(role="tile", center=True)
        self.detail = label(role="small", center=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        for part in (self.title, self.detail):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_texts(self, title: str, detail: str, *, muted_fg: str | None = None) -> None:
        """Change what differs only: a live count update touches one label, not the style."""
        for part, text in ((self.title, title), (self.detail, detail)):
            if part.text() != text:
                part.setText(text)
        colour = f"color: {muted_fg};" if muted_fg else ""
        if self.title.styleSheet() != colour:  # a new style sheet re-polishes the widget
            self.title.setStyleSheet(colour)
            self.detail.setStyleSheet(colour)
