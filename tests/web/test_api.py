"""/api/v1 over HTTP: status, a ticket by token, bookings with their limits, the OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from shared.services import issue_ticket
from shared.store.apply import apply_hall
from shared.store.db import Store
from tests.web.conftest import WebServer, web_hall


@pytest.fixture
def api(live_store: Store) -> Iterator[tuple[Store, httpx.Client]]:
    apply_hall(live_store, web_hall(address_per_hour=6, phone_per_day=3))
    with WebServer(live_store) as server, httpx.Client(base_url=server.url) as client:
        yield live_store, client


def test_status_ticket_and_openapi(api: tuple[Store, httpx.Client]) -> None:
    store, client = api
    ticket = issue_ticket(store, service="B", enforce_limits=False)
    status = client.get("/api/v1/status").json()
    assert {s["code"]: s["waiting"] for s in status["services"]}["B"] == 1
    got = client.get(f"/api/v1/tickets/{ticket.web_token}")
    assert got.status_code == 200
    assert got.json()["code"] == ticket.code and got.json()["people_ahead"] == 0
    assert "id" not in got.json()  # no internal id, no personal data
    assert client.get("/api/v1/tickets/" + "A" * 22).status_code == 404
    assert client.get("/api/v1/tickets/" + "A" * 500).status_code == 404
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/v1/bookings" in spec["paths"]
    page = client.get(f"/t/{ticket.web_token}")
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "set-cookie" not in page.headers and page.headers["cache-control"] == "no-store"


def test_booking_limits_and_cancel(api: tuple[Store, httpx.Client]) -> None:
    _store, client = api
    days = client.get("/api/v1/services/A/slots").json()["days"]
    slot = next(s for d in days for s in d["slots"] if s["free"] > 0)["start"]
    made = client.post(
        "/api/v1/bookings", json={"service": "A", "slot_start": slot, "phone": "13700000000"}
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["state"] == "booked" and body["phone_tail"] == "0000"
    again = client.post(
        "/api/v1/bookings", json={"service": "A", "slot_start": slot, "phone": "13700000000"}
    )
    assert again.status_code == 409 and again.json()["error"] == "phone_limit"
    assert client.post("/api/v1/bookings", json={"service": "A"}).status_code == 400
    assert client.post("/api/v1/bookings", content=b"{not json").status_code == 400
    assert client.get(f"/api/v1/bookings/{body['cancel_token']}").json()["state"] == "booked"
    cancelled = client.delete(f"/api/v1/bookings/{body['cancel_token']}")
    assert cancelled.json()["state"] == "cancelled"
    # Per phone: 3 attempts a day (the hall's phone_per_day), whatever their outcome.
    third = client.post(
        "/api/v1/bookings", json={"service": "A", "slot_start": slot, "phone": "13700000000"}
    )
    assert third.status_code == 201  # cancelled: the phone may book again
    fourth = client.post(
        "/api/v1/bookings", json={"service": "C", "slot_start": slot, "phone": "13700000000"}
    )
    assert fourth.status_code == 429 and fourth.json()["error"] == "rate"
    # Per address: 6 an hour (booking and cancel requests together).
    codes = [
        client.post(
            "/api/v1/bookings", json={"service": "C", "slot_start": slot, "phone": f"1360000000{n}"}
        ).status_code
        for n in range(3)
    ]
    assert codes[-1] == 429
