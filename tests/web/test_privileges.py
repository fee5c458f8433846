"""The `hallq_web` role's grants are enough for hallq-web, and the store refuses the rest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from shared.config.spec import WebhookSpec
from shared.events.feed import EventFeed
from shared.services import issue_ticket
from shared.services.booking import book, booking_by_token, cancel_booking, free_slots, phone_key
from shared.services.outbox import (
    fill_outbox,
    mark_delivered,
    mark_failed_attempt,
    next_due,
    outbox_rows,
    receivers,
)
from shared.services.phone import hall_page, root_by_token, ticket_views, todays_calls
from shared.services.queries import hall_status
from shared.store.apply import apply_hall
from shared.store.db import Store
from tests.conftest import PG_ADMIN_URL, PgDatabases, _pg_template, pg_url
from tests.store.pgroles import drop_all, drop_cluster_roles, make_roles
from tests.web.conftest import web_hall

pytestmark = pytest.mark.pg


@pytest.fixture
def as_web(
    pg_databases: PgDatabases,
    migrated_templates: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[tuple[Store, Store]]:
    """(the owner's store, the same store opened as the `hallq_web` role `hallq db roles`
    makes, under this run's own suffix).

    Roles exist on PostgreSQL only: SQLite is one PC, one trust domain.
    """
    name = pg_databases.create(template=_pg_template(migrated_templates, pg_databases))
    url = pg_url(name)
    admin = Store(url)
    hook = WebhookSpec(
        "sms",
        "http://127.0.0.1:9/hook",
        "a-secret-of-16-chars+",
        ("ticket.called", "booking.created"),
    )
    apply_hall(admin, web_hall(webhooks=(hook,)))
    roles = make_roles(url, tmp_path, capsys)
    web = Store(roles.urls["web"])
    try:
        yield admin, web
    finally:
        web.dispose()
        admin.dispose()
        drop_all(url, list(roles.names.values()))
        pg_databases.drop(name)
        drop_cluster_roles(PG_ADMIN_URL, list(roles.names.values()))


def test_web_role_does_its_work(as_web: tuple[Store, Store]) -> None:
    admin, web = as_web
    feed = EventFeed(web)
    feed.fetch()
    ticket = issue_ticket(admin, service="A", enforce_limits=False)
    assert feed.wait(5) and any(e.code == ticket.code for e in feed.fetch())
    feed.close()
    hall_page(web)
    root = root_by_token(web, ticket.web_token or "")
    assert root is not None and ticket_views(web, [root])[root].code == ticket.code
    hall_status(web)
    todays_calls(web)
    phone_key(web)
    slot = next(s for day in free_slots(web, "C").values() for s in day if s.free)
    _code, token = book(web, service="C", slot_start=slot.start, phone="13800138000")
    assert booking_by_token(web, token) is not None
    assert cancel_booking(web, token) is not None
    hooks = receivers(web)
    fill_outbox(web, hooks)  # the cursor
    book(web, service="A", slot_start=slot.start, phone="13800138000")
    assert fill_outbox(web, hooks) == 1
    due, _ = next_due(web, "sms")
    assert due is not None
    mark_failed_attempt(web, due.id, "HTTP 503")
    mark_delivered(web, due.id)
    assert outbox_rows(web, ("delivered",))


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT login, password_hash FROM clerk",
        "SELECT note FROM ticket",
        "SELECT * FROM rating",
        "UPDATE ticket SET status = 'finished'",
        "INSERT INTO ticket (hall_id) VALUES (1)",
        "UPDATE counter SET state = 'open'",
        "UPDATE service SET daily_quota = 0",
        "DELETE FROM appointment",
        "UPDATE appointment SET slot_start = now()",
        "DELETE FROM event",
        "UPDATE hall SET settings = '{}'",
        "SELECT * FROM number_seq",
    ],
)
def test_the_store_refuses_the_rest(as_web: tuple[Store, Store], statement: str) -> None:
    _admin, web = as_web
    with pytest.raises(ProgrammingError, match="permission denied"), web.engine.begin() as conn:
        conn.execute(text(statement))
