"""One small Protocol per device type, and a registry of adapters by type name."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from shared.devices.errors import UnknownAdapter
from shared.devices.intents import DeviceAck, KeypadIntent, RatingIntent

# address on the bus -> counter number; None means the address is the counter number
CounterMap = Mapping[int, int] | None


class KeypadAdapter(Protocol):
    """Turns a caller keypad's bytes into intents and builds its display frames."""

    def feed(self, data: bytes) -> list[KeypadIntent]:
        """Intents completed by `data` (a chunk of any size); never raises on bad bytes."""
        ...

    def display(self, address: int, text: str) -> bytes:
        """Bytes that show `text` on the keypad at `address`."""
        ...


class RatingPadAdapter(Protocol):
    """Turns a rating pad's bytes into intents and builds its request frames."""

    def feed(self, data: bytes) -> list[RatingIntent]:
        """Intents completed by `data`; never raises on bad bytes."""
        ...

    def ask_rating(self, address: int, ticket: str) -> bytes:
        """Bytes that ask the pad at `address` to rate the case of `ticket`."""
        ...

    def cancel_rating(self, address: int) -> bytes:
        """Bytes that withdraw a pending request."""
        ...


class CounterScreenAdapter(Protocol):
    """Builds counter-screen frames and reads the screens' acknowledgements."""

    def feed(self, data: bytes) -> list[DeviceAck]:
        """Acknowledgements completed by `data`; never raises on bad bytes."""
        ...

    def show(self, address: int, text: str) -> bytes:
        """Bytes that show `text` on the screen at `address`."""
        ...

    def clear(self, address: int) -> bytes:
        """Bytes that blank the screen at `address`."""
        ...

    def brightness(self, address: int, level: int) -> bytes:
        """Bytes that set the brightness (1..16) of the screen at `address`."""
        ...


KeypadFactory = Callable[[CounterMap], KeypadAdapter]
RatingPadFactory = Callable[[CounterMap], RatingPadAdapter]
CounterScreenFactory = Callable[[], CounterScreenAdapter]


@dataclass
class AdapterRegistry:
    """Adapters by type name ("hallq", a vendor's name) for each kind of device."""

    keypads: dict[str, KeypadFactory] = field(default_factory=dict)
    rating_pads: dict[str, RatingPadFactory] = field(default_factory=dict)
    counter_screens: dict[str, CounterScreenFactory] = field(default_factory=dict)

    def keypad(self, name: str, counters: CounterMap = None) -> KeypadAdapter:
        """A new keypad adapter of type `name`; UnknownAdapter lists the known ones."""
        if name not in self.keypads:
            raise UnknownAdapter("keypad", name, list(self.keypads))
        return self.keypads[name](counters)

    def rating_pad(self, name: str, counters: CounterMap = None) -> RatingPadAdapter:
        """A new rating-pad adapter of type `name`."""
        if name not in self.rating_pads:
            raise UnknownAdapter("rating pad", name, list(self.rating_pads))
        return self.rating_pads[name](counters)

    def counter_screen(self, name: str) -> CounterScreenAdapter:
        """A new counter-screen adapter of type `name`."""
        if name not in self.counter_screens:
            raise UnknownAdapter("counter screen", name, list(self.counter_screens))
        return self.counter_screens[name]()


def build_registry() -> AdapterRegistry:
    """A registry holding hallq's own frame format under the name "hallq"."""
    # Imported here so a vendor module can import this one without a cycle.
    from shared.devices import hallq_adapters

    registry = AdapterRegistry()
    registry.keypads["hallq"] = hallq_adapters.HallqKeypad
    registry.rating_pads["hallq"] = hallq_adapters.HallqRatingPad
    registry.counter_screens["hallq"] = hallq_adapters.HallqCounterScreen
    return registry
