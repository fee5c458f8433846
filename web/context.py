"""What every request handler of hallq-web shares: the store, the hub, the limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from shared.services.booking import BookingError, book, normalise_phone, phone_hash
from shared.services.phone import HallPage
from shared.store.db import Store
from web.hub import Hub
from web.ratelimit import RateLimit

DAY_S = 24 * 3600.0


@dataclass
class WebContext:
    store: Store
    hub: Hub
    hall: HallPage
    phone_key: str
    address_limit: RateLimit = field(init=False)
    phone_limit: RateLimit = field(init=False)

    def __post_init__(self) -> None:
        web = self.hall.web
        self.address_limit = RateLimit(web.address_per_hour, 3600.0)
        self.phone_limit = RateLimit(web.phone_per_day, DAY_S)

    def client(self, request: Request) -> str:
        """The client's address (uvicorn takes X-Forwarded-For only from trusted proxies)."""
        return request.client.host if request.client else "-"

    def url(self, path: str) -> str:
        return self.hall.web.web_base + path


async def book_limited(
    ctx: WebContext, request: Request, service: str, slot_start: datetime, phone: str
) -> tuple[str, str] | BookingError:
    """Book through both rate limits: the client's address, then the phone's hash."""
    if not ctx.address_limit.hit(ctx.client(request)):
        return BookingError("rate", "too many booking attempts from this address")
    try:
        number = normalise_phone(phone)
    except BookingError as exc:
        return exc
    if not ctx.phone_limit.hit(phone_hash(ctx.phone_key, number)):
        return BookingError("rate", "too many booking attempts for this phone")
    try:
        booked: tuple[str, str] = await run_in_threadpool(
            book, ctx.store, service=service, slot_start=slot_start, phone=number
        )
        return booked
    except BookingError as exc:
        return exc
