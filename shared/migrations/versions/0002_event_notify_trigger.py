"""PostgreSQL: NOTIFY the change feed from a trigger on every new event row.

Every insert into `event`, by any code path, wakes the apps' feeds at commit; the use
cases no longer send a separate `SELECT pg_notify(...)`. SQLite has no NOTIFY: its
feed polls the highest event id.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE OR REPLACE FUNCTION hallq_event_notify() RETURNS trigger AS $$
        BEGIN
            PERFORM pg_notify('hallq_events', NEW.hall_id::text || ':' || NEW.id::text);
            RETURN NULL;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        "CREATE TRIGGER hallq_event_notify AFTER INSERT ON event "
        "FOR EACH ROW EXECUTE FUNCTION hallq_event_notify()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS hallq_event_notify ON event")
    op.execute("DROP FUNCTION IF EXISTS hallq_event_notify()")
