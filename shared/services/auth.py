"""Clerk log-in: checked by the store, first password only with a setup code, lockout.

On PostgreSQL the store itself checks the password (bcrypt, in SECURITY DEFINER
functions of migration 0004), counts failures per typed login — known or not, so both
get the same answer — and opens a session row whose token this PC then hands to every
writing transaction: the store records the clerk of that session, not one a client
names. On SQLite (one PC, one trust domain) the same rules run here, with argon2.

Every log-in, failure, lockout and password change is an event row. A failed attempt
must be remembered even though the attempt is refused, so the refusal is raised only
after the counting transaction has committed.

The rules and refusals live in shared.services.login, passwords in
shared.services.passwords; this module is the one to import.
"""

from __future__ import annotations

from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import text

from shared.services import statements as sql
from shared.services.common import (
    Ctx,
    EventRow,
    record,
    transaction,
    write_events,
)
from shared.services.counters import close_in, open_in
from shared.services.login import (
    DEFAULT_INVITE_MINUTES,
    MIN_PASSWORD,
    ROLES,
    AccountLocked,
    AuthError,
    BadPassword,
    BadSetupCode,
    NotQualifiedClerk,
    PasswordAlreadySet,
    PasswordNotSet,
    Session,
    UnknownClerk,
    WeakPassword,
    check_qualified,
    clerk_for_update,
    count_failure,
    make_hasher,
    pg_call,
    pg_run,
    roles_of,
    split_roles,
    verify,
)
from shared.services.passwords import invite, reset_password, set_first_password
from shared.store.db import Store
from shared.store.models import Clerk

__all__ = [
    "DEFAULT_INVITE_MINUTES",
    "MIN_PASSWORD",
    "ROLES",
    "AccountLocked",
    "AuthError",
    "BadPassword",
    "BadSetupCode",
    "NotQualifiedClerk",
    "PasswordAlreadySet",
    "PasswordNotSet",
    "Session",
    "UnknownClerk",
    "WeakPassword",
    "invite",
    "log_in",
    "log_out",
    "make_hasher",
    "reset_password",
    "set_first_password",
    "sign_in",
    "sign_out",
]

LOG_IN_SQL = "SELECT * FROM hallq_log_in(:hall, :login, :password, :counter, :now)"


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
        row = pg_call(store, LOG_IN_SQL, _pg_params(store, login, password, counter))
        opened = _pg_session(row, login, counter)
        store.clerk_token = opened.token
        return opened
    with transaction(store) as ctx:
        checked = _check(ctx, login, password, counter, hasher or make_hasher())
    return _session(checked, counter)


def sign_in(
    store: Store,
    *,
    login: str,
    password: str,
    counter: int,
    hasher: PasswordHasher | None = None,
) -> Session:
    """Log in at `counter` and, for a clerk, open it under that login: one transaction.

    Both or neither: a counter that cannot be opened (unknown, inactive, refused by the
    store) leaves no log-in behind — no session, no event. A refused log-in (wrong
    password, locked) is still counted: that transaction commits, then it is raised.
    A supervisor or admin without the clerk role is logged in; the counter stays as it is.
    """
    if store.is_postgres:
        return _pg_sign_in(store, login, password, counter)
    with transaction(store) as ctx:
        checked = _check(ctx, login, password, counter, hasher or make_hasher())
        if isinstance(checked, tuple) and "clerk" in roles_of(checked[0]):
            open_in(ctx, counter=counter, clerk=checked[0].login)
    return _session(checked, counter)


def _check(
    ctx: Ctx, login: str, password: str, counter: int | None, hasher: PasswordHasher
) -> tuple[Clerk, EventRow] | AuthError:
    """SQLite: the clerk and the login event, or the refusal to raise once committed."""
    clerk = clerk_for_update(ctx, login)
    if clerk.locked_until is not None and clerk.locked_until > ctx.now:
        record(
            ctx,
            "login_refused",
            counter=counter,
            clerk=clerk.login,
            details={"reason": "locked"},
        )
        return AccountLocked(clerk.login, clerk.locked_until)
    if clerk.password_hash is None:
        raise PasswordNotSet(clerk.login)
    if not verify(hasher, clerk.password_hash, password):
        return count_failure(ctx, clerk, counter)
    if counter is not None:
        check_qualified(ctx, clerk, counter)
    if hasher.check_needs_rehash(clerk.password_hash):
        clerk.password_hash = hasher.hash(password)
    clerk.failed_logins = 0
    clerk.locked_until = None
    event = record(
        ctx,
        "login",
        counter=counter,
        clerk=clerk.login,
        details={"roles": list(roles_of(clerk))},
    )
    return clerk, event


