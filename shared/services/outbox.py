"""The webhook outbox: events for the hall's other systems, kept until delivered.

`fill_outbox` reads the event log after its own cursor (so a service that was down for an
hour resumes where it stopped) and writes one row per receiver and event, keyed by an
idempotency key; `ticket.near` is written once per ticket, when it comes within the
hall's `notify_ahead` places. Each receiver gets its rows one at a time in id order
(`next_due`, deliveries.py), so it sees events in order; a failure is retried with
back-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from shared.domain.numbering import business_day
from shared.services.common import Ctx, context, service_code

# Handing the rows out, one receiver at a time: deliveries.py (re-exported).
from shared.services.deliveries import Delivery as Delivery
from shared.services.deliveries import OutboxRow as OutboxRow
from shared.services.deliveries import mark_delivered as mark_delivered
from shared.services.deliveries import mark_failed_attempt as mark_failed_attempt
from shared.services.deliveries import next_due as next_due
from shared.services.deliveries import outbox_rows as outbox_rows
from shared.services.phone import PAGE_COLUMNS, waiting_lines
from shared.store.db import Store
from shared.store.models import Event, Ticket, WebhookCursor, WebhookOutbox, WebSecret

EVENT_KINDS = {
    "called": "ticket.called",
    "recalled": "ticket.recalled",
    "no_show": "ticket.no_show",
    "transferred": "ticket.transferred",
    "finished": "ticket.finished",
    "booked": "booking.created",
    "booking_cancelled": "booking.cancelled",
}
# Events after which a waiting ticket may have come closer to the front.
MOVES_QUEUE = frozenset({"called", "no_show", "cancelled", "transferred", "issued", "requeued"})
BATCH = 500


@dataclass(frozen=True)
class Receiver:
    name: str
    url: str
    secret: str
    events: frozenset[str]


def receivers(store: Store) -> list[Receiver]:
    """The hall file's webhook receivers with their secrets."""
    with store.read() as session:
        ctx = context(store, session)
        hooks = ctx.hall.web.webhooks  # their secrets are kept apart, in web_secret
        keys = session.get(WebSecret, ctx.hall_id)
        secrets = dict(keys.webhook_secrets) if keys else {}
        return [
            Receiver(h.name, h.url, str(secrets.get(h.name, "")), frozenset(h.events))
            for h in hooks
            if secrets.get(h.name)
        ]


def fill_outbox(store: Store, hooks: list[Receiver]) -> int:
    """Outbox rows for the events after the cursor and for tickets come near; returns rows."""
    with store.write() as session:
        ctx = context(store, session)
        cursor = session.get(WebhookCursor, ctx.hall_id)
        if cursor is None:
            # First run: start at the end of the log, not with the whole history.
            last = session.scalar(
                select(Event.id).where(Event.hall_id == ctx.hall_id).order_by(Event.id.desc())
            )
            session.add(WebhookCursor(hall_id=ctx.hall_id, last_event_id=int(last or 0)))
            return 0
        events = session.scalars(
            select(Event)
            .where(Event.hall_id == ctx.hall_id, Event.id > cursor.last_event_id)
            .order_by(Event.id)
            .limit(BATCH)
        ).all()
        if not events:
            return 0
        cursor.last_event_id = events[-1].id
        written = 0
        tokens = _tokens(ctx, events)
        for e in events:
            kind = EVENT_KINDS.get(e.kind)
            if kind is None:
                continue
            payload = _event_payload(ctx, e, kind, tokens)
            written += _put(ctx, hooks, kind, f"event:{e.id}", e.id, payload)
        if any(e.kind in MOVES_QUEUE for e in events):
            written += _near(ctx, hooks)
        return written


def _tokens(ctx: Ctx, events: Any) -> dict[tuple[Any, str], tuple[str | None, int | None]]:
    """(day, code) -> (page token, appointment id) of the tickets these events name."""
    codes = {e.code for e in events if e.code}
    if not codes:
        return {}
    rows = ctx.session.execute(
        select(Ticket.business_day, Ticket.code, Ticket.web_token, Ticket.appointment_id).where(
            Ticket.hall_id == ctx.hall_id, Ticket.code.in_(codes), Ticket.parent_id.is_(None)
        )
    ).all()
    return {(r.business_day, r.code): (r.web_token, r.appointment_id) for r in rows}


