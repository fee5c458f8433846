"""hallq-web's application: routes, security headers and the lifespan that runs the hub.

`build(store)` wires one app for one store, as the desktop apps' build() do; nothing is
created at import time.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.services.booking import (
    BookingError,
    bookable_services,
    booking_by_token,
    cancel_booking,
    free_slots,
    phone_key,
)
from shared.services.phone import hall_page, root_by_token
from shared.store.db import Store
from web import api, pages
from web.context import WebContext, book_limited
from web.delivery import OutboxWorker
from web.hub import KEEPALIVE, Hub
from web.texts import lang_of, t

STATIC = Path(__file__).with_name("static")
FORM_MAX_BYTES = 2048
HEADERS = [
    # Page tokens are in the URL: never send them on as a referrer.
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
]


class SecurityHeaders:
    """Every response: no referrer, no framing, our own scripts only, nothing cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += HEADERS
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def _web(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.web
    return ctx


def _lang(request: Request) -> str:
    return lang_of(request.query_params.get("lang"))


def _html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status)


async def ticket_page(request: Request) -> Response:
    ctx, lang = _web(request), _lang(request)
    token = request.path_params["token"]
    root = await run_in_threadpool(root_by_token, ctx.store, token)
    view = None
    if root is not None:
        from shared.services.phone import ticket_views

        view = (await run_in_threadpool(ticket_views, ctx.store, [root])).get(root)
    if view is None:
        return _html(pages.plain_page(lang, t(lang, "not_found_title"), t(lang, "not_found")), 404)
    return _html(pages.ticket_page(lang, ctx.hall, token, view.to_json()))


async def _stream(queue: asyncio.Queue[str], done: object) -> AsyncIterator[str]:
    try:
        yield "retry: 2000\n\n"
        while True:
            message = await queue.get()
            yield f"data: {message}\n\n" if message != KEEPALIVE else ": keep-alive\n\n"
    finally:
        done()  # type: ignore[operator]


def _sse(body: AsyncIterator[str]) -> StreamingResponse:
    return StreamingResponse(
        body, media_type="text/event-stream", headers={"x-accel-buffering": "no"}
    )


async def ticket_events(request: Request) -> Response:
    ctx = _web(request)
    root = await run_in_threadpool(root_by_token, ctx.store, request.path_params["token"])
    queue = await ctx.hub.watch_ticket(root) if root is not None else None
    if root is None or queue is None:
        return Response(
            "event: gone\ndata: {}\n\n", status_code=404, media_type="text/event-stream"
        )
    return _sse(_stream(queue, lambda: ctx.hub.unwatch_ticket(root, queue)))


def _department(request: Request, ctx: WebContext) -> str:
    dept = request.query_params.get("dept", "")
    return dept if dept in {d[0] for d in ctx.hall.departments} else ""


async def board_page(request: Request) -> Response:
    ctx = _web(request)
    return _html(pages.board_page(_lang(request), ctx.hall, _department(request, ctx)))


async def board_events(request: Request) -> Response:
    ctx = _web(request)
    dept = _department(request, ctx)
    queue = await ctx.hub.watch_board(dept)
    return _sse(_stream(queue, lambda: ctx.hub.unwatch_board(dept, queue)))


async def services_page(request: Request) -> Response:
    ctx = _web(request)
    services = await run_in_threadpool(bookable_services, ctx.store)
    return _html(pages.services_page(_lang(request), ctx.hall, services))


async def book_page(request: Request) -> Response:
    ctx, lang = _web(request), _lang(request)
    code = request.path_params["service"]
    services = {s[0]: s for s in await run_in_threadpool(bookable_services, ctx.store)}
    if code not in services:
        return _html(
            pages.plain_page(lang, t(lang, "book_title"), t(lang, "err_not_bookable")), 404
        )
    error, phone = "", ""
    if request.method == "POST":
        form = await _small_form(request)
        phone = form.get("phone", "")[:32]
        try:
            start = datetime.fromisoformat(form.get("slot", "")[:64])
        except ValueError:
            start = None
        if start is None or start.tzinfo is None:
            result: tuple[str, str] | BookingError = BookingError("no_slot", "no slot chosen")
        else:
            result = await book_limited(ctx, request, code, start, phone)
        if not isinstance(result, BookingError):
            return RedirectResponse(f"/b/{result[1]}?lang={lang}&new=1", status_code=303)
        error = t(lang, f"err_{result.reason}")
    days = await run_in_threadpool(free_slots, ctx.store, code)
    today = min(days) if days else None
    return _html(
        pages.slots_page(
            lang,
            ctx.hall,
            services[code],
            days,
            today or datetime.now().date(),
            error=error,
            phone=phone,
        ),
        400 if error else 200,
    )


async def _small_form(request: Request) -> dict[str, str]:
    """A URL-encoded form of a few short fields; anything larger is refused unread."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > FORM_MAX_BYTES:
            return {}
    try:
        fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=8)
    except ValueError:  # more fields than any form of ours has
        return {}
    return {key: values[0] for key, values in fields.items() if values}


async def booking_page(request: Request) -> Response:
    ctx, lang = _web(request), _lang(request)
    token = request.path_params["token"]
    if request.method == "POST":
        if not ctx.address_limit.hit(ctx.client(request)):
            return _html(pages.plain_page(lang, t(lang, "book_title"), t(lang, "err_rate")), 429)
        view = await run_in_threadpool(cancel_booking, ctx.store, token)
    else:
        view = await run_in_threadpool(booking_by_token, ctx.store, token)
    if view is None:
        return _html(
            pages.plain_page(lang, t(lang, "book_title"), t(lang, "booking_not_found")), 404
        )
    fresh = request.query_params.get("new") == "1"
    return _html(pages.booking_page(lang, ctx.hall, token, view, fresh=fresh))


async def home(request: Request) -> Response:
    return RedirectResponse("/board", status_code=302)


def build(store: Store, *, webhooks: bool = True) -> Starlette:
    """The app for `store`; its lifespan follows the feed and (optionally) sends webhooks."""
    worker = OutboxWorker(store) if webhooks else None
    hub = Hub(store, on_events=worker.kick if worker else None)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        hall = await run_in_threadpool(hall_page, store)
        key = await run_in_threadpool(phone_key, store)
        app.state.web = WebContext(store, hub, hall, key)
        hub.start()
        if worker is not None:
            await run_in_threadpool(worker.start)
        try:
            yield
        finally:
            hub.stop()
            if worker is not None:
                worker.stop()

    routes = [
        Route("/", home),
        Route("/t/{token}", ticket_page),
        Route("/t/{token}/events", ticket_events),
        Route("/board", board_page),
        Route("/board/events", board_events),
        Route("/book", services_page),
        Route("/book/{service}", book_page, methods=["GET", "POST"]),
        Route("/b/{token}", booking_page),
        Route("/b/{token}/cancel", booking_page, methods=["POST"]),
        *api.ROUTES,
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(SecurityHeaders)])
    app.state.hub = hub
    app.state.worker = worker
    return app
