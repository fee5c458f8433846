"""PostgreSQL: event ids commit in the order they are given, so the feed never skips one.

A sequence hands out ids when rows are inserted, but transactions commit in any order:
a reader that follows `id > last_seen` can see id 41 before id 40 commits and step past
40 for good. A BEFORE INSERT trigger takes a transaction-scoped advisory lock per hall
and only then draws the id, so the lock is held from the id's draw to the commit: a
second writer of the same hall draws its id after the first has committed (or rolled
back). Ids visible to any reader are then a prefix of the ids that will ever commit,
and `id > last_seen` misses nothing. The client cannot choose the id either: the trigger
overwrites it. SQLite needs none of this: one writer at a time holds the write lock from
its insert to its commit.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# One key space for hallq's advisory locks; the second key is the hall's id.
EVENT_LOCK_KEY = 0x6A11


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    sequence = bind.execute(text("SELECT pg_get_serial_sequence('event', 'id')")).scalar_one()
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION hallq_event_in_order() RETURNS trigger AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock({EVENT_LOCK_KEY}, NEW.hall_id);
            NEW.id := nextval('{sequence}');
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER hallq_event_in_order BEFORE INSERT ON event "
        "FOR EACH ROW EXECUTE FUNCTION hallq_event_in_order()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS hallq_event_in_order ON event")
    op.execute("DROP FUNCTION IF EXISTS hallq_event_in_order()")
