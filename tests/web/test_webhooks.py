"""Webhooks to real HTTP receivers: signed, in order, each once, through a receiver's outage."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from shared.config.spec import WebhookSpec
from shared.services import call_next, finish, issue_ticket, open_counter
from shared.services.outbox import outbox_rows
from shared.store.apply import apply_hall
from shared.store.db import Store
from shared.store.models import WebhookCursor
from tests.web.conftest import WebServer, web_hall
from tests.web.test_pages import hallq
from web.delivery import verify

SECRET = "s3cret-for-the-sms-gateway"


class Receiver:
    """A real HTTP server that records each POST; it may refuse the first `fail` of them."""

    def __init__(self, port: int = 0, fail: int = 0) -> None:
        self.fail = fail
        self.posts: list[tuple[dict[str, str], bytes]] = []
        self.refused = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if outer.refused < outer.fail:
                    outer.refused += 1
                    self.send_response(503)
                else:
                    outer.posts.append((dict(self.headers), body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def payloads(self) -> list[dict[str, Any]]:
        out = []
        for headers, body in self.posts:
            assert verify(SECRET, headers["X-Hallq-Timestamp"], body, headers["X-Hallq-Signature"])
            assert not verify(
                "another-secret-entirely",
                headers["X-Hallq-Timestamp"],
                body,
                headers["X-Hallq-Signature"],
            )
            payload = json.loads(body)
            assert headers["X-Hallq-Idempotency-Key"] == payload["id"]
            out.append(payload)
        return out


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


@pytest.fixture
def receivers() -> Iterator[dict[str, Any]]:
    made: dict[str, Any] = {"flaky": Receiver(fail=3), "late_port": _port()}
    yield made
    made["flaky"].close()
    if "late" in made:
        made["late"].close()


def test_each_receiver_gets_every_event_once_in_order(
    db_url: str, receivers: dict[str, Any]
) -> None:
    kinds = ("ticket.near", "ticket.called", "ticket.finished")
    hooks = (
        WebhookSpec("flaky", f"http://127.0.0.1:{receivers['flaky'].port}/hook", SECRET, kinds),
        WebhookSpec("late", f"http://127.0.0.1:{receivers['late_port']}/hook", SECRET, kinds),
    )
    store = Store(db_url)
    apply_hall(store, web_hall(webhooks=hooks))
    try:
        with WebServer(store, webhooks=True):

            def cursor_made() -> bool:
                with store.read() as session:
                    return session.query(WebhookCursor).count() == 1

            wait_for(cursor_made)

            def written(kind: str) -> int:
                every = outbox_rows(store, ("pending", "failed", "delivered"))
                return len([r for r in every if r.receiver == "late" and r.kind == kind])

            open_counter(store, counter=2, clerk="li.wei")
            codes = [issue_ticket(store, service="A", enforce_limits=False).code for _ in range(4)]
            wait_for(lambda: written("ticket.near") == 3)  # 0, 1 and 2 ahead: not the 4th
            for n in range(4):
                call_next(store, counter=2)
                wait_for(lambda n=n: written("ticket.called") == n + 1)
                if n == 0:  # the 4th ticket now has two ahead
                    wait_for(lambda: written("ticket.near") == 4)
                finish(store, counter=2)
            # The late receiver is down: its events wait in the outbox, listed by the CLI.
            wait_for(lambda: len([r for r in outbox_rows(store) if r.receiver == "late"]) >= 12)
            listing = hallq(store, "web", "outbox")
            assert "late" in listing and "ticket.called" in listing
            receivers["late"] = Receiver(port=receivers["late_port"])
            wait_for(lambda: not outbox_rows(store, ("pending",)), timeout=60)
    finally:
        store.dispose()
    assert receivers["flaky"].refused == 3
    for name in ("flaky", "late"):
        got = receivers[name].payloads()
        keys = [p["id"] for p in got]
        assert len(keys) == len(set(keys)), f"{name} got an event twice"
        events = [p for p in got if p["event_id"] is not None]
        assert [p["event_id"] for p in events] == sorted(p["event_id"] for p in events)
        assert [p["ticket"]["code"] for p in got if p["kind"] == "ticket.called"] == codes
        assert [p["ticket"]["code"] for p in got if p["kind"] == "ticket.finished"] == codes
        near = [p["ticket"] for p in got if p["kind"] == "ticket.near"]
        assert sorted(t["code"] for t in near) == codes  # each once, when 2 or fewer ahead
        assert all(t["people_ahead"] <= 2 and t["token"] for t in near)
        called = next(p for p in got if p["kind"] == "ticket.called")
        assert called["ticket"]["counter"] == 2 and called["hall"] == "test"
    assert "nothing pending or failed" in hallq(store, "web", "outbox")
