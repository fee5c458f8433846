"""Wiring: `build(settings)` makes the store, printer, speaker, controller and window."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk.controller import KioskController
from kiosk.speech import Speaker
from kiosk.views.window import KioskWindow
from shared.qt.i18n import install_translators
from shared.services.printing import TicketPrinterPort
from shared.store.db import Store

PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)
CJK_FAMILIES = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei")


@dataclass
class KioskSettings:
    """How to start a kiosk. Tests pass their own store, printer and player."""

    db_url: str | None = None  # else $HALLQ_DB_URL, else the default store
    printer_url: str | None = None  # else this PC's (shared.config.local)
    lang: str = "zh"
    elder: bool = False
    portrait: bool = True
    fullscreen: bool = True
    feed: bool = True  # follow the change feed (off for a one-shot screenshot)
    speech: bool = True
    idle_ms: int | None = None  # else the hall's kiosk.idle_seconds
    probe_ms: int = 5000  # how often a faulty printer is asked again
    retry_ms: int = 2000  # how often an unreachable store is tried again
    refresh_ms: int = 500  # at most one re-read of the hall per this long (the feed's bursts)
    store: Store | None = None
    printer: TicketPrinterPort | None = None
    player: Any = None  # a shared.speech Player; default: the system's command player
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Kiosk:
    """A built kiosk: its parts, for `main()` and for tests."""

    window: KioskWindow
    controller: KioskController
    store: Store
    speaker: Speaker | None

    def close(self) -> None:
        self.controller.stop()
        if self.speaker is not None:
            self.speaker.jobs.wait()
        self.window.close()


def pick_font(app: QApplication) -> None:
    """A font with Chinese glyphs, when one is installed (else every character is a box)."""
    families = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in families:
            app.setFont(QFont(family))
            return


def build(settings: KioskSettings, app: QApplication | None = None) -> Kiosk:
    """Make a kiosk; nothing is read from the store until `start()` (on a worker)."""
    if app is None:
        current = QApplication.instance()
        if not isinstance(current, QApplication):
            raise RuntimeError("create the QApplication first")
        app = current
    pick_font(app)
    translators = install_translators(app, settings.lang, ("kiosk",))
    store = settings.store or Store(settings.db_url)
    controller = KioskController(
        store,
        printer=settings.printer,
        printer_url=settings.printer_url,
        probe_ms=settings.probe_ms,
        retry_ms=settings.retry_ms,
        refresh_ms=settings.refresh_ms,
    )
    speaker = None
    if settings.speech:
        from shared.speech import CommandPlayer

        speaker = Speaker(settings.player or CommandPlayer())
    screen = app.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen else 96.0
    window = KioskWindow(
        portrait=settings.portrait,
        lang=settings.lang,
        elder=settings.elder,
        dpi=dpi,
        speaker=speaker,
        idle_ms=settings.idle_ms,
        translators=translators,
    )
    window.resize(*(PORTRAIT if settings.portrait else LANDSCAPE))
    connect(window, controller)
    return Kiosk(window, controller, store, speaker)


def connect(window: KioskWindow, controller: KioskController) -> None:
    """The citizen's input to the controller; what the controller says to the window."""
    window.issue_requested.connect(
        lambda service, priority: controller.issue(service, priority=priority)
    )
    window.check_in_requested.connect(controller.check_in)
    window.pin_entered.connect(controller.check_pin)
    controller.snapshot.connect(window.show_snapshot)
    controller.online.connect(window.show_online)
    controller.pin_checked.connect(window.show_pin_checked)
    controller.issued.connect(window.show_issued)
    controller.refused.connect(window.show_refused)
    controller.printed.connect(window.show_printed)


def start(kiosk: Kiosk, settings: KioskSettings) -> None:
    """Show the window and start reading the store and the change feed."""
    if settings.fullscreen:
        kiosk.window.showFullScreen()
    else:
        kiosk.window.show()
    kiosk.controller.start(feed=settings.feed)
