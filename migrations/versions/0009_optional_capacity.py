"""A place's capacity is optional: a storage room holds no number of people. The column
was nullable already; only the check that premises have one goes, and a given capacity
stays above 0.

Revision ID: 0009_optional_capacity
Revises: 0008_idempotency
Create Date: 2026-12-06
"""
from alembic import op

revision = "0009_optional_capacity"
down_revision = "0008_idempotency"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("offers") as batch_op:
        batch_op.drop_constraint("premises_have_capacity", type_="check")
        batch_op.create_check_constraint("capacity_positive", "capacity IS NULL OR capacity > 0")


def downgrade():
    # Places without a capacity cannot satisfy the old check: they are given one person.
    op.execute("UPDATE offers SET capacity = 1 WHERE kind = 'premises' AND capacity IS NULL")
    with op.batch_alter_table("offers") as batch_op:
        batch_op.drop_constraint("capacity_positive", type_="check")
        batch_op.create_check_constraint(
            "premises_have_capacity",
            "kind <> 'premises' OR (capacity IS NOT NULL AND capacity > 0)")
