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
from counter.supervisor import SupervisorView
from counter.working import WorkingView

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
