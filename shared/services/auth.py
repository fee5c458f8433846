"""Clerk log-in: checked by the store, first password only with a setup code, lockout.

On PostgreSQL the store itself checks the password (bcrypt, in SECURITY DEFINER
functions of migration 0004), counts failures per typed login — known or not, so both
get the same answer — and opens a session row whose token this PC then hands to every
writing transaction: the store records the clerk of that session, not one a client
names. On SQLite (one PC, one trust domain) the same rules run here, with argon2.

Every log-in, failure, lockout and password change is an event row. A failed attempt
must be remembered even though the attempt is refused, so the refusal is raised only
after the counting transaction has committed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from shared.domain.errors import DomainError
from shared.services.common import Ctx, context, record
from shared.store.db import Store, StoreRefused
from shared.store.models import Clerk, Counter, CounterService, Service

ROLES = ("clerk", "supervisor", "admin")
MIN_PASSWORD = 6
DEFAULT_INVITE_MINUTES = 24 * 60


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
    """First log-in: the clerk chooses a password, with the setup code an admin gave."""

    def __init__(self, login: str) -> None:
        super().__init__(
            f"{login!r} has no password yet: set one with the setup code from "
            "`hallq clerk invite`"
        )
        self.login = login


class BadSetupCode(AuthError):
    """The setup code is wrong, used or expired (counted as a failed log-in)."""

    def __init__(self, login: str, remaining: int | None) -> None:
        super().__init__(
            f"the setup code for {login!r} is wrong or expired: ask an admin for a new one"
        )
        self.login = login
        self.remaining = remaining


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
    # PostgreSQL: the session the store opened; Store.clerk_token carries it.
    token: str | None = None

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
    """Check a clerk's password; count failures and lock the account after too many.

    On PostgreSQL the session's token is also set on `store`, so what follows is done
    as this clerk.
    """
    if store.is_postgres:
        opened = _pg_log_in(store, login, password, counter)
        store.clerk_token = opened.token
        return opened
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


def _split_roles(roles: str) -> tuple[str, ...]:
    return tuple(r.strip() for r in roles.split(",") if r.strip())


def _pg_call(store: Store, sql: str, params: dict[str, Any]) -> Any:
    """One log-in function of the store, in its own committed transaction."""
    try:
        with store.write() as session:
            hall_id = store.hall_id(session)
            row = session.execute(text(sql), {"hall": hall_id, **params}).one()
    except StoreRefused as exc:
        raise AuthError(str(exc)) from None
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        message = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if state == "P0002":
            raise UnknownClerk(str(params.get("login", ""))) from None
        if state == "22023":
            raise AuthError(message.removeprefix("hallq: ")) from None
        raise
    return row


def _pg_log_in(store: Store, login: str, password: str, counter: int | None) -> Session:
    row = _pg_call(
        store,
        "SELECT * FROM hallq_log_in(:hall, :login, :password, :counter, :now)",
        {"login": login, "password": password, "counter": counter, "now": store.clock.now()},
    )
    login = login.strip()
    if row.status == "ok":
        return Session(
            login, row.name, _split_roles(row.roles), counter, int(row.event_id), row.token
        )
    if row.status == "setup":
        raise PasswordNotSet(login)
    if row.status == "locked":
        raise AccountLocked(login, row.until)
    if row.status == "not_qualified":
        raise NotQualifiedClerk(login, counter or 0)
    raise BadPassword(login, int(row.remaining or 0))


def _verify(hasher: PasswordHasher, stored: str, password: str) -> bool:
    try:
        return bool(hasher.verify(stored, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _count_failure(ctx: Ctx, clerk: Clerk, counter: int | None) -> AuthError:
    limit = ctx.hall.login.max_failures
    minutes = ctx.hall.login.lock_minutes
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
    store: Store,
    *,
    login: str,
    password: str,
    setup_code: str,
    hasher: PasswordHasher | None = None,
) -> int | None:
    """The clerk's own password at first log-in, with the one-time setup code an admin
    gave (`hallq clerk invite`). A wrong or expired code counts as a failed log-in.
    Returns the event id."""
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(len(password))
    if store.is_postgres:
        row = _pg_call(
            store,
            "SELECT * FROM hallq_first_password(:hall, :login, :code, :password, :now)",
            {"login": login, "code": setup_code, "password": password, "now": store.clock.now()},
        )
        if row.status == "ok":
            return int(row.event_id)
        if row.status == "locked":
            raise AccountLocked(login.strip(), row.until)
        if row.status == "weak":
            raise WeakPassword(len(password))
        raise BadSetupCode(login.strip(), row.remaining)
    hasher = hasher or make_hasher()
    refusal: AuthError | None = None
    with store.write() as session:
        ctx = context(store, session)
        clerk = _clerk(ctx, login)
        if clerk.locked_until is not None and clerk.locked_until > ctx.now:
            raise AccountLocked(clerk.login, clerk.locked_until)
        expires = clerk.setup_expires
        if (
            clerk.setup_code_hash is None
            or expires is None
            or expires <= ctx.now
            or not _verify(hasher, clerk.setup_code_hash, _digits(setup_code))
        ):
            failure = _count_failure(ctx, clerk, None)
            refusal = (
                failure
                if isinstance(failure, AccountLocked)
                else BadSetupCode(clerk.login, getattr(failure, "remaining", None))
            )
        else:
            clerk.password_hash = hasher.hash(password)
            clerk.setup_code_hash = None
            clerk.setup_expires = None
            clerk.failed_logins = 0
            return record(ctx, "password_set", clerk=clerk.login, details={"by": "clerk"}).id
    assert refusal is not None
    raise refusal


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def invite(
    store: Store,
    *,
    login: str,
    minutes: int = DEFAULT_INVITE_MINUTES,
    hasher: PasswordHasher | None = None,
) -> tuple[str, datetime]:
    """A one-time setup code for `login`'s first (or next) password, valid `minutes`.

    Returns the code (12 digits) and when it expires. On PostgreSQL only the admin PC's
    role (or the owner) may invite.
    """
    if not 1 <= minutes <= 7 * 24 * 60:
        raise AuthError(f"a setup code is valid 1 minute to 7 days, got {minutes} minutes")
    if store.is_postgres:
        row = _pg_call(
            store,
            "SELECT * FROM hallq_invite(:hall, :login, :minutes, :now)",
            {"login": login, "minutes": minutes, "now": store.clock.now()},
        )
        return str(row.code), row.expires
    hasher = hasher or make_hasher()
    code = f"{secrets.randbelow(10**12):012d}"
    with store.write() as session:
        ctx = context(store, session)
        clerk = _clerk(ctx, login)
        clerk.setup_code_hash = hasher.hash(code)
        clerk.setup_expires = ctx.now + timedelta(minutes=minutes)
        record(
            ctx,
            "clerk_invited",
            clerk=clerk.login,
            details={"expires": clerk.setup_expires.isoformat()},
        )
        return code, clerk.setup_expires


def reset_password(
    store: Store,
    *,
    login: str,
    password: str | None,
    by: str | None = None,
    hasher: PasswordHasher | None = None,
) -> int:
    """An admin sets a password (or clears it: None) and lifts any lockout.

    On PostgreSQL the store allows it only to the admin PC's role, the owner, or a
    supervisor's session.
    """
    if password is not None and len(password) < MIN_PASSWORD:
        raise WeakPassword(len(password))
    if store.is_postgres:
        row = _pg_call(
            store,
            "SELECT hallq_set_password(:hall, :login, :password, :now) AS event_id",
            {"login": login, "password": password, "now": store.clock.now()},
        )
        return int(row.event_id)
    hasher = hasher or make_hasher()
    with store.write() as session:
        ctx = context(store, session)
        clerk = _clerk(ctx, login)
        clerk.password_hash = hasher.hash(password) if password is not None else None
        clerk.failed_logins = 0
        clerk.locked_until = None
        clerk.setup_code_hash = None
        clerk.setup_expires = None
        return record(
            ctx,
            "password_reset",
            clerk=clerk.login,
            details={"by": by or "admin", "cleared": password is None},
        ).id


def log_out(store: Store, *, login: str, counter: int | None = None) -> int | None:
    """Record that a clerk left (and close the store's session); the counter itself is
    closed by close_counter."""
    if store.is_postgres:
        with store.write() as session:
            event_id = session.execute(
                text("SELECT hallq_log_out(:now)"), {"now": store.clock.now()}
            ).scalar()
        store.clerk_token = None
        return int(event_id) if event_id is not None else None
    with store.write() as session:
        ctx = context(store, session)
        clerk = _clerk(ctx, login)
        return record(ctx, "logout", counter=counter, clerk=clerk.login).id
