"""Indexes for the pole's totals of a period: the ledger's entries by day carry what the
totals sum (member, counterpart, side, kind, unit, exchange, quantity, value) as key columns,
so that a year's entries are read from the index alone, on SQLite too; and the commercial
exchanges are found by an index rather than by reading every exchange. And the offers'
sentence vectors are kept in the database, so that a new process reads them rather than
encoding every offer's text again.

Revision ID: 0015_speed
Revises: 0015_photo_store
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_speed"
down_revision = "0015_photo_store"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_ledger_entries_booked_on", table_name="ledger_entries")
    op.create_index("ix_ledger_entries_booked_on", "ledger_entries",
                    ["booked_on", "member_id", "counterpart_id", "side", "kind", "unit",
                     "exchange_id", "quantity", "value"])
    op.create_index("ix_exchanges_cooperation", "exchanges", ["cooperation", "id"])
    op.create_table(
        "sentence_vectors",
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_sentence_vectors")))


def downgrade():
    op.drop_table("sentence_vectors")
    op.drop_index("ix_exchanges_cooperation", table_name="exchanges")
    op.drop_index("ix_ledger_entries_booked_on", table_name="ledger_entries")
    op.create_index("ix_ledger_entries_booked_on", "ledger_entries", ["booked_on"])
