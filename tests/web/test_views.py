"""The ticket pages' reads: one ticket's view, never another day's ticket of the same code."""

from __future__ import annotations

from datetime import timedelta

from shared.domain.clock import ManualClock
from shared.services import call_next, hall_status, issue_ticket, open_counter
from shared.services.phone import root_by_token, ticket_views
from shared.store.db import Store


def test_views_follow_the_line_and_the_call(store: Store) -> None:
    open_counter(store, counter=2, clerk="li.wei")
    first = issue_ticket(store, service="A")
    mine = issue_ticket(store, service="A")
    priority = issue_ticket(store, service="A", priority=True)
    root = root_by_token(store, mine.web_token or "")
    assert root == mine.id
    view = ticket_views(store, [mine.id])[mine.id]
    assert (view.code, view.status, view.people_ahead) == (mine.code, "waiting", 2)
    assert view.est_wait_min is not None
    listed = {t.code: t for t in hall_status(store).tickets}
    assert view.est_wait_min == listed[mine.code].est_wait_min  # one estimate, not two
    call_next(store, counter=2)  # the priority ticket goes first
    assert ticket_views(store, [mine.id])[mine.id].people_ahead == 1
    assert ticket_views(store, [priority.id])[priority.id].status == "called"
    assert first.code != mine.code


def test_yesterdays_page_never_shows_todays_ticket_of_the_same_code(
    store: Store, clock: ManualClock
) -> None:
    old = issue_ticket(store, service="A", enforce_limits=False)
    clock.advance(timedelta(days=1))
    new = issue_ticket(store, service="A", enforce_limits=False)
    assert new.code == old.code  # numbering restarts each business day
    assert root_by_token(store, old.web_token or "") is None
    known = {old.id: (old.code, old.business_day)}
    assert ticket_views(store, [old.id], known) == {}
    assert ticket_views(store, [old.id]) == {}
    assert ticket_views(store, [new.id])[new.id].code == new.code
