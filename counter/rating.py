"""好差评 at the counter: ask on the rating pad, or on a touch window where there is none.

GB/T 39734 (一次一评): the five levels worded exactly, nothing preselected, voluntary
(a timeout records 未评价), one rating per case, and a bad rating offers the hall's
list of reasons, whose version the store keeps with the rating.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from shared.devices.intents import Rated, RatingIntent, RatingTimedOut
from shared.devices.rating_levels import RatingLevel

translate = QCoreApplication.translate


@dataclass(frozen=True)
class RatingRequest:
    ticket_id: int
    code: str


class RatingWindow(QWidget):
    """The touch-screen rating window: five levels, then reasons for a bad one."""

    chosen = Signal(object, list)  # level (int | None), reasons

    def __init__(self, reasons: list[str], timeout_s: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("ratingWindow")
        self.setWindowTitle(translate("Rating", "服务评价"))
        self.reasons = reasons
        self.level: int | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, timeout_s) * 1000)
        self.timer.timeout.connect(self._timed_out)
        layout = QVBoxLayout(self)
        self.title = QLabel(translate("Rating", "请对本次服务进行评价"))
        self.title.setObjectName("ratingTitle")
        layout.addWidget(self.title)
        self.level_buttons: dict[int, QPushButton] = {}
        grid = QGridLayout()
        for i, level in enumerate(RatingLevel):
            # The national wording stays as it is, in Chinese, whatever the language.
            button = QPushButton(level.label)
            button.setObjectName(f"level{level.value}")
            button.setMinimumSize(120, 60)
            button.setCheckable(False)  # nothing is ever preselected
            button.clicked.connect(lambda _=False, v=level.value: self._pick(v))
            grid.addWidget(button, 0, i)
            self.level_buttons[level.value] = button
        layout.addLayout(grid)
        self.reason_box = QWidget()
        reason_layout = QVBoxLayout(self.reason_box)
        reason_layout.addWidget(QLabel(translate("Rating", "请选择不满意的原因（可多选）")))
        self.reason_checks = [QCheckBox(r) for r in reasons]
        for check in self.reason_checks:
            reason_layout.addWidget(check)
        self.submit = QPushButton(translate("Rating", "提交评价"))
        self.submit.setObjectName("submitRating")
        self.submit.clicked.connect(self._submit)
        reason_layout.addWidget(self.submit)
        layout.addWidget(self.reason_box)
        self.reason_box.hide()

    def ask(self, code: str, level: int | None = None) -> None:
        """Show the window for `code`; with a pad's bad `level`, go straight to the reasons."""
        self.title.setText(translate("Rating", "请对{code}号的服务进行评价").format(code=code))
        self.level = None
        for check in self.reason_checks:
            check.setChecked(False)
        self.reason_box.hide()
        for button in self.level_buttons.values():
            button.setVisible(level is None)
        if level is not None:
            self._pick(level)
        self.timer.start()
        self.show()
        self.raise_()

    def _pick(self, level: int) -> None:
        self.level = level
        if RatingLevel(level).is_bad and self.reasons:
            for button in self.level_buttons.values():
                button.hide()
            self.reason_box.show()
            self.timer.start()  # a fresh timeout for the reasons step
            return
        self._finish(level, [])

    def _submit(self) -> None:
        self._finish(self.level, [c.text() for c in self.reason_checks if c.isChecked()])

    def _timed_out(self) -> None:
        # A level already chosen stands; only the reasons are left empty. Else: 未评价.
        self._finish(self.level, [])

    def _finish(self, level: int | None, reasons: list[str]) -> None:
        self.timer.stop()
        self.hide()
        self.chosen.emit(level, reasons)


class RatingFlow(QObject):
    """One request at a time: to the pad if it is online, else to the touch window."""

    rated = Signal(int, object, list, str)  # ticket id, level | None, reasons, source
    note = Signal(str)

    def __init__(
        self,
        devices: object,
        *,
        reasons: list[str],
        timeout_s: int,
        host: QWidget | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.devices = devices
        self.host = host
        self.window = RatingWindow(reasons, timeout_s, host)
        self.window.chosen.connect(self._from_window)
        self.pending: RatingRequest | None = None
        self._source = "screen"
        self._pad_level: int | None = None
        # The pad has its own timeout; ours is a little longer and covers a silent pad.
        self.pad_timer = QTimer(self)
        self.pad_timer.setSingleShot(True)
        self.pad_timer.setInterval((max(1, timeout_s) + 5) * 1000)
        self.pad_timer.timeout.connect(self._pad_silent)

    def configure(self, reasons: list[str], timeout_s: int) -> None:
        if reasons != self.window.reasons and self.pending is None:
            self.window.deleteLater()
            self.window = RatingWindow(reasons, timeout_s, self.host)
            self.window.chosen.connect(self._from_window)
        self.window.timer.setInterval(max(1, timeout_s) * 1000)
        self.pad_timer.setInterval((max(1, timeout_s) + 5) * 1000)

    def ask(self, request: RatingRequest) -> None:
        """Start a rating of `request`'s case (replacing an unanswered earlier one)."""
        self.pending = request
        ask_pad = getattr(self.devices, "ask_rating", None)
        if (
            ask_pad is not None
            and getattr(self.devices, "pad_is_online", False)
            and ask_pad(request.code)
        ):
            self._source = "pad"
            self.pad_timer.start()
            self.note.emit(
                translate("Rating", "已请{code}号在评价器上评价").format(code=request.code)
            )
            return
        self._source = "screen"
        self.window.ask(request.code)

    def on_pad(self, intent: RatingIntent) -> None:
        """A level or a timeout from the pad; a late answer for another case is ignored."""
        request = self.pending
        if request is None or self._source != "pad":
            return
        ticket = getattr(intent, "ticket", "")
        if ticket and ticket.upper() != request.code.upper():
            self.note.emit(translate("Rating", "评价器的回复不是当前号码，已忽略"))
            return
        self.pad_timer.stop()
        if isinstance(intent, RatingTimedOut):
            self._done(None, [])
        elif isinstance(intent, Rated):
            if intent.level.is_bad and self.window.reasons:
                # The pad has no reason list: the citizen picks them on the touch window.
                self.window.ask(request.code, level=int(intent.level))
            else:
                self._done(int(intent.level), [])

    def _from_window(self, level: int | None, reasons: list[str]) -> None:
        if self.pending is not None:
            self._done(level, reasons)

    def _pad_silent(self) -> None:
        if self.pending is not None and self._source == "pad":
            cancel = getattr(self.devices, "cancel_rating", None)
            if cancel is not None:
                cancel()
            self._done(None, [])

    def _done(self, level: int | None, reasons: list[str]) -> None:
        request, self.pending = self.pending, None
        if request is not None:
            self.rated.emit(request.ticket_id, level, reasons, self._source)
