"""The supervisor view: every counter, waiting per service, overtime, bad ratings; changes."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QTime, Signal, SignalInstance
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from counter.working import mmss, state_text
from shared.services.supervision import Overview

translate = QCoreApplication.translate


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], red: set[int] | None = None) -> None:
    selected = table.currentRow()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if red and r in red:
                item.setForeground(QBrush(QColor("#b00020")))
            table.setItem(r, c, item)
    if 0 <= selected < len(rows):
        table.selectRow(selected)


class SupervisorView(QWidget):
    """Paints an Overview; asks for changes through signals (the controller runs them)."""

    open_counter = Signal(int)
    close_counter = Signal(int)
    extend = Signal(str, object, int)  # service, closes_at "HH:MM" | None, extra quota

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.english = False
        self.timezone = "Asia/Shanghai"
        self.overview: Overview | None = None
        layout = QVBoxLayout(self)
        self.counters = _table(
            [
                translate("Supervisor", "窗口"),
                translate("Supervisor", "状态"),
                translate("Supervisor", "工作人员"),
                translate("Supervisor", "当前号"),
                translate("Supervisor", "用时/目标"),
            ],
            "countersTable",
        )
        self.services = _table(
            [
                translate("Supervisor", "事项"),
                translate("Supervisor", "等候"),
                translate("Supervisor", "最长等候"),
                translate("Supervisor", "今日调整"),
            ],
            "servicesTable",
        )
        self.ratings = _table(
            [
                translate("Supervisor", "号码"),
                translate("Supervisor", "评价"),
                translate("Supervisor", "窗口"),
                translate("Supervisor", "工作人员"),
                translate("Supervisor", "原因"),
            ],
            "ratingsTable",
        )
        self.overtime = QLabel()
        self.overtime.setObjectName("overtime")
        self.overtime.setWordWrap(True)
        tables = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(translate("Supervisor", "窗口状态")))
        left.addWidget(self.counters)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(translate("Supervisor", "开启窗口"))
        self.open_button.setObjectName("openCounter")
        self.close_button = QPushButton(translate("Supervisor", "关闭窗口"))
        self.close_button.setObjectName("closeCounter")
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.close_button)
        left.addLayout(buttons)
        right = QVBoxLayout()
        right.addWidget(QLabel(translate("Supervisor", "事项等候")))
        right.addWidget(self.services)
        right.addWidget(self._extend_box())
        tables.addLayout(left, 3)
        tables.addLayout(right, 2)
        layout.addLayout(tables, 3)
        layout.addWidget(self.overtime)
        layout.addWidget(QLabel(translate("Supervisor", "最近的差评")))
        layout.addWidget(self.ratings, 1)
        self.open_button.clicked.connect(lambda: self._counter_signal(self.open_counter))
        self.close_button.clicked.connect(lambda: self._counter_signal(self.close_counter))

    def _extend_box(self) -> QGroupBox:
        box = QGroupBox(translate("Supervisor", "延时服务 / 增加号源（今日）"))
        row = QHBoxLayout(box)
        self.extend_service = QComboBox()
        self.extend_service.setObjectName("extendService")
        self.extend_until = QTimeEdit(QTime(18, 0))
        self.extend_until.setObjectName("extendUntil")
        self.extend_until.setDisplayFormat("HH:mm")
        self.extend_hours = QPushButton(translate("Supervisor", "延长至"))
        self.extend_hours.setObjectName("extendHours")
        self.extend_quota = QSpinBox()
        self.extend_quota.setObjectName("extendQuota")
        self.extend_quota.setRange(1, 500)
        self.extend_quota.setValue(10)
        self.add_quota = QPushButton(translate("Supervisor", "增加号源"))
        self.add_quota.setObjectName("addQuota")
        for widget in (self.extend_service, self.extend_hours, self.extend_until):
            row.addWidget(widget)
        row.addWidget(self.add_quota)
        row.addWidget(self.extend_quota)
        self.extend_hours.clicked.connect(
            lambda: self._extend(self.extend_until.time().toString("HH:mm"), 0)
        )
        self.add_quota.clicked.connect(lambda: self._extend(None, self.extend_quota.value()))
        return box

    def _extend(self, closes_at: str | None, quota: int) -> None:
        code = self.extend_service.currentData()
        if code:
            self.extend.emit(code, closes_at, quota)

    def _counter_signal(self, signal: SignalInstance) -> None:
        row = self.counters.currentRow()
        if self.overview is not None and 0 <= row < len(self.overview.counters):
            signal.emit(self.overview.counters[row].number)

    def show_overview(self, overview: Overview) -> None:
        self.overview = overview
        rows, late = [], set()
        for i, c in enumerate(overview.counters):
            state = state_text(c.state) + (f"（{c.pause_reason}）" if c.pause_reason else "")
            time = ""
            if c.serving_s is not None and c.target_s is not None:
                time = f"{mmss(c.serving_s)} / {mmss(c.target_s)}"
            if c.overtime:
                late.add(i)
            name = f"{c.number} {c.name}"
            rows.append([name, state, c.clerk or "", c.current or "", time])
        _fill(self.counters, rows, late)
        svc_rows = []
        for s in overview.services:
            changes = []
            if s.closes_at:
                changes.append(translate("Supervisor", "延至{t}").format(t=s.closes_at))
            if s.extra_quota:
                changes.append(translate("Supervisor", "号源+{n}").format(n=s.extra_quota))
            name = s.name_en if self.english and s.name_en else s.name
            wait = mmss(s.longest_wait_s) if s.longest_wait_s is not None else ""
            svc_rows.append([name, str(s.waiting), wait, " ".join(changes)])
        _fill(self.services, svc_rows)
        current = self.extend_service.currentData()
        self.extend_service.blockSignals(True)
        self.extend_service.clear()
        for s in overview.services:
            self.extend_service.addItem(s.name_en if self.english and s.name_en else s.name, s.code)
        index = self.extend_service.findData(current)
        self.extend_service.setCurrentIndex(max(0, index))
        self.extend_service.blockSignals(False)
        late_text = "，".join(
            f"{c.number}号窗口 {c.current} {mmss(c.serving_s or 0)}" for c in overview.overtime
        )
        self.overtime.setText(
            translate("Supervisor", "超时办理：{cases}").format(
                cases=late_text or translate("Supervisor", "无")
            )
        )
        self.overtime.setStyleSheet("color: #b00020;" if overview.overtime else "")
        zone = ZoneInfo(self.timezone)
        _fill(
            self.ratings,
            [
                [
                    f"{b.code} {b.at.astimezone(zone).strftime('%H:%M')}",
                    b.label,
                    str(b.counter or ""),
                    b.clerk or "",
                    "、".join(b.reasons),
                ]
                for b in overview.bad_ratings
            ],
        )
