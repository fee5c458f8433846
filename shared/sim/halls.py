"""The hall a simulation drives: the real store through the use cases, or its in-memory twin.

`StoreHall` is what `hallq simulate` uses: every change goes through `shared.services`
on a store whose clock the simulation moves. `MemoryHall` applies the same domain
rules (`shared.domain.dispatch`) to tickets held in memory; tests show both give the
same calls for the same seed, so the long queueing-theory runs can use the fast one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import select

from shared import services as uc
from shared.config.spec import DispatchMode, DispatchRules, HallSpec
from shared.domain.clock import ManualClock
from shared.domain.dispatch import (
    Candidate,
    CounterPolicy,
    Dispatch,
    decide,
    queue_key_at,
    requeue_behind,
)
from shared.domain.errors import NothingWaiting
from shared.domain.hours import hours_to_json, last_ticket_time
from shared.services.common import hall_info
from shared.store.db import Store
from shared.store.models import Counter, CounterService, Service


@dataclass(frozen=True)
class HallLayout:
    """What the simulation needs to know of a hall: services, counters, time zone."""

    code: str
    timezone: str
    prefixes: dict[str, str]  # service code -> ticket prefix
    targets: dict[str, float]  # service code -> target minutes
    counters: dict[int, tuple[str, ...]]  # counter number -> services it serves
    # ISO weekday -> when the kiosks stop issuing (the latest end of the hall's and its
    # services' opening periods); a weekday absent is a day the hall is shut.
    last_ticket: dict[int, time] = field(default_factory=dict)

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def service_code(self, key: str) -> str:
        """A service by its code or its ticket prefix (so `A=60` works as well as codes)."""
        if key in self.prefixes:
            return key
        for code, prefix in self.prefixes.items():
            if prefix == key.upper():
                return code
        raise KeyError(key)


def last_tickets(hours: list[dict[str, Any]]) -> dict[int, time]:
    """ISO weekday -> last ticket time, from opening hours in their stored (JSON) form."""
    days = {day: last_ticket_time(hours, day) for day in range(1, 8)}
    return {day: end for day, end in days.items() if end is not None}


def layout_of(spec: HallSpec) -> HallLayout:
    hours = [
        hours_to_json(h.days, h.periods)
        for h in (spec.hours, *(s.hours for s in spec.services if s.hours is not None))
    ]
    return HallLayout(
        code=spec.code,
        timezone=spec.timezone,
        prefixes={s.code: s.prefix for s in spec.services},
        targets={s.code: s.target_minutes for s in spec.services},
        counters={c.number: tuple(link.service for link in c.services) for c in spec.counters},
        last_ticket=last_tickets(hours),
    )


class SimHall(Protocol):
    """The state changes a simulation makes, at the time last given to `set_time`."""

    layout: HallLayout

    def set_time(self, moment: datetime) -> None: ...
    def open_counter(self, counter: int) -> None: ...
    def close_counter(self, counter: int) -> None: ...
    def pause_counter(self, counter: int) -> None: ...
    def resume_counter(self, counter: int) -> None: ...
    def issue(self, service: str, *, priority: bool, enforce_limits: bool) -> int: ...
    def call_next(self, counter: int) -> int: ...
    def start(self, counter: int) -> None: ...
    def finish(self, counter: int) -> None: ...
    def no_show(self, counter: int, requeue: bool | None = None) -> bool: ...
    def rate(self, ticket_id: int, level: int | None) -> None: ...
    def close_day(self) -> list[int]: ...


class StoreHall:
    """The real thing: each step is one use case, one transaction, one event row."""

    def __init__(self, store: Store, clock: ManualClock) -> None:
        self.store = store
        self.clock = clock
        self.codes: dict[int, str] = {}
        self.layout = self._read_layout()

    def _read_layout(self) -> HallLayout:
        from shared.store.models import Hall

        with self.store.read() as session:
            hall = session.get(Hall, self.store.hall_id(session))
            assert hall is not None
            services = session.scalars(
                select(Service).where(Service.hall_id == hall.id, Service.active.is_(True))
            ).all()
            links = session.execute(
                select(Counter.number, Service.code)
                .join(CounterService, CounterService.counter_id == Counter.id)
                .join(Service, Service.id == CounterService.service_id)
                .where(Counter.hall_id == hall.id, Counter.active.is_(True))
                .order_by(Counter.number, CounterService.rank)
            ).all()
            counters: dict[int, tuple[str, ...]] = {}
            for number, code in links:
                counters[int(number)] = (*counters.get(int(number), ()), str(code))
            hours = [hall_info(self.store, session).hours_json]
            hours += [dict(s.hours) for s in services if s.hours]
            return HallLayout(
                code=hall.code,
                timezone=hall.timezone,
                prefixes={s.code: s.prefix for s in services},
                targets={s.code: float(s.target_minutes) for s in services},
                counters=counters,
                last_ticket=last_tickets(hours),
            )

    def set_time(self, moment: datetime) -> None:
        self.clock.set(moment)

    def open_counter(self, counter: int) -> None:
        uc.open_counter(self.store, counter=counter, clerk=None)

    def close_counter(self, counter: int) -> None:
        uc.close_counter(self.store, counter=counter, release=True)

    def pause_counter(self, counter: int) -> None:
        uc.pause_counter(self.store, counter=counter, reason="simulated pause")

    def resume_counter(self, counter: int) -> None:
        uc.resume_counter(self.store, counter=counter)

    def issue(self, service: str, *, priority: bool, enforce_limits: bool) -> int:
        info = uc.issue_ticket(
            self.store,
            service=service,
            priority=priority,
            enforce_limits=enforce_limits,
            source="simulator",
        )
        self.codes[info.id] = info.code
        return info.id

    def call_next(self, counter: int) -> int:
        return uc.call_next(self.store, counter=counter).ticket_id

    def start(self, counter: int) -> None:
        uc.start_service(self.store, counter=counter)

    def finish(self, counter: int) -> None:
        uc.finish(self.store, counter=counter)

    def no_show(self, counter: int, requeue: bool | None = None) -> bool:
        info = uc.mark_no_show(self.store, counter=counter, requeue=requeue)
        return bool(info.details.get("requeued"))

    def rate(self, ticket_id: int, level: int | None) -> None:
        uc.rate(self.store, ticket_id=ticket_id, level=level, source="pad")

    def close_day(self) -> list[int]:
        return uc.close_day(self.store)


@dataclass
class _MemTicket:
    ticket_id: int
    service: str
    priority: bool
    queue_key: int
    requeues: int = 0


class MemoryHall:
    """The store's dispatch rules on tickets in memory: same calls, no database."""

    def __init__(self, spec: HallSpec) -> None:
        self.layout = layout_of(spec)
        self.rules: DispatchRules = spec.dispatch
        self.policies = {
            c.number: CounterPolicy(
                services=tuple(link.service for link in c.services),
                weights=tuple(link.weight for link in c.services),
                mode=DispatchMode(c.dispatch),
            )
            for c in spec.counters
        }
        self.now = datetime.fromtimestamp(0).astimezone()
        self.waiting: dict[int, _MemTicket] = {}
        self.current: dict[int, _MemTicket] = {}
        self.streaks: dict[int, int] = {}
        self.ratings = 0
        self._next_id = 1

    def set_time(self, moment: datetime) -> None:
        self.now = moment

    def open_counter(self, counter: int) -> None:
        self.streaks.setdefault(counter, 0)

    def close_counter(self, counter: int) -> None:
        self.streaks[counter] = 0

    def pause_counter(self, counter: int) -> None:
        pass  # the simulation stops calling at a paused counter; nothing else changes

    def resume_counter(self, counter: int) -> None:
        pass

    def issue(self, service: str, *, priority: bool, enforce_limits: bool) -> int:
        if enforce_limits:
            raise ValueError("the in-memory hall keeps no opening hours: issue without limits")
        ticket = _MemTicket(self._next_id, service, priority, queue_key_at(self.now))
        self._next_id += 1
        self.waiting[ticket.ticket_id] = ticket
        return ticket.ticket_id

    def _decision(self, counter: int) -> Dispatch:
        # As the store: the waiting tickets, and the one dispatch decision.
        return decide(
            [
                Candidate(t.ticket_id, t.service, t.priority, t.queue_key)
                for t in self.waiting.values()
            ],
            self.policies[counter],
            streak=self.streaks.get(counter, 0),
            streak_limit=self.rules.priority_streak_limit,
            now=self.now,
        )

    def next_up(self, counter: int) -> int | None:
        """The ticket `counter` would call now: the twin of the clerk's preview."""
        chosen = self._decision(counter).first
        return chosen.ticket_id if chosen is not None else None

    def call_next(self, counter: int) -> int:
        decision = self._decision(counter)
        chosen = decision.first
        if chosen is None:
            raise NothingWaiting(counter)
        self.streaks[counter] = decision.streak_after(chosen)
        self.current[counter] = self.waiting.pop(chosen.ticket_id)
        return chosen.ticket_id

    def start(self, counter: int) -> None:
        pass  # nothing to record in memory: the simulation keeps the times

    def finish(self, counter: int) -> None:
        del self.current[counter]

    def no_show(self, counter: int, requeue: bool | None = None) -> bool:
        ticket = self.current.pop(counter)
        if requeue is None:
            requeue = ticket.requeues < self.rules.requeue_limit
        if not requeue:
            return False
        ticket.priority, ticket.queue_key = requeue_behind(
            (t for t in self.waiting.values() if t.service == ticket.service),
            self.rules.requeue_places,
            priority=ticket.priority,
            fallback=queue_key_at(self.now),
        )
        ticket.requeues += 1
        self.waiting[ticket.ticket_id] = ticket
        return True

    def rate(self, ticket_id: int, level: int | None) -> None:
        self.ratings += 1

    def close_day(self) -> list[int]:
        voided = sorted(self.waiting)
        self.waiting.clear()
        return voided
