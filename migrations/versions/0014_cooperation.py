"""An index of the ledger's entries by pair of organisations, so that the review counts the
pairs that exchanged in a period and those that had exchanged before it from the index
alone.

Revision ID: 0014_cooperation
Revises: 0013_alerts
Create Date: 2026-12-07
"""
from alembic import op

revision = "0014_cooperation"
down_revision = "0013_alerts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_ledger_entries_pair", "ledger_entries",
                    ["member_id", "counterpart_id", "booked_on", "quantity"])


def downgrade():
    op.drop_index("ix_ledger_entries_pair", table_name="ledger_entries")
