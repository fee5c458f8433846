"""Build the display app from its options: store, settings, view, voice, screens, controller."""

from __future__ import annotations

import logging
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from display.board import BoardView
from display.controller import BoardController, JsonLog
from display.model import BoardFilter, BoardState
from display.screens import CounterScreens, build_screens
from display.texts import BoardTexts
from shared.config.local import devices_file, load_local_devices
from shared.services.board import BoardSettings, calls_of_day, load_board_settings
from shared.services.queries import hall_status
from shared.speech import Announcer, CommandPlayer, Player, WavFilePlayer, build_announcer
from shared.speech.callwav import build_engines
from shared.speech.settings import CHIME_PATH
from shared.speech.voice import ESPEAK
from shared.store.db import Store

log = logging.getLogger("hallq.display")


@dataclass(frozen=True)
class DisplayOptions:
    """How one board runs (the command line's options, typed)."""

    db: str | None = None
    hall: str | None = None
    display: str | None = None
    lang: str = "zh"
    voice: bool = True
    wav_dir: Path | None = None  # write announcements here instead of playing them
    screens: bool = False
    screens_port: str | None = None
    log_json: bool = False
    animate: bool = True


@dataclass
class DisplayApp:
    """Everything one running board holds; `stop()` releases it."""

    store: Store
    settings: BoardSettings
    view: BoardView
    controller: BoardController
    announcer: Announcer | None
    screens: CounterScreens | None

    def stop(self) -> None:
        self.controller.stop()
        self.store.dispose()


def build_announcer_for(
    settings: BoardSettings, player: Player, json_log: JsonLog | None, chime: Path = CHIME_PATH
) -> Announcer:
    """The hall's voice on its worker thread; `spoken` is logged when the chime starts.

    A call skipped (too late, backlog) is logged `skipped` with the reason; the board has
    shown and flashed it all the same.
    """
    engines = build_engines(settings.announce)
    if engines.names == ("espeak-ng",) and shutil.which(ESPEAK) is None:
        log.warning("espeak-ng is not installed: calls are shown but not spoken")
    zone = settings.zone
    return build_announcer(
        settings.announce,
        player,
        chime=chime if chime.exists() else None,
        clock=lambda: datetime.now(zone),
        engines=engines,
        on_started=json_log.spoken if json_log is not None else lambda _: None,
        on_dropped=json_log.skipped if json_log is not None else lambda *_: None,
    )


def build(
    options: DisplayOptions, *, store: Store | None = None, player: Player | None = None
) -> DisplayApp:
    """Wire one board; call `app.controller.start()` and show `app.view` to run it."""
    store = store or Store(options.db, hall=options.hall)
    settings = load_board_settings(store, options.display, lang=options.lang)
    texts = BoardTexts.build(options.lang)
    view = BoardView(settings, texts, animate=options.animate)
    json_log = JsonLog(sys.stdout) if options.log_json else None
    announcer = None
    if options.voice:
        chosen = player or (WavFilePlayer(options.wav_dir) if options.wav_dir else CommandPlayer())
        announcer = build_announcer_for(settings, chosen, json_log)
    screens = None
    if options.screens or options.screens_port:
        local = load_local_devices(ports={"screens": options.screens_port})
        mine = local.device("screens") or {}
        screens = build_screens(settings.screens, settings.screen_addresses, port=mine.get("port"))
        if screens is None:
            log.warning(
                "--screens given but this PC has no counter-screen port: give "
                "--screens-port, $HALLQ_SCREENS_PORT or screens in %s",
                devices_file(),
            )
        else:
            screens.start()
    controller = BoardController(
        store, settings, announcer=announcer, screens=screens, json_log=json_log
    )
    # The view only paints what the controller says.
    controller.state_changed.connect(view.show_state)
    controller.online_changed.connect(view.set_online)
    if json_log is not None:
        view.painted.connect(json_log.shown_all)
    return DisplayApp(store, settings, view, controller, announcer, screens)


def snapshot_state(store: Store, settings: BoardSettings) -> BoardState:
    """The board's state read once, synchronously (for a screenshot)."""
    state = BoardState(filter=BoardFilter.from_spec(settings.display))
    status = hall_status(store)
    state.start(status)
    state.load_history(
        e
        for e in calls_of_day(store, status.business_day, settings.timezone)
        if e.id <= status.last_event_id
    )
    return state
