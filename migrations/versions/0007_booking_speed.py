"""Indexes for the bookings that overlap a range: of one offer (the booking engine) and
of all offers at once (the catalogue's "available during"). The end comes first, so that
a range to come skips the bookings that ended before it.

Revision ID: 0007_booking_speed
Revises: 0006_ledger
Create Date: 2026-11-26
"""
from alembic import op

revision = "0007_booking_speed"
down_revision = "0006_ledger"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_bookings_offer_busy", table_name="bookings")
    op.create_index("ix_bookings_offer_until", "bookings", ["offer_id", "busy_until", "busy_from"])
    op.create_index("ix_bookings_until", "bookings", ["busy_until", "busy_from"])


def downgrade():
    op.drop_index("ix_bookings_until", table_name="bookings")
    op.drop_index("ix_bookings_offer_until", table_name="bookings")
    op.create_index("ix_bookings_offer_busy", "bookings", ["offer_id", "busy_from", "busy_until"])
