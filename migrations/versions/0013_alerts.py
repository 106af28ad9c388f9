"""Alerts: each person's choice of digests of new matches, and the suggestions mailed to
them (one row each, unique, so that none is mailed twice).

Revision ID: 0013_alerts
Revises: 0013_booking_need
Create Date: 2026-12-07
"""
import sqlalchemy as sa
from alembic import op

import pooling.db

revision = "0013_alerts"
down_revision = "0013_booking_need"
branch_labels = None
depends_on = None

FREQUENCIES = ("never", "immediately", "daily", "weekly")


def upgrade():
    op.create_table(
        "alert_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("offers", sa.Enum(*FREQUENCIES, name="offers_frequency", native_enum=False,
                                    create_constraint=True), nullable=False),
        sa.Column("needs", sa.Enum(*FREQUENCIES, name="needs_frequency", native_enum=False,
                                   create_constraint=True), nullable=False),
        sa.Column("offers_sent_at", pooling.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("needs_sent_at", pooling.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_alert_preferences_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_alert_preferences")),
    )
    op.create_table(
        "sent_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", pooling.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_sent_suggestions_user_id_users"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["need_id"], ["needs.id"],
                                name=op.f("fk_sent_suggestions_need_id_needs"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"],
                                name=op.f("fk_sent_suggestions_offer_id_offers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_suggestions")),
        sa.UniqueConstraint("user_id", "need_id", "offer_id",
                            name=op.f("uq_sent_suggestions_user_id_need_id_offer_id")),
    )
    with op.batch_alter_table("sent_suggestions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sent_suggestions_need_id"), ["need_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_sent_suggestions_offer_id"), ["offer_id"],
                              unique=False)


def downgrade():
    op.drop_table("sent_suggestions")
    op.drop_table("alert_preferences")
