"""Properties over random operation sequences on the in-memory queue (same rules as the store)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.config.spec import DispatchMode, DispatchRules
from shared.domain.dispatch import Candidate, CounterPolicy, decide, decide_first
from shared.domain.errors import NothingWaiting
from shared.domain.queue import MemTicket, Queue
from shared.domain.ticket import TicketStatus

START = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
SERVICES = ("A", "B", "C")

operation = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from(SERVICES), st.booleans()),
    st.tuples(st.just("call"), st.integers(1, 4), st.none()),
    st.tuples(st.just("no_show"), st.integers(1, 4), st.none()),
    st.tuples(st.just("tick"), st.integers(1, 120), st.none()),
)


def make_queue(limit: int, mode: DispatchMode = DispatchMode.FIFO) -> Queue:
    return Queue(
        rules=DispatchRules(priority_streak_limit=limit, requeue_limit=0),
        policies={
            1: CounterPolicy(("A", "B"), mode=mode),
            2: CounterPolicy(("A",), mode=mode),
            3: CounterPolicy(("B", "C"), (3, 1), mode=mode),
            4: CounterPolicy(("C", "A"), mode=mode),
        },
        now=START,
    )


def run(queue: Queue, ops: list[tuple[str, object, object]]) -> list[tuple[int, MemTicket, bool]]:
    """Apply ops; returns (counter, ticket, normal_was_waiting_for_counter) per call."""
    current: dict[int, MemTicket] = {}
    calls: list[tuple[int, MemTicket, bool]] = []
    for op, arg, flag in ops:
        if op == "issue":
            queue.issue(str(arg), bool(flag))
        elif op == "tick":
            queue.tick(float(arg))  # type: ignore[arg-type]
        elif op == "call":
            counter = int(arg)  # type: ignore[call-overload]
            if counter in current:
                queue.finish(current.pop(counter))
            served = queue.policies[counter].services
            normal_waiting = any(not t.priority and t.service in served for t in queue.waiting())
            try:
                ticket = queue.next_for(counter)
            except NothingWaiting:
                continue
            current[counter] = ticket
            calls.append((counter, ticket, normal_waiting))
        elif op == "no_show":
            counter = int(arg)  # type: ignore[call-overload]
            if counter in current:
                queue.no_show(current.pop(counter))
    return calls


@settings(max_examples=150, deadline=None)
@given(st.lists(operation, max_size=120), st.sampled_from(list(DispatchMode)))
def test_no_ticket_is_called_twice(
    ops: list[tuple[str, object, object]], mode: DispatchMode
) -> None:
    queue = make_queue(3, mode)
    calls = run(queue, ops)
    ids = [t.ticket_id for _, t, _ in calls]
    assert len(ids) == len(set(ids))  # requeue_limit=0: a ticket is called once at most
    for counter, ticket, _ in calls:
        assert ticket.service in queue.policies[counter].services


@settings(max_examples=150, deadline=None)
@given(st.lists(operation, max_size=120))
def test_fifo_within_a_class_and_service(ops: list[tuple[str, object, object]]) -> None:
    queue = make_queue(3)
    calls = run(queue, ops)
    seen: dict[tuple[str, bool], int] = {}
    for _, ticket, _ in calls:
        line = (ticket.service, ticket.priority)
        # Without requeues, issue order is line order: ids within a line only grow.
        assert ticket.ticket_id > seen.get(line, 0)
        seen[line] = ticket.ticket_id


@settings(max_examples=150, deadline=None)
@given(st.lists(operation, max_size=150), st.integers(1, 4))
def test_priority_starvation_bound(ops: list[tuple[str, object, object]], limit: int) -> None:
    queue = make_queue(limit)
    calls = run(queue, ops)
    streak: dict[int, int] = {}
    for counter, ticket, normal_waiting in calls:
        if ticket.priority and normal_waiting:
            streak[counter] = streak.get(counter, 0) + 1
            assert streak[counter] <= limit, "normal tickets starved behind priority ones"
        else:
            streak[counter] = 0


@settings(max_examples=100, deadline=None)
@given(st.lists(operation, max_size=120))
def test_every_ticket_ends_in_a_valid_state(ops: list[tuple[str, object, object]]) -> None:
    queue = make_queue(3)
    run(queue, ops)
    allowed = {
        TicketStatus.WAITING,
        TicketStatus.CALLED,
        TicketStatus.FINISHED,
        TicketStatus.NO_SHOW,
    }
    assert all(t.status in allowed for t in queue.tickets)


candidate = st.builds(
    Candidate,
    st.integers(1, 60),
    st.sampled_from((*SERVICES, "D")),  # D: a service no counter here serves
    st.booleans(),
    st.integers(0, 10**9),
)


@given(
    st.lists(candidate, max_size=12, unique_by=lambda c: c.ticket_id),
    st.lists(candidate, max_size=3, unique_by=lambda c: c.ticket_id),
    st.sampled_from(list(DispatchMode)),
    st.integers(0, 5),
    st.integers(1, 4),
    st.integers(0, 10**9),
)
def test_decide_first_is_the_first_of_decide(
    waiting: list[Candidate],
    sent: list[Candidate],
    mode: DispatchMode,
    streak: int,
    limit: int,
    offset_us: int,
) -> None:
    """The replay's shortcut calls what the whole decision puts first, leaving its streak."""
    policy = CounterPolicy(("B", "C", "A"), (3, 1, 2), mode=mode)
    now = START + timedelta(microseconds=offset_us)
    kw = {"streak": streak, "streak_limit": limit, "now": now}
    decision = decide(waiting, policy, sent=sent, **kw)  # type: ignore[arg-type]
    first, after = decide_first(waiting, policy, sent=sent, **kw)  # type: ignore[arg-type]
    assert first == decision.first
    assert after == (decision.streak_after(first) if first is not None else streak)
