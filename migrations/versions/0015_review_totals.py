"""Running totals of the bookings for the review: per offer and month, per booking
organisation, kind and month, kept by triggers on `bookings` in the same transaction as
each write (pooling.review.totals), and filled here from the bookings already there. Each
booking keeps, from its history, its longest wait for a decision and its latest
cancellation (a trigger on `booking_events`), so that late decisions and late cancellations
are read from the bookings' index alone.

Revision ID: 0015_review_totals
Revises: 0015_photo_store
Create Date: 2026-12-07
"""
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op
from flask import current_app, has_app_context

from pooling.db import UTCDateTime
from pooling.review import totals

revision = "0015_review_totals"
down_revision = "0015_speed"
branch_labels = None
depends_on = None

# The review's index of a period's bookings (0014_usage), which now carries the steps the
# bookings keep from their history.
USE_INDEX = ["starts_at", "status", "offer_id", "member_id", "ends_at", "quantity",
             "created_at", "updated_at"]


def upgrade():
    op.add_column("bookings", sa.Column("decided_after", sa.Integer(), nullable=True))
    op.add_column("bookings", sa.Column("cancelled_at", UTCDateTime(), nullable=True))
    op.drop_index("ix_bookings_starts_use", table_name="bookings")
    op.create_index("ix_bookings_starts_use", "bookings", [*USE_INDEX, "decided_after",
                                                           "cancelled_at"])
    op.create_table(
        "review_months",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_months")),
        sa.UniqueConstraint("month", name=op.f("uq_review_months_month")),
        sa.UniqueConstraint("starts_at", name=op.f("uq_review_months_starts_at")))
    op.create_table(
        "review_offer_months",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False)
          for name in ("bookings", "seconds", "item_days")),
        sa.PrimaryKeyConstraint("month", "offer_id", name=op.f("pk_review_offer_months")))
    op.create_table(
        "review_booker_months",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("bookings", sa.BigInteger(), nullable=False),
        sa.Column("seconds", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("month", "member_id", "kind",
                                name=op.f("pk_review_booker_months")))
    zone = current_app.config["POLE_TIMEZONE"] if has_app_context() else "Europe/Paris"
    totals.rebuild(op.get_bind(), ZoneInfo(zone))
    totals.install(op.get_bind())


def downgrade():
    totals.remove(op.get_bind())
    op.drop_table("review_booker_months")
    op.drop_table("review_offer_months")
    op.drop_table("review_months")
    op.drop_index("ix_bookings_starts_use", table_name="bookings")
    op.create_index("ix_bookings_starts_use", "bookings", USE_INDEX)
    # Not in batch: SQLite (3.35 and later) drops a plain column in place.
    op.drop_column("bookings", "cancelled_at")
    op.drop_column("bookings", "decided_after")
