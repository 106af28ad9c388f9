"""Running totals of the bookings for the review: per offer and month, per booking
organisation, kind and month, kept by triggers on `bookings` in the same transaction as
each write (pooling.review.totals), and filled here from the bookings already there.

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
down_revision = "0015_photo_store"
branch_labels = None
depends_on = None


def upgrade():
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
          for name in ("bookings", "seconds", "item_days", "no_shows", "declined")),
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
