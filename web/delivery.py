"""Webhook delivery: fill the outbox from the event log, POST each row signed, in order.

One filler thread writes outbox rows when the hub sees events (and every few seconds, to
catch up after a restart); one thread per receiver POSTs its oldest pending row and only
then the next, so a receiver gets its events in order however long it was away.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from datetime import UTC, datetime

import httpx

from shared.services.outbox import (
    Delivery,
    Receiver,
    fill_outbox,
    mark_delivered,
    mark_failed_attempt,
    next_due,
    receivers,
)
from shared.store.db import Store, StoreError

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hallq-Signature"
TIMESTAMP_HEADER = "X-Hallq-Timestamp"
KEY_HEADER = "X-Hallq-Idempotency-Key"
POST_TIMEOUT_S = 5.0
IDLE_S = 2.0  # how often the filler looks without being woken
RECEIVERS_TTL_S = 30.0


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` + hex HMAC-SHA256 of `timestamp` + "." + body, keyed by the secret."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signed_request(receiver: Receiver, delivery: Delivery) -> tuple[bytes, dict[str, str]]:
    """The body and headers of one POST."""
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    return body, {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "hallq-web",
        "X-Hallq-Event": delivery.kind,
        KEY_HEADER: delivery.idempotency_key,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(receiver.secret, timestamp, body),
    }


class OutboxWorker:
    """Keeps the outbox filled and delivered while hallq-web runs."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._stop = threading.Event()
        self._kick = threading.Event()
        self._threads: dict[str, threading.Thread] = {}
        self._wake: dict[str, threading.Event] = {}
        self._hooks: list[Receiver] = []
        self._hooks_at = 0.0
        self.delivered = 0

    def start(self) -> None:
        try:
            # The cursor is made now, before the first page is served: a first run starts
            # at the end of the log, and an event after this moment is never skipped.
            hooks = self._receivers()
            if hooks:
                fill_outbox(self.store, hooks)
        except StoreError as exc:
            log.warning("outbox: store unreachable at start: %s", exc)
        thread = threading.Thread(target=self._fill_loop, name="hallq-web-outbox", daemon=True)
        thread.start()
        self._threads[""] = thread

    def kick(self) -> None:
        """New events: fill the outbox now (called from the feed's thread)."""
        self._kick.set()

    def stop(self) -> None:
        self._stop.set()
        self._kick.set()
        for wake in self._wake.values():
            wake.set()
        for thread in self._threads.values():
            thread.join(POST_TIMEOUT_S + 1)

    def _receivers(self) -> list[Receiver]:
        if time.monotonic() - self._hooks_at > RECEIVERS_TTL_S:
            self._hooks = receivers(self.store)
            self._hooks_at = time.monotonic()
            for hook in self._hooks:
                if hook.name not in self._threads:
                    self._wake[hook.name] = threading.Event()
                    thread = threading.Thread(
                        target=self._deliver_loop,
                        args=(hook.name,),
                        name=f"hallq-web-hook-{hook.name}",
                        daemon=True,
                    )
                    self._threads[hook.name] = thread
                    thread.start()
        return self._hooks

    def _fill_loop(self) -> None:
        while not self._stop.is_set():
            self._kick.wait(IDLE_S)
            self._kick.clear()
            try:
                hooks = self._receivers()
                if not hooks:
                    continue
                while fill_outbox(self.store, hooks) and not self._stop.is_set():
                    for wake in self._wake.values():
                        wake.set()
                for wake in self._wake.values():
                    wake.set()
            except StoreError as exc:
                log.warning("outbox: store unreachable: %s", exc)
                self._stop.wait(1.0)

    def _deliver_loop(self, name: str) -> None:
        wake = self._wake[name]
        with httpx.Client(timeout=POST_TIMEOUT_S) as client:
            while not self._stop.is_set():
                try:
                    hook = next((h for h in self._hooks if h.name == name), None)
                    delivery, due = next_due(self.store, name) if hook else (None, None)
                except StoreError as exc:
                    log.warning("outbox: store unreachable: %s", exc)
                    self._stop.wait(1.0)
                    continue
                if hook is None or delivery is None:
                    wait = IDLE_S
                    if due is not None:
                        wait = max(0.01, (due - datetime.now(UTC)).total_seconds())
                    wake.wait(min(wait, IDLE_S))
                    wake.clear()
                    continue
                self._post(client, hook, delivery)

    def _post(self, client: httpx.Client, hook: Receiver, delivery: Delivery) -> None:
        body, headers = signed_request(hook, delivery)
        error = ""
        try:
            response = client.post(hook.url, content=body, headers=headers)
            if not 200 <= response.status_code < 300:
                error = f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        try:
            if error:
                mark_failed_attempt(self.store, delivery.id, error)
            else:
                mark_delivered(self.store, delivery.id)
                self.delivered += 1
        except StoreError as exc:  # delivered again later: the receiver dedups by key
            log.warning("outbox: could not record delivery of %s: %s", delivery.id, exc)
            self._stop.wait(1.0)


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    tolerance_s: float = 300.0,
    now: float | None = None,
) -> bool:
    """The receiver's check (as in docs/web.md): right signature, recent timestamp."""
    try:
        age = abs((now or time.time()) - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance_s and hmac.compare_digest(sign(secret, timestamp, body), signature)
