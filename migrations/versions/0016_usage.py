"""The review's incidents from indexes of their own: the bookings that went wrong or wait
(no-shows, cancellations, declined and waiting requests) by status and start, so that a
period's incidents are counted without reading every booking of it, and the bookings
answered after a long wait, by that wait.

Revision ID: 0016_usage
Revises: 0015_review_ledger_totals
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0016_usage"
down_revision = "0015_review_ledger_totals"
branch_labels = None
depends_on = None

DECIDED = sa.text("decided_after IS NOT NULL")
# As pooling.bookings.models.INCIDENTS: the review's query holds the same text.
INCIDENTS = sa.text("status IN ('no-show', 'cancelled', 'declined', 'requested')")


def upgrade():
    op.create_index("ix_bookings_status_starts", "bookings",
                    ["status", "starts_at", "cancelled_at", "created_at"],
                    postgresql_where=INCIDENTS, sqlite_where=INCIDENTS)
    op.create_index("ix_bookings_decided_after", "bookings",
                    ["decided_after", "starts_at", "created_at", "updated_at", "status"],
                    postgresql_where=DECIDED, sqlite_where=DECIDED)


def downgrade():
    op.drop_index("ix_bookings_decided_after", table_name="bookings")
    op.drop_index("ix_bookings_status_starts", table_name="bookings")
