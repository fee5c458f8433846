"""An in-memory queue built on the same rules the store uses: for tests and reasoning."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from shared.config.spec import DispatchRules
from shared.domain.dispatch import (
    Candidate,
    CounterPolicy,
    decide,
    queue_key_at,
    requeue_behind,
)
from shared.domain.errors import NothingWaiting
from shared.domain.ticket import Action, TicketStatus, next_status


@dataclass
class MemTicket:
    ticket_id: int
    service: str
    priority: bool
    queue_key: int
    status: TicketStatus = TicketStatus.WAITING
    counter: int | None = None
    requeues: int = 0


@dataclass
class Queue:
    """Tickets of one day, counters with policies, and a clock advanced by the caller."""

    rules: DispatchRules
    policies: dict[int, CounterPolicy]
    now: datetime
    tickets: list[MemTicket] = field(default_factory=list)
    streaks: dict[int, int] = field(default_factory=dict)

    def tick(self, seconds: float = 1.0) -> None:
        self.now += timedelta(seconds=seconds)

    def issue(self, service: str, priority: bool = False) -> MemTicket:
        ticket = MemTicket(len(self.tickets) + 1, service, priority, queue_key_at(self.now))
        self.tickets.append(ticket)
        return ticket

    def waiting(self) -> list[MemTicket]:
        return [t for t in self.tickets if t.status is TicketStatus.WAITING]

    def next_for(self, counter: int) -> MemTicket:
        policy = self.policies[counter]
        cands = [Candidate(t.ticket_id, t.service, t.priority, t.queue_key) for t in self.waiting()]
        decision = decide(
            cands,
            policy,
            streak=self.streaks.get(counter, 0),
            streak_limit=self.rules.priority_streak_limit,
            now=self.now,
        )
        chosen = decision.first
        if chosen is None:
            raise NothingWaiting(counter)
        self.streaks[counter] = decision.streak_after(chosen)
        ticket = self.tickets[chosen.ticket_id - 1]
        ticket.status = next_status(str(ticket.ticket_id), ticket.status, Action.CALL)
        ticket.counter = counter
        return ticket

    def finish(self, ticket: MemTicket) -> None:
        ticket.status = next_status(str(ticket.ticket_id), ticket.status, Action.FINISH)

    def no_show(self, ticket: MemTicket) -> None:
        ticket.status = next_status(str(ticket.ticket_id), ticket.status, Action.NO_SHOW)
        if ticket.requeues < self.rules.requeue_limit:
            ticket.priority, ticket.queue_key = requeue_behind(
                (t for t in self.waiting() if t.service == ticket.service),
                self.rules.requeue_places,
                priority=ticket.priority,
                fallback=queue_key_at(self.now),
            )
            ticket.requeues += 1
            ticket.status = next_status(str(ticket.ticket_id), ticket.status, Action.REQUEUE)
