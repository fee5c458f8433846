"""hallq frames: known bytes, round trips, resync after garbage, rejections counted."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.devices.errors import FrameError
from shared.devices.frames import (
    ETX,
    MAX_ADDRESS,
    MAX_PAYLOAD,
    STX,
    Frame,
    FrameDecoder,
    checksum,
    encode_frame,
)

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
KNOWN = frozenset("NRSCBFTPUHGXLWEVOA")

addresses = st.integers(0, MAX_ADDRESS)
payloads = st.binary(max_size=MAX_PAYLOAD).map(lambda b: bytes(x for x in b if x >= 0x20))
frames = st.builds(Frame, addresses, st.sampled_from(sorted(KNOWN)), payloads)


def test_known_bytes_of_call_next_at_address_1() -> None:
    # '1' (0x31) XOR 'N' (0x4E) = 0x7F: the example worked in docs/serial-protocol.md
    assert encode_frame(1, "N") == b"\x021N7F\x03"
    assert checksum(b"1N") == b"7F"


def test_known_bytes_with_payload() -> None:
    body = b"3CA012"
    expected = 0
    for byte in body:
        expected ^= byte
    assert encode_frame(3, "C", b"A012") == b"\x02" + body + b"%02X" % expected + b"\x03"


@pytest.mark.parametrize(
    ("address", "command", "payload", "fragment"),
    [
        (-1, "N", b"", "address -1"),
        (MAX_ADDRESS + 1, "N", b"", f"address {MAX_ADDRESS + 1}"),
        (1, "NN", b"", "one ASCII letter"),
        (1, "1", b"", "one ASCII letter"),
        (1, "s", b"x" * (MAX_PAYLOAD + 1), f"at most {MAX_PAYLOAD}"),
        (1, "s", b"A\x03B", "control byte 0x03"),
    ],
)
def test_encode_rejects_bad_values(
    address: int, command: str, payload: bytes, fragment: str
) -> None:
    with pytest.raises(FrameError, match=fragment):
        encode_frame(address, command, payload)


@given(frames)
def test_round_trip(frame: Frame) -> None:
    decoder = FrameDecoder(KNOWN)
    assert decoder.feed(encode_frame(frame.address, frame.command, frame.payload)) == [frame]
    assert decoder.stats.frames == 1
    assert decoder.stats.rejected == 0


def _corrupt(frame: Frame, how: int) -> bytes:
    """A complete frame (ends with ETX) that the decoder must refuse."""
    good = encode_frame(frame.address, frame.command, frame.payload)
    if how == 0:  # checksum changed to a different valid-looking one
        wrong = b"%02X" % (int(good[-3:-1], 16) ^ 0x5A)
        return good[:-3] + wrong + bytes([ETX])
    if how == 1:  # unknown command with a correct checksum
        return encode_frame(frame.address, "q", frame.payload)
    if how == 2:  # oversize
        return bytes([STX]) + b"1s" + b"x" * (MAX_PAYLOAD + 10) + b"00" + bytes([ETX])
    return bytes([STX, ETX])  # empty


noise = st.binary(max_size=20).map(lambda b: bytes(x for x in b if x != STX))
truncated = st.binary(max_size=20).map(lambda b: bytes([STX]) + bytes(x for x in b if x > ETX))


@st.composite
def streams(draw: st.DrawFn) -> tuple[list[Frame], bytes, int]:
    """Valid frames with noise, truncated and corrupt frames in between."""
    wanted = draw(st.lists(frames, max_size=12))
    out = bytearray()
    corrupt = 0
    for frame in wanted:
        out += draw(noise)
        if draw(st.booleans()):
            out += _corrupt(frame, draw(st.integers(0, 3)))
            corrupt += 1
        out += draw(noise)
        # A truncated frame ends where the next STX begins: put one right before.
        if draw(st.booleans()):
            out += draw(truncated)
        out += encode_frame(frame.address, frame.command, frame.payload)
    out += draw(noise)
    return wanted, bytes(out), corrupt


@settings(max_examples=300)
@given(streams(), st.data())
def test_random_chunks_with_garbage_yield_each_valid_frame_once(
    stream: tuple[list[Frame], bytes, int], data: st.DataObject
) -> None:
    wanted, raw, corrupt = stream
    cuts = sorted(data.draw(st.lists(st.integers(0, len(raw)), max_size=15)))
    chunks = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
    decoder = FrameDecoder(KNOWN)
    got = [frame for chunk in chunks for frame in decoder.feed(chunk)]
    assert got == wanted
    assert decoder.stats.frames == len(wanted)
    assert decoder.stats.rejected >= corrupt


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"\x021N00\x03", "bad_checksum"),
        (b"\x021N7f\x03", "bad_checksum"),  # checksum must be upper-case hex
        (b"\x021N7F", "truncated"),  # no ETX: the next frame's STX ends it
        (b"\x021s" + b"x" * (MAX_PAYLOAD + 3) + b"00\x03", "oversize"),
        (encode_frame(1, "q"), "unknown_command"),
        (b"\x021\x03", "malformed"),
        (b"\x02\x2fN00\x03", "malformed"),  # address byte below the offset
        (b"\x021N\x0117F\x03", "malformed"),  # control byte inside
    ],
)
def test_malformed_frames_are_ignored_and_counted(raw: bytes, kind: str) -> None:
    decoder = FrameDecoder(KNOWN)
    follower = encode_frame(2, "R")
    assert decoder.feed(raw + follower) == [Frame(2, "R")]
    assert getattr(decoder.stats, kind) == 1
    assert decoder.stats.rejected == 1


def test_garbage_outside_frames_is_counted_not_delivered() -> None:
    decoder = FrameDecoder(KNOWN)
    assert decoder.feed(b"\x00\xffhello\x03") == []
    assert decoder.stats.garbage_bytes == 8
    assert decoder.feed(encode_frame(5, "W")) == [Frame(5, "W")]
