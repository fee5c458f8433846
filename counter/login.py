"""The log-in page: login and password, or at first log-in the admin's setup code and the
clerk's own password."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

translate = QCoreApplication.translate


class LoginPage(QWidget):
    """Emits `submitted(login, password)` or `new_password(login, setup_code, password)`."""

    submitted = Signal(str, str)
    new_password = Signal(str, str, str)

    def __init__(self, counter: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.title = QLabel(translate("Login", "{n}号窗口 登录").format(n=counter))
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        form.addRow(self.title)
        self.login = QLineEdit()
        self.login.setObjectName("login")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_label = QLabel(translate("Login", "再次输入"))
        self.code = QLineEdit()
        self.code.setObjectName("setupCode")
        self.code.setMaxLength(20)
        self.code_label = QLabel(translate("Login", "设置码"))
        form.addRow(translate("Login", "工号"), self.login)
        form.addRow(self.code_label, self.code)
        form.addRow(translate("Login", "密码"), self.password)
        form.addRow(self.repeat_label, self.repeat)
        self.button = QPushButton(translate("Login", "登录"))
        self.button.setObjectName("loginButton")
        self.button.setDefault(True)
        form.addRow(self.button)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        self.button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.repeat.returnPressed.connect(self._submit)
        self.code.returnPressed.connect(self._submit)
        self.setting_password = False
        self._show_repeat(False)

    def _show_repeat(self, show: bool) -> None:
        self.repeat.setVisible(show)
        self.repeat_label.setVisible(show)
        self.code.setVisible(show)
        self.code_label.setVisible(show)

    def ask_new_password(self, login: str) -> None:
        """First log-in: the admin's setup code, then the clerk's own password, typed twice."""
        self.setting_password = True
        self.login.setText(login)
        self.login.setReadOnly(True)
        self.password.clear()
        self.repeat.clear()
        self.code.clear()
        self._show_repeat(True)
        self.button.setText(translate("Login", "设置密码并登录"))
        self.show_message(
            translate("Login", "首次登录：请输入管理员给您的设置码，并设置您自己的密码（至少6位）"),
            error=False,
        )
        self.code.setFocus()

    def reset(self) -> None:
        self.setting_password = False
        self.login.setReadOnly(False)
        self.password.clear()
        self.repeat.clear()
        self.code.clear()
        self._show_repeat(False)
        self.button.setText(translate("Login", "登录"))
        self.login.setFocus()

    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")

    def _submit(self) -> None:
        login, password = self.login.text().strip(), self.password.text()
        if not login:
            self.show_message(translate("Login", "请输入工号"))
            return
        if self.setting_password:
            if password != self.repeat.text():
                self.show_message(translate("Login", "两次输入的密码不一致"))
                return
            self.new_password.emit(login, self.code.text().strip(), password)
        else:
            self.submitted.emit(login, password)
