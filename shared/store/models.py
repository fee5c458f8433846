"""SQLAlchemy 2 typed models. Every row carries its hall, so one store may hold several."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Stored as UTC, always read back timezone-aware (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use timezone-aware UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}


class Hall(Base):
    __tablename__ = "hall"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    number_width: Mapped[int] = mapped_column(Integer, default=3)
    # The hall file's sections the apps read (hours, dispatch, printer, announce, ...).
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Department(Base):
    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("hall_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    sort: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Service(Base):
    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("hall_id", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    prefix: Mapped[str] = mapped_column(String(4))
    case_class: Mapped[str] = mapped_column(String(32))
    target_minutes: Mapped[float] = mapped_column(Float, default=10.0)
    daily_quota: Mapped[int] = mapped_column(Integer, default=0)
    hours: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ServiceDayOverride(Base):
    """A supervisor's change for one day: hours extended (延时服务) or quota raised."""

    __tablename__ = "service_day_override"
    __table_args__ = (UniqueConstraint("service_id", "business_day"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    business_day: Mapped[date] = mapped_column(Date)
    closes_at: Mapped[str | None] = mapped_column(String(5), nullable=True)  # "HH:MM" local
    extra_quota: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)


class Counter(Base):
    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("hall_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    dispatch: Mapped[str] = mapped_column(String(16), default="fifo")
    state: Mapped[str] = mapped_column(String(16), default="closed")  # closed | open | paused
    clerk: Mapped[str | None] = mapped_column(String(80), nullable=True)
    current_ticket_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    priority_streak: Mapped[int] = mapped_column(Integer, default=0)
    pause_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    devices: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CounterService(Base):
    __tablename__ = "counter_service"
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[int] = mapped_column(Integer, default=1)


class Clerk(Base):
    __tablename__ = "clerk"
    __table_args__ = (UniqueConstraint("hall_id", "login"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    login: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(200), default="clerk")  # comma separated
    services: Mapped[str] = mapped_column(Text, default="")  # comma separated; empty: any
    # The secrets are deferred: a plain select(Clerk) leaves them out, so a PC whose
    # database role may read only the other columns can still list clerks.
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True, deferred=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, deferred=True)
    locked_until: Mapped[datetime | None] = mapped_column(
        UtcDateTime(), nullable=True, deferred=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # `hallq clerk invite`: a one-time setup code (hashed) and when it stops working.
    setup_code_hash: Mapped[str | None] = mapped_column(String(255), nullable=True, deferred=True)
    setup_expires: Mapped[datetime | None] = mapped_column(
        UtcDateTime(), nullable=True, deferred=True
    )


class ClerkSession(Base):
    """A clerk's log-in at a PC (PostgreSQL): the store resolves the acting clerk from it."""

    __tablename__ = "clerk_session"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("clerk.id"))
    login: Mapped[str] = mapped_column(String(80))
    roles: Mapped[str] = mapped_column(String(200))
    counter: Mapped[int | None] = mapped_column(Integer, nullable=True)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime())
    opened_by: Mapped[str] = mapped_column(String(63))  # the PC's database role
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class LoginAttempt(Base):
    """Failed log-ins per typed login, known or not, so both get the same answer (PostgreSQL)."""

    __tablename__ = "login_attempt"
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), primary_key=True)
    login: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class PcRoleRow(Base):
    """PostgreSQL: the database role of each kind of PC (`hallq db roles` writes it)."""

    __tablename__ = "hallq_pc_role"
    rolname: Mapped[str] = mapped_column(String(63), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # kiosk | display | counter | web | admin


class NumberSeq(Base):
    """The last number handed out per hall, business day and prefix: the referee of numbering."""

    __tablename__ = "number_seq"
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), primary_key=True)
    business_day: Mapped[date] = mapped_column(Date, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(4), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    __tablename__ = "ticket"
    __table_args__ = (
        # A code is unique within a day; a transferred ticket's continuation shares its code.
        Index(
            "ux_ticket_code",
            "hall_id",
            "business_day",
            "code",
            unique=True,
            sqlite_where=text("parent_id IS NULL"),
            postgresql_where=text("parent_id IS NULL"),
        ),
        Index("ix_ticket_queue", "hall_id", "business_day", "status", "service_id", "queue_key"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    business_day: Mapped[date] = mapped_column(Date)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    code: Mapped[str] = mapped_column(String(16))
    number: Mapped[int] = mapped_column(Integer)
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    queue_key: Mapped[int] = mapped_column(BigInteger)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    called_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    counter_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    clerk: Mapped[str | None] = mapped_column(String(80), nullable=True)
    target_counter: Mapped[int | None] = mapped_column(Integer, nullable=True)
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    requeues: Mapped[int] = mapped_column(Integer, default=0)
    parent_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("ticket.id"), nullable=True)
    appointment_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issued_by: Mapped[str | None] = mapped_column(String(80), nullable=True)  # 帮办代办
    note: Mapped[str] = mapped_column(Text, default="")
    # The key of the citizen's ticket page ({web_base}/t/{token}): random, never derived
    # from the id; a transfer's continuation row carries none (the page follows the chain).
    web_token: Mapped[str | None] = mapped_column(String(32), nullable=True, unique=True)


class Event(Base):
    """The audit trail, the board's feed and the source of every statistic. Append only."""

    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_hall_at", "hall_id", "at"),
        Index("ix_event_ticket", "ticket_id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    kind: Mapped[str] = mapped_column(String(32))
    ticket_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    service: Mapped[str | None] = mapped_column(String(40), nullable=True)
    counter: Mapped[int | None] = mapped_column(Integer, nullable=True)
    clerk: Mapped[str | None] = mapped_column(String(80), nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Filled by the store, never by the client: the server's clock and the writer's
    # database role (PostgreSQL: a trigger overrides whatever an insert says).
    recorded_at: Mapped[datetime | None] = mapped_column(
        UtcDateTime(), nullable=True, server_default=text("CURRENT_TIMESTAMP")
    )
    recorded_by: Mapped[str | None] = mapped_column(String(63), nullable=True)


class Rating(Base):
    """One rating per case (一次一评); level NULL is 未评价. Kept until sent upward."""

    __tablename__ = "rating"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("ticket.id"), unique=True)
    level: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1 非常满意 .. 5 非常不满意
    dimensions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reasons_version: Mapped[str] = mapped_column(String(40), default="")
    counter: Mapped[int | None] = mapped_column(Integer, nullable=True)
    clerk: Mapped[str | None] = mapped_column(String(80), nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="pad")  # pad | screen | timeout
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class FollowUp(Base):
    """The follow-up (整改) of a bad rating."""

    __tablename__ = "follow_up"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id"), unique=True)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime())
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="open")  # open | closed
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    action: Mapped[str] = mapped_column(Text, default="")
    closed_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class Appointment(Base):
    """A booking (预约) checked in at the kiosk with its code."""

    __tablename__ = "appointment"
    __table_args__ = (UniqueConstraint("hall_id", "booking_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    booking_code: Mapped[str] = mapped_column(String(64))
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    slot_start: Mapped[datetime] = mapped_column(UtcDateTime())
    slot_end: Mapped[datetime] = mapped_column(UtcDateTime())
    name_masked: Mapped[str] = mapped_column(String(80), default="")
    phone_tail: Mapped[str] = mapped_column(String(8), default="")
    state: Mapped[str] = mapped_column(String(16), default="booked")  # booked|checked_in|cancelled
    ticket_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Phone bookings (hallq-web): a keyed hash of the mobile number, so one phone can be
    # limited per service and day without the number being kept; the cancel link's key.
    source: Mapped[str] = mapped_column(String(16), default="import")  # import | phone
    # Deferred: the kiosk's and the board's roles may not read them (shared/store/roles.py).
    phone_hash: Mapped[str | None] = mapped_column(
        String(64), nullable=True, index=True, deferred=True
    )
    cancel_token: Mapped[str | None] = mapped_column(
        String(32), nullable=True, unique=True, deferred=True
    )


class WebSecret(Base):
    """The web service's keys: the phone-hash key and the webhook secrets (hall file)."""

    __tablename__ = "web_secret"
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), primary_key=True)
    phone_key: Mapped[str] = mapped_column(String(128))
    webhook_secrets: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class WebhookOutbox(Base):
    """One event for one receiver, kept until delivered (or given up on, as failed)."""

    __tablename__ = "webhook_outbox"
    __table_args__ = (
        UniqueConstraint("hall_id", "receiver", "idempotency_key"),
        Index("ix_outbox_due", "hall_id", "receiver", "state", "id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    receiver: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(32))
    idempotency_key: Mapped[str] = mapped_column(String(120))
    event_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending|delivered|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")


class WebhookCursor(Base):
    """The last event the outbox was filled from: a restarted service resumes there."""

    __tablename__ = "webhook_cursor"
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), primary_key=True)
    last_event_id: Mapped[int] = mapped_column(BigInteger, default=0)
