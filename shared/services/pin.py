"""The kiosk's priority PIN (绿色通道授权码): stored hashed, checked in the store, tries limited.

The kiosk stands in a public lobby: it never holds the PIN, only asks the store whether
a PIN is right. Each wrong try is a `priority_pin_failed` event (the supervisor view
lists them), and after `pin_tries_per_minute` wrong tries within a minute the hall's
kiosks refuse every try until the minute has passed.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select

from shared.domain.errors import DomainError
from shared.services.common import context, record
from shared.store.db import Store
from shared.store.models import Event

PIN_FAILED = "priority_pin_failed"
WINDOW = timedelta(minutes=1)


class PinLocked(DomainError):
    """Too many wrong tries within the last minute."""

    def __init__(self, seconds: int) -> None:
        super().__init__(f"too many wrong priority PINs; try again in {seconds} s")
        self.seconds = seconds


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    tries_left: int  # wrong tries still allowed within the minute
    event_id: int | None = None  # the `priority_pin_failed` event of a wrong try


def pin_hasher() -> PasswordHasher:
    """argon2id; lighter than a log-in's, as a 4-8 digit PIN is guarded by the try limit."""
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_pin(pin: str, hasher: PasswordHasher | None = None) -> str:
    return (hasher or pin_hasher()).hash(pin)


def pin_matches(stored: str, pin: str, hasher: PasswordHasher | None = None) -> bool:
    """Whether `pin` is the one `stored` (an argon2 hash) was made from."""
    try:
        return bool((hasher or pin_hasher()).verify(stored, pin))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_priority_pin(
    store: Store, pin: str, *, kiosk: str = "", hasher: PasswordHasher | None = None
) -> PinCheck:
    """Whether `pin` opens the priority lane; a wrong one is recorded, too many are refused.

    Raises:
        PinLocked: the hall's wrong tries in the last minute reached its limit.
    """
    with store.write() as session:  # one writer at a time: the count cannot race
        ctx = context(store, session)
        limit = ctx.hall.kiosk.pin_tries_per_minute
        since = ctx.now - WINDOW
        recent = session.execute(
            select(func.count(), func.min(Event.at)).where(
                Event.hall_id == ctx.hall_id, Event.kind == PIN_FAILED, Event.at > since
            )
        ).one()
        failed, oldest = int(recent[0]), recent[1]
        if failed >= limit:
            wait = WINDOW - (ctx.now - oldest) if oldest is not None else WINDOW
            raise PinLocked(max(1, int(wait.total_seconds()) + 1))
        stored = ctx.hall.kiosk.priority_pin_hash
        legacy = ctx.hall.kiosk.priority_pin  # a store applied before hashing kept the PIN
        if stored:
            ok = len(pin) <= 64 and pin_matches(stored, pin, hasher)
        else:
            ok = bool(legacy) and hmac.compare_digest(legacy.encode(), pin.encode()[:64])
        if ok:
            return PinCheck(True, limit - failed)
        event = record(
            ctx, PIN_FAILED, details={"kiosk": kiosk[:64], "tries": failed + 1, "limit": limit}
        )
        return PinCheck(False, max(0, limit - failed - 1), event.id)
