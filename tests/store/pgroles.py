"""Helpers for tests that connect as the PCs' roles: a store with roles made by the real
`hallq db roles`, under a suffix of this run's own (roles are cluster-wide, and other
runs share the server), dropped again afterwards."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from shared.cli.main import main as hallq
from shared.store.db import Store
from shared.store.roles import PC_ROLES, drop_roles


@dataclass
class RoleStore:
    owner_url: str
    urls: dict[str, str]  # kind -> URL as printed by `hallq db roles --print-urls`
    names: dict[str, str]  # kind -> role name
    password_file: Path

    def plain(self, kind: str) -> str:
        return self.urls[kind].replace("postgresql+psycopg://", "postgresql://")

    def connect(self, kind: str) -> psycopg.Connection:
        """A direct connection as the role: no hallq code in between."""
        return psycopg.connect(self.plain(kind), connect_timeout=5)


def make_roles(owner_url: str, tmp: Path, capsys, suffix: str | None = None) -> RoleStore:  # type: ignore[no-untyped-def]
    suffix = suffix if suffix is not None else f"_t{uuid.uuid4().hex[:8]}"
    pw_file = tmp / "roles.pw"
    capsys.readouterr()
    code = hallq(
        ["--db", owner_url, "db", "roles", "--role-suffix", suffix,
         "--password-file", str(pw_file), "--print-urls"]
    )  # fmt: skip
    captured = capsys.readouterr()
    out = captured.out
    assert code == 0, captured.err
    urls = {}
    for line in out.splitlines():
        m = re.match(r"^(kiosk|display|counter|web|admin)\s+(postgresql://\S+)$", line)
        if m:
            urls[m.group(1)] = m.group(2)
    assert set(urls) == set(PC_ROLES), out
    names = {kind: spec.name + suffix for kind, spec in PC_ROLES.items()}
    return RoleStore(owner_url, urls, names, pw_file)


def drop_all(owner_url: str, names: list[str]) -> None:
    """Revoke and drop what this run made (the database itself is dropped by its fixture)."""
    store = Store(owner_url)
    try:
        with store.engine.connect() as conn:
            drop_roles(conn, names)
            conn.commit()
    finally:
        store.dispose()


def drop_cluster_roles(admin_url: str, names: list[str]) -> None:
    plain = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP ROLE IF EXISTS "{name}"')  # type: ignore[arg-type]


@contextmanager
def as_role(rs: RoleStore, kind: str) -> Iterator[psycopg.Connection]:
    conn = rs.connect(kind)
    try:
        yield conn
    finally:
        conn.close()
