"""The bookings by their last change, so that the review finds the last one changed from the
index alone and knows whether the usage figures it keeps still hold.

Revision ID: 0014_review_state
Revises: 0014_cooperation
Create Date: 2026-12-07
"""
from alembic import op

revision = "0014_review_state"
down_revision = "0014_cooperation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_bookings_updated_at", "bookings", ["updated_at"])


def downgrade():
    op.drop_index("ix_bookings_updated_at", table_name="bookings")
