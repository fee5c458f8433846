"""The clerk's next-up preview names the ticket the call then takes: on both stores, on the
in-memory twin, and the twin calls what the store calls (random halls, random operations)."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared import services as uc
from shared.config.spec import (
    CounterServiceSpec,
    CounterSpec,
    DispatchMode,
    DispatchRules,
    HallSpec,
)
from shared.domain.clock import ManualClock
from shared.domain.errors import DomainError, NoCurrentTicket, NothingWaiting
from shared.services.counter_view import counter_view
from shared.sim.halls import MemoryHall
from shared.store.apply import apply_hall
from shared.store.db import Store
from tests.factories import small_hall

SERVICES = ("A", "B", "C")
COUNTERS = (1, 2, 3, 4)


@st.composite
def halls(draw: st.DrawFn) -> HallSpec:
    """The small hall with four counters serving random services, modes and weights."""
    counters = []
    for number in COUNTERS:
        served = draw(st.lists(st.sampled_from(SERVICES), min_size=1, max_size=3, unique=True))
        links = tuple(CounterServiceSpec(s, draw(st.integers(1, 4))) for s in served)
        counters.append(CounterSpec(number, links, dispatch=draw(st.sampled_from(DispatchMode))))
    rules = DispatchRules(
        priority_streak_limit=draw(st.integers(1, 2)),
        requeue_places=draw(st.integers(1, 3)),
        requeue_limit=draw(st.integers(0, 2)),
    )
    base = small_hall()
    return HallSpec(
        code=base.code,
        name=base.name,
        name_en=base.name_en,
        departments=base.departments,
        services=tuple(s for s in base.services if s.code in SERVICES),
        counters=tuple(counters),
        clerks=base.clerks,
        dispatch=rules,
    )


counter = st.sampled_from(COUNTERS)
issue = st.tuples(st.just("issue"), st.sampled_from(SERVICES), st.booleans())
call = st.tuples(st.just("call"), counter, st.none())
operation = st.one_of(
    issue,
    issue,
    issue,
    call,
    call,
    st.tuples(st.just("no_show"), counter, st.sampled_from((None, True, False))),
    st.tuples(st.just("tick"), st.integers(1, 900), st.none()),
    st.tuples(st.just("transfer"), counter, counter),
)


def preview(store: Store, number: int) -> str | None:
    view = counter_view(store, counter=number, next_n=3)
    return view.next_up[0].code if view.next_up else None


def clear_counters(store: Store) -> None:
    """Each example starts with every counter free and closed (its streak back to 0)."""
    for number in COUNTERS:
        with contextlib.suppress(NoCurrentTicket):
            uc.finish(store, counter=number)
        uc.close_counter(store, counter=number, release=True)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(hall=halls(), ops=st.lists(operation, min_size=8, max_size=40))
def test_the_preview_names_the_ticket_the_call_takes(
    store: Store, clock: ManualClock, hall: HallSpec, ops: list[tuple[str, object, object]]
) -> None:
    clock.advance(timedelta(days=1))  # a fresh business day: no ticket of another example
    apply_hall(store, hall)
    clear_counters(store)
    # The twin has no transfers: it follows only the runs without one.
    twin = None if any(op == "transfer" for op, _, _ in ops) else MemoryHall(hall)
    twin_id: dict[int, int] = {}  # store ticket id -> twin ticket id
    in_hand: set[int] = set()
    for number in COUNTERS:
        uc.open_counter(store, counter=number)
        if twin is not None:
            twin.open_counter(number)
    for op, arg, flag in ops:
        if twin is not None:
            twin.set_time(clock.now())
        if op == "tick":
            clock.advance(float(arg))  # type: ignore[arg-type]
        elif op == "issue":
            info = uc.issue_ticket(
                store, service=str(arg), priority=bool(flag), enforce_limits=False
            )
            if twin is not None:
                twin_id[info.id] = twin.issue(str(arg), priority=bool(flag), enforce_limits=False)
        elif op == "call":
            number = int(arg)  # type: ignore[call-overload]
            if number in in_hand:
                uc.finish(store, counter=number)
                if twin is not None:
                    twin.finish(number)
                in_hand.discard(number)
            shown = preview(store, number)
            expected = twin.next_up(number) if twin is not None else None
            if shown is None:
                try:
                    uc.call_next(store, counter=number)
                    raise AssertionError(f"counter {number}: nothing shown, a ticket called")
                except NothingWaiting:
                    pass
                assert expected is None
                continue
            called = uc.call_next(store, counter=number)
            in_hand.add(number)
            assert called.code == shown, f"counter {number}: shown {shown}, called {called.code}"
            if twin is not None:
                assert expected is not None and twin.call_next(number) == expected
                assert twin_id[called.ticket_id] == expected, "the twin called another ticket"
        elif op == "no_show" and int(arg) in in_hand:  # type: ignore[call-overload]
            number = int(arg)  # type: ignore[call-overload]
            gone = uc.mark_no_show(store, counter=number, requeue=flag)  # type: ignore[arg-type]
            in_hand.discard(number)
            if twin is not None:
                requeued = twin.no_show(number, flag)  # type: ignore[arg-type]
                assert requeued == bool(gone.details.get("requeued"))
        elif op == "transfer" and int(arg) in in_hand:  # type: ignore[call-overload]
            number = int(arg)  # type: ignore[call-overload]
            try:
                uc.transfer(store, counter=number, to_counter=int(flag))  # type: ignore[call-overload]
            except DomainError:
                continue
            in_hand.discard(number)
