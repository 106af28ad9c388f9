"""A booking made from a need's suggestions remembers the need, so that the need's page lists
what was booked for it; deleting the need keeps the booking.

Revision ID: 0013_booking_need
Revises: 0013_matching
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_booking_need"
down_revision = "0013_matching"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("bookings") as batch_op:
        batch_op.add_column(sa.Column("need_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_bookings_need_id_needs", "needs", ["need_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index("ix_bookings_need_id", ["need_id"])


def downgrade():
    with op.batch_alter_table("bookings") as batch_op:
        batch_op.drop_index("ix_bookings_need_id")
        batch_op.drop_constraint("fk_bookings_need_id_needs", type_="foreignkey")
        batch_op.drop_column("need_id")
