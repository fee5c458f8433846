"""hallq-web: ticket page tokens, phone bookings, webhook outbox and the web's keys.

Revision ID: 0006
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def UtcDateTime() -> sa.DateTime:  # noqa: N802 - named as the model's type
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("ticket") as batch:
        batch.add_column(sa.Column("web_token", sa.String(32), nullable=True))
        batch.create_unique_constraint("uq_ticket_web_token", ["web_token"])
    with op.batch_alter_table("appointment") as batch:
        batch.add_column(
            sa.Column("source", sa.String(16), nullable=False, server_default="import")
        )
        batch.add_column(sa.Column("phone_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("cancel_token", sa.String(32), nullable=True))
        batch.create_unique_constraint("uq_appointment_cancel_token", ["cancel_token"])
        batch.create_index("ix_appointment_phone_hash", ["phone_hash"])
    op.create_table(
        "web_secret",
        sa.Column("hall_id", sa.Integer, sa.ForeignKey("hall.id"), primary_key=True),
        sa.Column("phone_key", sa.String(128), nullable=False),
        sa.Column("webhook_secrets", sa.JSON, nullable=False),
    )
    op.create_table(
        "webhook_outbox",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("hall_id", sa.Integer, sa.ForeignKey("hall.id"), nullable=False),
        sa.Column("receiver", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("idempotency_key", sa.String(120), nullable=False),
        sa.Column("event_id", sa.BigInteger, nullable=True),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("next_attempt_at", UtcDateTime(), nullable=False),
        sa.Column("delivered_at", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.UniqueConstraint("hall_id", "receiver", "idempotency_key"),
    )
    op.create_index(
        "ix_outbox_due", "webhook_outbox", ["hall_id", "receiver", "state", "id"]
    )
    op.create_table(
        "webhook_cursor",
        sa.Column("hall_id", sa.Integer, sa.ForeignKey("hall.id"), primary_key=True),
        sa.Column("last_event_id", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("webhook_cursor")
    op.drop_index("ix_outbox_due", table_name="webhook_outbox")
    op.drop_table("webhook_outbox")
    op.drop_table("web_secret")
    with op.batch_alter_table("appointment") as batch:
        batch.drop_index("ix_appointment_phone_hash")
        batch.drop_constraint("uq_appointment_cancel_token", type_="unique")
        batch.drop_column("cancel_token")
        batch.drop_column("phone_hash")
        batch.drop_column("source")
    with op.batch_alter_table("ticket") as batch:
        batch.drop_constraint("uq_ticket_web_token", type_="unique")
        batch.drop_column("web_token")