def _event_payload(
    ctx: Ctx, e: Event, kind: str, tokens: dict[tuple[Any, str], tuple[str | None, int | None]]
) -> dict[str, Any]:
    details = dict(e.details or {})
    body: dict[str, Any] = {"hall": ctx.hall.code, "at": e.at.isoformat(), "event_id": e.id}
    if kind.startswith("booking."):
        body["booking"] = {
            "code": details.get("booking_code"),
            "service": e.service,
            "slot_start": details.get("slot_start"),
        }
        return body
    token, _appt = tokens.get((business_day(e.at, ctx.hall.timezone), e.code or ""), (None, None))
    ticket: dict[str, Any] = {
        "code": e.code,
        "service": e.service,
        "counter": e.counter,
        "token": token,
    }
    if kind == "ticket.transferred":
        ticket["to_service"] = details.get("to_service")
        ticket["to_counter"] = details.get("to_counter")
    if kind == "ticket.recalled":
        ticket["recalls"] = details.get("recalls")
    body["ticket"] = ticket
    return body


def _near(ctx: Ctx, hooks: list[Receiver]) -> int:
    """`ticket.near` for waiting tickets within notify_ahead places, once per ticket."""
    wanted = [h for h in hooks if "ticket.near" in h.events]
    if not wanted:
        return 0
    limit = ctx.hall.web.notify_ahead
    rows = ctx.session.execute(
        select(*PAGE_COLUMNS).where(
            Ticket.hall_id == ctx.hall_id,
            Ticket.business_day == ctx.day,
            Ticket.status == "waiting",
        )
    ).all()
    lines = waiting_lines(rows)  # the same count the ticket page shows
    near = [
        (row, ahead) for row in rows if (ahead := max(0, lines[row.service_id].ahead(row))) <= limit
    ]
    keys = {f"near:{ctx.day}:{row.code}" for row, _ in near}
    sent = (
        set(
            ctx.session.scalars(
                select(WebhookOutbox.idempotency_key).where(
                    WebhookOutbox.hall_id == ctx.hall_id,
                    WebhookOutbox.kind == "ticket.near",
                    WebhookOutbox.idempotency_key.in_(keys),
                )
            )
        )
        if keys
        else set()
    )
    written = 0
    for row, ahead in near:
        if f"near:{ctx.day}:{row.code}" in sent:
            continue  # once per ticket (a receiver added later starts from now)
        token = row.web_token
        if token is None:  # a transfer's continuation: the page key is on the first row
            token = ctx.session.scalar(
                select(Ticket.web_token).where(
                    Ticket.hall_id == ctx.hall_id,
                    Ticket.business_day == ctx.day,
                    Ticket.code == row.code,
                    Ticket.parent_id.is_(None),
                )
            )
        payload = {
            "hall": ctx.hall.code,
            "at": ctx.now.isoformat(),
            "event_id": None,
            "ticket": {
                "code": row.code,
                "service": service_code(ctx, row.service_id),
                "people_ahead": ahead,
                "token": token,
            },
        }
        written += _put(ctx, wanted, "ticket.near", f"near:{ctx.day}:{row.code}", None, payload)
    return written


def _put(
    ctx: Ctx,
    hooks: list[Receiver],
    kind: str,
    key: str,
    event_id: int | None,
    payload: dict[str, Any],
) -> int:
    insert = pg_insert if ctx.store.is_postgres else sqlite_insert
    written = 0
    for hook in hooks:
        if kind not in hook.events:
            continue
        stmt = (
            insert(WebhookOutbox)
            .values(
                hall_id=ctx.hall_id,
                receiver=hook.name,
                kind=kind,
                idempotency_key=key,
                event_id=event_id,
                payload={"id": key, "kind": kind, **payload},
                state="pending",
                attempts=0,
                created_at=ctx.now,
                next_attempt_at=ctx.now,
                last_error="",
            )
            .on_conflict_do_nothing(index_elements=["hall_id", "receiver", "idempotency_key"])
            .returning(WebhookOutbox.id)
        )
        written += len(ctx.session.execute(stmt).all())
    return written
