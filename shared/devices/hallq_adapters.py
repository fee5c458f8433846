"""hallq's own frame format as keypad, rating-pad and counter-screen adapters."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from shared.devices import hallq_protocol as hp
from shared.devices import intents as it
from shared.devices.errors import FrameError
from shared.devices.frames import DecoderStats, Frame, FrameDecoder
from shared.devices.rating_levels import RatingLevel

log = logging.getLogger(__name__)

_SIMPLE_KEYS: dict[str, Callable[[int], it.KeypadIntent]] = {
    hp.Key.CALL_NEXT: it.CallNext,
    hp.Key.RECALL: it.Recall,
    hp.Key.NO_SHOW: it.NoShow,
    hp.Key.START: it.Start,
    hp.Key.FINISH: it.Finish,
    hp.Key.PAUSE: it.Pause,
    hp.Key.RESUME: it.Resume,
    hp.Key.HOLD: it.Hold,
    hp.Key.CANCEL: it.Cancel,
    hp.Key.STEP_AWAY: it.StepAway,
    hp.Key.SHOW_WAITING: it.ShowWaiting,
    hp.Key.ASK_RATING: it.AskRating,
}


@dataclass
class AdapterStats:
    """Frames that were well formed but could not be used."""

    unknown_address: int = 0
    bad_payload: int = 0
    acks: int = 0


class _HallqDevice:
    """Shared part: a decoder, the address -> counter map, and the counters."""

    def __init__(self, name: str, commands: frozenset[str], counters: Mapping[int, int] | None):
        self.decoder = FrameDecoder(commands, name=name)
        self.counters = dict(counters) if counters is not None else None
        self.adapter_stats = AdapterStats()
        self._name = name

    @property
    def stats(self) -> DecoderStats:
        """The frame decoder's counts."""
        return self.decoder.stats

    def _counter(self, frame: Frame) -> int | None:
        if self.counters is None:
            return frame.address
        counter = self.counters.get(frame.address)
        if counter is None:
            self.adapter_stats.unknown_address += 1
            log.warning("%s: frame from unconfigured address %d dropped", self._name, frame.address)
        return counter

    def _bad(self, frame: Frame, why: str) -> None:
        self.adapter_stats.bad_payload += 1
        log.warning(
            "%s: frame %r from address %d dropped: %s",
            self._name,
            frame.command,
            frame.address,
            why,
        )

    def _ack(self, frame: Frame) -> it.DeviceAck | None:
        if len(frame.payload) != 1 or not chr(frame.payload[0]).isalpha():
            self._bad(frame, f"ACK payload {frame.payload!r} is not one command letter")
            return None
        self.adapter_stats.acks += 1
        return it.DeviceAck(frame.address, chr(frame.payload[0]))


class HallqKeypad(_HallqDevice):
    """A caller keypad speaking hallq frames."""

    def __init__(self, counters: Mapping[int, int] | None = None) -> None:
        super().__init__("keypad", hp.FROM_KEYPAD, counters)

    def feed(self, data: bytes) -> list[it.KeypadIntent]:
        """Intents completed by `data`; acknowledgements and bad frames are only counted."""
        out = []
        for frame in self.decoder.feed(data):
            intent = self._intent(frame)
            if intent is not None:
                out.append(intent)
        return out

    def display(self, address: int, text: str) -> bytes:
        """Bytes that show `text` on the keypad's display."""
        return hp.encode_keypad_display(address, text)

    def _intent(self, frame: Frame) -> it.KeypadIntent | None:
        if frame.command == hp.ACK:
            self._ack(frame)
            return None
        counter = self._counter(frame)
        if counter is None:
            return None
        try:
            argument = frame.payload.decode("ascii")
            key = hp.Key(frame.command)
            if key in hp.KEYS_WITH_ARGUMENT:
                if key is hp.Key.RESTORE and not argument:
                    return it.Restore(counter)
                argument = hp.check_reference(argument, what=f"argument of {key.name}").upper()
                if key is hp.Key.CALL_CHOSEN:
                    return it.CallChosen(counter, argument)
                if key is hp.Key.TRANSFER:
                    return it.Transfer(counter, argument)
                return it.Restore(counter, argument)
            if argument:
                raise FrameError(f"key {key.name} takes no argument, got {argument!r}")
            return _SIMPLE_KEYS[key](counter)
        except (UnicodeDecodeError, FrameError) as exc:
            self._bad(frame, str(exc))
            return None


class HallqRatingPad(_HallqDevice):
    """A rating pad speaking hallq frames."""

    def __init__(self, counters: Mapping[int, int] | None = None) -> None:
        super().__init__("rating pad", hp.FROM_RATING_PAD, counters)

    def feed(self, data: bytes) -> list[it.RatingIntent]:
        """Intents completed by `data`; acknowledgements and bad frames are only counted."""
        out = []
        for frame in self.decoder.feed(data):
            intent = self._intent(frame)
            if intent is not None:
                out.append(intent)
        return out

    def ask_rating(self, address: int, ticket: str) -> bytes:
        """Bytes that ask for a rating of the case of `ticket`."""
        return hp.encode_ask_rating(address, ticket)

    def cancel_rating(self, address: int) -> bytes:
        """Bytes that withdraw the request."""
        return hp.encode_cancel_rating(address)

    def _intent(self, frame: Frame) -> it.RatingIntent | None:
        if frame.command == hp.ACK:
            self._ack(frame)
            return None
        counter = self._counter(frame)
        if counter is None:
            return None
        try:
            text = frame.payload.decode("ascii")
            if frame.command == hp.PadReply.TIMED_OUT:
                ticket = hp.check_reference(text, what="ticket reference") if text else ""
                return it.RatingTimedOut(counter, ticket)
            if not text or text[0] not in "12345":
                raise FrameError(f"rating level {text[:1]!r} is not 1..5")
            ticket = hp.check_reference(text[1:], what="ticket reference") if text[1:] else ""
            return it.Rated(counter, RatingLevel(int(text[0])), ticket)
        except (UnicodeDecodeError, FrameError) as exc:
            self._bad(frame, str(exc))
            return None


class HallqCounterScreen(_HallqDevice):
    """Counter LED screens on one bus, speaking hallq frames."""

    def __init__(self) -> None:
        super().__init__("counter screen", hp.FROM_SCREEN, None)

    def feed(self, data: bytes) -> list[it.DeviceAck]:
        """Acknowledgements completed by `data`."""
        acks = (self._ack(frame) for frame in self.decoder.feed(data))
        return [ack for ack in acks if ack is not None]

    def show(self, address: int, text: str) -> bytes:
        """Bytes that show `text`."""
        return hp.encode_screen_show(address, text)

    def clear(self, address: int) -> bytes:
        """Bytes that blank the screen."""
        return hp.encode_screen_clear(address)

    def brightness(self, address: int, level: int) -> bytes:
        """Bytes that set the brightness."""
        return hp.encode_screen_brightness(address, level)
