"""The working view: the case in hand, its time against the target, who waits, the buttons."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter.actions import ACTIONS, Action, label
from shared.services.counter_view import CounterView, Waiting

translate = QCoreApplication.translate


def state_text(state: str) -> str:
    return {
        "open": translate("Working", "开放"),
        "paused": translate("Working", "暂停"),
        "closed": translate("Working", "关闭"),
    }.get(state, state)


def status_text(status: str) -> str:
    return {
        "called": translate("Working", "已叫号，等候到窗口"),
        "serving": translate("Working", "办理中"),
    }.get(status, status)


def mmss(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def enabled_actions(view: CounterView | None, logged_in: bool) -> set[Action]:
    """Which actions make sense in this state (the use cases still have the last word)."""
    if view is None or not logged_in:
        return set()
    out = {Action.LOGOUT}
    current = view.current
    out.add(Action.ISSUE)  # 代取号 needs no open counter: a guide may take tickets for citizens
    if view.state == "open" and current is None:
        out |= {Action.CALL_NEXT, Action.CALL_CHOSEN}
        if view.held:
            out.add(Action.RESTORE)
    if view.state == "open":
        out.add(Action.PAUSE)
    if view.state == "paused":
        out.add(Action.RESUME)
    if current is not None:
        out |= {Action.FINISH, Action.TRANSFER, Action.HOLD, Action.CANCEL}
        if current.status == "called":
            out |= {Action.START, Action.NO_SHOW}
            if current.recalls < view.recall_limit:
                out.add(Action.RECALL)
        if not current.rated:
            out.add(Action.RATE)
    elif view.last_case is not None and not view.last_case.rated:
        out.add(Action.RATE)
    return out


class WorkingView(QWidget):
    """Paints what the controller's view says; buttons only emit `triggered(action)`."""

    triggered = Signal(object)  # Action

    def __init__(self, keys: dict[Action, QKeySequence], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.english = False
        self.view: CounterView | None = None
        self._since = QElapsedTimer()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.header = QLabel()
        self.header.setObjectName("header")
        self.devices = QLabel()
        self.devices.setObjectName("devices")
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.devices)
        layout.addLayout(top)
        self.code = QLabel("—")
        self.code.setObjectName("currentCode")
        self.code.setStyleSheet("font-size: 44px; font-weight: bold;")
        self.service = QLabel()
        self.service.setObjectName("currentService")
        self.status = QLabel()
        self.status.setObjectName("currentStatus")
        self.clock = QLabel()
        self.clock.setObjectName("servingTime")
        self.clock.setStyleSheet("font-size: 18px;")
        case = QGridLayout()
        case.addWidget(self.code, 0, 0, 3, 1)
        case.addWidget(self.service, 0, 1)
        case.addWidget(self.status, 1, 1)
        case.addWidget(self.clock, 2, 1)
        case.setColumnStretch(1, 1)
        self.details = QWidget()
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addLayout(case)
        self.waiting = QLabel()
        self.waiting.setObjectName("waiting")
        self.waiting.setWordWrap(True)
        self.next_up = QLabel()
        self.next_up.setObjectName("nextUp")
        self.next_up.setWordWrap(True)
        self.held = QLabel()
        self.held.setObjectName("held")
        self.held.setWordWrap(True)
        details.addWidget(self.waiting)
        details.addWidget(self.next_up)
        details.addWidget(self.held)
        layout.addWidget(self.details)
        self.buttons: dict[Action, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(4)
        for i, action in enumerate(ACTIONS):
            button = QPushButton()
            button.setObjectName(f"action_{action.name}")
            button.setMinimumHeight(34)
            button.clicked.connect(lambda _=False, n=action.name: self.triggered.emit(n))
            grid.addWidget(button, i // 6, i % 6)
            self.buttons[action.name] = button
        layout.addLayout(grid)
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.keys = keys
        self.relabel()
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()

    def relabel(self) -> None:
        for name, button in self.buttons.items():
            key = self.keys[name].toString(QKeySequence.SequenceFormat.NativeText)
            text = label(name)
            if name is Action.RECALL and self.view and self.view.current:
                text += f" {self.view.current.recalls}/{self.view.recall_limit}"
            button.setText(f"{text}  {key}")
            button.setToolTip(key)

    def show_view(self, view: CounterView, clerk_name: str) -> None:
        self.view = view
        self._since.start()
        name = view.name_en if self.english and view.name_en else view.name
        header = translate("Working", "{n}号窗口 {name} · {clerk} · {state}").format(
            n=view.number, name=name, clerk=clerk_name or "—", state=state_text(view.state)
        )
        if view.state == "paused" and view.pause_reason:
            header += f"（{view.pause_reason}）"
        self.header.setText(header)
        current = view.current
        if current is None:
            self.code.setText("—")
            self.service.setText(translate("Working", "空闲"))
            self.status.setText("")
        else:
            svc = (
                current.service_name_en
                if self.english and current.service_name_en
                else (current.service_name)
            )
            self.code.setText(current.code)
            prio = translate("Working", "【优先】") if current.priority else ""
            self.service.setText(prio + svc + (f" — {current.note}" if current.note else ""))
            self.status.setText(status_text(current.status))
        parts = [
            translate("Working", "{prefix} {name} 等候{n}人").format(
                prefix=w.prefix,
                name=w.name_en if self.english and w.name_en else w.name,
                n=w.waiting,
            )
            + wait_words(w)
            for w in view.waiting
        ]
        self.waiting.setText("  |  ".join(parts))
        upcoming = " ".join(n.code + ("*" if n.priority else "") for n in view.next_up) or "—"
        self.next_up.setText(translate("Working", "下一位：{codes}").format(codes=upcoming))
        held = " ".join(h.code for h in view.held)
        self.held.setText(translate("Working", "挂起：{codes}").format(codes=held) if held else "")
        self.held.setVisible(bool(held))
        self.relabel()
        self._tick()

    def set_devices(self, keypad: bool | None, pad: bool | None) -> None:
        def word(online: bool | None, name: str) -> str:
            if online is None:
                return ""
            state = translate("Working", "在线") if online else translate("Working", "离线")
            return f"{name}{state}"

        texts = [
            word(keypad, translate("Working", "叫号器")),
            word(pad, translate("Working", "评价器")),
        ]
        self.devices.setText(" ".join(t for t in texts if t))
        offline = keypad is False or pad is False
        self.devices.setStyleSheet("color: #b00020;" if offline else "color: #2e7d32;")

    def set_enabled(self, allowed: set[Action]) -> None:
        for name, button in self.buttons.items():
            button.setEnabled(name in allowed)
        view = self.view
        limit_hit = bool(
            view
            and view.current
            and view.current.status == "called"
            and view.current.recalls >= view.recall_limit
        )
        # After the last allowed recall, no-show is what is offered.
        self.buttons[Action.NO_SHOW].setStyleSheet(
            "background: #ffb300; font-weight: bold;" if limit_hit else ""
        )

    def show_message(self, level: str, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if level == "error" else "color: #1b5e20;")

    def _tick(self) -> None:
        view = self.view
        if view is None or view.current is None or view.at is None:
            self.clock.setText("")
            return
        current = view.current
        began = current.started_at or current.called_at
        if began is None:
            self.clock.setText("")
            return
        elapsed = (view.at - began).total_seconds() + self._since.elapsed() / 1000
        what = (
            translate("Working", "已办理") if current.started_at else translate("Working", "叫号后")
        )
        self.clock.setText(
            translate("Working", "{what} {time} / 目标 {target}").format(
                what=what, time=mmss(elapsed), target=mmss(current.target_s)
            )
        )
        over = current.started_at is not None and elapsed > current.target_s
        self.clock.setStyleSheet(
            "font-size: 18px;" + (" color: #b00020; font-weight: bold;" if over else "")
        )


def wait_words(w: Waiting) -> str:
    """ " · 新号约10–15分钟": a ticket taken now for this service; "" when no one waits."""
    if not w.waiting or w.est_wait_min is None:
        return ""
    if w.closes_first:
        return " · " + translate("Working", "新号可能超出今日办理时间")
    if (
        w.est_wait_high_min is not None
        and w.est_wait_low_min is not None
        and w.est_wait_high_min > w.est_wait_low_min
    ):
        return " · " + translate("Working", "新号约{low}–{high}分钟").format(
            low=w.est_wait_low_min, high=w.est_wait_high_min
        )
    return " · " + translate("Working", "新号约{n}分钟").format(n=w.est_wait_min)
