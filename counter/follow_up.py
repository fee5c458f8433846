"""差评整改 in the supervisor view: the open items' table and the dialog that records one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from shared.services.follow_up import FollowUpItem, Outcome

translate = QCoreApplication.translate

# The four ways a bad rating is dealt with, in the order a supervisor weighs them.
OUTCOME_TEXT: tuple[tuple[Outcome, object], ...] = (
    (Outcome.FIXED, QT_TRANSLATE_NOOP("FollowUp", "立即整改")),
    (Outcome.LEDGER, QT_TRANSLATE_NOOP("FollowUp", "列入台账限期整改")),
    (Outcome.EXPLAINED, QT_TRANSLATE_NOOP("FollowUp", "解释说明")),
    (Outcome.APPEALED, QT_TRANSLATE_NOOP("FollowUp", "申诉（误评）")),
)

OVERDUE_COLOUR = "#b00020"
ID_ROLE = Qt.ItemDataRole.UserRole  # which follow-up item a row is


def headers() -> list[str]:
    """The follow-up table's column titles, translated."""
    return [
        translate("FollowUp", "号码"),
        translate("FollowUp", "事项"),
        translate("FollowUp", "窗口"),
        translate("FollowUp", "工作人员"),
        translate("FollowUp", "评价"),
        translate("FollowUp", "原因"),
        translate("FollowUp", "开启"),
        translate("FollowUp", "整改期限"),
        translate("FollowUp", "已开天数"),
    ]


def row_texts(
    item: FollowUpItem, timezone: str, service_names: Mapping[str, str] | None = None
) -> list[str]:
    """One item as the table shows it; an overdue item's due date carries a 逾期 mark."""
    opened = item.opened_at.astimezone(ZoneInfo(timezone)).strftime("%m-%d %H:%M")
    due = item.due_on.isoformat()
    if item.overdue:
        # Colour is never the only cue: the word says it too.
        due += " " + translate("FollowUp", "逾期")
    names = service_names or {}
    return [
        item.code,
        names.get(item.service) or item.service_name,
        str(item.counter) if item.counter is not None else "",
        item.clerk or "",
        item.level_label,  # the national wording, in Chinese whatever the language
        "、".join(item.reasons),
        opened,
        due,
        translate("FollowUp", "{n}天").format(n=item.age_days),
    ]


def fill_table(
    table: QTableWidget,
    items: Sequence[FollowUpItem],
    timezone: str,
    service_names: Mapping[str, str] | None = None,
) -> None:
    """Paint the items; keep the selection on the same item when it is still listed."""
    current = table.currentRow()
    first = table.item(current, 0) if current >= 0 else None
    selected_id = first.data(ID_ROLE) if first is not None else None
    table.setRowCount(len(items))
    reselect = -1
    for r, item in enumerate(items):
        for c, text in enumerate(row_texts(item, timezone, service_names)):
            cell = QTableWidgetItem(text)
            cell.setData(ID_ROLE, item.id)
            if item.overdue:
                cell.setForeground(QBrush(QColor(OVERDUE_COLOUR)))
            table.setItem(r, c, cell)
        if item.id == selected_id:
            reselect = r
    if reselect >= 0:
        table.selectRow(reselect)
    else:
        table.clearSelection()
        table.setCurrentCell(-1, -1)


class FollowUpDialog(QDialog):
    """记录整改: the outcome (one of four) and what was done, which may not be empty."""

    picked = Signal(int, str, str)  # follow-up id, outcome value, action text

    def __init__(self, item: FollowUpItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setWindowTitle(translate("FollowUp", "记录整改"))
        form = QFormLayout(self)
        about = f"{item.code} {item.level_label}"
        if item.reasons:
            about += "（" + "、".join(item.reasons) + "）"
        form.addRow(translate("FollowUp", "差评"), QLabel(about))
        self.outcome = QComboBox()
        self.outcome.setObjectName("followUpOutcome")
        for outcome, text in OUTCOME_TEXT:
            self.outcome.addItem(translate("FollowUp", str(text)), outcome.value)
        form.addRow(translate("FollowUp", "整改方式"), self.outcome)
        self.action = QPlainTextEdit()
        self.action.setObjectName("followUpAction")
        self.action.setPlaceholderText(translate("FollowUp", "做了什么（必填）"))
        self.action.setFixedHeight(80)
        form.addRow(translate("FollowUp", "整改情况"), self.action)
        self.message = QLabel()
        self.message.setObjectName("followUpMessage")
        self.message.setStyleSheet(f"color: {OVERDUE_COLOUR};")
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        """Refuse an empty action text here; the store refuses it too."""
        text = self.action.toPlainText().strip()
        if not text:
            self.message.setText(translate("FollowUp", "请填写整改情况：做了什么"))
            self.action.setFocus()
            return
        super().accept()
        self.picked.emit(self.item.id, str(self.outcome.currentData()), text)
