"""hallq's serial frame: STX | address | command | payload | XOR checksum | ETX.

See docs/serial-protocol.md for the format; this module builds and parses frames
and knows nothing of what a command means.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from shared.devices.errors import FrameError

log = logging.getLogger(__name__)

STX = 0x02
ETX = 0x03
# The bus address n travels as the byte 0x30 + n, so no address byte is a control
# byte and STX/ETX can only ever mean start and end of a frame.
ADDRESS_OFFSET = 0x30
MAX_ADDRESS = 200
MAX_PAYLOAD = 96
# address + command + payload + two checksum characters
MAX_BODY = 2 + MAX_PAYLOAD + 2
_HEX = b"0123456789ABCDEF"


@dataclass(frozen=True)
class Frame:
    """One decoded frame: bus address, command letter and raw payload bytes."""

    address: int
    command: str
    payload: bytes = b""


def checksum(data: bytes) -> bytes:
    """XOR of `data` as two upper-case hex ASCII characters."""
    value = 0
    for byte in data:
        value ^= byte
    return b"%02X" % value


def encode_frame(address: int, command: str, payload: bytes = b"") -> bytes:
    """The bytes of one frame; FrameError says which value is out of range."""
    if not 0 <= address <= MAX_ADDRESS:
        raise FrameError(f"bus address {address} is out of range 0..{MAX_ADDRESS}")
    if len(command) != 1 or not ("A" <= command <= "Z" or "a" <= command <= "z"):
        raise FrameError(f"command {command!r} must be one ASCII letter")
    if len(payload) > MAX_PAYLOAD:
        raise FrameError(
            f"payload of command {command!r} is {len(payload)} bytes; at most {MAX_PAYLOAD} fit"
        )
    bad = [b for b in payload if b < 0x20]
    if bad:
        raise FrameError(
            f"payload of command {command!r} holds control byte 0x{bad[0]:02X}; "
            "only printable text may travel in a frame"
        )
    body = bytes([ADDRESS_OFFSET + address]) + command.encode("ascii") + payload
    return bytes([STX]) + body + checksum(body) + bytes([ETX])


@dataclass
class DecoderStats:
    """What a decoder has seen so far: good frames and each kind of rejection."""

    frames: int = 0
    garbage_bytes: int = 0  # bytes outside any frame
    bad_checksum: int = 0
    truncated: int = 0  # a new STX came before the ETX
    oversize: int = 0
    malformed: int = 0  # too short, bad address or command byte, control byte inside
    unknown_command: int = 0

    @property
    def rejected(self) -> int:
        """All frames thrown away, whatever the reason."""
        return (
            self.bad_checksum
            + self.truncated
            + self.oversize
            + self.malformed
            + self.unknown_command
        )


@dataclass
class FrameDecoder:
    """Streaming decoder: feed it byte chunks, get back complete valid frames.

    It never raises on bad input: garbage is skipped, a bad frame is counted in
    `stats`, logged, and the decoder resyncs on the next STX.
    """

    commands: Collection[str]
    name: str = "serial"
    stats: DecoderStats = field(default_factory=DecoderStats)
    _body: bytearray | None = field(default=None, init=False, repr=False)
    _skipping: bool = field(default=False, init=False, repr=False)

    def feed(self, data: bytes) -> list[Frame]:
        """Decode what `data` completes; partial frames wait for the next chunk."""
        return list(self._feed(data))

    def _feed(self, data: bytes) -> Iterator[Frame]:
        for byte in data:
            if byte == STX:
                if self._body is not None and not self._skipping:
                    self._reject("truncated", "a new STX came before ETX")
                self._body = bytearray()
                self._skipping = False
            elif self._body is None:
                self.stats.garbage_bytes += 1
            elif byte == ETX:
                body, skipping = self._body, self._skipping
                self._body, self._skipping = None, False
                if not skipping:
                    frame = self._check(bytes(body))
                    if frame is not None:
                        self.stats.frames += 1
                        yield frame
            elif self._skipping:
                continue
            elif len(self._body) >= MAX_BODY:
                # Drop the rest up to ETX or the next STX, whichever comes first.
                self._reject("oversize", f"longer than {MAX_BODY} bytes")
                self._skipping = True
            elif byte < 0x20:
                self._reject("malformed", f"control byte 0x{byte:02X} inside a frame")
                self._skipping = True
            else:
                self._body.append(byte)

    def _check(self, body: bytes) -> Frame | None:
        if len(body) < 4:
            self._reject("malformed", f"only {len(body)} bytes between STX and ETX")
            return None
        content, received = body[:-2], body[-2:]
        address = content[0] - ADDRESS_OFFSET
        command = chr(content[1])
        if not 0 <= address <= MAX_ADDRESS:
            self._reject("malformed", f"address byte 0x{content[0]:02X} is out of range")
            return None
        if any(c not in _HEX for c in received) or received != checksum(content):
            self._reject("bad_checksum", f"checksum {received!r}, expected {checksum(content)!r}")
            return None
        if command not in self.commands:
            self._reject("unknown_command", f"command {command!r} from address {address}")
            return None
        return Frame(address, command, content[2:])

    def _reject(self, kind: str, why: str) -> None:
        setattr(self.stats, kind, getattr(self.stats, kind) + 1)
        log.warning("%s: dropped a frame (%s): %s", self.name, kind, why)
