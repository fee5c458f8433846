"""The kiosk window: pages in a stack, switched by what the controller says and by idle time.

It only paints and forwards input: a citizen's choice leaves as a signal, and what the
controller says arrives through the `show_*` slots (kiosk/app.py connects the two).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTranslator, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.controller import Issued, Snapshot
from kiosk.speech import Speaker, result_text
from kiosk.theme import Theme
from kiosk.views.home import HomePage
from kiosk.views.pages import ConfirmPage, EntryPage, MessagePage, OfflinePage, booking_keys
from kiosk.views.texts import Texts
from shared.qt.i18n import switch_language
from shared.qt.jobs import make_timer
from shared.services.printing import PrintResult, ticket_qr


def _app() -> QCoreApplication:
    app = QApplication.instance()
    if app is None:
        raise RuntimeError("the kiosk window needs a QApplication")
    return app


class KioskWindow(QWidget):
    """Home, confirmation, check-in, staff PIN, message and out-of-service pages."""

    issue_requested = Signal(str, bool)  # service code, priority lane
    check_in_requested = Signal(str)  # a booking code, typed or scanned
    pin_entered = Signal(str)  # the staff PIN for the priority lane

    def __init__(
        self,
        *,
        portrait: bool = True,
        lang: str = "zh",
        elder: bool = False,
        dpi: float = 96.0,
        speaker: Speaker | None = None,
        idle_ms: int | None = None,
        translators: Sequence[QTranslator] = (),
    ) -> None:
        super().__init__()
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.snap: Snapshot | None = None  # the controller's last read of the store
        self.online: bool | None = None  # None until the controller has said
        self.portrait = portrait
        self.start_lang, self.start_elder = lang, elder
        self.lang, self.dpi = lang, dpi
        self.theme = Theme(elder=elder, dpi=dpi)
        self.speaker = speaker
        self.idle_override = idle_ms
        self.translators = list(translators)
        self.texts = Texts(self)
        self.scanned = ""  # keystrokes of a keyboard-wedge scanner on the home page

        self.home = HomePage(self.theme, portrait)
        self.confirm = ConfirmPage(self.theme)
        self.message = MessagePage()
        self.offline = OfflinePage()
        self.checkin = EntryPage("checkin", keys=booking_keys(portrait))
        self.pin = EntryPage("pin", secret=True)
        self.stack = QStackedWidget()
        for page in (self.offline, self.home, self.confirm, self.message, self.checkin, self.pin):
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.idle = make_timer(self, 20000, self.go_home, single=True)
        self._watching = False  # the app-wide filter is on only while the idle timer runs

        self.home.service_chosen.connect(self._take)
        self.home.checkin_requested.connect(self.open_checkin)
        self.home.priority_requested.connect(self._ask_priority)
        self.home.language_toggled.connect(self.toggle_language)
        self.home.elder_toggled.connect(self.toggle_elder)
        self.home.department_opened.connect(lambda _c: self._say(self.tr("请选择办理事项")))
        self.confirm.done.connect(self.go_home)
        self.message.back.connect(self.go_home)
        self.checkin.submitted.connect(self.check_in_requested)
        self.checkin.back.connect(self.go_home)
        self.pin.submitted.connect(self.pin_entered)
        self.pin.back.connect(self.go_home)
        self.apply_theme()
        self.retranslate()

    # --- modes ----------------------------------------------------------------------------
    def apply_theme(self) -> None:
        self.setStyleSheet(self.theme.stylesheet())
        self.home.theme = self.confirm.theme = self.theme
        self.home.set_mode(self.theme, self.lang)

    def toggle_elder(self) -> None:
        self.theme = Theme(elder=not self.theme.elder, dpi=self.dpi)
        self.apply_theme()
        if self.theme.elder:
            self._say(self.tr("已开启长辈模式，请选择办理部门"))

    def toggle_language(self) -> None:
        self.set_language("en" if self.lang == "zh" else "zh")

    def set_language(self, lang: str) -> None:
        if lang == self.lang:
            return
        self.translators = switch_language(_app(), lang, ("kiosk",), self.translators)
        self.lang = lang
        self.retranslate()

    def retranslate(self) -> None:
        self.home.set_mode(self.theme, self.lang)
        self.confirm.retranslate()
        self.message.retranslate()
        self.offline.retranslate()
        for entry in (self.checkin, self.pin):
            entry.retranslate()
        self.checkin.set_texts(
            self.tr("预约签到"), self.tr("请扫描预约二维码，或输入预约码后按“确定”")
        )
        self.pin.set_texts(self.tr("绿色通道"), self.tr("请工作人员输入授权码"))

    def _say(self, text: str) -> None:
        if self.theme.elder and self.speaker is not None:
            self.speaker.say(text, self.lang)

    # --- pages ----------------------------------------------------------------------------
    def _show(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(page)
        if page is self.home:
            self.idle.stop()
            self._watch(False)
            self.setFocus()
        else:
            self._restart_idle()
            self._watch(True)
        if isinstance(page, EntryPage):
            page.field.setFocus()

    def _restart_idle(self) -> None:
        snap = self.snap
        seconds = snap.config.idle_seconds if snap else 20
        self.idle.start(self.idle_override if self.idle_override is not None else seconds * 1000)

    def go_home(self) -> None:
        """Back to the start for the next citizen: Chinese, normal mode, departments."""
        if self.online is False:
            self._show(self.offline)
            return
        self.home.set_priority(False)
        if self.theme.elder != self.start_elder:
            self.toggle_elder()
        self.set_language(self.start_lang)
        self.home.show_departments()
        self._show(self.home)

    def _watch(self, on: bool) -> None:
        """Any touch restarts the idle time; a filter sees every event of the app in Python,
        so it is off on the home page, where no idle timer runs and taps must be quick."""
        if on != self._watching:
            self._watching = on
            if on:
                _app().installEventFilter(self)
            else:
                _app().removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress)
            and self.idle.isActive()
        ):
            self._restart_idle()
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A keyboard-wedge scanner types the booking code and Enter on the home page."""
        if self.stack.currentWidget() is not self.home:
            super().keyPressEvent(event)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            code, self.scanned = self.scanned, ""
            self.check_in_requested.emit(code)
        elif event.text() and event.text().isprintable():
            self.scanned += event.text()

    # --- what the controller says ---------------------------------------------------------
    def show_snapshot(self, snap: Snapshot) -> None:
        self.snap = snap
        self.home.set_snapshot(snap)
        if self.stack.currentWidget() is self.offline:
            self._show(self.home)

    def show_online(self, up: bool) -> None:
        self.online = up
        if not up:
            self._show(self.offline)
        elif self.stack.currentWidget() is self.offline and self.snap is not None:
            self._show(self.home)

    def _take(self, service: str) -> None:
        self.issue_requested.emit(service, self.home.priority)

    def open_checkin(self) -> None:
        """The booking-code page (the home page's 预约签到 button)."""
        self._show(self.checkin)
        self._say(self.tr("请扫描预约二维码，或输入预约码"))

    def _ask_priority(self) -> None:
        snap = self.snap
        lane = snap.config.priority_lane if snap else "hidden"
        if lane == "open":
            self.home.set_priority(True)
        elif lane == "staff_pin":
            self._show(self.pin)

    def show_pin_checked(self, ok: bool, why: str) -> None:
        """The store checked the PIN (the kiosk never holds it)."""
        if ok:
            self.home.set_priority(True)
            self._show(self.home)
            return
        if why.startswith("locked:"):
            title = self.tr("错误次数过多，请{n}秒后再试").format(n=why.partition(":")[2])
        elif why == "offline":
            title = self.tr("暂时无法验证授权码")
        else:
            title = self.tr("授权码不正确")
        self.message.show_message(title, self.tr("请联系工作人员"))
        self._show(self.message)

    def show_issued(self, issued: Issued) -> None:
        snap = self.snap
        qr = None
        if snap and snap.printer.qr != "none":
            try:
                qr = ticket_qr(snap.printer, issued.ticket)
            except ValueError:
                qr = issued.ticket.code
        self.home.set_priority(False)
        self.confirm.show_ticket(issued, self.lang, qr)
        self._show(self.confirm)
        self._say(result_text(issued.ticket.code, issued.ticket.people_ahead, self.lang))

    def show_printed(self, result: PrintResult) -> None:
        self.confirm.show_print(result)

    def show_refused(self, reason: str, detail: str) -> None:
        booking = reason in ("unknown", "used", "cancelled", "expired", "early")
        title = self.tr("无法签到") if booking else self.tr("无法取号")
        self.message.show_message(title, self.texts.reason(reason))
        self._show(self.message)
        self._say(self.texts.reason(reason))
