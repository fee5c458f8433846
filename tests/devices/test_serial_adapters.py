"""hallq adapters: key frames become intents, pads give levels, screens get GB18030 text."""

from __future__ import annotations

import pytest

from shared.devices import intents as it
from shared.devices.adapters import build_registry
from shared.devices.errors import FrameError, UnknownAdapter
from shared.devices.frames import encode_frame
from shared.devices.hallq_adapters import HallqCounterScreen, HallqKeypad, HallqRatingPad
from shared.devices.hallq_protocol import (
    Key,
    encode_ack,
    encode_key,
    encode_rated,
    encode_rating_timed_out,
)
from shared.devices.rating_levels import RatingLevel, rating_labels


@pytest.mark.parametrize(
    ("key", "argument", "intent"),
    [
        (Key.CALL_NEXT, "", it.CallNext(3)),
        (Key.RECALL, "", it.Recall(3)),
        (Key.NO_SHOW, "", it.NoShow(3)),
        (Key.CALL_CHOSEN, "a012", it.CallChosen(3, "A012")),
        (Key.START, "", it.Start(3)),
        (Key.FINISH, "", it.Finish(3)),
        (Key.TRANSFER, "12", it.Transfer(3, "12")),
        (Key.TRANSFER, "B", it.Transfer(3, "B")),
        (Key.PAUSE, "", it.Pause(3)),
        (Key.RESUME, "", it.Resume(3)),
        (Key.HOLD, "", it.Hold(3)),
        (Key.RESTORE, "", it.Restore(3)),
        (Key.RESTORE, "A007", it.Restore(3, "A007")),
        (Key.CANCEL, "", it.Cancel(3)),
        (Key.STEP_AWAY, "", it.StepAway(3)),
        (Key.SHOW_WAITING, "", it.ShowWaiting(3)),
        (Key.ASK_RATING, "", it.AskRating(3)),
    ],
)
def test_every_key_becomes_its_intent(key: Key, argument: str, intent: it.KeypadIntent) -> None:
    assert HallqKeypad().feed(encode_key(3, key, argument)) == [intent]


def test_the_style_guide_example() -> None:
    # '3' XOR 'N' = 0x7D
    assert HallqKeypad().feed(b"\x023N7D\x03") == [it.CallNext(counter=3)]


def test_transfer_target_counter() -> None:
    assert it.Transfer(1, "12").target_counter == 12
    assert it.Transfer(1, "B").target_counter is None


def test_address_maps_to_counter_and_unknown_addresses_are_dropped() -> None:
    keypad = HallqKeypad(counters={1: 12, 2: 14})
    raw = encode_key(2, Key.CALL_NEXT) + encode_key(9, Key.CALL_NEXT) + encode_key(1, Key.PAUSE)
    assert keypad.feed(raw) == [it.CallNext(14), it.Pause(12)]
    assert keypad.adapter_stats.unknown_address == 1


@pytest.mark.parametrize(
    "raw",
    [
        encode_frame(3, "C"),  # call chosen without a code
        encode_frame(3, "C", b"A 12"),  # space in the code
        encode_frame(3, "N", b"junk"),  # argument on a key that takes none
        encode_frame(3, "C", "甲1".encode("gb18030")),  # not ASCII
    ],
)
def test_bad_key_payloads_are_dropped_and_counted(raw: bytes) -> None:
    keypad = HallqKeypad()
    assert keypad.feed(raw + encode_key(3, Key.FINISH)) == [it.Finish(3)]
    assert keypad.adapter_stats.bad_payload == 1


def test_keypad_ignores_host_frames_and_counts_acks() -> None:
    keypad = HallqKeypad()
    echoed = keypad.display(3, "12")  # a host frame coming back (e.g. on loop://)
    assert keypad.feed(echoed + encode_ack(3, "d")) == []
    assert keypad.stats.unknown_command == 1
    assert keypad.adapter_stats.acks == 1


def test_encode_key_refuses_bad_arguments() -> None:
    with pytest.raises(FrameError, match="takes no argument"):
        encode_key(1, Key.CALL_NEXT, "A1")
    with pytest.raises(FrameError, match="argument of key CALL_CHOSEN"):
        encode_key(1, Key.CALL_CHOSEN, "")


def test_rating_levels_are_worded_exactly() -> None:
    assert rating_labels() == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert [level.value for level in RatingLevel] == [1, 2, 3, 4, 5]
    assert RatingLevel(3).label == "基本满意"
    assert RatingLevel.from_label("不满意") is RatingLevel.DISSATISFIED
    assert [lv.counts_as_satisfied for lv in RatingLevel] == [True, True, True, False, False]
    assert [lv.is_bad for lv in RatingLevel] == [False, False, False, True, True]
    with pytest.raises(ValueError, match="很好"):
        RatingLevel.from_label("很好")


@pytest.mark.parametrize("level", list(RatingLevel))
def test_rating_pad_levels(level: RatingLevel) -> None:
    pad = HallqRatingPad(counters={7: 3})
    assert pad.feed(encode_rated(7, level, "A012")) == [it.Rated(3, level, "A012")]


def test_rating_pad_timeout_and_bad_levels() -> None:
    pad = HallqRatingPad()
    raw = (
        encode_frame(4, "V", b"6A012")
        + encode_frame(4, "V")
        + encode_rating_timed_out(4, "A012")
        + encode_rated(4, 1)
    )
    assert pad.feed(raw) == [it.RatingTimedOut(4, "A012"), it.Rated(4, RatingLevel(1), "")]
    assert pad.adapter_stats.bad_payload == 2


def test_rating_pad_request_frames() -> None:
    pad = HallqRatingPad()
    assert pad.ask_rating(2, "A012") == encode_frame(2, "r", b"A012")
    assert pad.cancel_rating(2) == encode_frame(2, "x")
    with pytest.raises(FrameError, match="ticket reference"):
        pad.ask_rating(2, "A 012")


def test_screen_text_is_gb18030() -> None:
    screen = HallqCounterScreen()
    assert screen.show(5, "暂停服务") == encode_frame(5, "s", "暂停服务".encode("gb18030"))
    assert screen.clear(5) == encode_frame(5, "c")
    assert screen.brightness(5, 16) == encode_frame(5, "b", b"16")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("A012\n", "control character"), ("𠀀", "two-byte"), ("\ud800", "cannot be encoded")],
)
def test_screen_refuses_text_it_cannot_show(text: str, fragment: str) -> None:
    with pytest.raises(FrameError, match=fragment):
        HallqCounterScreen().show(1, text)


def test_screen_refuses_bad_brightness() -> None:
    with pytest.raises(FrameError, match="brightness 0"):
        HallqCounterScreen().brightness(1, 0)


def test_registry_builds_hallq_and_names_unknown_types() -> None:
    registry = build_registry()
    assert isinstance(registry.keypad("hallq", {1: 3}), HallqKeypad)
    assert isinstance(registry.rating_pad("hallq"), HallqRatingPad)
    assert isinstance(registry.counter_screen("hallq"), HallqCounterScreen)
    with pytest.raises(UnknownAdapter, match="no keypad adapter named 'acme'; registered: hallq"):
        registry.keypad("acme")


def test_registry_accepts_a_vendor_adapter() -> None:
    registry = build_registry()

    class VendorKeypad(HallqKeypad):
        pass

    registry.keypads["vendor"] = VendorKeypad
    assert isinstance(registry.keypad("vendor"), VendorKeypad)
