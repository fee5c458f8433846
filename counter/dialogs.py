"""Small input dialogs: the ticket to call (特呼), a transfer's target and note, a pause reason."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from shared.services.counter_view import ServiceRef

translate = QCoreApplication.translate


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.form.addRow(self.buttons)


class ChosenDialog(_Form):
    """特呼: type the code of the ticket to call."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("Dialogs", "特呼"), parent)
        self.code = QLineEdit()
        self.code.setObjectName("chosenCode")
        self.code.setPlaceholderText("A012")
        self.form.addRow(translate("Dialogs", "号码"), self.code)
        self.finish_layout()
        self.accepted.connect(self._emit)

    def _emit(self) -> None:
        if self.code.text().strip():
            self.picked.emit(self.code.text().strip().upper())


class TransferDialog(_Form):
    """转移: to another service, or to another counter, with a note for the next clerk."""

    picked = Signal(object, object, str)  # service code | None, counter | None, note

    def __init__(
        self, services: tuple[ServiceRef, ...], english: bool, parent: QWidget | None = None
    ):
        super().__init__(translate("Dialogs", "转移"), parent)
        self.service = QComboBox()
        self.service.setObjectName("transferService")
        self.service.addItem(translate("Dialogs", "（不变）"), None)
        for ref in services:
            name = ref.name_en if english and ref.name_en else ref.name
            self.service.addItem(f"{ref.prefix} {name}", ref.code)
        self.counter = QSpinBox()
        self.counter.setObjectName("transferCounter")
        self.counter.setRange(0, 999)
        self.counter.setSpecialValueText(translate("Dialogs", "（任一窗口）"))
        self.note = QLineEdit()
        self.note.setObjectName("transferNote")
        self.form.addRow(translate("Dialogs", "转到事项"), self.service)
        self.form.addRow(translate("Dialogs", "转到窗口"), self.counter)
        self.form.addRow(translate("Dialogs", "备注"), self.note)
        self.finish_layout()
        self.accepted.connect(self._emit)

    def _emit(self) -> None:
        service = self.service.currentData()
        counter = self.counter.value() or None
        if service is None and counter is None:
            return
        self.picked.emit(service, counter, self.note.text().strip())


PAUSE_REASONS = (
    QT_TRANSLATE_NOOP("Dialogs", "暂离"),
    QT_TRANSLATE_NOOP("Dialogs", "午休"),
    QT_TRANSLATE_NOOP("Dialogs", "会议"),
    QT_TRANSLATE_NOOP("Dialogs", "系统故障"),
)


class PauseDialog(_Form):
    """暂停: the reason shows on the board and the supervisor view."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("Dialogs", "暂停"), parent)
        self.reason = QComboBox()
        self.reason.setObjectName("pauseReason")
        self.reason.setEditable(True)
        for text in PAUSE_REASONS:
            self.reason.addItem(translate("Dialogs", str(text)))
        self.form.addRow(translate("Dialogs", "原因"), self.reason)
        self.finish_layout()
        self.accepted.connect(lambda: self.picked.emit(self.reason.currentText().strip()))
