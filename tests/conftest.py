"""Fixtures shared by the whole suite: a fresh store per test on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from shared.domain.clock import ManualClock
from shared.store.db import Store
from tests.factories import MONDAY_10, small_hall

PG_ADMIN_URL = os.environ.get("HALLQ_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "secret-123"  # the test hall's clerks' password (the `clerks` fixture)


@pytest.fixture(scope="session", autouse=True)
def _this_pcs_devices(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests run as a PC with no devices file and its spool folder over every tmp_path.

    The machine's own ~/.config/hallq/devices.toml must never steer a test; subprocesses
    started with os.environ inherit the same settings.
    """
    base = tmp_path_factory.getbasetemp()
    saved = {k: os.environ.get(k) for k in ("HALLQ_DEVICES_FILE", "HALLQ_SPOOL_DIR")}
    os.environ["HALLQ_DEVICES_FILE"] = str(base / "no-devices-file.toml")
    os.environ["HALLQ_SPOOL_DIR"] = str(base)
    for name in (
        "HALLQ_PRINTER",
        "HALLQ_PRINTER_HOSTS",
        "HALLQ_KEYPAD_PORT",
        "HALLQ_RATING_PAD_PORT",
        "HALLQ_SCREENS_PORT",
    ):
        os.environ.pop(name, None)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _pg_admin():  # type: ignore[no-untyped-def]
    import psycopg

    url = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(url, autocommit=True, connect_timeout=3)


def _pg_available() -> str | None:
    try:
        with _pg_admin() as conn:
            conn.execute("SELECT 1")
        return None
    except Exception as exc:  # any failure to connect means: no server here
        return f"no PostgreSQL server answers at {PG_ADMIN_URL}: {exc}"


def pg_url(name: str) -> str:
    base, _, _ = PG_ADMIN_URL.rpartition("/")
    return f"{base}/{name}"


class PgDatabases:
    """Creates databases for one test run and drops every one of them afterwards."""

    def __init__(self) -> None:
        self.run = uuid.uuid4().hex[:8]
        self.created: list[str] = []
        self.template: str | None = None

    def create(self, template: str | None = None) -> str:
        name = f"hallq_t_{self.run}_{len(self.created)}"
        with _pg_admin() as conn:
            clause = f" TEMPLATE {template}" if template else ""
            conn.execute(f"CREATE DATABASE {name}{clause}")
        self.created.append(name)
        return name

    def drop(self, name: str) -> None:
        with _pg_admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def drop_all(self) -> None:
        for name in reversed(self.created):
            self.drop(name)


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PgDatabases]:
    reason = _pg_available()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    dbs = PgDatabases()
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def migrated_templates(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, str]:
    """Lazily: a migrated SQLite file and a migrated PostgreSQL template database."""
    return {}


def _sqlite_template(cache: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    if "sqlite" not in cache:
        from shared.store.migrate import upgrade

        path = tmp_path_factory.mktemp("tpl") / "template.sqlite"
        store = Store(f"sqlite:///{path}")
        upgrade(store)
        store.dispose()
        cache["sqlite"] = str(path)
    return Path(cache["sqlite"])


def _pg_template(cache: dict[str, str], dbs: PgDatabases) -> str:
    if "pg" not in cache:
        from shared.store.migrate import upgrade

        name = dbs.create()
        store = Store(pg_url(name))
        upgrade(store)
        store.dispose()
        cache["pg"] = name
    return cache["pg"]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_templates: dict[str, str],
) -> Iterator[str]:
    """A migrated, empty store of each backend, fresh for every test."""
    if request.param == "sqlite":
        path = tmp_path / "hallq.sqlite"
        shutil.copy(_sqlite_template(migrated_templates, tmp_path_factory), path)
        yield f"sqlite:///{path}"
        return
    dbs: PgDatabases = request.getfixturevalue("pg_databases")
    name = dbs.create(template=_pg_template(migrated_templates, dbs))
    yield pg_url(name)
    dbs.drop(name)


@pytest.fixture
def pg_store(
    pg_databases: PgDatabases, migrated_templates: dict[str, str], clock: ManualClock
) -> Iterator[Store]:
    """The small test hall on PostgreSQL only, for what exists only there (LISTEN/NOTIFY)."""
    from shared.store.apply import apply_hall

    name = pg_databases.create(template=_pg_template(migrated_templates, pg_databases))
    s = Store(pg_url(name), clock=clock)
    apply_hall(s, small_hall())
    yield s
    s.dispose()
    pg_databases.drop(name)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY_10)


@pytest.fixture
def store(db_url: str, clock: ManualClock) -> Iterator[Store]:
    """A store holding the small test hall, on a manual clock at Monday 10:00 local."""
    from shared.store.apply import apply_hall

    s = Store(db_url, clock=clock)
    apply_hall(s, small_hall())
    yield s
    s.dispose()


@pytest.fixture
def hasher() -> PasswordHasher:
    """argon2id with small costs: the same code path, milliseconds instead of ~50 ms a hash."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def clerks(store: Store, hasher: PasswordHasher) -> Store:
    """The test hall's two clerks with the password PASSWORD."""
    from shared.services import auth

    for login in ("li.wei", "wang.fang"):
        auth.reset_password(store, login=login, password=PASSWORD, hasher=hasher)
    return store
