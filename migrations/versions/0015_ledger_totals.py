"""The ledger's running totals: each member's month by side, kind, unit and cooperation,
filled from the entries already there and kept from now on by a trigger on the entries, in
the same transaction (pooling.ledger.totals).

Revision ID: 0015_ledger_totals
Revises: 0015_speed
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

from pooling.ledger import totals

revision = "0015_ledger_totals"
down_revision = "0015_review_totals"
branch_labels = None
depends_on = None


def _enum(column: str, values: tuple[str, ...], name: str) -> sa.Column:
    return sa.Column(column, sa.Enum(*values, name=name, native_enum=False,
                                     create_constraint=True, length=max(map(len, values))),
                     nullable=False)


def upgrade():
    op.create_table(
        "ledger_totals",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("member_id", sa.Integer(), autoincrement=False, nullable=False),
        _enum("side", ("given", "received"), "ledger_side"),
        _enum("kind", ("skill", "premises", "tool"), "offer_kind"),
        _enum("unit", ("hour", "half-day", "day", "item"), "exchange_unit"),
        _enum("cooperation", ("strategic", "commercial"), "cooperation"),
        sa.Column("quantity", sa.Numeric(16, 2), nullable=False),
        sa.Column("value", sa.Numeric(18, 2), nullable=False),
        sa.Column("exchanges", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "member_id", "side", "kind", "unit", "cooperation",
                                name=op.f("pk_ledger_totals")))
    bind = op.get_bind()
    # The trigger first: on PostgreSQL it holds off new entries until the totals are filled.
    totals.install(bind)
    totals.fill(bind)
    op.execute("ANALYZE ledger_totals")  # the planner's statistics, before the first read


def downgrade():
    totals.remove(op.get_bind())
    op.drop_table("ledger_totals")
