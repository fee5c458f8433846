"""好差评 at the counter: ask on the rating pad, or on a touch window where there is none.

GB/T 39734 (一次一评): the five levels worded exactly, nothing preselected, voluntary
(a timeout records 未评价), one rating per case; on the window the three indicators
follow (optional, options by level, see `rating_content`), and a bad rating offers the
hall's list of reasons, whose version the store keeps with the rating. The pad gives
the overall level only: the indicators it cannot ask are stored as absent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter import rating_content as content
from shared.devices.intents import Rated, RatingIntent, RatingTimedOut
from shared.devices.rating_levels import RatingLevel

translate = QCoreApplication.translate


@dataclass(frozen=True)
class RatingRequest:
    ticket_id: int
    code: str


class RatingWindow(QWidget):
    """The touch-screen rating window: the overall level, then the three indicators
    (optional, options by level) and, for a bad level, the hall's reasons."""

    chosen = Signal(object, list, dict)  # level (int | None), reasons, dimensions

    def __init__(self, reasons: list[str], timeout_s: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("ratingWindow")
        self.setWindowTitle(translate("Rating", "服务评价"))
        # Citizens read and touch this: large type and targets (elder-friendly figures).
        self.setStyleSheet(
            "QWidget { font-size: 18pt; } QCheckBox { min-height: 48px; }"
            " QCheckBox::indicator { width: 32px; height: 32px; }"
        )
        self.reasons = reasons
        self.level: int | None = None
        self.with_indicators = True
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, timeout_s) * 1000)
        self.timer.timeout.connect(self._timed_out)
        layout = QVBoxLayout(self)
        self.title = QLabel(translate("Rating", "请对本次服务进行评价"))
        self.title.setObjectName("ratingTitle")
        self.title.setStyleSheet("font-size: 30pt; font-weight: bold;")
        layout.addWidget(self.title)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages)
        self.level_page = QWidget()
        grid = QGridLayout(self.level_page)
        grid.addWidget(QLabel(translate("Rating", "整体满意度")), 0, 0, 1, 5)
        self.level_buttons: dict[int, QPushButton] = {}
        for i, level in enumerate(RatingLevel):
            # The national wording stays as it is, in Chinese, whatever the language.
            button = QPushButton(level.label)
            button.setObjectName(f"level{level.value}")
            button.setMinimumSize(140, 80)
            button.setCheckable(False)  # nothing is ever preselected
            button.clicked.connect(lambda _=False, v=level.value: self._pick(v))
            grid.addWidget(button, 1, i)
            self.level_buttons[level.value] = button
        self.pages.addWidget(self.level_page)
        self.detail_page = QWidget()
        detail = QVBoxLayout(self.detail_page)
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("chosenLevel")
        detail.addWidget(self.chosen_label)
        self.indicator_box = QWidget()
        self.indicator_grid = QGridLayout(self.indicator_box)
        self.indicator_grid.addWidget(
            QLabel(translate("Rating", "以下为选填，可直接提交")), 0, 0, 1, 4
        )
        self.option_buttons: dict[str, list[QPushButton]] = {}
        self._indicator_labels: list[QLabel] = []
        detail.addWidget(self.indicator_box)
        self.reason_box = QWidget()
        reason_layout = QGridLayout(self.reason_box)
        reason_layout.setContentsMargins(0, 0, 0, 0)
        prompt = QLabel(translate("Rating", "请选择不满意的原因（可多选）"))
        reason_layout.addWidget(prompt, 0, 0, 1, 2)
        self.reason_checks = [QCheckBox(r) for r in reasons]
        for i, check in enumerate(self.reason_checks):
            reason_layout.addWidget(check, 1 + i // 2, i % 2)
        detail.addWidget(self.reason_box)
        row = QHBoxLayout()
        self.back = QPushButton(translate("Rating", "重新选择"))
        self.back.setObjectName("backToLevels")
        self.back.setMinimumHeight(60)
        self.back.clicked.connect(self._back)
        self.submit = QPushButton(translate("Rating", "提交评价"))
        self.submit.setObjectName("submitRating")
        self.submit.setMinimumHeight(60)
        self.submit.clicked.connect(self._submit)
        row.addWidget(self.back)
        row.addWidget(self.submit, 1)
        detail.addLayout(row)
        self.pages.addWidget(self.detail_page)

    def ask(self, code: str, level: int | None = None) -> None:
        """Show the window for `code`; with a pad's bad `level`, only its reasons are asked
        (the pad gave the level; the indicators are not asked on that path)."""
        self.title.setText(translate("Rating", "请对{code}号的服务进行评价").format(code=code))
        self.level = None
        self.with_indicators = level is None
        for check in self.reason_checks:
            check.setChecked(False)
        self.pages.setCurrentWidget(self.level_page)
        self.timer.start()
        self.show()
        self.raise_()
        if level is not None:
            self._pick(level)

    def _pick(self, level: int) -> None:
        self.level = level
        bad = RatingLevel(level).is_bad and bool(self.reasons)
        if not self.with_indicators and not bad:
            self._finish(level, [], {})
            return
        self.chosen_label.setText(
            translate("Rating", "您的评价：{level}").format(level=RatingLevel(level).label)
        )
        self._fill_indicators(level)
        self.indicator_box.setVisible(self.with_indicators)
        self.reason_box.setVisible(bad)
        self.back.setVisible(self.with_indicators)
        self.pages.setCurrentWidget(self.detail_page)
        self.timer.start()  # a fresh timeout for the second step

    def _fill_indicators(self, level: int) -> None:
        """The options of each indicator for this level, none of them selected."""
        for buttons in self.option_buttons.values():
            for button in buttons:
                self.indicator_grid.removeWidget(button)
                button.deleteLater()
        for label in self._indicator_labels:
            self.indicator_grid.removeWidget(label)
            label.deleteLater()
        self.option_buttons = {}
        self._indicator_labels = []
        for row, indicator in enumerate(content.INDICATORS, start=1):
            name = QLabel(indicator)
            name.setObjectName("indicatorName")
            self._indicator_labels.append(name)
            self.indicator_grid.addWidget(name, row, 0)
            buttons = []
            for col, option in enumerate(content.options(indicator, level), start=1):
                button = QPushButton(option)
                button.setCheckable(True)
                button.setMinimumSize(120, 54)
                button.clicked.connect(
                    lambda checked, ind=indicator, b=button: self._one_of(ind, b, checked)
                )
                self.indicator_grid.addWidget(button, row, col)
                buttons.append(button)
            self.option_buttons[indicator] = buttons

    def _one_of(self, indicator: str, pressed: QPushButton, checked: bool) -> None:
        # One option per indicator; pressing the chosen one again takes it back.
        if checked:
            for button in self.option_buttons[indicator]:
                if button is not pressed:
                    button.setChecked(False)
        self.timer.start()

    def picks(self) -> dict[str, str]:
        """The option chosen under each indicator answered so far."""
        out = {}
        for indicator, buttons in self.option_buttons.items():
            for button in buttons:
                if button.isChecked():
                    out[indicator] = button.text()
        return out

    def _back(self) -> None:
        self.level = None
        self.pages.setCurrentWidget(self.level_page)
        self.timer.start()

    def _submit(self) -> None:
        self._finish(self.level, self._reasons(), self.picks() if self.with_indicators else {})

    def _reasons(self) -> list[str]:
        return [c.text() for c in self.reason_checks if c.isChecked()]

    def _timed_out(self) -> None:
        # No level: 未评价. A level already chosen stands, with what was picked by then.
        if self.level is None:
            self._finish(None, [], {})
        else:
            self._submit()

    def _finish(self, level: int | None, reasons: list[str], picks: dict[str, str]) -> None:
        self.timer.stop()
        self.hide()
        self.chosen.emit(level, reasons, content.dimensions(level, picks))


class RatingFlow(QObject):
    """One request at a time: to the pad if it is online, else to the touch window."""

    rated = Signal(int, object, list, str, dict)  # ticket id, level, reasons, source, dimensions
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
            self._done(None, [], {})
        elif isinstance(intent, Rated):
            level = int(intent.level)
            if intent.level.is_bad and self.window.reasons:
                # The pad has no reason list: the citizen picks them on the touch window.
                self.window.ask(request.code, level=level)
            else:
                self._done(level, [], content.dimensions(level))

    def _from_window(self, level: int | None, reasons: list[str], dims: dict[str, Any]) -> None:
        if self.pending is not None:
            self._done(level, reasons, dims)

    def _pad_silent(self) -> None:
        if self.pending is not None and self._source == "pad":
            cancel = getattr(self.devices, "cancel_rating", None)
            if cancel is not None:
                cancel()
            self._done(None, [], {})

    def _done(self, level: int | None, reasons: list[str], dims: dict[str, Any]) -> None:
        request, self.pending = self.pending, None
        if request is not None:
            self.rated.emit(request.ticket_id, level, reasons, self._source, dims)
