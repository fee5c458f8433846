"""Clerks' log-in rules shared by log-in and passwords: refusals, the session, checks.

On PostgreSQL the store itself checks passwords (bcrypt, in SECURITY DEFINER functions of
migration 0004); `pg_run` calls one of them. On SQLite (one PC, one trust domain) the
same rules run here, with argon2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session as DbSession

from shared.domain.errors import DomainError
from shared.services.common import Ctx, record
from shared.store.db import Store, StoreRefused, mask_secrets
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
            f"{login!r} has no password yet: set one with the setup code from `hallq clerk invite`"
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


def clerk_for_update(ctx: Ctx, login: str) -> Clerk:
    row = ctx.session.scalars(
        select(Clerk)
        .where(Clerk.hall_id == ctx.hall_id, Clerk.login == login.strip())
        .with_for_update()
    ).first()
    if row is None or not row.active:
        raise UnknownClerk(login)
    return row


def roles_of(clerk: Clerk) -> tuple[str, ...]:
    return tuple(r.strip() for r in clerk.roles.split(",") if r.strip())


def check_qualified(ctx: Ctx, clerk: Clerk, counter: int) -> None:
    """AB角: any clerk may sit at any counter that serves one of their services."""
    wanted = {s.strip() for s in clerk.services.split(",") if s.strip()}
    if not wanted or "clerk" not in roles_of(clerk):
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


def split_roles(roles: str) -> tuple[str, ...]:
    return tuple(r.strip() for r in roles.split(",") if r.strip())


def pg_call(store: Store, sql: str, params: dict[str, Any]) -> Any:
    """One log-in function of the store, in its own committed transaction."""
    try:
        with store.write() as session:
            return pg_run(session, store.hall_id(session), sql, params)
    except StoreRefused as exc:
        raise AuthError(str(exc)) from None


def pg_run(session: DbSession, hall_id: int, sql: str, params: dict[str, Any]) -> Any:
    """One log-in function of the store, in the caller's transaction; its refusals as
    AuthError (the transaction is then rolled back)."""
    try:
        return session.execute(text(sql), {"hall": hall_id, **params}).one()
    except DBAPIError as exc:
        state = getattr(exc.orig, "sqlstate", None)
        message = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if state == "P0002":
            raise UnknownClerk(str(params.get("login", ""))) from None
        if state == "22023":
            raise AuthError(message.removeprefix("hallq: ")) from None
        if state == "42501":
            raise AuthError(f"the store refused: {mask_secrets(message)}") from None
        raise


def verify(hasher: PasswordHasher, stored: str, password: str) -> bool:
    try:
        return bool(hasher.verify(stored, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def count_failure(ctx: Ctx, clerk: Clerk, counter: int | None) -> AuthError:
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
