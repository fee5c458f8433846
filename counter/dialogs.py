"""Small input dialogs: 特呼, 转移, 暂停, 挂起, 恢复挂起, 作废 (confirmed) and 代取号."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from shared.services.counter_view import ServiceRef
from shared.services.holding import HeldTicket

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


HOLD_REASONS = (
    QT_TRANSLATE_NOOP("Dialogs", "补充材料"),
    QT_TRANSLATE_NOOP("Dialogs", "复印证件"),
    QT_TRANSLATE_NOOP("Dialogs", "等候审核"),
)


class HoldDialog(_Form):
    """挂起: the case in hand is set aside, with a short reason (optional)."""

    picked = Signal(str)

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(translate("Dialogs", "挂起{code}号").format(code=code), parent)
        self.reason = QComboBox()
        self.reason.setObjectName("holdReason")
        self.reason.setEditable(True)
        for text in HOLD_REASONS:
            self.reason.addItem(translate("Dialogs", str(text)))
        self.form.addRow(translate("Dialogs", "原因"), self.reason)
        self.finish_layout()
        self.accepted.connect(lambda: self.picked.emit(self.reason.currentText().strip()))


class RestoreDialog(_Form):
    """恢复挂起: pick one of the tickets held at this counter (the last held is selected)."""

    picked = Signal(str)

    def __init__(
        self,
        held: tuple[HeldTicket, ...],
        english: bool,
        timezone: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translate("Dialogs", "恢复挂起"), parent)
        zone = ZoneInfo(timezone)
        self.ticket = QComboBox()
        self.ticket.setObjectName("restoreTicket")
        for h in held:
            name = h.service_name_en if english and h.service_name_en else h.service_name
            when = h.held_at.astimezone(zone).strftime("%H:%M")
            text = translate("Dialogs", "{code} {service} · {time}挂起").format(
                code=h.code, service=name, time=when
            )
            if h.reason:
                text += f" · {h.reason}"
            self.ticket.addItem(text, h.code)
        self.ticket.setCurrentIndex(self.ticket.count() - 1)
        self.form.addRow(translate("Dialogs", "号码"), self.ticket)
        self.finish_layout()
        self.accepted.connect(self._emit)

    def _emit(self) -> None:
        code = self.ticket.currentData()
        if code:
            self.picked.emit(str(code))


class CancelDialog(_Form):
    """作废: voiding cannot be undone, so the clerk confirms it, naming the code."""

    picked = Signal(str, str)  # code, reason

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(translate("Dialogs", "作废"), parent)
        self.code = code
        text = translate("Dialogs", "确定作废{code}号吗？作废后不能恢复。")
        question = QLabel(text.format(code=code))
        question.setObjectName("cancelQuestion")
        self.form.addRow(question)
        self.reason = QLineEdit()
        self.reason.setObjectName("cancelReason")
        self.form.addRow(translate("Dialogs", "原因"), self.reason)
        self.finish_layout()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(translate("Dialogs", "确定作废"))
        # Enter alone must not void a ticket: the safe button is the default.
        ok.setAutoDefault(False)
        ok.setDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.accepted.connect(lambda: self.picked.emit(self.code, self.reason.text().strip()))


class IssueDialog(_Form):
    """代取号: a ticket for a citizen who cannot use the kiosk (帮办代办)."""

    picked = Signal(str, bool, str)  # service code, priority, English name (for the ticket)

    def __init__(
        self, services: tuple[ServiceRef, ...], english: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(translate("Dialogs", "代取号"), parent)
        self.service = QComboBox()
        self.service.setObjectName("issueService")
        self._names_en: dict[str, str] = {}
        for ref in services:
            name = ref.name_en if english and ref.name_en else ref.name
            self.service.addItem(f"{ref.prefix} {name}", ref.code)
            self._names_en[ref.code] = ref.name_en
        self.priority = QCheckBox(translate("Dialogs", "绿色通道（优先）"))
        self.priority.setObjectName("issuePriority")
        self.form.addRow(translate("Dialogs", "事项"), self.service)
        self.form.addRow(self.priority)
        self.finish_layout()
        self.accepted.connect(self._emit)

    def _emit(self) -> None:
        code = self.service.currentData()
        if code:
            self.picked.emit(str(code), self.priority.isChecked(), self._names_en.get(code, ""))
