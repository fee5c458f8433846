"""What one board reads: the hall's names and its display, voice and screen settings, the
day's calls so far, and a light re-read of the waiting counts and counters.

`hall_status` also estimates every service's wait (~130 ms on the demo hall, mostly
Python holding the GIL); run after every event it delayed the next call on screen.
The board shows counts, not estimates, so between full reads it takes only
`refresh_status`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from shared.config.settings import StoredSettingsError, settings_from_json
from shared.config.spec import AnnounceSpec, DeviceSpec, DisplaySpec
from shared.services.common import context
from shared.services.estimates import waiting_by_service
from shared.services.queries import max_event_id, select_events
from shared.services.results import CounterStatus, EventInfo, HallStatus
from shared.store.db import Store
from shared.store.models import Counter, CounterService, Event, Hall, Service, Ticket

CALL_KINDS = ("called", "recalled")


class DisplaySettingsError(ValueError):
    """The hall's display settings in the store cannot be used (names the display or key)."""


@dataclass(frozen=True)
class BoardSettings:
    """The hall as one board sees it; read from the store, never from the hall file."""

    hall_name: str
    hall_name_en: str
    timezone: str
    notice: str
    display: DisplaySpec
    announce: AnnounceSpec
    screens: DeviceSpec | None
    # counter number -> its address on the counter-screen bus
    screen_addresses: dict[int, int] = field(default_factory=dict)
    counter_names: dict[int, tuple[str, str]] = field(default_factory=dict)
    displays: tuple[str, ...] = ()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def _display(specs: tuple[DisplaySpec, ...], name: str | None) -> DisplaySpec:
    if name is None:
        return specs[0] if specs else DisplaySpec(name="")
    for spec in specs:
        if spec.name == name:
            return spec
    known = ", ".join(s.name for s in specs) or "none"
    raise DisplaySettingsError(f"display {name!r} is not in the hall file's [[displays]]: {known}")


def load_board_settings(
    store: Store, display: str | None = None, *, lang: str = "zh"
) -> BoardSettings:
    """Read the hall's board settings; `display` picks one of its [[displays]] by name."""
    with store.read() as session:
        hall = session.get(Hall, store.hall_id(session))
        assert hall is not None
        stored = hall.settings
        counters = session.scalars(
            select(Counter).where(Counter.hall_id == hall.id, Counter.active.is_(True))
        ).all()
        addresses = {
            c.number: int(c.devices["screen_address"])
            for c in counters
            if (c.devices or {}).get("screen_address") is not None
        }
        names = {c.number: (c.name, c.name_en) for c in counters}
        hall_name, hall_name_en, timezone = hall.name, hall.name_en, hall.timezone
    try:
        settings = settings_from_json(stored)
    except StoredSettingsError as error:
        raise DisplaySettingsError(str(error)) from error
    return BoardSettings(
        hall_name=hall_name,
        hall_name_en=hall_name_en,
        timezone=timezone,
        # The English notice where the hall wrote one, else the Chinese one.
        notice=(lang == "en" and settings.notice_en) or settings.notice,
        display=_display(settings.displays, display),
        announce=settings.announce,
        screens=settings.screens,
        screen_addresses=addresses,
        counter_names=names,
        displays=tuple(d.name for d in settings.displays),
    )


def calls_of_day(store: Store, day: date, timezone: str, *, limit: int = 50) -> list[EventInfo]:
    """The day's newest `called`/`recalled` events (oldest first): the board's history at start."""
    start = datetime.combine(day, time(0), ZoneInfo(timezone))
    with store.read() as session:
        return select_events(
            session,
            store.hall_id(session),
            Event.kind.in_(CALL_KINDS),
            Event.at >= start,
            limit=limit,
            newest=True,
        )


def refresh_status(store: Store, previous: HallStatus) -> HallStatus:
    """`previous` with today's waiting counts, every counter and the last event id re-read."""
    with store.read() as session:
        ctx = context(store, session)
        waiting = waiting_by_service(ctx)
        codes = dict(
            session.execute(
                select(Service.id, Service.code).where(Service.hall_id == ctx.hall_id)
            ).all()
        )
        by_code = {codes[sid]: int(n) for sid, n in waiting.items() if sid in codes}
        served: dict[int, list[str]] = {}
        for counter_id, service_id in session.execute(
            select(CounterService.counter_id, CounterService.service_id).order_by(
                CounterService.rank
            )
        ):
            if service_id in codes:
                served.setdefault(counter_id, []).append(codes[service_id])
        rows = session.execute(
            select(Counter, Ticket.code, Ticket.status)
            .outerjoin(Ticket, Ticket.id == Counter.current_ticket_id)
            .where(Counter.hall_id == ctx.hall_id, Counter.active.is_(True))
            .order_by(Counter.number)
        ).all()
        counters = tuple(
            CounterStatus(
                c.number,
                c.name,
                c.state,
                c.clerk,
                tuple(served.get(c.id, [])),
                code,
                status,
                c.pause_reason,
            )
            for c, code, status in rows
        )
        last = max_event_id(session, ctx.hall_id)
    services = tuple(replace(s, waiting=by_code.get(s.code, 0)) for s in previous.services)
    return replace(
        previous, services=services, counters=counters, last_event_id=last, business_day=ctx.day
    )
