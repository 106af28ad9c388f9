"""The review of usage: the day a member left the pole, how many days a request may wait
before the review counts it as left waiting, and an index that reads a period's bookings
in one pass.

Revision ID: 0014_usage
Revises: 0014_audit
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_usage"
down_revision = "0014_audit"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))
    with op.batch_alter_table("pole_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_waiting_days", sa.Integer(), nullable=False,
                                      server_default="3"))
        batch_op.create_check_constraint(op.f("ck_pole_settings_review_waiting_days_range"),
                                         "review_waiting_days BETWEEN 1 AND 365")
    # The review groups a period's bookings by offer, kind and month and looks for requests
    # left waiting: the start first, and every column it reads, so that the index alone
    # answers.
    op.create_index("ix_bookings_starts_use", "bookings",
                    ["starts_at", "status", "offer_id", "member_id", "ends_at", "quantity",
                     "created_at", "updated_at"])


def downgrade():
    op.drop_index("ix_bookings_starts_use", table_name="bookings")
    with op.batch_alter_table("pole_settings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_pole_settings_review_waiting_days_range"),
                                 type_="check")
        batch_op.drop_column("review_waiting_days")
    # Not in batch: rebuilding `members` on SQLite would break the keys that point at it;
    # SQLite (3.35 and later) drops a plain column in place.
    op.drop_column("members", "left_on")
