"""Clerk log-in: hashes, first-login password, failures, lockout and its expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from shared.domain.clock import ManualClock
from shared.services import auth
from shared.services.queries import events_after
from shared.store.db import Store
from shared.store.models import Clerk
from tests.counter.conftest import PASSWORD


def kinds(store: Store) -> list[str]:
    return [e.kind for e in events_after(store, 0)]


def test_first_login_needs_the_setup_code_then_logs_in(
    store: Store, hasher: PasswordHasher, clock: ManualClock
) -> None:
    with pytest.raises(auth.PasswordNotSet):
        auth.log_in(store, login="li.wei", password="", counter=1, hasher=hasher)
    # No self-service first password: without an admin's setup code nothing is set.
    with pytest.raises(auth.BadSetupCode):
        auth.set_first_password(
            store, login="li.wei", password=PASSWORD, setup_code="000000000000", hasher=hasher
        )
    code, expires = auth.invite(store, login="li.wei", minutes=60, hasher=hasher)
    assert len(code) == 12 and code.isdigit() and expires == clock.now() + timedelta(hours=1)
    with pytest.raises(auth.WeakPassword):
        auth.set_first_password(
            store, login="li.wei", password="123", setup_code=code, hasher=hasher
        )
    typed = f"{code[:4]}-{code[4:8]}-{code[8:]}"  # as `hallq clerk invite` prints it
    auth.set_first_password(
        store, login="li.wei", password=PASSWORD, setup_code=typed, hasher=hasher
    )
    with pytest.raises(auth.BadSetupCode):  # once only
        auth.set_first_password(
            store, login="li.wei", password="other-pass", setup_code=code, hasher=hasher
        )
    session = auth.log_in(store, login="li.wei", password=PASSWORD, counter=1, hasher=hasher)
    assert session.login == "li.wei" and session.name == "李伟"
    assert session.roles == ("clerk",) and session.counter == 1
    with store.read() as s:
        stored = s.scalars(select(Clerk.password_hash).where(Clerk.login == "li.wei")).one()
    # PostgreSQL checks the password itself: bcrypt (pgcrypto); SQLite: argon2 here.
    scheme = "$2a$" if store.is_postgres else "$argon2id$"
    assert stored is not None and stored.startswith(scheme) and PASSWORD not in stored
    # The reused code counted as a failed log-in.
    assert kinds(store)[-3:] == ["password_set", "login_failed", "login"]
    assert "clerk_invited" in kinds(store)


def test_setup_code_expires(store: Store, hasher: PasswordHasher, clock: ManualClock) -> None:
    code, _ = auth.invite(store, login="li.wei", minutes=10, hasher=hasher)
    clock.advance(11 * 60)
    with pytest.raises(auth.BadSetupCode):
        auth.set_first_password(
            store, login="li.wei", password=PASSWORD, setup_code=code, hasher=hasher
        )


def test_wrong_password_counts_down_then_locks(
    clerks: Store, hasher: PasswordHasher, clock: ManualClock
) -> None:
    remaining = []
    for _ in range(4):
        with pytest.raises(auth.BadPassword) as exc:
            auth.log_in(clerks, login="li.wei", password="wrong", hasher=hasher)
        remaining.append(exc.value.remaining)
    assert remaining == [4, 3, 2, 1]
    with pytest.raises(auth.AccountLocked) as locked:
        auth.log_in(clerks, login="li.wei", password="wrong", hasher=hasher)
    assert locked.value.until == clock.now() + timedelta(minutes=15)
    # Locked: even the right password is refused until the time is up.
    with pytest.raises(auth.AccountLocked):
        auth.log_in(clerks, login="li.wei", password=PASSWORD, hasher=hasher)
    assert kinds(clerks)[-6:] == ["login_failed"] * 4 + ["login_locked", "login_refused"]
    clock.advance(15 * 60 + 1)
    assert auth.log_in(clerks, login="li.wei", password=PASSWORD, hasher=hasher).login == "li.wei"


def test_success_resets_the_failure_count(clerks: Store, hasher: PasswordHasher) -> None:
    for _ in range(3):
        with pytest.raises(auth.BadPassword):
            auth.log_in(clerks, login="li.wei", password="nope", hasher=hasher)
    auth.log_in(clerks, login="li.wei", password=PASSWORD, hasher=hasher)
    with pytest.raises(auth.BadPassword) as exc:
        auth.log_in(clerks, login="li.wei", password="nope", hasher=hasher)
    assert exc.value.remaining == 4


def test_unknown_clerk_and_reset_lifts_lock(clerks: Store, hasher: PasswordHasher) -> None:
    if clerks.is_postgres:
        # The store gives an unknown login the same answer as a wrong password.
        with pytest.raises(auth.BadPassword) as unknown:
            auth.log_in(clerks, login="nobody", password="x", hasher=hasher)
        with pytest.raises(auth.BadPassword) as wrong:
            auth.log_in(clerks, login="li.wei", password="x", hasher=hasher)
        assert unknown.value.remaining == wrong.value.remaining == 4
    else:
        with pytest.raises(auth.UnknownClerk):
            auth.log_in(clerks, login="nobody", password="x", hasher=hasher)
    for _ in range(5):
        with pytest.raises(auth.AuthError):
            auth.log_in(clerks, login="wang.fang", password="bad", hasher=hasher)
    auth.reset_password(clerks, login="wang.fang", password="new-pass-1", by="admin", hasher=hasher)
    session = auth.log_in(clerks, login="wang.fang", password="new-pass-1", hasher=hasher)
    assert session.has("supervisor") and session.has("clerk")


def test_qualified_clerk_only_at_counters_serving_their_services(
    db_url: str, clock: ManualClock, hasher: PasswordHasher
) -> None:
    from shared.config.spec import ClerkSpec
    from shared.store.apply import apply_hall
    from tests.factories import small_hall

    store = Store(db_url, clock=clock)
    apply_hall(store, small_hall(clerks=(ClerkSpec("liu.yang", "刘洋", services=("C",)),)))
    auth.reset_password(store, login="liu.yang", password=PASSWORD, hasher=hasher)
    with pytest.raises(auth.NotQualifiedClerk):
        auth.log_in(store, login="liu.yang", password=PASSWORD, counter=1, hasher=hasher)
    # Counter 4 serves C and A: AB角 lets liu.yang sit there.
    assert auth.log_in(store, login="liu.yang", password=PASSWORD, counter=4, hasher=hasher)
    store.dispose()
