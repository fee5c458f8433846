"""Handing the webhook outbox's rows out: each receiver's oldest pending row when due, in
id order, so it sees events in order; a failed POST is retried with back-off until the
hall's give-up time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from shared.services.common import context
from shared.store.db import Store
from shared.store.models import WebhookOutbox

MAX_BACKOFF_S = 60.0


@dataclass(frozen=True)
class Delivery:
    """One outbox row to POST."""

    id: int
    receiver: str
    kind: str
    idempotency_key: str
    payload: dict[str, Any]
    attempts: int
    created_at: datetime


@dataclass(frozen=True)
class OutboxRow:
    id: int
    receiver: str
    kind: str
    idempotency_key: str
    state: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    last_error: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "receiver": self.receiver,
            "kind": self.kind,
            "idempotency_key": self.idempotency_key,
            "state": self.state,
            "attempts": self.attempts,
            "created_at": self.created_at.isoformat(),
            "next_attempt_at": self.next_attempt_at.isoformat(),
            "last_error": self.last_error,
        }


def next_due(store: Store, receiver: str) -> tuple[Delivery | None, datetime | None]:
    """The receiver's oldest pending row if due now, else None and when it is due."""
    with store.read() as session:
        ctx = context(store, session)
        row = session.scalars(
            select(WebhookOutbox)
            .where(
                WebhookOutbox.hall_id == ctx.hall_id,
                WebhookOutbox.receiver == receiver,
                WebhookOutbox.state == "pending",
            )
            .order_by(WebhookOutbox.id)
            .limit(1)
        ).first()
        if row is None:
            return None, None
        if row.next_attempt_at > ctx.now:
            return None, row.next_attempt_at
        return Delivery(
            row.id,
            row.receiver,
            row.kind,
            row.idempotency_key,
            dict(row.payload),
            row.attempts,
            row.created_at,
        ), None


def mark_delivered(store: Store, row_id: int) -> None:
    with store.write() as session:
        ctx = context(store, session)
        row = session.get(WebhookOutbox, row_id)
        if row is not None:
            row.state, row.delivered_at, row.attempts = "delivered", ctx.now, row.attempts + 1


def mark_failed_attempt(store: Store, row_id: int, error: str) -> datetime:
    """Count a failed POST; retry after a back-off, or give up past the hall's limit."""
    with store.write() as session:
        ctx = context(store, session)
        row = session.get(WebhookOutbox, row_id)
        assert row is not None
        row.attempts += 1
        row.last_error = error[:500]
        give_up = ctx.hall.web.webhook_give_up_hours
        if ctx.now - row.created_at >= timedelta(hours=give_up):
            row.state = "failed"
        delay = min(MAX_BACKOFF_S, 0.5 * 2 ** min(row.attempts - 1, 10))
        row.next_attempt_at = ctx.now + timedelta(seconds=delay)
        return row.next_attempt_at


def outbox_rows(store: Store, states: tuple[str, ...] = ("pending", "failed")) -> list[OutboxRow]:
    """`hallq web outbox`: rows in these states, oldest first."""
    with store.read() as session:
        ctx = context(store, session)
        rows = session.scalars(
            select(WebhookOutbox)
            .where(WebhookOutbox.hall_id == ctx.hall_id, WebhookOutbox.state.in_(states))
            .order_by(WebhookOutbox.id)
            .limit(10000)
        ).all()
        return [
            OutboxRow(
                r.id,
                r.receiver,
                r.kind,
                r.idempotency_key,
                r.state,
                r.attempts,
                r.created_at,
                r.next_attempt_at,
                r.last_error,
            )
            for r in rows
        ]
