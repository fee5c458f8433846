"""The confirmation, message, out-of-service and keypad-entry pages."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.controller import Issued
from kiosk.theme import Theme
from kiosk.views.texts import Texts
from kiosk.views.widgets import button, label
from shared.services.printing import PrintResult


def qr_pixmap(text: str, side: int) -> QPixmap:
    """A QR code drawn here (the screen's copy of the ticket's QR)."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image().get_image().convert("L")
    qimage = QImage(image.tobytes(), image.width, image.height, image.width,
                    QImage.Format.Format_Grayscale8).copy()  # own the bytes
    return QPixmap.fromImage(qimage).scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.FastTransformation)


class ConfirmPage(QWidget):
    """The ticket: its code large, service, people ahead, estimated wait, QR, print state."""

    done = Signal()

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.texts = Texts(self)
        self.issued: Issued | None = None
        self.result: PrintResult | None = None
        self.lang = "zh"
        self.title = label(role="title", center=True)
        self.code = label(role="code", center=True)
        self.code.setObjectName("code")
        self.service = label(role="title", center=True)
        self.ahead = label(center=True)
        self.ahead.setObjectName("ahead")
        self.est = label(center=True)
        self.qr = label(center=True)
        self.print_state = label(role="title", center=True)
        self.print_state.setObjectName("print_state")
        self.finish = button("done", "primary")
        self.finish.clicked.connect(self.done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        for part in (self.title, self.code, self.service, self.ahead, self.est, self.qr,
                     self.print_state):
            layout.addWidget(part)
        layout.addStretch(1)
        layout.addWidget(self.finish)

    def show_ticket(self, issued: Issued, lang: str, qr_text: str | None) -> None:
        self.issued, self.result, self.lang = issued, None, lang
        self.qr.setPixmap(qr_pixmap(qr_text, 260) if qr_text else QPixmap())
        self.retranslate()

    def show_print(self, result: PrintResult) -> None:
        if self.issued is not None and result.code in ("", self.issued.ticket.code):
            self.result = result
            self.retranslate()

    def retranslate(self) -> None:
        self.finish.setText(self.tr("完成"))
        issued = self.issued
        if issued is None:
            return
        ticket = issued.ticket
        self.title.setText(self.tr("预约签到成功") if issued.booking_code else self.tr("取号成功"))
        self.code.setText(ticket.code)
        name = issued.service_name_en if self.lang == "en" and issued.service_name_en else None
        self.service.setText(name or ticket.service_name)
        self.ahead.setText(self.texts.ahead(ticket.people_ahead))
        self.est.setText(self.texts.est(ticket.est_wait_min))
        if self.result is None:
            self.print_state.setProperty("role", "title")
            self.print_state.setText(self.tr("正在打印号票…"))
        elif self.result.ok:
            self.print_state.setProperty("role", "title")
            self.print_state.setText(self.tr("请取走号票，留意叫号"))
        else:
            self.print_state.setProperty("role", "warn")
            self.print_state.setText(
                self.tr("号票未能打印，请记下您的号码 %1，留意叫号。工作人员可为您补打。")
                .replace("%1", ticket.code))
        self.print_state.style().unpolish(self.print_state)
        self.print_state.style().polish(self.print_state)


class MessagePage(QWidget):
    """A plain message (a refused booking, a service that just closed) and a way back."""

    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label(role="title", center=True)
        self.detail = label(center=True)
        self.detail.setObjectName("message")
        self.back_button = button("message_back", "primary")
        self.back_button.clicked.connect(self.back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        layout.addWidget(self.back_button)
        self.retranslate()

    def show_message(self, title: str, detail: str) -> None:
        self.title.setText(title)
        self.detail.setText(detail)

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("返回首页"))


class OfflinePage(QWidget):
    """The store does not answer: out of service until it does (the kiosk retries alone)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label(role="title", center=True)
        self.title.setObjectName("offline_title")
        self.detail = label(center=True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("暂停服务"))
        self.detail.setText(self.tr("系统连接中断，正在自动恢复。请稍候或咨询工作人员。"))


class EntryPage(QWidget):
    """A field with an on-screen keypad: the booking code (or a scanner) and the staff PIN."""

    submitted = Signal(str)
    back = Signal()

    def __init__(self, name: str, *, secret: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.title = label(role="title", center=True)
        self.hint = label(center=True)
        self.field = QLineEdit()
        self.field.setObjectName(f"{name}_field")
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if secret:
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.returnPressed.connect(self._submit)
        keys = QGridLayout()
        for index, key in enumerate("123456789"):
            keys.addWidget(self._key(key), index // 3, index % 3)
        self.clear = button(f"{name}_clear")
        self.clear.clicked.connect(self.field.clear)
        keys.addWidget(self.clear, 3, 0)
        keys.addWidget(self._key("0"), 3, 1)
        self.delete = button(f"{name}_delete")
        self.delete.clicked.connect(self.field.backspace)
        keys.addWidget(self.delete, 3, 2)
        self.ok = button(f"{name}_ok", "primary")
        self.ok.clicked.connect(self._submit)
        self.cancel = button(f"{name}_back")
        self.cancel.clicked.connect(self.back)
        row = QHBoxLayout()
        row.addWidget(self.cancel, 1)
        row.addWidget(self.ok, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.field)
        layout.addLayout(keys, 1)
        layout.addLayout(row)
        self.retranslate()

    def _key(self, key: str) -> QWidget:
        widget = button(f"{self.objectName()}_key{key}")
        widget.setText(key)
        widget.clicked.connect(lambda: self.field.insert(key))
        return widget

    def _submit(self) -> None:
        text = self.field.text().strip()
        if text:
            self.field.clear()
            self.submitted.emit(text)

    def set_texts(self, title: str, hint: str) -> None:
        self.title.setText(title)
        self.hint.setText(hint)

    def retranslate(self) -> None:
        self.clear.setText(self.tr("清空"))
        self.delete.setText(self.tr("删除"))
        self.ok.setText(self.tr("确定"))
        self.cancel.setText(self.tr("返回"))
