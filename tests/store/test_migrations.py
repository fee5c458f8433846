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
