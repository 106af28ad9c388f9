"""The review's figures kept for every process: one row per figure and period, with the
digest of the state it was summed from, signed (pooling.review.kept).

Revision ID: 0017_kept_figures
Revises: 0016_coop
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

from pooling.db import UTCDateTime

revision = "0017_kept_figures"
down_revision = "0016_coop"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "review_kept_figures",
        sa.Column("key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("state", sa.LargeBinary(length=32), nullable=False),
        sa.Column("signature", sa.LargeBinary(length=32), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("kept_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_review_kept_figures")))


def downgrade():
    op.drop_table("review_kept_figures")
