"""Clerk log-in: argon2 hashes, the first-login password, lockout after repeated failures.

Every log-in, failure, lockout and password change is an event row. A failed attempt
must be remembered even though the attempt is refused, so the refusal is raised only
after the counting transaction has committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select

from shared.domain.errors import DomainError
from shared.services.common import Ctx, context, record
from shared.store.db import Store
from shared.store.models import Clerk, Counter, CounterService, Service

ROLES = ("clerk", "supervisor", "admin")
MIN_PASSWORD = 6
# Used when the hall's settings have no [login] section.
DEFAULT_MAX_FAILURES = 5
DEFAULT_LOCK_MINUTES = 15


class AuthError(DomainError):
    """A log-in or password change is refused."""


class UnknownClerk(AuthError):
    def __init__(self, login: str) -> None:
        super().__init__(f"no active clerk with login {login!r}")
        self.login = login


class BadPassword(AuthError):
    """Wrong password; `remaining` attempts are left before the lockout."""

    def __init__(self, login: str, remaining: int) -> None:
        super().__init__(f"wrong password for {login!r}; {remaining} attempts left")
        self.login = login
        self.remaining = remaining


class AccountLocked(AuthError):
    def __init__(self, login: str, until: datetime) -> None:
        super().__init__(f"{login!r} is locked until {until.isoformat(timespec='seconds')}")
        self.login = login
        self.until = until


class PasswordNotSet(AuthError):
    """First log-in: the clerk must choose a password before working."""

    def __init__(self, login: str) -> None:
        super().__init__(f"{login!r} has no password yet: set one at first log-in")
        self.login = login


class PasswordAlreadySet(AuthError):
    def __init__(self, login: str) -> None:
        super().__init__(f"{login!r} already has a password; an admin may reset it")
        self.login = login


class WeakPassword(AuthError):
    def __init__(self, length: int) -> None:
        super().__init__(f"a password needs at least {MIN_PASSWORD} characters, got {length}")


class NotQualifiedClerk(AuthError):
    def __init__(self, login: str, counter: int) -> None:
        super().__init__(f"{login!r} is not qualified for any service of counter {counter}")
        self.login = login
        self.counter = counter


@dataclass(frozen=True)
class Session:
    """Who logged in, with which roles, at which counter."""

    login: str
    name: str
    roles: tuple[str, ...]
    counter: int | None
    event_id: int

    def has(self, role: str) -> bool:
        return role in self.roles


def make_hasher() -> PasswordHasher:
    """argon2id with the library's recommended parameters."""
    return PasswordHasher()


def _clerk(ctx: Ctx, login: str) -> Clerk:
    row = ctx.session.scalars(
        select(Clerk)
        .where(Clerk.hall_id == ctx.hall_id, Clerk.login == login.strip())
        .with_for_update()
    ).first()
    if row is None or not row.active:
        raise UnknownClerk(login)
    return row


def _roles(clerk: Clerk) -> tuple[str, ...]:
    return tuple(r.strip() for r in clerk.roles.split(",") if r.strip())


def _check_qualified(ctx: Ctx, clerk: Clerk, counter: int) -> None:
    """AB角: any clerk may sit at any counter that serves one of their services."""
    wanted = {s.strip() for s in clerk.services.split(",") if s.strip()}
    if not wanted or "clerk" not in _roles(clerk):
        return
    served = set(
        ctx.session.scalars(
            select(Service.code)
            .join(CounterService, CounterService.service_id == Service.id)
            .join(Counter, Counter.id == CounterService.counter_id)
            .where(Counter.hall_id == ctx.hall_id, Counter.number == counter)
        )
    )
    if served and not (served & wanted):
        raise NotQualifiedClerk(clerk.login, counter)


