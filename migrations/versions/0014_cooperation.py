"""Indexes for the review of cooperation: the ledger's entries by pair of organisations, so
that the pairs that exchanged in a period and those that had exchanged before it are counted
from the index alone; and the entries by member and day carry what the review sums (side,
kind, counterpart, exchange, quantity, value) as key columns, so that SQLite, which has no
INCLUDE, reads them from the index too.

Revision ID: 0014_cooperation
Revises: 0014_usage
Create Date: 2026-12-07
"""
from alembic import op

revision = "0014_cooperation"
down_revision = "0014_usage"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_ledger_entries_pair", "ledger_entries",
                    ["member_id", "counterpart_id", "booked_on", "quantity"])
    op.drop_index("ix_ledger_entries_member_on", table_name="ledger_entries")
    op.create_index("ix_ledger_entries_member_on", "ledger_entries",
                    ["member_id", "booked_on", "side", "kind", "unit", "counterpart_id",
                     "exchange_id", "quantity", "value"])


def downgrade():
    op.drop_index("ix_ledger_entries_member_on", table_name="ledger_entries")
    op.create_index("ix_ledger_entries_member_on", "ledger_entries", ["member_id", "booked_on"],
                    postgresql_include=["side", "kind", "unit", "counterpart_id", "quantity",
                                        "value"])
    op.drop_index("ix_ledger_entries_pair", table_name="ledger_entries")
