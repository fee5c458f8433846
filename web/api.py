"""/api/v1: JSON for the hall's other systems (status, a ticket by token, bookings)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from shared.services.booking import (
    BookingError,
    booking_by_token,
    cancel_booking,
    free_slots,
)
from shared.services.phone import root_by_token, ticket_views
from shared.services.queries import hall_status
from web.context import WebContext, book_limited


def _ctx(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.web
    return ctx


def _error(status: int, reason: str, message: str) -> JSONResponse:
    return JSONResponse({"error": reason, "message": message}, status_code=status)


async def status(request: Request) -> Response:
    result = await run_in_threadpool(hall_status, _ctx(request).store)
    return JSONResponse(result.to_json())


async def ticket(request: Request) -> Response:
    store = _ctx(request).store
    token = request.path_params["token"]
    root = await run_in_threadpool(root_by_token, store, token)
    views = await run_in_threadpool(ticket_views, store, [root]) if root is not None else {}
    if root is None or root not in views:
        return _error(404, "not_found", "no ticket today with this token")
    return JSONResponse(views[root].to_json())


async def slots(request: Request) -> Response:
    try:
        days = await run_in_threadpool(
            free_slots, _ctx(request).store, request.path_params["service"]
        )
    except BookingError as exc:
        return _error(404, exc.reason, str(exc))
    return JSONResponse(
        {
            "service": request.path_params["service"],
            "days": [
                {
                    "day": day.isoformat(),
                    "slots": [
                        {"start": s.start.isoformat(), "end": s.end.isoformat(), "free": s.free}
                        for s in day_slots
                    ],
                }
                for day, day_slots in days.items()
            ],
        }
    )


async def create_booking(request: Request) -> Response:
    ctx = _ctx(request)
    try:
        body = await request.json()
    except ValueError:
        return _error(400, "bad_request", "the body must be JSON")
    if not isinstance(body, dict) or not all(
        isinstance(body.get(k), str) and len(body[k]) <= 64
        for k in ("service", "slot_start", "phone")
    ):
        return _error(400, "bad_request", "service, slot_start and phone are required strings")
    try:
        start = datetime.fromisoformat(body["slot_start"])
        if start.tzinfo is None:
            raise ValueError
    except ValueError:
        return _error(400, "bad_request", "slot_start must be ISO 8601 with an offset")
    result = await book_limited(ctx, request, body["service"], start, body["phone"])
    if isinstance(result, BookingError):
        code = (
            429
            if result.reason == "rate"
            else 409
            if result.reason in ("full", "quota", "phone_limit")
            else 400
        )
        return _error(code, result.reason, str(result))
    _code, token = result
    view = await run_in_threadpool(booking_by_token, ctx.store, token)
    assert view is not None
    return JSONResponse(
        {**view.to_json(), "cancel_token": token, "page": ctx.url(f"/b/{token}")}, status_code=201
    )


async def booking(request: Request) -> Response:
    ctx = _ctx(request)
    token = request.path_params["token"]
    if request.method == "DELETE":
        if not ctx.address_limit.hit(ctx.client(request)):
            return _error(429, "rate", "too many attempts from this address")
        view = await run_in_threadpool(cancel_booking, ctx.store, token)
    else:
        view = await run_in_threadpool(booking_by_token, ctx.store, token)
    if view is None:
        return _error(404, "not_found", "no booking with this token")
    return JSONResponse(view.to_json())


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _ok(schema: dict[str, Any], text: str = "OK") -> dict[str, Any]:
    return {"description": text, "content": {"application/json": {"schema": schema}}}


ERR = _ok(_ref("Error"), "error: `error` names the reason")
OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "hallq-web API",
        "version": "1",
        "description": "The hall's status, a ticket by its page token and phone bookings. "
        "Webhooks: see docs/web.md.",
    },
    "paths": {
        "/api/v1/status": {
            "get": {
                "summary": "Waiting per service and every counter",
                "responses": {"200": _ok(_ref("HallStatus"))},
            }
        },
        "/api/v1/tickets/{token}": {
            "get": {
                "summary": "Today's ticket by its page token",
                "parameters": [
                    {
                        "name": "token",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "maxLength": 64},
                    }
                ],
                "responses": {"200": _ok(_ref("Ticket")), "404": ERR},
            }
        },
        "/api/v1/services/{service}/slots": {
            "get": {
                "summary": "Free booking slots of a phone-bookable service, by day",
                "parameters": [
                    {
                        "name": "service",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {"200": _ok({"type": "object"}), "404": ERR},
            }
        },
        "/api/v1/bookings": {
            "post": {
                "summary": "Book a slot (rate-limited per address and per phone)",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["service", "slot_start", "phone"],
                                "properties": {
                                    "service": {"type": "string"},
                                    "slot_start": {"type": "string", "format": "date-time"},
                                    "phone": {"type": "string", "maxLength": 32},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": _ok(_ref("Booking"), "booked"),
                    "400": ERR,
                    "409": ERR,
                    "429": ERR,
                },
            }
        },
        "/api/v1/bookings/{token}": {
            "get": {
                "summary": "A booking by its cancel token",
                "parameters": [
                    {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": _ok(_ref("Booking")), "404": ERR},
            },
            "delete": {
                "summary": "Cancel a booking (its place goes back to the quota)",
                "parameters": [
                    {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": _ok(_ref("Booking")), "404": ERR, "429": ERR},
            },
        },
    },
    "components": {
        "schemas": {
            "Error": {
                "type": "object",
                "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
            },
            "Ticket": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "service": {"type": "string"},
                    "service_name": {"type": "string"},
                    "service_name_en": {"type": "string"},
                    "status": {
                        "enum": [
                            "waiting",
                            "called",
                            "serving",
                            "finished",
                            "no_show",
                            "transferred",
                            "cancelled",
                        ]
                    },
                    "people_ahead": {"type": "integer"},
                    "est_wait_min": {"type": ["integer", "null"]},
                    "counter": {"type": ["integer", "null"]},
                    "recalls": {"type": "integer"},
                    "business_day": {"type": "string", "format": "date"},
                },
            },
            "Booking": {
                "type": "object",
                "properties": {
                    "booking_code": {"type": "string"},
                    "service": {"type": "string"},
                    "slot_start": {"type": "string", "format": "date-time"},
                    "slot_end": {"type": "string", "format": "date-time"},
                    "state": {"enum": ["booked", "checked_in", "cancelled"]},
                    "phone_tail": {"type": "string"},
                    "cancel_token": {"type": "string"},
                    "page": {"type": "string"},
                },
            },
            "HallStatus": {
                "type": "object",
                "properties": {
                    "hall": {"type": "string"},
                    "business_day": {"type": "string"},
                    "services": {"type": "array"},
                    "counters": {"type": "array"},
                    "last_event_id": {"type": "integer"},
                },
            },
        }
    },
}

ROUTES = [
    Route("/api/v1/status", status),
    Route("/api/v1/tickets/{token}", ticket),
    Route("/api/v1/services/{service}/slots", slots),
    Route("/api/v1/bookings", create_booking, methods=["POST"]),
    Route("/api/v1/bookings/{token}", booking, methods=["GET", "DELETE"]),
    Route("/api/v1/openapi.json", openapi),
]
