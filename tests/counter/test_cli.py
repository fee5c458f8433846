"""`hallq clerk password`: sets, lifts a lockout, clears; short passwords are bad input."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from shared.cli.main import main
from shared.store.db import Store
from shared.store.models import Clerk


def test_clerk_password_set_and_clear(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("long-enough\n"))
    assert main(["--db", store.url, "clerk", "password", "li.wei", "--stdin"]) == 0
    with store.read() as s:
        assert s.scalar(select(Clerk.password_hash).where(Clerk.login == "li.wei"))
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    assert main(["--db", store.url, "clerk", "password", "li.wei", "--stdin"]) == 2
    assert main(["--db", store.url, "clerk", "password", "nobody", "--clear"]) == 2
    assert main(["--db", store.url, "clerk", "password", "li.wei", "--clear"]) == 0
    with store.read() as s:
        assert s.scalar(select(Clerk.password_hash).where(Clerk.login == "li.wei")) is None
