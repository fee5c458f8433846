"""A counter's caller keypad and rating pad: an adapter wired to a SerialDevice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from shared.devices.adapters import KeypadAdapter, RatingPadAdapter
from shared.devices.intents import KeypadIntent, RatingIntent
from shared.devices.serial_device import SerialDevice

StatusCallback = Callable[[bool], None]
IntentT = TypeVar("IntentT")


class _Peripheral(Generic[IntentT]):
    """What every counter device shares: its serial runner, start, stop and state."""

    def __init__(
        self,
        url: str,
        adapter: Any,
        *,
        on_intent: Callable[[IntentT], None],
        on_status: StatusCallback | None,
        name: str,
        baudrate: int,
        min_backoff: float,
        max_backoff: float,
    ) -> None:
        self.adapter = adapter
        self.device: SerialDevice[IntentT] = SerialDevice(
            url,
            adapter,
            on_intent=on_intent,
            on_status=on_status,
            name=name,
            baudrate=baudrate,
            min_backoff=min_backoff,
            max_backoff=max_backoff,
        )

    def start(self) -> None:
        """Start reading; returns at once."""
        self.device.start()

    def stop(self) -> None:
        """Stop reading and close the port."""
        self.device.stop()

    @property
    def online(self) -> bool:
        """Whether the port is open and working."""
        return self.device.online


class Keypad(_Peripheral[KeypadIntent]):
    """A caller keypad: key presses come out as intents, text goes to its display."""

    adapter: KeypadAdapter

    def __init__(
        self,
        url: str,
        adapter: KeypadAdapter,
        *,
        on_intent: Callable[[KeypadIntent], None],
        on_status: StatusCallback | None = None,
        baudrate: int = 9600,
        min_backoff: float = 0.5,
        max_backoff: float = 5.0,
    ) -> None:
        super().__init__(
            url,
            adapter,
            on_intent=on_intent,
            on_status=on_status,
            name="keypad",
            baudrate=baudrate,
            min_backoff=min_backoff,
            max_backoff=max_backoff,
        )

    def display(self, address: int, text: str) -> bool:
        """Show `text` on the keypad at `address`; False if the keypad is offline."""
        return self.device.write(self.adapter.display(address, text))


class RatingPad(_Peripheral[RatingIntent]):
    """A rating pad: 'ask for a rating' goes out, a level or a timeout comes back."""

    adapter: RatingPadAdapter

    def __init__(
        self,
        url: str,
        adapter: RatingPadAdapter,
        *,
        on_intent: Callable[[RatingIntent], None],
        on_status: StatusCallback | None = None,
        baudrate: int = 9600,
        min_backoff: float = 0.5,
        max_backoff: float = 5.0,
    ) -> None:
        super().__init__(
            url,
            adapter,
            on_intent=on_intent,
            on_status=on_status,
            name="rating pad",
            baudrate=baudrate,
            min_backoff=min_backoff,
            max_backoff=max_backoff,
        )

    def ask_rating(self, address: int, ticket: str) -> bool:
        """Ask the pad at `address` to rate `ticket`'s case; False if the pad is offline."""
        return self.device.write(self.adapter.ask_rating(address, ticket))

    def cancel_rating(self, address: int) -> bool:
        """Withdraw the request; False if the pad is offline."""
        return self.device.write(self.adapter.cancel_rating(address))
