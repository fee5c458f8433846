"""The counter's main window: log-in page, working view, supervisor tab, offline banner."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter.actions import NAMES, Action
from counter.login import LoginPage
from counter.proxy import ProxyTicket
from counter.supervisor import SupervisorView
from counter.working import WorkingView
from shared.services.auth import Session

translate = QCoreApplication.translate


class CounterWindow(QMainWindow):
    """Compact by default; Ctrl+B docks it as a thin bar, Ctrl+T keeps it on top."""

    action = Signal(object)  # an Action, from its button or hot key

    def __init__(self, counter: int, keys: dict[Action, QKeySequence]) -> None:
        super().__init__()
        self.is_bar = False
        self.setObjectName("counterWindow")
        self.setWindowTitle(translate("Window", "hallq 叫号终端 — {n}号窗口").format(n=counter))
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = QLabel(translate("Window", "无法连接数据库，正在自动重连……操作已暂停"))
        self.banner.setObjectName("offlineBanner")
        self.banner.setStyleSheet(
            "background: #b00020; color: white; font-weight: bold; padding: 6px;"
        )
        self.banner.hide()
        layout.addWidget(self.banner)
        self.stack = QStackedWidget()
        self.login = LoginPage(counter)
        self.working = WorkingView(keys)
        self.supervisor = SupervisorView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.working, translate("Window", "本窗口"))
        self.tabs.addTab(self.supervisor, translate("Window", "大厅监控"))
        self.tabs.setTabVisible(1, False)
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.tabs)
        layout.addWidget(self.stack)
        self.setCentralWidget(central)
        self.working.triggered.connect(self.action)
        self.key_actions: dict[Action, QAction] = {}
        for name in NAMES:
            act = QAction(self)
            act.setObjectName(f"key_{name}")
            act.setShortcut(keys[name])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(lambda _=False, n=name: self._hot_key(n))
            self.addAction(act)
            self.key_actions[name] = act
        self.bar_action = QAction(self)
        self.bar_action.setShortcut(QKeySequence("Ctrl+B"))
        self.bar_action.triggered.connect(lambda: self.set_bar(not self.is_bar))
        self.addAction(self.bar_action)
        self.top_action = QAction(self)
        self.top_action.setShortcut(QKeySequence("Ctrl+T"))
        self.top_action.triggered.connect(lambda: self.set_on_top(not self.on_top))
        self.addAction(self.top_action)
        self.resize(560, 360)

    def _hot_key(self, name: Action) -> None:
        # A hot key does what its button does, and only when its button may be pressed.
        button = self.working.buttons[name]
        if self.stack.currentWidget() is self.tabs and button.isEnabled():
            self.action.emit(name)

    @property
    def on_top(self) -> bool:
        return bool(self.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)

    def set_on_top(self, on: bool) -> None:
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
        self.show()

    def set_bar(self, bar: bool) -> None:
        """A thin bar: the current code and the buttons only."""
        self.is_bar = bar
        self.working.details.setVisible(not bar)
        self.working.message.setVisible(not bar)
        self.tabs.tabBar().setVisible(not bar)
        self.adjustSize()

    def show_working(self, supervisor: bool, clerk: bool) -> None:
        self.tabs.setTabVisible(1, supervisor)
        self.tabs.setTabVisible(0, clerk)
        self.tabs.setCurrentIndex(0 if clerk else 1)
        if supervisor:
            self.resize(max(self.width(), 980), max(self.height(), 640))
        self.stack.setCurrentWidget(self.tabs)

    def show_login(self) -> None:
        self.login.reset()
        self.tabs.setTabVisible(1, False)
        self.stack.setCurrentWidget(self.login)
        self.resize(560, 360)

    def set_online(self, online: bool) -> None:
        self.banner.setVisible(not online)

    # --- what the controller says ------------------------------------------------------
    def show_message(self, session: Session | None, level: str, text: str) -> None:
        """A message on the log-in page, or on the working (and supervisor) tab."""
        if session is None:
            self.login.show_message(text, error=level == "error")
            return
        self.working.show_message(level, text)
        if session.has("supervisor"):
            self.supervisor.show_message(level, text)

    def show_logged_in(self, session: Session) -> None:
        self.show_working(session.has("supervisor"), session.has("clerk"))
        self.working.show_message(
            "info", translate("App", "{name}，欢迎").format(name=session.name)
        )

    def show_result(self, action: Action, result: object) -> None:
        """What a finished action says on the message line."""
        code = getattr(result, "code", None)
        info = self.working.show_message
        if action is Action.CALL_NEXT and code:
            info("info", translate("App", "已叫{code}号").format(code=code))
        elif action is Action.HOLD and code:
            info("info", translate("App", "{code}号已挂起，可继续叫号").format(code=code))
        elif action is Action.RESTORE and code:
            info("info", translate("App", "{code}号已恢复").format(code=code))
        elif action is Action.CANCEL:
            info("info", translate("App", "号码已作废"))
        elif action is Action.ISSUE and isinstance(result, ProxyTicket):
            self._show_issued(result)
        elif action is Action.CLOSE_FOLLOW_UP:
            self.supervisor.show_message("info", translate("App", "整改情况已记录"))

    def _show_issued(self, result: ProxyTicket) -> None:
        """The code taken for the citizen and how its printing went."""
        ticket = result.info
        text = translate("App", "已代取号：{code}（{service}，前面{n}人）").format(
            code=ticket.code, service=ticket.service_name, n=ticket.people_ahead
        )
        printed = result.printed
        if printed is not None and not printed.ok:
            text += " " + translate(
                "App", "号票打印失败：{error}。号码仍然有效，请告知群众。"
            ).format(error=printed.error)
            self.working.show_message("error", text)
            return
        if printed is not None:
            text += " " + translate("App", "号票已打印")
        self.working.show_message("info", text)
