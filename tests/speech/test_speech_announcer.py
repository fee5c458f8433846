"""The announcer: order, recall merging, backlog, quiet hours and a missing sound device."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from shared.config.spec import AnnounceSpec
from shared.speech import (
    Announcement,
    Announcer,
    AudioUnavailable,
    DropReason,
    SpeechError,
    VoiceCallRenderer,
    WavFilePlayer,
    build_announcer,
    in_quiet_hours,
)
from shared.speech.wavtools import read_wav

WAIT = 10.0


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class RecordingPlayer:
    """Stands in for the sound device: records each WAV, can hold the first one."""

    def __init__(self, *, hold_first: bool = False, fail: bool = False) -> None:
        self.played: list[int] = []  # sample counts of what it was asked to play
        self.playing = threading.Event()
        self.release = threading.Event()
        if not hold_first:
            self.release.set()
        self.fail = fail
        self.active = 0
        self.most_active = 0
        self._lock = threading.Lock()

    def play(self, wav_path: Path) -> None:
        with self._lock:
            self.active += 1
            self.most_active = max(self.most_active, self.active)
            self.played.append(len(read_wav(wav_path).samples))
        self.playing.set()
        try:
            assert self.release.wait(WAIT)
            if self.fail:
                raise AudioUnavailable("no sound card")
        finally:
            with self._lock:
                self.active -= 1


class Log:
    def __init__(self) -> None:
        self.started: list[Announcement] = []
        self.finished: list[Announcement] = []
        self.dropped: list[tuple[str, str, DropReason]] = []

    def kwargs(self) -> dict[str, object]:
        return {
            "on_started": self.started.append,
            "on_finished": self.finished.append,
            "on_dropped": lambda a, r: self.dropped.append((a.code, a.kind, r)),
        }


NOON = datetime(2026, 11, 30, 10, 0)


def make(player: RecordingPlayer, log: Log, clock: FakeClock, **options: object) -> Announcer:
    spec = AnnounceSpec(repeat=1)
    renderer = VoiceCallRenderer(spec, chime=None)
    return Announcer(renderer=renderer, player=player, clock=clock, **log.kwargs(), **options)  # type: ignore[arg-type]


def test_one_at_a_time_in_order(espeak: str) -> None:
    player, log = RecordingPlayer(hold_first=True), Log()
    with make(player, log, FakeClock(NOON), max_backlog=5) as announcer:
        for code in ("A001", "A002", "A003", "B001"):
            announcer.submit(code, 3)
        assert player.playing.wait(WAIT)
        assert len(log.finished) == 0  # submit() returned while the device was busy
        player.release.set()
        assert announcer.wait_idle(WAIT)
    assert [a.code for a in log.started] == ["A001", "A002", "A003", "B001"]
    assert [a.code for a in log.finished] == ["A001", "A002", "A003", "B001"]
    assert player.most_active == 1 and len(player.played) == 4
    assert all(samples > 22050 for samples in player.played)


def test_recall_replaces_its_waiting_duplicate(espeak: str) -> None:
    player, log = RecordingPlayer(hold_first=True), Log()
    with make(player, log, FakeClock(NOON)) as announcer:
        announcer.submit("A001", 1)
        assert player.playing.wait(WAIT)
        announcer.submit("A002", 2, event_id="e2")
        announcer.submit("A003", 3)
        announcer.submit("A002", 2, "recall", event_id="e4")
        announcer.submit("A001", 1, "recall")  # A001 is playing, not waiting: queued
        assert [(a.code, a.event_id) for a in announcer.waiting()] == [
            ("A002", "e4"),
            ("A003", ""),
            ("A001", ""),
        ]
        player.release.set()
        assert announcer.wait_idle(WAIT)
    assert log.dropped == [("A002", "call", DropReason.REPLACED)]
    assert [(a.code, a.kind) for a in log.started] == [
        ("A001", "call"),
        ("A002", "recall"),
        ("A003", "call"),
        ("A001", "recall"),
    ]


def test_backlog_drops_the_oldest(espeak: str, caplog: pytest.LogCaptureFixture) -> None:
    player, log = RecordingPlayer(hold_first=True), Log()
    caplog.set_level(logging.INFO, logger="hallq.speech")
    with make(player, log, FakeClock(NOON), max_backlog=3) as announcer:
        announcer.submit("A001", 1)
        assert player.playing.wait(WAIT)
        for number in range(2, 7):
            announcer.submit(f"A00{number}", 1)
        player.release.set()
        assert announcer.wait_idle(WAIT)
    assert log.dropped == [
        ("A002", "call", DropReason.BACKLOG),
        ("A003", "call", DropReason.BACKLOG),
    ]
    assert [a.code for a in log.started] == ["A001", "A004", "A005", "A006"]
    assert "A002 for counter 1 dropped: backlog" in caplog.text


def test_stale_announcements_are_not_read_late(espeak: str) -> None:
    player, log, clock = RecordingPlayer(hold_first=True), Log(), FakeClock(NOON)
    with make(player, log, clock, max_age_s=60) as announcer:
        announcer.submit("A001", 1)
        assert player.playing.wait(WAIT)
        announcer.submit("A002", 2)
        clock.now = NOON + timedelta(seconds=30)
        announcer.submit("A003", 3)
        clock.now = NOON + timedelta(seconds=61)
        player.release.set()
        assert announcer.wait_idle(WAIT)
    assert log.dropped == [("A002", "call", DropReason.STALE)]
    assert [a.code for a in log.started] == ["A001", "A003"]


def test_quiet_hours_report_without_sound(espeak: str) -> None:
    player, log, clock = RecordingPlayer(), Log(), FakeClock(datetime(2026, 11, 30, 12, 30))
    quiet = ((time(12, 0), time(13, 30)),)
    with make(player, log, clock, quiet_hours=quiet) as announcer:
        announcer.submit("A001", 1)
        assert announcer.wait_idle(WAIT)
        clock.now = datetime(2026, 11, 30, 13, 30)
        announcer.submit("A002", 1)
        assert announcer.wait_idle(WAIT)
    assert [(a.code, a.silenced) for a in log.started] == [("A001", True), ("A002", False)]
    assert [(a.code, a.silenced) for a in log.finished] == [("A001", True), ("A002", False)]
    assert len(player.played) == 1


def test_quiet_hours_may_cross_midnight() -> None:
    night = ((time(22, 0), time(7, 0)),)
    assert in_quiet_hours(time(23, 0), night) and in_quiet_hours(time(6, 59), night)
    assert not in_quiet_hours(time(7, 0), night) and not in_quiet_hours(time(12, 0), night)


def test_no_audio_device_is_logged_once_and_calls_go_on(
    espeak: str, caplog: pytest.LogCaptureFixture
) -> None:
    player, log = RecordingPlayer(fail=True), Log()
    with make(player, log, FakeClock(NOON)) as announcer:
        for code in ("A001", "A002", "A003"):
            announcer.submit(code, 1)
            assert announcer.wait_idle(WAIT)
    assert [a.code for a in log.started] == ["A001", "A002", "A003"]
    assert all(a.no_audio for a in log.finished) and len(log.finished) == 3
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "no sound card" in warnings[0].getMessage()


def test_close_stops_the_worker_and_drops_waiting(espeak: str) -> None:
    player, log = RecordingPlayer(hold_first=True), Log()
    announcer = make(player, log, FakeClock(NOON))
    announcer.submit("A001", 1)
    assert player.playing.wait(WAIT)
    announcer.submit("A002", 1)
    player.release.set()
    announcer.close()
    assert not announcer._thread.is_alive()
    assert ("A002", "call", DropReason.CLOSED) in log.dropped
    with pytest.raises(SpeechError, match="closed"):
        announcer.submit("A003", 1)


def test_bad_code_is_dropped_as_failed(espeak: str) -> None:
    player, log = RecordingPlayer(), Log()
    with make(player, log, FakeClock(NOON)) as announcer:
        announcer.submit("A-1", 1)
        announcer.submit("A002", 1)
        assert announcer.wait_idle(WAIT)
    assert log.dropped == [("A-1", "call", DropReason.FAILED)]
    assert [a.code for a in log.finished] == ["A002"]


def test_wav_folder_gets_chime_and_repeated_speech(
    tmp_path: Path, espeak: str, chime: Path
) -> None:
    player = WavFilePlayer(tmp_path / "out")
    spec = AnnounceSpec(repeat=2, languages=("zh", "en"))
    with build_announcer(spec, player, chime=chime) as announcer:
        announcer.submit("A012", 3)
        assert announcer.wait_idle(WAIT)
    # The first round opens with the chime; the repeat is its own WAV, played after it
    # unless another call waits by then.
    first, repeat = player.played
    pcm, chime_pcm = read_wav(first), read_wav(chime)
    assert pcm.samples[: len(chime_pcm.samples)] == chime_pcm.samples
    assert pcm.seconds > 0.8 + 2.0 + 2.0  # a Chinese and an English sentence
    assert read_wav(repeat).seconds > 0.5 + 2.0 + 2.0


def test_the_script_says_english_once_and_a_shorter_repeat() -> None:
    from shared.speech.text import call_script

    spec = AnnounceSpec(
        languages=("zh", "en"),
        repeat=2,
        english_once=True,
        template_zh_repeat="{code}号到{counter}号窗口",
    )
    full = [s.text for s in call_script(spec, "A012", 3)]
    assert full == [
        "请A零一二号到三号窗口办理",
        "Number A- zero one two, please go to counter 3",
        "A零一二号到三号窗口",
    ]
    assert [s.text for s in call_script(spec, "A012", 3, once=True)] == full[:2]
    recall = [s.text for s in call_script(spec, "A012", 3, recall=True)]
    assert recall == [
        "重复呼叫，请A零一二号到三号窗口办理",
        "Repeat call, Number A- zero one two, please go to counter 3",
        "A零一二号到三号窗口",
    ]
    both = AnnounceSpec(languages=("zh", "en"), repeat=3)
    assert [s.lang for s in call_script(both, "A012", 3)] == ["zh", "en"] * 3


def timely(player: RecordingPlayer, log: Log, clock: FakeClock, **options: object) -> Announcer:
    spec = AnnounceSpec(repeat=2, shorten_after_s=10, skip_after_s=30)
    callbacks = {**log.kwargs(), **options}
    return build_announcer(
        spec,
        player,
        chime=None,
        clock=clock,  # type: ignore[arg-type]
        max_backlog=5,
        **callbacks,
    )  # type: ignore[arg-type]


def test_calls_with_others_waiting_behind_are_said_shorter(espeak: str) -> None:
    player, log = RecordingPlayer(hold_first=True), Log()
    spec = AnnounceSpec(languages=("zh", "en"), repeat=2, shorten_after_s=10, skip_after_s=30)
    with build_announcer(
        spec,
        player,
        chime=None,
        clock=FakeClock(NOON),  # type: ignore[arg-type]
        max_backlog=5,
        **log.kwargs(),
    ) as announcer:  # type: ignore[arg-type]
        announcer.submit("A001", 3)
        assert player.playing.wait(WAIT)
        for code in ("A002", "A003", "A004"):
            announcer.submit(code, 3)
        player.release.set()
        assert announcer.wait_idle(WAIT)
    assert [(a.code, a.form, a.why_once) for a in log.started] == [
        ("A001", "full", ""),
        ("A002", "brief", "waiting"),
        ("A003", "once", "waiting"),
        ("A004", "full", ""),
    ]
    # A001's repeat gave way to the calls that came while it was said.
    first_done = log.finished[0]
    assert (first_done.code, first_done.form, first_done.why_once) == ("A001", "once", "waiting")
    first, brief, once, last, last_repeat = player.played
    # zh + en; zh only; zh + en; zh + en and, nothing waiting any more, its repeat.
    assert brief < 0.6 * once and abs(first - once) < 0.1 * once
    assert abs(last - once) < 0.1 * once and last_repeat > 0.8 * once


def test_a_late_call_is_said_once_then_skipped_never_lost(espeak: str) -> None:
    player, log, clock = RecordingPlayer(hold_first=True), Log(), FakeClock(NOON)
    skipped: list[tuple[str, DropReason, float]] = []
    with timely(
        player, log, clock, on_dropped=lambda a, r: skipped.append((a.code, r, a.late_s))
    ) as announcer:
        announcer.submit("A001", 1)
        assert player.playing.wait(WAIT)
        announcer.submit("A002", 2, at=NOON - timedelta(seconds=31))
        announcer.submit("A003", 3, at=NOON - timedelta(seconds=12))
        player.release.set()
        assert announcer.wait_idle(WAIT)
    assert skipped == [("A002", DropReason.STALE, 31.0)]
    assert [(a.code, a.form, a.why_once, a.late_s) for a in log.started] == [
        ("A001", "full", "", 0.0),
        ("A003", "brief", "late", 12.0),
    ]
