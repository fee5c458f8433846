"""Counter tests: offscreen Qt, a fast argon2 hasher, the small test hall with passwords."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from argon2 import PasswordHasher

from shared.services import auth
from shared.store.db import Store

PASSWORD = "secret-123"


@pytest.fixture
def hasher() -> PasswordHasher:
    """argon2id with small costs: the same code path, milliseconds instead of ~50 ms a hash."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def clerks(store: Store, hasher: PasswordHasher) -> Store:
    """The test hall's two clerks with the password PASSWORD."""
    for login in ("li.wei", "wang.fang"):
        auth.reset_password(store, login=login, password=PASSWORD, hasher=hasher)
    return store
