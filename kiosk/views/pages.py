"""The confirmation, message, out-of-service and keypad-entry pages."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.controller import Issued
from kiosk.theme import Theme
from kiosk.views.texts import Texts
from kiosk.views.widgets import button, label
from shared.qt.jobs import make_timer
from shared.services.printing import PrintResult


def qr_pixmap(text: str, side: int) -> QPixmap:
    """A QR code drawn here (the screen's copy of the ticket's QR)."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image().get_image().convert("L")
    qimage = QImage(
        image.tobytes(), image.width, image.height, image.width, QImage.Format.Format_Grayscale8
    ).copy()  # own the bytes
    return QPixmap.fromImage(qimage).scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class ConfirmPage(QWidget):
    """The ticket: its code large, service, people ahead, estimated wait, QR, print state."""

    done = Signal()
    QR_SIDE = 260
    QR_DELAY_MS = 150

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.qr_text: str | None = None
        self._qr_timer = make_timer(self, self.QR_DELAY_MS, self.paint_qr, single=True)
        self.texts = Texts(self)
        self.issued: Issued | None = None
        self.result: PrintResult | None = None
        self.lang = "zh"
        self.title = label(role="title", center=True)
        self.code = label(role="code", center=True)
        self.code.setObjectName("code")
        self.service = label(role="title", center=True)
        self.ahead = label(role="info", center=True)
        self.ahead.setObjectName("ahead")
        self.est = label(role="info", center=True)
        self.qr = label(center=True)
        self.print_state = label(role="title", center=True)
        self.print_state.setObjectName("print_state")
        self.finish = button("done", "primary")
        self.finish.clicked.connect(self.done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.setSpacing(18)
        layout.addStretch(1)  # the ticket sits in the middle of the screen, not at its top
        for part in (
            self.title,
            self.code,
            self.service,
            self.ahead,
            self.est,
            self.qr,
            self.print_state,
        ):
            layout.addWidget(part)
        layout.addStretch(1)
        layout.addWidget(self.finish)

    def show_ticket(self, issued: Issued, lang: str, qr_text: str | None) -> None:
        self.issued, self.result, self.lang = issued, None, lang
        # The QR is drawn in Python (a few ms): once the printer has its bytes, or a moment
        # later, so it never holds up the printer's thread; the space is kept meanwhile.
        self.qr_text = qr_text
        self.qr.setPixmap(QPixmap())
        self.qr.setFixedHeight(self.QR_SIDE if qr_text else 0)
        if qr_text:
            self._qr_timer.start()
        self.retranslate()

    def paint_qr(self) -> None:
        """Draw the pending QR code now (at once when the print is back)."""
        self._qr_timer.stop()
        if self.qr_text:
            self.qr.setPixmap(qr_pixmap(self.qr_text, self.QR_SIDE))
            self.qr_text = None

    def show_print(self, result: PrintResult) -> None:
        if self.issued is not None and result.code in ("", self.issued.ticket.code):
            self.result = result
            self.paint_qr()
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
        self.est.setText(
            self.texts.est(
                ticket.est_wait_min,
                ticket.est_wait_low_min,
                ticket.est_wait_high_min,
                ticket.closes_first,
            )
        )
        if self.result is None:
            self.print_state.setProperty("role", "title")
            self.print_state.setText(self.tr("正在打印号票…"))
        elif self.result.ok:
            self.print_state.setProperty("role", "title")
            self.print_state.setText(self.tr("请取走号票，留意叫号"))
        else:
            self.print_state.setProperty("role", "warn")
            self.print_state.setText(
                self.tr("号票未能打印，请记下您的号码 %1，留意叫号。工作人员可为您补打。").replace(
                    "%1", ticket.code
                )
            )
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


# Key rows of the on-screen keypads; "." leaves a cell empty.
PIN_KEYS = ("123", "456", "789", ".0.")
BOOKING_KEYS_PORTRAIT = ("123456", "7890", "ABCDEF", "GHIJKL", "MNOPQR", "STUVWX", "YZ")
BOOKING_KEYS_LANDSCAPE = ("1234567890", "ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ")


def booking_keys(portrait: bool) -> tuple[str, ...]:
    """A–Z and 0–9 in rows that keep every key a large target on the screen's shape."""
    return BOOKING_KEYS_PORTRAIT if portrait else BOOKING_KEYS_LANDSCAPE


class EntryPage(QWidget):
    """A field with an on-screen keypad: the booking code (or a scanner) and the staff PIN.

    A keyboard-wedge scanner types into the field and ends with Enter, like the 确定 key.
    """

    submitted = Signal(str)
    back = Signal()

    def __init__(
        self,
        name: str,
        *,
        keys: tuple[str, ...] = PIN_KEYS,
        secret: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.title = label(role="title", center=True)
        self.hint = label(center=True)
        self.field = QLineEdit()
        self.field.setObjectName(f"{name}_field")
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.setMaxLength(64)  # the longest booking code the store takes
        if secret:
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.returnPressed.connect(self._submit)
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(12)
        for row, line in enumerate(keys):
            for col, key in enumerate(line):
                if key != ".":
                    grid.addWidget(self._key(key), row, col)
        self.clear = button(f"{name}_clear")
        self.clear.clicked.connect(self.field.clear)
        self.delete = button(f"{name}_delete")
        self.delete.clicked.connect(self.field.backspace)
        self.ok = button(f"{name}_ok", "primary")
        self.ok.clicked.connect(self._submit)
        self.cancel = button(f"{name}_back")
        self.cancel.clicked.connect(self.back)
        actions = QHBoxLayout()
        actions.setSpacing(12)
        for widget, stretch in ((self.cancel, 1), (self.clear, 1), (self.delete, 1), (self.ok, 2)):
            actions.addWidget(widget, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(16)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.field)
        layout.addLayout(grid, 1)
        layout.addLayout(actions)
        self.retranslate()

    def _key(self, key: str) -> QPushButton:
        widget = button(f"{self.objectName()}_key{key}", "key")
        widget.setText(key)
        widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        widget.clicked.connect(lambda: self.field.insert(key))
        self.keys[key] = widget
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
