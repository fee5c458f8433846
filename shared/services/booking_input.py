"""What a phone booking is given and gives back: the mobile number checked and hashed, the
refusal, a free slot and the booking as its page shows it."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.domain.errors import DomainError

MOBILE = re.compile(r"1[3-9]\d{9}")
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off a phone screen
CODE_LENGTH = 8


class BookingError(DomainError):
    """A booking refused; `reason` is bad_phone|not_bookable|no_slot|full|quota|phone_limit."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    free: int


@dataclass(frozen=True)
class BookingView:
    """A booking as its page shows it (the cancel link's key is what opened it)."""

    booking_code: str
    service: str
    service_name: str
    service_name_en: str
    slot_start: datetime
    slot_end: datetime
    state: str  # booked | checked_in | cancelled
    phone_tail: str

    def to_json(self) -> dict[str, Any]:
        return {
            "booking_code": self.booking_code,
            "service": self.service,
            "service_name": self.service_name,
            "service_name_en": self.service_name_en,
            "slot_start": self.slot_start.isoformat(),
            "slot_end": self.slot_end.isoformat(),
            "state": self.state,
            "phone_tail": self.phone_tail,
        }


def normalise_phone(text: str) -> str:
    """A mainland mobile number's 11 digits (spaces, dashes and +86 allowed around them)."""
    digits = re.sub(r"[\s-]", "", text.strip())
    if digits.startswith("+86"):
        digits = digits[3:]
    if len(text) > 32 or not MOBILE.fullmatch(digits):
        raise BookingError("bad_phone", "not a mobile number: 11 digits starting with 1")
    return digits


def phone_hash(key: str, phone: str) -> str:
    """The keyed hash a phone is limited by (the number itself is not kept)."""
    return hmac.new(key.encode(), phone.encode(), hashlib.sha256).hexdigest()
