"""Real processes racing: 4 issuing and 8 calling at once, on each backend."""

from __future__ import annotations

import multiprocessing as mp
from collections import Counter

import pytest
from sqlalchemy import select

from shared import services as uc
from shared.store.db import Store
from shared.store.models import Event, Ticket
from tests.store import loadprocs

ISSUERS = 4
CALLERS = 8
PER_ISSUER = 60


@pytest.mark.slow
@pytest.mark.parametrize("composite", [False, True], ids=["finish-then-call", "one-transaction"])
def test_four_issuers_eight_callers(store: Store, db_url: str, composite: bool) -> None:
    """With `composite` each caller finishes and calls in one transaction: two events
    written at its end, while other callers lock tickets and write theirs."""
    for n in range(5, 5 + CALLERS):  # counters 5-12 serve A and B
        uc.open_counter(store, counter=n)
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    done = ctx.Event()
    issuers = [
        ctx.Process(target=loadprocs.issuer, args=(db_url, "AB"[i % 2], PER_ISSUER, out))
        for i in range(ISSUERS)
    ]
    callers = [
        ctx.Process(target=loadprocs.caller, args=(db_url, n, done, out, composite))
        for n in range(5, 5 + CALLERS)
    ]
    for p in callers + issuers:
        p.start()
    results = []
    for p in issuers:
        p.join(120)
    done.set()
    for p in callers:
        p.join(120)
    while not out.empty():
        results.append(out.get())
    errors = [r for r in results if r[0] == "error"]
    assert not errors, errors[:5]
    assert all(p.exitcode == 0 for p in issuers + callers)

    issued = [code for r in results if r[0] == "issued" for code in r[1]]
    called = [tid for r in results if r[0] == "called" for tid in r[1]]
    assert len(issued) == ISSUERS * PER_ISSUER
    assert len(set(issued)) == len(issued), "a code was handed out twice"
    assert len(called) == len(set(called)), "a ticket was called by two counters"

    with store.read() as s:
        tickets = s.scalars(select(Ticket)).all()
        call_events = Counter(
            s.scalars(select(Event.ticket_id).where(Event.kind == "called")).all()
        )
    assert len(tickets) == ISSUERS * PER_ISSUER
    assert {t.id for t in tickets} == set(called), "every ticket called exactly once"
    assert all(call_events[t.id] == 1 for t in tickets)
    by_prefix = Counter(t.code[0] for t in tickets)
    assert by_prefix == {"A": PER_ISSUER * 2, "B": PER_ISSUER * 2}
    numbers = sorted(int(t.code[1:]) for t in tickets if t.code[0] == "A")
    assert numbers == list(range(1, PER_ISSUER * 2 + 1)), "numbering has no gap or repeat"
    if composite:
        with store.read() as s:
            rows = s.execute(select(Event.kind, Event.counter).order_by(Event.id)).all()
        finished = [i for i, r in enumerate(rows) if r.kind == "finished"]
        assert finished
        # Both events of a finish-and-call are written at its end, back to back: the
        # hall's event lock lets no other writer's event in between.
        for i in finished:
            assert (rows[i + 1].kind, rows[i + 1].counter) == ("called", rows[i].counter)
