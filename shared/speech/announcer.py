"""The hall's voice: announcements one at a time, in order, on a worker thread."""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from shared.config.spec import AnnounceSpec, Period

from .callwav import render_parts, render_script
from .engines import EngineChain, EspeakEngine
from .errors import AudioUnavailable, SpeechError, VoiceUnavailable
from .players import Player
from .text import ENGLISH_VOICE, Sentence, announcement_sentences, call_script
from .voice import ESPEAK

log = logging.getLogger("hallq.speech")


class AnnouncementKind(StrEnum):
    CALL = "call"
    RECALL = "recall"


class SpokenForm(StrEnum):
    FULL = "full"  # every round the hall asks for
    ONCE = "once"  # one round, every language: one other call waits behind it
    BRIEF = "brief"  # once, first language, shorter repeat template: late, or 2+ waiting


class DropReason(StrEnum):
    BACKLOG = "backlog"  # too many waiting: the oldest goes
    STALE = "stale"  # its speech would start later than max_age_s (skip_after_s)
    REPLACED = "replaced"  # a recall of the same code took its place
    CLOSED = "closed"  # the announcer stopped first
    FAILED = "failed"  # it could not be rendered (bad code, broken template): see the log


@dataclass(frozen=True)
class Announcement:
    """One call or recall to be spoken."""

    code: str
    counter: int
    kind: AnnouncementKind
    event_id: str
    at: datetime
    silenced: bool = False  # quiet hours: reported as spoken, nothing played
    no_audio: bool = False  # the sound device (or voice) failed: nothing was heard
    form: SpokenForm = SpokenForm.FULL
    late_s: float = 0.0  # from the call to the start of its speech
    why_once: str = ""  # why it was shortened: "waiting" or "late"


class CallRenderer(Protocol):
    """Turns an announcement into the WAV to play."""

    def render(self, announcement: Announcement, path: Path) -> Path:
        """Write the announcement's WAV to path and return it."""


class VoiceCallRenderer:
    """Renders chime + the call's script with the hall's engines (espeak-ng when none given)."""

    def __init__(
        self,
        spec: AnnounceSpec,
        *,
        chime: Path | None,
        english_voice: str = ENGLISH_VOICE,
        espeak: str = ESPEAK,
        engines: EngineChain | None = None,
    ) -> None:
        self.spec = spec
        self.chime = chime
        self.english_voice = english_voice
        self.engines = engines or EngineChain([EspeakEngine(espeak)])

    def render_rounds(self, announcement: Announcement, path: Path) -> list[Path]:
        """The first round (with the chime) in path, the later rounds in a second file."""
        script = self._script(announcement)
        if announcement.form is not SpokenForm.FULL or self.spec.repeat < 2:
            return [self.render(announcement, path)]
        first = len(
            call_script(
                self.spec,
                announcement.code,
                announcement.counter,
                recall=announcement.kind is AnnouncementKind.RECALL,
                once=True,
                english_voice=self.english_voice,
            )
        )
        later = path.with_name(path.stem + "-repeat.wav")
        return render_parts(
            [script[:first], script[first:]],
            [path, later],
            engines=self.engines,
            rate=self.spec.rate,
            volume=self.spec.volume,
            chime=self.chime,
        )

    def _script(self, announcement: Announcement) -> list[Sentence]:
        script = call_script(
            self.spec,
            announcement.code,
            announcement.counter,
            recall=announcement.kind is AnnouncementKind.RECALL,
            once=announcement.form is not SpokenForm.FULL,
            english_voice=self.english_voice,
        )
        if announcement.form is SpokenForm.BRIEF:
            # The hall's first language only, in the shorter form of its repeat round.
            script = announcement_sentences(
                self.spec,
                announcement.code,
                announcement.counter,
                english_voice=self.english_voice,
                repeat_round=True,
                recall=announcement.kind is AnnouncementKind.RECALL,
            )[:1]
        return script

    def render(self, announcement: Announcement, path: Path) -> Path:
        """Write chime + sentences to path."""
        return render_script(
            self._script(announcement),
            path,
            engines=self.engines,
            rate=self.spec.rate,
            volume=self.spec.volume,
            chime=self.chime,
        )


