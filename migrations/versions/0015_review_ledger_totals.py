"""Running totals of the ledger for the review: per member, side, kind, cooperation and
month, and per pair of organisations, kind and month, kept by a trigger on the ledger's
entries in the same transaction as each entry (pooling.review.ledger_totals), and filled
here from the entries already there.

Revision ID: 0015_review_ledger_totals
Revises: 0015_review_totals
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

from pooling.review import ledger_totals

revision = "0015_review_ledger_totals"
down_revision = "0015_ledger_totals"
branch_labels = None
depends_on = None


def totals_columns() -> list[sa.Column]:
    return [sa.Column("exchanges", sa.BigInteger(), nullable=False),
            sa.Column("value", sa.Numeric(16, 2), nullable=False)]


def upgrade():
    op.create_table(
        "review_member_ledger_months",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("cooperation", sa.String(length=12), nullable=False),
        *totals_columns(),
        sa.PrimaryKeyConstraint("month", "member_id", "side", "kind", "cooperation",
                                name=op.f("pk_review_member_ledger_months")))
    op.create_table(
        "review_pair_months",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("counterpart_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        *totals_columns(),
        sa.PrimaryKeyConstraint("month", "member_id", "counterpart_id", "kind",
                                name=op.f("pk_review_pair_months")))
    ledger_totals.rebuild(op.get_bind())
    ledger_totals.install(op.get_bind())


def downgrade():
    ledger_totals.remove(op.get_bind())
    op.drop_table("review_pair_months")
    op.drop_table("review_member_ledger_months")
