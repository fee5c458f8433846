"""The supervisor view: every counter, waiting per service, overtime, bad ratings and their
follow-up (差评整改); changes."""

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

from counter.follow_up import fill_table
from counter.follow_up import headers as follow_up_headers
from counter.working import mmss, state_text
from shared.services.follow_up import FollowUpItem
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
    record_follow_up = Signal(object)  # the FollowUpItem selected for 记录整改

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.english = False
        self.timezone = "Asia/Shanghai"
        self.overview: Overview | None = None
        self.follow_ups: list[FollowUpItem] = []
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
        self.pin_failures = QLabel()
        self.pin_failures.setObjectName("pinFailures")
        self.pin_failures.setWordWrap(True)
        layout.addWidget(self.pin_failures)
        layout.addWidget(QLabel(translate("Supervisor", "最近的差评")))
        layout.addWidget(self.ratings, 1)
        layout.addLayout(self._follow_up_header())
        self.follow_up_table = _table(follow_up_headers(), "followUpTable")
        layout.addWidget(self.follow_up_table, 1)
        self.message = QLabel()
        self.message.setObjectName("supervisorMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.open_button.clicked.connect(lambda: self._counter_signal(self.open_counter))
        self.close_button.clicked.connect(lambda: self._counter_signal(self.close_counter))

    def _follow_up_header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.follow_up_title = QLabel()
        self.follow_up_title.setObjectName("followUpTitle")
        self._set_follow_up_title()
        self.record_button = QPushButton(translate("Supervisor", "记录整改"))
        self.record_button.setObjectName("recordFollowUp")
        self.record_button.clicked.connect(self._record)
        row.addWidget(self.follow_up_title, 1)
        row.addWidget(self.record_button)
        return row

    def _set_follow_up_title(self) -> None:
        overdue = sum(1 for item in self.follow_ups if item.overdue)
        text = translate("Supervisor", "差评整改（未结{n}件）").format(n=len(self.follow_ups))
        if overdue:
            text += " " + translate("Supervisor", "其中逾期{n}件").format(n=overdue)
        self.follow_up_title.setText(text)

    def _record(self) -> None:
        row = self.follow_up_table.currentRow()
        if 0 <= row < len(self.follow_ups):
            self.record_follow_up.emit(self.follow_ups[row])
        else:
            self.show_message("error", translate("Supervisor", "请先在差评整改表中选中一条"))

    def show_follow_ups(self, items: list[FollowUpItem]) -> None:
        """Paint the open follow-up items (oldest first), overdue ones marked."""
        self.follow_ups = list(items)
        names = {}
        if self.english and self.overview is not None:
            names = {s.code: s.name_en for s in self.overview.services if s.name_en}
        fill_table(self.follow_up_table, self.follow_ups, self.timezone, names)
        self._set_follow_up_title()

    def show_message(self, level: str, text: str) -> None:
        """The view's own message line (a supervisor may have no working view)."""
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if level == "error" else "")

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
        tries = "，".join(
            f"{p.at.astimezone(zone).strftime('%H:%M:%S')} {p.kiosk}".strip()
            for p in overview.pin_failures[:10]
        )
        self.pin_failures.setText(
            translate("Supervisor", "绿色通道授权码输错（24小时内）：{n}次 {tries}").format(
                n=len(overview.pin_failures), tries=tries
            )
        )
        self.pin_failures.setStyleSheet("color: #b00020;" if overview.pin_failures else "")
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
