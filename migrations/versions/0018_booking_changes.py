"""The bookings' writes counted per month they start in, kept by a trigger on the bookings in
the same transaction (pooling.review.totals): the review keeps a period's usage until a
booking of its months is written, so that a booking of this year no longer has last year's
usage summed again. Only the counts' moves matter: they start from nothing.

Revision ID: 0018_booking_changes
Revises: 0017_kept_figures
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

from pooling.review import totals

revision = "0018_booking_changes"
down_revision = "0017_kept_figures"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "review_booking_changes",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("shard", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("changes", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("month", "shard", name=op.f("pk_review_booking_changes")))
    totals.install_changes(op.get_bind())


def downgrade():
    totals.remove_changes(op.get_bind())
    op.drop_table("review_booking_changes")