def _session(checked: tuple[Clerk, EventRow] | AuthError, counter: int | None) -> Session:
    """The session of a committed log-in, or its refusal raised (the failure is counted)."""
    if isinstance(checked, AuthError):
        raise checked
    clerk, event = checked
    return Session(clerk.login, clerk.name, roles_of(clerk), counter, event.id)


def _pg_params(store: Store, login: str, password: str, counter: int | None) -> dict[str, Any]:
    return {"login": login, "password": password, "counter": counter, "now": store.clock.now()}


def _pg_session(row: Any, login: str, counter: int | None) -> Session:
    """The session hallq_log_in opened, or its refusal raised."""
    login = login.strip()
    if row.status == "ok":
        return Session(
            login, row.name, split_roles(row.roles), counter, int(row.event_id), row.token
        )
    if row.status == "setup":
        raise PasswordNotSet(login)
    if row.status == "locked":
        raise AccountLocked(login, row.until)
    if row.status == "not_qualified":
        raise NotQualifiedClerk(login, counter or 0)
    raise BadPassword(login, int(row.remaining or 0))


def _pg_sign_in(store: Store, login: str, password: str, counter: int) -> Session:
    """sign_in on PostgreSQL: hallq_log_in and the counter's opening on one connection.

    The counter's row is locked first: hallq_log_in writes its event (the hall's event
    lock, held to commit), after which nothing may wait on a row lock. The new session's
    token is handed to this transaction so the store's guards see the clerk open the
    counter; `store` keeps it only once committed.
    """
    with transaction(store) as ctx:
        conn = ctx.session.connection()
        conn.execute(sql.counter_row(), {"hall_id": ctx.hall_id, "number": counter}).first()
        row = pg_run(
            ctx.session, ctx.hall_id, LOG_IN_SQL, _pg_params(store, login, password, counter)
        )
        if row.status == "ok" and "clerk" in split_roles(row.roles):
            store.hand_over_token(ctx.session, row.token)
            open_in(ctx, counter=counter, clerk=login.strip())
    opened = _pg_session(row, login, counter)  # a refusal is raised once its count is committed
    store.clerk_token = opened.token
    return opened


def log_out(store: Store, *, login: str, counter: int | None = None) -> int | None:
    """Record that a clerk left (and close the store's session); the counter stays as it
    is (sign_out closes it in the same transaction). The log-out event's id."""
    return sign_out(store, login=login, counter=counter, close=False)


def sign_out(store: Store, *, login: str, counter: int | None, close: bool = True) -> int | None:
    """Leave a counter: close it (`close`, a clerk's counter) and log out, one transaction.

    Both or neither: a counter that cannot be closed (a case still in hand: CounterBusy)
    leaves the clerk logged in at it. The counter's event comes before the log-out's; on
    PostgreSQL both are written before the store's hallq_log_out, which touches only this
    PC's own session row, so nothing waits on a row lock once the event lock is held.
    Returns the log-out event's id (None on PostgreSQL when this PC had no session).
    """
    if close and counter is None:
        raise ValueError("sign_out: closing needs the counter's number")
    with transaction(store) as ctx:
        if close and counter is not None:  # checked above: closing names the counter
            close_in(ctx, counter=counter, clerk=login)
        if store.is_postgres:
            write_events(ctx)
            event_id = ctx.session.execute(
                text("SELECT hallq_log_out(:now)"), {"now": store.clock.now()}
            ).scalar()
        else:
            clerk = clerk_for_update(ctx, login)
            logout = record(ctx, "logout", counter=counter, clerk=clerk.login)
    if not store.is_postgres:
        return logout.id  # written when the transaction's body was done
    store.clerk_token = None
    return int(event_id) if event_id is not None else None
