"""The ledger's entries counted per month, kept by a trigger on the entries in the same
transaction (pooling.review.ledger_totals) and filled here from the entries already there:
the review keeps a past period's figures, and each month's pairs of organisations, until an
entry of that period or month comes.

Revision ID: 0016_coop
Revises: 0016_usage
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

from pooling.review import ledger_totals

revision = "0016_coop"
down_revision = "0016_usage"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "review_ledger_counts",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("shard", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entries", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("month", "shard", name=op.f("pk_review_ledger_counts")))
    ledger_totals.rebuild_counts(op.get_bind())
    ledger_totals.install_counts(op.get_bind())


def downgrade():
    ledger_totals.remove_counts(op.get_bind())
    op.drop_table("review_ledger_counts")