def in_quiet_hours(moment: time, quiet_hours: tuple[Period, ...]) -> bool:
    """Whether a local time falls in one of the [start, end) periods (may cross midnight)."""
    for start, end in quiet_hours:
        if start <= end:
            if start <= moment < end:
                return True
        elif moment >= start or moment < end:
            return True
    return False


Callback = Callable[[Announcement], None]
DropCallback = Callable[[Announcement, DropReason], None]


def _ignore(*_: object) -> None:
    return None


class Announcer:
    """Speaks announcements one at a time on its own thread; submit() never blocks.

    on_started/on_finished run on the worker thread; on_dropped runs on the thread
    that caused the drop (the submitter for backlog/replaced, the worker otherwise).
    """

    def __init__(
        self,
        *,
        renderer: CallRenderer,
        player: Player,
        quiet_hours: tuple[Period, ...] = AnnounceSpec.quiet_hours,
        clock: Callable[[], datetime] = datetime.now,
        max_backlog: int = 3,
        max_age_s: float = 60.0,
        shorten_after_s: float | None = None,
        shorten_when_waiting: bool = False,
        on_started: Callback = _ignore,
        on_finished: Callback = _ignore,
        on_dropped: DropCallback = _ignore,
    ) -> None:
        if max_backlog < 1:
            raise ValueError(f"max_backlog {max_backlog} must be at least 1")
        if max_age_s <= 0:
            raise ValueError(f"max_age_s {max_age_s} must be positive")
        self._renderer, self._player = renderer, player
        self._quiet_hours, self._clock = quiet_hours, clock
        self._max_backlog, self._max_age_s = max_backlog, max_age_s
        self._shorten_after_s, self._shorten_when_waiting = shorten_after_s, shorten_when_waiting
        self._on_started, self._on_finished = on_started, on_finished
        self._on_dropped = on_dropped
        self._waiting: deque[Announcement] = deque()
        self._busy = False
        self._closed = False
        self._cond = threading.Condition()
        self._audio_failing = False
        self._rendered = 0
        self._work = Path(tempfile.mkdtemp(prefix="hallq-announce-"))
        self._thread = threading.Thread(target=self._run, name="hallq-announcer", daemon=True)
        self._thread.start()

    def submit(
        self,
        code: str,
        counter: int,
        kind: AnnouncementKind | str = AnnouncementKind.CALL,
        *,
        event_id: str = "",
        at: datetime | None = None,
    ) -> Announcement:
        """Queue an announcement and return at once."""
        announcement = Announcement(
            code, counter, AnnouncementKind(kind), event_id, at or self._clock()
        )
        dropped: list[tuple[Announcement, DropReason]] = []
        with self._cond:
            if self._closed:
                raise SpeechError("the announcer is closed: no more announcements")
            self._enqueue(announcement, dropped)
            self._cond.notify_all()
        for old, reason in dropped:
            self._drop(old, reason)
        return announcement

    def _enqueue(self, item: Announcement, dropped: list[tuple[Announcement, DropReason]]) -> None:
        if item.kind is AnnouncementKind.RECALL:
            for index, waiting in enumerate(self._waiting):
                if waiting.code == item.code:
                    # The duplicate keeps its place in line; the newer event speaks.
                    self._waiting[index] = item
                    dropped.append((waiting, DropReason.REPLACED))
                    return
        self._waiting.append(item)
        while len(self._waiting) > self._max_backlog:
            dropped.append((self._waiting.popleft(), DropReason.BACKLOG))

    def waiting(self) -> list[Announcement]:
        """The announcements waiting to be spoken, oldest first."""
        with self._cond:
            return list(self._waiting)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing waits or plays; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._waiting and not self._busy, timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Stop after the announcement being played; waiting ones are dropped."""
        with self._cond:
            self._closed = True
            left = list(self._waiting)
            self._waiting.clear()
            self._cond.notify_all()
        for item in left:
            self._drop(item, DropReason.CLOSED)
        self._thread.join(timeout)
        shutil.rmtree(self._work, ignore_errors=True)

    def __enter__(self) -> Announcer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _drop(self, item: Announcement, reason: DropReason) -> None:
        log.info("announcement %s for counter %s dropped: %s", item.code, item.counter, reason)
        self._callback(self._on_dropped, item, reason)

    def _callback(self, callback: Callable[..., None], *args: object) -> None:
        try:
            callback(*args)
        except Exception:  # a broken listener must not silence the hall
            log.exception("announcer callback %r failed", callback)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._busy = False
                self._cond.notify_all()
                self._cond.wait_for(lambda: self._waiting or self._closed)
                if self._closed:
                    return
                item = self._waiting.popleft()
                behind = len(self._waiting)
                self._busy = True
            try:
                self._speak(item, behind)
            except Exception:  # keep the worker alive whatever one announcement does
                log.exception("announcement %s failed", item.code)
                self._drop(item, DropReason.FAILED)

    def _speak(self, item: Announcement, behind: int = 0) -> None:
        now = self._clock()
        age = (now - item.at).total_seconds()
        if age > self._max_age_s:
            self._drop(replace(item, late_s=age), DropReason.STALE)
            return
        item = replace(item, late_s=max(0.0, age))
        if self._shorten_after_s is not None and age > self._shorten_after_s:
            item = replace(item, form=SpokenForm.BRIEF, why_once="late")
        elif self._shorten_when_waiting and behind:
            form = SpokenForm.BRIEF if behind >= 2 else SpokenForm.ONCE
            item = replace(item, form=form, why_once="waiting")
        if in_quiet_hours(now.time(), self._quiet_hours):
            item = replace(item, silenced=True)
            self._callback(self._on_started, item)
            self._callback(self._on_finished, item)
            return
        self._rendered += 1
        path = self._work / f"{self._rendered:06d}.wav"
        paths = [path]
        started = False
        try:
            rounds = getattr(self._renderer, "render_rounds", None)
            if rounds is not None and self._shorten_when_waiting:
                paths = rounds(item, path)
            else:
                self._renderer.render(item, path)
            started = True
            self._callback(self._on_started, item)
            for index, part in enumerate(paths):
                if index and self.waiting():
                    # A call waits: this one was said in full once; its repeat gives way.
                    item = replace(item, form=SpokenForm.ONCE, why_once="waiting")
                    break
                self._player.play(part)
            if self._audio_failing:
                log.info("audio is back: announcements are heard again")
                self._audio_failing = False
        except (AudioUnavailable, VoiceUnavailable) as error:
            if not started:  # the voice failed: playback "would start" now
                self._callback(self._on_started, item)
            if not self._audio_failing:
                log.warning("announcements are not heard: %s", error)
                self._audio_failing = True
            item = replace(item, no_audio=True)
        finally:
            for part in paths:
                part.unlink(missing_ok=True)
        self._callback(self._on_finished, item)


def build_announcer(
    spec: AnnounceSpec,
    player: Player,
    *,
    chime: Path | None,
    clock: Callable[[], datetime] = datetime.now,
    max_backlog: int = 3,
    max_age_s: float | None = None,
    engines: EngineChain | None = None,
    renderer: CallRenderer | None = None,
    on_started: Callback = _ignore,
    on_finished: Callback = _ignore,
    on_dropped: DropCallback = _ignore,
) -> Announcer:
    """An Announcer speaking with the given engines (espeak-ng if none) as the hall says.

    A call with one waiting behind it is said once; with two or more, or later than the
    hall's shorten_after_s, once in the first language only; later than skip_after_s (or
    max_age_s) it is skipped and reported.
    """
    return Announcer(
        renderer=renderer or VoiceCallRenderer(spec, chime=chime, engines=engines),
        player=player,
        quiet_hours=spec.quiet_hours,
        clock=clock,
        max_backlog=max_backlog,
        max_age_s=spec.skip_after_s if max_age_s is None else max_age_s,
        shorten_after_s=spec.shorten_after_s,
        shorten_when_waiting=spec.shorten_when_waiting,
        on_started=on_started,
        on_finished=on_finished,
        on_dropped=on_dropped,
    )
