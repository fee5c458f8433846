"""Schema migrations (Alembic), run on the store's own engine."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from shared.store.db import Store

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def upgrade(store: Store, revision: str = "head") -> str:
    """Bring the schema to `revision`; returns the revision reached."""
    cfg = alembic_config()
    # Alembic runs its own transaction; SQLite's BEGIN IMMEDIATE hook is harmless here.
    with store.engine.connect() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
        connection.commit()
        if connection.dialect.name == "postgresql":
            # A migration may add tables or replace functions: the PCs' roles get exactly
            # what shared/store/roles.py says again.
            from shared.store.roles import apply_grants

            apply_grants(connection)
            connection.commit()
    return current_revision(store) or ""


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return head or ""


def is_current(store: Store) -> bool:
    return current_revision(store) == head_revision()
