"""Clerks' passwords: the first one with an admin's setup code, invitations, resets.

Every change is an event row; a wrong setup code counts as a failed log-in, remembered
even though the attempt is refused (the refusal is raised after the commit).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher

from shared.services.common import context, record
from shared.services.login import (
    DEFAULT_INVITE_MINUTES,
    MIN_PASSWORD,
    AccountLocked,
    AuthError,
    BadSetupCode,
    WeakPassword,
    clerk_for_update,
    count_failure,
    make_hasher,
    pg_call,
    verify,
)
from shared.store.db import Store


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
        row = pg_call(
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
        clerk = clerk_for_update(ctx, login)
        if clerk.locked_until is not None and clerk.locked_until > ctx.now:
            raise AccountLocked(clerk.login, clerk.locked_until)
        expires = clerk.setup_expires
        if (
            clerk.setup_code_hash is None
            or expires is None
            or expires <= ctx.now
            or not verify(hasher, clerk.setup_code_hash, _digits(setup_code))
        ):
            failure = count_failure(ctx, clerk, None)
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
        row = pg_call(
            store,
            "SELECT * FROM hallq_invite(:hall, :login, :minutes, :now)",
            {"login": login, "minutes": minutes, "now": store.clock.now()},
        )
        return str(row.code), row.expires
    hasher = hasher or make_hasher()
    code = f"{secrets.randbelow(10**12):012d}"
    with store.write() as session:
        ctx = context(store, session)
        clerk = clerk_for_update(ctx, login)
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
        row = pg_call(
            store,
            "SELECT hallq_set_password(:hall, :login, :password, :now) AS event_id",
            {"login": login, "password": password, "now": store.clock.now()},
        )
        return int(row.event_id)
    hasher = hasher or make_hasher()
    with store.write() as session:
        ctx = context(store, session)
        clerk = clerk_for_update(ctx, login)
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
