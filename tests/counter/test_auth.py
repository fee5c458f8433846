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


def test_first_login_needs_a_password_then_logs_in(store: Store, hasher: PasswordHasher) -> None:
    with pytest.raises(auth.PasswordNotSet):
        auth.log_in(store, login="li.wei", password="", counter=1, hasher=hasher)
    with pytest.raises(auth.WeakPassword):
        auth.set_first_password(store, login="li.wei", password="123", hasher=hasher)
    auth.set_first_password(store, login="li.wei", password=PASSWORD, hasher=hasher)
    with pytest.raises(auth.PasswordAlreadySet):
        auth.set_first_password(store, login="li.wei", password="other-pass", hasher=hasher)
    session = auth.log_in(store, login="li.wei", password=PASSWORD, counter=1, hasher=hasher)
    assert session.login == "li.wei" and session.name == "李伟"
    assert session.roles == ("clerk",) and session.counter == 1
    with store.read() as s:
        stored = s.scalars(select(Clerk.password_hash).where(Clerk.login == "li.wei")).one()
    assert stored is not None and stored.startswith("$argon2id$") and PASSWORD not in stored
    assert kinds(store)[-2:] == ["password_set", "login"]


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