def log_in(
    store: Store,
    *,
    login: str,
    password: str,
    counter: int | None = None,
    hasher: PasswordHasher | None = None,
) -> Session:
    """Check a clerk's password; count failures and lock the account after too many."""
    hasher = hasher or make_hasher()
    refusal: AuthError | None = None
    with store.write() as session:
        ctx = context(store, session)
        clerk = _clerk(ctx, login)
        if clerk.locked_until is not None and clerk.locked_until > ctx.now:
            record(
                ctx,
                "login_refused",
                counter=counter,
                clerk=clerk.login,
                details={"reason": "locked"},
            )
            refusal = AccountLocked(clerk.login, clerk.locked_until)
        elif clerk.password_hash is None:
            raise PasswordNotSet(clerk.login)
        elif not _verify(hasher, clerk.password_hash, password):
            refusal = _count_failure(ctx, clerk, counter)
        else:
            if counter is not None:
                _check_qualified(ctx, clerk, counter)
            if hasher.check_needs_rehash(clerk.password_hash):
                clerk.password_hash = hasher.hash(password)
            clerk.failed_logins = 0
            clerk.locked_until = None
            event = record(
                ctx,
                "login",
                counter=counter,
                clerk=clerk.login,
                details={"roles": list(_roles(clerk))},
            )
            return Session(clerk.login, clerk.name, _roles(clerk), counter, event.id)
    # Committed: the failure is counted even though the attempt is refused.
    assert refusal is not None
    raise refusal


def _verify(hasher: PasswordHasher, stored: str, password: str) -> bool:
    try:
        return bool(hasher.verify(stored, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _count_failure(ctx: Ctx, clerk: Clerk, counter: int | None) -> AuthError:
    limit = int(ctx.setting("login", "max_failures", DEFAULT_MAX_FAILURES))
    minutes = float(ctx.setting("login", "lock_minutes", DEFAULT_LOCK_MINUTES))
    clerk.failed_logins += 1
    if clerk.failed_logins >= limit:
        clerk.locked_until = ctx.now + timedelta(minutes=minutes)
        clerk.failed_logins = 0
        record(
            ctx,
            "login_locked",
            counter=counter,
            clerk=clerk.login,
            details={"failures": limit, "until": clerk.locked_until.isoformat()},
        )
        return AccountLocked(clerk.login, clerk.locked_until)
    record(
        ctx,
        "login_failed",
        counter=counter,
        clerk=clerk.login,
        details={"failures": clerk.failed_logins, "limit": limit},
    )
    return BadPassword(clerk.login, limit - clerk.failed_logins)


def set_first_password(
    store: Store, *, login: str, password: str, hasher: PasswordHasher | None = None
) -> int:
    """The clerk's own password at first log-in; refused once one is set. Returns the event id."""
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(len(password))
    hasher = hasher or make_hasher()
    with store.write() as session:
        ctx = context(store, session)
        clerk = _clerk(ctx, login)
        if clerk.password_hash is not None:
            raise PasswordAlreadySet(clerk.login)
        clerk.password_hash = hasher.hash(password)
        clerk.failed_logins = 0
        return record(ctx, "password_set", clerk=clerk.login, details={"by": "clerk"}).id


def reset_password(
    store: Store,
    *,
    login: str,
    password: str | None,
    by: str | None = None,
    hasher: PasswordHasher | None = None,
) -> int:
    """An installer or admin sets a password (or clears it: None) and lifts any lockout."""
    if password is not None and len(password) < MIN_PASSWORD:
        raise WeakPassword(len(password))
    hasher = hasher or make_hasher()
    with store.write() as session:
        ctx = context(store, session)
        clerk = _clerk(ctx, login)
        clerk.password_hash = hasher.hash(password) if password is not None else None
        clerk.failed_logins = 0
        clerk.locked_until = None
        return record(
            ctx,
            "password_reset",
            clerk=clerk.login,
            details={"by": by or "admin", "cleared": password is None},
        ).id


def log_out(store: Store, *, login: str, counter: int | None = None) -> int:
    """Record that a clerk left; the counter itself is closed by close_counter."""
    with store.write() as session:
        ctx = context(store, session)
        clerk = _clerk(ctx, login)
        return record(ctx, "logout", counter=counter, clerk=clerk.login).id
