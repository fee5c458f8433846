"""What a clerk or citizen asked for at a device, as typed intents (never widget clicks)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.devices.rating_levels import RatingLevel


@dataclass(frozen=True)
class KeypadIntent:
    """Base of every caller-keypad intent: the counter the keypad belongs to."""

    counter: int


@dataclass(frozen=True)
class CallNext(KeypadIntent):
    """叫号: call the next ticket."""


@dataclass(frozen=True)
class Recall(KeypadIntent):
    """重呼: call the current ticket again."""


@dataclass(frozen=True)
class NoShow(KeypadIntent):
    """过号: the current ticket did not come."""


@dataclass(frozen=True)
class CallChosen(KeypadIntent):
    """特呼: call the ticket with this code."""

    code: str


@dataclass(frozen=True)
class Start(KeypadIntent):
    """开始办理: service of the current ticket starts."""


@dataclass(frozen=True)
class Finish(KeypadIntent):
    """办结: the current case is finished."""


@dataclass(frozen=True)
class Transfer(KeypadIntent):
    """转移: pass the current ticket on; target as keyed (digits: a counter, letters: a service)."""

    target: str

    @property
    def target_counter(self) -> int | None:
        """The target counter number when the clerk keyed digits only."""
        return int(self.target) if self.target.isdigit() else None


@dataclass(frozen=True)
class Pause(KeypadIntent):
    """暂停: the counter stops taking calls."""


@dataclass(frozen=True)
class Resume(KeypadIntent):
    """恢复: the counter takes calls again."""


@dataclass(frozen=True)
class Hold(KeypadIntent):
    """挂起: set the current ticket aside."""


@dataclass(frozen=True)
class Restore(KeypadIntent):
    """恢复挂起: take a held ticket back; code None means the last one held."""

    code: str | None = None


@dataclass(frozen=True)
class Cancel(KeypadIntent):
    """作废: void the current ticket."""


@dataclass(frozen=True)
class StepAway(KeypadIntent):
    """暂离: the clerk steps away for a moment."""


@dataclass(frozen=True)
class ShowWaiting(KeypadIntent):
    """Show the waiting count on the keypad."""


@dataclass(frozen=True)
class AskRating(KeypadIntent):
    """评价: ask the citizen to rate the case on the rating pad."""


@dataclass(frozen=True)
class RatingIntent:
    """Base of every rating-pad intent: the counter the pad belongs to."""

    counter: int


@dataclass(frozen=True)
class Rated(RatingIntent):
    """The citizen chose a level; ticket is what the host sent with the request."""

    level: RatingLevel
    ticket: str = ""


@dataclass(frozen=True)
class RatingTimedOut(RatingIntent):
    """The pad gave up waiting: the case stays 未评价."""

    ticket: str = ""


@dataclass(frozen=True)
class DeviceAck:
    """A device confirmed a host command (e.g. a screen took new text)."""

    address: int
    command: str
