"""差评整改: bad ratings open items; a supervisor closes them with an outcome, one event each."""

from __future__ import annotations

import pytest

from shared import services as uc
from shared.domain.clock import ManualClock
from shared.domain.errors import DomainError
from shared.services.follow_up import (
    FollowUpClosed,
    FollowUpNotFound,
    close_follow_up,
    list_follow_ups,
    open_follow_ups,
)
from shared.store.db import Store


def _serve_and_rate(store: Store, level: int | None) -> str:
    code = uc.issue_ticket(store, service="A").code
    uc.call_chosen(store, counter=2, code=code)
    uc.finish(store, counter=2)
    uc.rate(store, code=code, level=level)
    return code


def test_only_bad_ratings_open_items_and_closing_records_one_event(
    store: Store, clock: ManualClock
) -> None:
    uc.open_counter(store, counter=2, clerk="li.wei")
    for level in (1, 2, 3, None):
        _serve_and_rate(store, level)
    assert open_follow_ups(store) == []
    bad4 = _serve_and_rate(store, 4)
    bad5 = _serve_and_rate(store, 5)
    items = open_follow_ups(store)
    assert [(i.code, i.level_label, i.clerk) for i in items] == [
        (bad4, "不满意", "li.wei"),
        (bad5, "非常不满意", "li.wei"),
    ]
    clock.advance(3 * 86400)
    assert [i.age_days for i in open_follow_ups(store)] == [3, 3]
    before = uc.last_event_id(store)
    event_id = close_follow_up(
        store, follow_up_id=items[0].id, outcome="explained", action="电话回访说明", by="wang.fang"
    )
    events = uc.events_after(store, before)
    assert [e.id for e in events] == [event_id]
    assert events[0].kind == "follow_up_closed"
    assert events[0].details["outcome"] == "explained"
    assert events[0].code == bad4
    assert [i.code for i in open_follow_ups(store)] == [bad5]
    closed = [i for i in list_follow_ups(store) if i.state == "closed"]
    assert [(i.outcome, i.action, i.closed_by, i.age_days) for i in closed] == [
        ("explained", "电话回访说明", "wang.fang", 3)
    ]


def test_closing_refuses_bad_input(store: Store) -> None:
    uc.open_counter(store, counter=2, clerk="li.wei")
    _serve_and_rate(store, 5)
    [item] = open_follow_ups(store)
    with pytest.raises(DomainError, match="outcome must be one of"):
        close_follow_up(store, follow_up_id=item.id, outcome="ignored", action="x")
    with pytest.raises(DomainError, match="action text is empty"):
        close_follow_up(store, follow_up_id=item.id, outcome="fixed", action="  ")
    with pytest.raises(DomainError, match="not a supervisor"):
        close_follow_up(store, follow_up_id=item.id, outcome="fixed", action="x", by="li.wei")
    with pytest.raises(DomainError, match="no active staff member"):
        close_follow_up(store, follow_up_id=item.id, outcome="fixed", action="x", by="nobody")
    with pytest.raises(FollowUpNotFound):
        close_follow_up(store, follow_up_id=item.id + 100, outcome="fixed", action="x")
    close_follow_up(store, follow_up_id=item.id, outcome="fixed", action="当场更正")
    with pytest.raises(FollowUpClosed):
        close_follow_up(store, follow_up_id=item.id, outcome="fixed", action="again")
