"""Bookings, their series, their history, quotas and calendar feeds."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pooling.accounts.models import User
from pooling.catalogue.models import Offer, OfferKind
from pooling.db import Base, UTCDateTime, enum_type, utcnow
from pooling.members.models import Circle, Member


class BookingStatus(enum.StrEnum):
    REQUESTED = "requested"  # waiting for the owner's decision
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    COMPLETED = "completed"  # it took place; the exchange is recorded
    NO_SHOW = "no-show"  # the owner reported that nobody came


# Bookings that hold their slot: a confirmed booking, or one that took place.
HOLDING = (BookingStatus.CONFIRMED, BookingStatus.COMPLETED)
# Bookings that went wrong or wait (no-show, cancelled, declined, requested): the review
# counts them from an index of their own, whose condition is this very text, so that SQLite
# as well as PostgreSQL sees that a query with it can read that index.
INCIDENTS = sa.text("status IN ('no-show', 'cancelled', 'declined', 'requested')")
# Bookings that count towards limits and quotas, pending requests included.
ACTIVE = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.COMPLETED)


class BookingSeries(Base):
    """Recurring bookings made together, from one recurrence rule (RFC 5545 RRULE)."""

    __tablename__ = "booking_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id", ondelete="RESTRICT"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="RESTRICT"))
    rule: Mapped[str] = mapped_column(sa.String(300))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Booking(Base):
    """One booking of one offer for one time range, for one beneficiary organisation.

    `busy_from`/`busy_until` widen the range by half the offer's buffer on each side, so
    that two bookings keep the whole buffer between them exactly when their busy ranges do
    not overlap. On PostgreSQL an exclusion constraint forbids overlapping busy ranges of
    exclusive offers (rooms, skills) among bookings that hold their slot.
    """

    __tablename__ = "bookings"
    __table_args__ = (
        sa.CheckConstraint("starts_at < ends_at", name="starts_before_end"),
        sa.CheckConstraint("busy_from <= starts_at AND ends_at <= busy_until",
                           name="busy_covers_booking"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        # Bookings overlapping a range, of one offer or of all: the end comes first, so
        # that a range to come skips the years of bookings before it.
        sa.Index("ix_bookings_offer_until", "offer_id", "busy_until", "busy_from"),
        sa.Index("ix_bookings_until", "busy_until", "busy_from"),
        sa.Index("ix_bookings_member_starts", "member_id", "starts_at"),
        sa.Index("ix_bookings_series", "series_id"),
        sa.Index("ix_bookings_status_ends", "status", "ends_at"),
        sa.Index("ix_bookings_need_id", "need_id"),
        # The review's kept figures hold while the last change of a booking stays the same.
        sa.Index("ix_bookings_updated_at", "updated_at"),
        # The review reads a period's bookings, grouped by offer, kind and month, and the
        # requests among them left waiting, from this index alone.
        sa.Index("ix_bookings_starts_use", "starts_at", "status", "offer_id", "member_id",
                 "ends_at", "quantity", "created_at", "updated_at", "decided_after",
                 "cancelled_at"),
        # The review's incidents: the bookings that went wrong starting in a period, and
        # those answered after a long wait (few), each read from its index alone.
        sa.Index("ix_bookings_status_starts", "status", "starts_at", "cancelled_at",
                 "created_at", postgresql_where=INCIDENTS, sqlite_where=INCIDENTS),
        sa.Index("ix_bookings_decided_after", "decided_after", "starts_at", "created_at",
                 "updated_at", "status", postgresql_where=sa.text("decided_after IS NOT NULL"),
                 sqlite_where=sa.text("decided_after IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id", ondelete="RESTRICT"))
    # The beneficiary; the provider is the offer's organisation.
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="RESTRICT"))
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    series_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("booking_series.id", ondelete="RESTRICT"))
    # The need this booking answers, when it was made from the need's suggestions.
    need_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("needs.id", ondelete="SET NULL"))
    status: Mapped[BookingStatus] = mapped_column(enum_type(BookingStatus, "booking_status"))
    exclusive: Mapped[bool] = mapped_column(default=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    busy_from: Mapped[datetime] = mapped_column(UTCDateTime)
    busy_until: Mapped[datetime] = mapped_column(UTCDateTime)
    # Attendees (premises), items (tools), 1 for a skill.
    quantity: Mapped[int] = mapped_column(default=1)
    purpose: Mapped[str] = mapped_column(sa.String(500), default="")
    # iCalendar SEQUENCE: increased whenever the booking changes in a way calendars show.
    sequence: Mapped[int] = mapped_column(default=0)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Read from the history by a trigger (pooling.review.totals), for the review's late
    # decisions and late cancellations: the seconds from the request to its latest decision
    # (the longest it was left waiting), and the latest cancellation.
    decided_after: Mapped[int | None] = mapped_column(default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    offer: Mapped[Offer] = relationship(lazy="joined", innerjoin=True)
    member: Mapped[Member] = relationship(lazy="joined", innerjoin=True)
    requested_by: Mapped[User] = relationship()
    events: Mapped[list[BookingEvent]] = relationship(
        order_by="BookingEvent.id", back_populates="booking")

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class BookingEvent(Base):
    """One step of a booking's life: who moved it from what to what, when and why."""

    __tablename__ = "booking_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        sa.ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[BookingStatus | None] = mapped_column(
        enum_type(BookingStatus, "booking_from_status"))
    to_status: Mapped[BookingStatus] = mapped_column(
        enum_type(BookingStatus, "booking_to_status"))
    # None when the service itself acted (automatic confirmation or completion).
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    booking: Mapped[Booking] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class QuotaPeriod(enum.StrEnum):
    WEEK = "week"
    MONTH = "month"


class Quota(Base):
    """At most so many hours of one kind per week or month for each organisation of a
    circle (or of every circle), set by the animation cell."""

    __tablename__ = "quotas"
    __table_args__ = (
        sa.UniqueConstraint("kind", "circle", "period"),
        sa.CheckConstraint("max_hours > 0", name="max_hours_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OfferKind] = mapped_column(enum_type(OfferKind, "offer_kind"))
    circle: Mapped[Circle | None] = mapped_column(enum_type(Circle, "circle"))
    period: Mapped[QuotaPeriod] = mapped_column(enum_type(QuotaPeriod, "quota_period"))
    max_hours: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @classmethod
    def applying_to(cls, circle) -> sa.ColumnElement[bool]:
        """SQL: the quota applies to the organisations of `circle` (a value or a column):
        it names that circle, or none, and then applies to everyone."""
        return sa.or_(cls.circle == circle, cls.circle.is_(None))

    def applies_to(self, circle: Circle | None) -> bool:
        return self.circle is None or self.circle == circle


class CalendarFeed(Base):
    """A secret iCalendar address: an organisation's bookings, or one offer's."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (
        sa.CheckConstraint("(member_id IS NULL) <> (offer_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="CASCADE"), unique=True)
    offer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("offers.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
