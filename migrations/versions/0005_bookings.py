"""The booking engine: bookings, series, their history, quotas, calendar feeds, and the
exchanges completed bookings record.

On PostgreSQL an exclusion constraint forbids two bookings of an exclusive offer (a room,
a skill) that hold their slot from overlapping, buffers included.

Revision ID: 0005_bookings
Revises: 0004_offer_search_indexes
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

import pooling.db

revision = "0005_bookings"
down_revision = "0004_offer_search_indexes"
branch_labels = None
depends_on = None

STATUSES = ("requested", "confirmed", "declined", "cancelled", "completed", "no-show")
KINDS = ("skill", "premises", "tool")


def _status(column: str, name: str = "booking_status", nullable: bool = False) -> sa.Column:
    return sa.Column(column, sa.Enum(*STATUSES, name=name, native_enum=False,
                                     create_constraint=True, length=9), nullable=nullable)


def _kind() -> sa.Column:
    return sa.Column("kind", sa.Enum(*KINDS, name="offer_kind", native_enum=False,
                                     create_constraint=True, length=8), nullable=False)


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("booking_reminders", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))

    op.create_table(
        "booking_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", pooling.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="RESTRICT",
                                name=op.f("fk_booking_series_created_by_id_users")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="RESTRICT",
                                name=op.f("fk_booking_series_member_id_members")),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"], ondelete="RESTRICT",
                                name=op.f("fk_booking_series_offer_id_offers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_series")),
    )
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        _status("status"),
        sa.Column("exclusive", sa.Boolean(), nullable=False),
        sa.Column("starts_at", pooling.db.UTCDateTime(), nullable=False),
        sa.Column("ends_at", pooling.db.UTCDateTime(), nullable=False),
        sa.Column("busy_from", pooling.db.UTCDateTime(), nullable=False),
        sa.Column("busy_until", pooling.db.UTCDateTime(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=500), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("reminded_at", pooling.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", pooling.db.UTCDateTime(), nullable=False),
        sa.Column("updated_at", pooling.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_bookings_starts_before_end")),
        sa.CheckConstraint("busy_from <= starts_at AND ends_at <= busy_until",
                           name=op.f("ck_bookings_busy_covers_booking")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_bookings_quantity_positive")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="RESTRICT",
                                name=op.f("fk_bookings_member_id_members")),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"], ondelete="RESTRICT",
                                name=op.f("fk_bookings_offer_id_offers")),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"], ondelete="RESTRICT",
                                name=op.f("fk_bookings_requested_by_id_users")),
        sa.ForeignKeyConstraint(["series_id"], ["booking_series.id"], ondelete="RESTRICT",
                                name=op.f("fk_bookings_series_id_booking_series")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    op.create_index("ix_bookings_offer_busy", "bookings", ["offer_id", "busy_from", "busy_until"])
    op.create_index("ix_bookings_member_starts", "bookings", ["member_id", "starts_at"])
    op.create_index("ix_bookings_series", "bookings", ["series_id"])
    op.create_index("ix_bookings_status_ends", "bookings", ["status", "ends_at"])
    if op.get_bind().dialect.name == "postgresql":
        # btree_gist lets one GiST index hold the offer (=) and the time range (&&).
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE bookings ADD CONSTRAINT ex_bookings_no_overlap EXCLUDE USING gist "
            "(offer_id WITH =, tstzrange(busy_from, busy_until, '[)') WITH &&) "
            "WHERE (exclusive AND status IN ('confirmed', 'completed'))")

    op.create_table(
        "booking_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        _status("from_status", "booking_from_status", nullable=True),
        _status("to_status", "booking_to_status"),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("at", pooling.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], ondelete="SET NULL",
                                name=op.f("fk_booking_events_actor_id_users")),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"], ondelete="CASCADE",
                                name=op.f("fk_booking_events_booking_id_bookings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_events")),
    )
    op.create_index(op.f("ix_booking_events_booking_id"), "booking_events", ["booking_id"])

    op.create_table(
        "quotas",
        sa.Column("id", sa.Integer(), nullable=False),
        _kind(),
        sa.Column("circle", sa.Enum("animation-cell", "founding-member", "partner",
                                    name="circle", native_enum=False, create_constraint=True,
                                    length=15), nullable=True),
        sa.Column("period", sa.Enum("week", "month", name="quota_period", native_enum=False,
                                    create_constraint=True, length=5), nullable=False),
        sa.Column("max_hours", sa.Integer(), nullable=False),
        sa.Column("created_at", pooling.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("max_hours > 0", name=op.f("ck_quotas_max_hours_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotas")),
        sa.UniqueConstraint("kind", "circle", "period", name=op.f("uq_quotas_kind_circle_period")),
    )

    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column("created_at", pooling.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("(member_id IS NULL) <> (offer_id IS NULL)",
                           name=op.f("ck_calendar_feeds_one_owner")),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], ondelete="CASCADE",
                                name=op.f("fk_calendar_feeds_member_id_members")),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"], ondelete="CASCADE",
                                name=op.f("fk_calendar_feeds_offer_id_offers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("member_id", name=op.f("uq_calendar_feeds_member_id")),
        sa.UniqueConstraint("offer_id", name=op.f("uq_calendar_feeds_offer_id")),
        sa.UniqueConstraint("token", name=op.f("uq_calendar_feeds_token")),
    )

    op.create_table(
        "exchanges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        _kind(),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("unit", sa.Enum("hour", "half-day", "day", name="offer_unit",
                                  native_enum=False, create_constraint=True, length=8),
                  nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("created_at", pooling.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_exchanges_quantity_positive")),
        sa.CheckConstraint("provider_id <> beneficiary_id", name=op.f("ck_exchanges_two_parties")),
        sa.ForeignKeyConstraint(["beneficiary_id"], ["members.id"], ondelete="RESTRICT",
                                name=op.f("fk_exchanges_beneficiary_id_members")),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"], ondelete="RESTRICT",
                                name=op.f("fk_exchanges_booking_id_bookings")),
        sa.ForeignKeyConstraint(["offer_id"], ["offers.id"], ondelete="RESTRICT",
                                name=op.f("fk_exchanges_offer_id_offers")),
        sa.ForeignKeyConstraint(["provider_id"], ["members.id"], ondelete="RESTRICT",
                                name=op.f("fk_exchanges_provider_id_members")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchanges")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_exchanges_booking_id")),
    )
    op.create_index("ix_exchanges_provider_on", "exchanges", ["provider_id", "occurred_on"])
    op.create_index("ix_exchanges_beneficiary_on", "exchanges", ["beneficiary_id", "occurred_on"])


def downgrade():
    op.drop_table("exchanges")
    op.drop_table("calendar_feeds")
    op.drop_table("quotas")
    op.drop_table("booking_events")
    op.drop_table("bookings")
    op.drop_table("booking_series")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("booking_reminders")
