"""hallq's command set: the letters of each device and the encoders for every frame.

Upper-case letters travel device -> host, lower-case host -> device; the table is
in docs/serial-protocol.md.
"""

from __future__ import annotations

import re
from enum import StrEnum

from shared.devices.errors import FrameError
from shared.devices.frames import encode_frame
from shared.devices.rating_levels import RatingLevel

TEXT_ENCODING = "gb18030"
MIN_BRIGHTNESS = 1
MAX_BRIGHTNESS = 16
# Ticket codes, transfer targets and ticket references: short, ASCII, no spaces.
_REFERENCE = re.compile(r"[0-9A-Za-z_-]{1,20}")


class Key(StrEnum):
    """Keypad -> host: the key the clerk pressed."""

    CALL_NEXT = "N"
    RECALL = "R"
    NO_SHOW = "S"
    CALL_CHOSEN = "C"  # payload: ticket code
    START = "B"
    FINISH = "F"
    TRANSFER = "T"  # payload: target counter (digits) or service (letters)
    PAUSE = "P"
    RESUME = "U"
    HOLD = "H"
    RESTORE = "G"  # payload: ticket code, or empty for the last held
    CANCEL = "X"
    STEP_AWAY = "L"
    SHOW_WAITING = "W"
    ASK_RATING = "E"


class PadReply(StrEnum):
    """Rating pad -> host."""

    RATED = "V"  # payload: level digit 1..5, then the ticket reference
    TIMED_OUT = "O"  # payload: the ticket reference


ACK = "A"  # any device -> host; payload: the command letter it confirms


class HostCommand(StrEnum):
    """Host -> device."""

    KEYPAD_DISPLAY = "d"  # payload: text
    ASK_RATING = "r"  # payload: ticket reference
    CANCEL_RATING = "x"
    SCREEN_SHOW = "s"  # payload: text
    SCREEN_CLEAR = "c"
    SCREEN_BRIGHTNESS = "b"  # payload: 1..16 in decimal ASCII


KEYS_WITH_ARGUMENT = frozenset({Key.CALL_CHOSEN, Key.TRANSFER, Key.RESTORE})
FROM_KEYPAD = frozenset({*(k.value for k in Key), ACK})
FROM_RATING_PAD = frozenset({*(r.value for r in PadReply), ACK})
FROM_SCREEN = frozenset({ACK})


def encode_text(text: str, *, what: str) -> bytes:
    """Screen/keypad text as GB18030, two-byte part only; FrameError names the problem."""
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        raise FrameError(f"{what} text {text!r} holds a control character")
    out = bytearray()
    for ch in text:
        try:
            encoded = ch.encode(TEXT_ENCODING)
        except UnicodeEncodeError as exc:
            raise FrameError(f"{what} text {text!r}: {ch!r} cannot be encoded") from exc
        # LED and keypad fonts hold only GB2312/GBK glyphs: the four-byte part of
        # GB18030 would show as garbage, so refuse it here with a clear message.
        if len(encoded) > 2:
            raise FrameError(
                f"{what} text {text!r}: {ch!r} is outside the two-byte GB18030 set "
                "that device fonts hold"
            )
        out += encoded
    return bytes(out)


def decode_text(payload: bytes) -> str:
    """Text from a payload (GB18030), never raising: bad bytes become U+FFFD."""
    return payload.decode(TEXT_ENCODING, errors="replace")


def check_reference(value: str, *, what: str) -> str:
    """`value` if it is a valid ticket code/reference; FrameError otherwise."""
    if not _REFERENCE.fullmatch(value):
        raise FrameError(f"{what} {value!r} must be 1 to 20 ASCII letters, digits, '-' or '_'")
    return value


def encode_key(address: int, key: Key, argument: str = "") -> bytes:
    """Keypad -> host key frame (what a keypad sends; used by simulators and tests)."""
    if argument and key not in KEYS_WITH_ARGUMENT:
        raise FrameError(f"key {key.name} takes no argument, got {argument!r}")
    if key in (Key.CALL_CHOSEN, Key.TRANSFER) or argument:
        check_reference(argument, what=f"argument of key {key.name}")
    return encode_frame(address, key.value, argument.encode("ascii"))


def encode_rated(address: int, level: RatingLevel | int, ticket: str = "") -> bytes:
    """Rating pad -> host: the chosen level, echoing the ticket reference."""
    level = RatingLevel(level)
    if ticket:
        check_reference(ticket, what="ticket reference")
    return encode_frame(address, PadReply.RATED.value, b"%d" % level + ticket.encode("ascii"))


def encode_rating_timed_out(address: int, ticket: str = "") -> bytes:
    """Rating pad -> host: nobody rated before the pad's timeout."""
    if ticket:
        check_reference(ticket, what="ticket reference")
    return encode_frame(address, PadReply.TIMED_OUT.value, ticket.encode("ascii"))


def encode_ack(address: int, command: str) -> bytes:
    """Device -> host: confirms the host command `command`."""
    return encode_frame(address, ACK, command.encode("ascii"))


def encode_keypad_display(address: int, text: str) -> bytes:
    """Host -> keypad: show `text` (a code, a waiting count) on the keypad's display."""
    return encode_frame(
        address, HostCommand.KEYPAD_DISPLAY.value, encode_text(text, what="keypad display")
    )


def encode_ask_rating(address: int, ticket: str) -> bytes:
    """Host -> rating pad: ask for a rating of the case of `ticket`."""
    check_reference(ticket, what="ticket reference")
    return encode_frame(address, HostCommand.ASK_RATING.value, ticket.encode("ascii"))


def encode_cancel_rating(address: int) -> bytes:
    """Host -> rating pad: withdraw the request and go back to idle."""
    return encode_frame(address, HostCommand.CANCEL_RATING.value)


def encode_screen_show(address: int, text: str) -> bytes:
    """Host -> counter screen: show `text` (e.g. A012 or 暂停服务)."""
    return encode_frame(
        address, HostCommand.SCREEN_SHOW.value, encode_text(text, what="counter screen")
    )


def encode_screen_clear(address: int) -> bytes:
    """Host -> counter screen: blank the screen."""
    return encode_frame(address, HostCommand.SCREEN_CLEAR.value)


def encode_screen_brightness(address: int, level: int) -> bytes:
    """Host -> counter screen: brightness 1 (dimmest) .. 16 (brightest)."""
    if not MIN_BRIGHTNESS <= level <= MAX_BRIGHTNESS:
        raise FrameError(f"brightness {level} is out of range {MIN_BRIGHTNESS}..{MAX_BRIGHTNESS}")
    return encode_frame(address, HostCommand.SCREEN_BRIGHTNESS.value, b"%d" % level)
