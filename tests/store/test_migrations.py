"""Migrations from an empty store reach a schema identical to the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from shared.store.db import Store, StoreNotReady
from shared.store.migrate import current_revision, head_revision, upgrade
from shared.store.models import Base
from tests.conftest import PgDatabases, pg_url


def _check(url: str) -> None:
    store = Store(url)
    assert current_revision(store) is None
    assert upgrade(store) == head_revision()
    assert upgrade(store) == head_revision()  # idempotent
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], diff
    with pytest.raises(StoreNotReady, match="config apply"):
        from shared.services import hall_status

        hall_status(store)
    store.dispose()


def test_migrate_empty_sqlite(tmp_path: Path) -> None:
    _check(f"sqlite:///{tmp_path / 'empty.sqlite'}")


@pytest.mark.pg
def test_migrate_empty_postgresql(pg_databases: PgDatabases) -> None:
    name = pg_databases.create()
    _check(pg_url(name))
    pg_databases.drop(name)


def test_store_without_schema_says_so(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'none.sqlite'}")
    from shared.services import hall_status

    with pytest.raises(StoreNotReady, match="db upgrade"):
        hall_status(store)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def test_0004_on_a_store_in_use(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Events from before the store stamped them keep recorded_at empty; new ones get it."""
    from sqlalchemy import text

    from shared import services as uc
    from shared.store.apply import apply_hall
    from tests.factories import small_hall

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    else:
        dbs: PgDatabases = request.getfixturevalue("pg_databases")
        name = dbs.create()
        url = pg_url(name)
    store = Store(url)
    upgrade(store, "0002")
    with store.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO hall (id, code, name, name_en, timezone, number_width, settings,"
            " updated_at) VALUES (1, 'old', '旧大厅', '', 'Asia/Shanghai', 3, '{}',"
            " CURRENT_TIMESTAMP)"
        ))  # fmt: skip
        conn.execute(text(
            "INSERT INTO event (hall_id, at, kind, details) VALUES (1, CURRENT_TIMESTAMP,"
            " 'issued', '{}')"
        ))  # fmt: skip
    assert upgrade(store) == head_revision()
    store.dispose()
    store = Store(url, hall="old")
    apply_hall(store, small_hall(code="old"))
    events = uc.events_after(store, 0)
    assert events[0].recorded_at is None
    assert events[-1].kind == "config_applied" and events[-1].recorded_at is not None
    store.dispose()
    if backend == "postgresql":
        dbs.drop(name)
