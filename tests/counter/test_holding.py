"""挂起/恢复 as use cases: a held ticket is never called by next, comes back as it left."""

from __future__ import annotations

import pytest

from shared import services as uc
from shared.domain.clock import ManualClock
from shared.domain.errors import CounterBusy, NoCurrentTicket, NothingWaiting
from shared.services.holding import (
    HELD_OFFSET,
    NotHeldHere,
    NothingHeld,
    held_tickets,
    hold,
    restore,
)
from shared.services.queries import events_after
from shared.store.db import Store
from shared.store.models import Ticket


def _open(store: Store, *numbers: int) -> None:
    for n in numbers:
        uc.open_counter(store, counter=n, clerk="li.wei")


def test_held_ticket_is_skipped_by_every_counter_and_restored_in_service(
    store: Store, clock: ManualClock
) -> None:
    _open(store, 1, 2)
    a1 = uc.issue_ticket(store, service="A").code
    a2 = uc.issue_ticket(store, service="A").code
    with store.read() as s:
        original_key = s.query(Ticket).filter_by(code=a1).one().queue_key
    uc.call_next(store, counter=1)
    uc.start_service(store, counter=1)
    held = hold(store, counter=1, reason="取证件")
    assert held.code == a1 and held.kind == "held"
    # The counter is free and calls the next one; no counter ever takes the held ticket.
    assert uc.call_next(store, counter=1).code == a2
    with pytest.raises(NothingWaiting):
        uc.call_next(store, counter=2)
    # A new ticket of the same service is not told the held one is ahead of it.
    assert uc.issue_ticket(store, service="A").people_ahead == 0
    uc.finish(store, counter=1)
    [h] = held_tickets(store, counter=1)
    assert (h.code, h.status_before, h.reason) == (a1, "serving", "取证件")
    assert held_tickets(store, counter=2) == []
    clock.advance(300)
    back = restore(store, counter=1)
    assert back.code == a1 and back.kind == "restored" and back.details["held_s"] == 300
    with store.read() as s:
        t = s.query(Ticket).filter_by(code=a1).one()
        assert (t.status, t.queue_key, t.target_counter) == ("serving", original_key, None)
        assert t.started_at is not None
    view_kinds = [e.kind for e in events_after(store, 0)]
    assert view_kinds.count("held") == 1 and view_kinds[-1] == "restored"
    uc.finish(store, counter=1)
    assert held_tickets(store, counter=1) == []


def test_restore_by_code_a_called_ticket_is_called_again(store: Store, clock: ManualClock) -> None:
    _open(store, 1)
    codes = [uc.issue_ticket(store, service="A").code for _ in range(2)]
    for _ in codes:
        uc.call_next(store, counter=1)
        uc.recall(store, counter=1)
        hold(store, counter=1)
    assert [h.code for h in held_tickets(store, counter=1)] == codes
    clock.advance(60)
    back = restore(store, counter=1, code=codes[0].lower())
    assert back.code == codes[0] and back.recalls == 0
    with store.read() as s:
        t = s.query(Ticket).filter_by(code=codes[0]).one()
        assert t.status == "called" and t.called_at == clock.now()
    # The counter has a case in hand: the other held ticket must wait.
    with pytest.raises(CounterBusy):
        restore(store, counter=1)
    uc.finish(store, counter=1)
    assert restore(store, counter=1).code == codes[1]  # None: the last one held


def test_hold_and_restore_refusals(store: Store) -> None:
    _open(store, 1, 2)
    with pytest.raises(NoCurrentTicket):
        hold(store, counter=1)
    with pytest.raises(NothingHeld):
        restore(store, counter=1)
    code = uc.issue_ticket(store, service="A").code
    uc.call_next(store, counter=1)
    hold(store, counter=1)
    with pytest.raises(NothingHeld):
        restore(store, counter=2, code=code)
    with pytest.raises(NotHeldHere):
        restore(store, counter=1, code="Z999")
    # A held ticket can be voided; it is then no longer held.
    uc.cancel_ticket(store, code=code, clerk="li.wei", reason="材料不全")
    assert held_tickets(store, counter=1) == []
    assert HELD_OFFSET > 2**60
