"""Offers (skills, premises, tools), their categories, opening hours, closures and the
valuation grid."""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pooling.db import Base, UTCDateTime, enum_type, utcnow
from pooling.members.models import Member


class OfferKind(enum.StrEnum):
    SKILL = "skill"
    PREMISES = "premises"
    TOOL = "tool"


class OfferStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


# The moves an offer's status may make; anything else is refused.
STATUS_TRANSITIONS = {
    OfferStatus.DRAFT: {OfferStatus.PUBLISHED, OfferStatus.ARCHIVED},
    OfferStatus.PUBLISHED: {OfferStatus.ARCHIVED, OfferStatus.DRAFT},
    OfferStatus.ARCHIVED: {OfferStatus.DRAFT},
}


class BookingPolicy(enum.StrEnum):
    AUTOMATIC = "automatic"  # requests are confirmed at once
    APPROVAL = "approval"  # the owner approves each request


class Unit(enum.StrEnum):
    HOUR = "hour"
    HALF_DAY = "half-day"
    DAY = "day"


class Category(Base):
    """A category of one kind of offer, from the list the animation cell manages."""

    __tablename__ = "categories"
    __table_args__ = (
        sa.UniqueConstraint("kind", "name"),
        # Lets offers reference (id, kind) so that a category always matches its offer's kind.
        sa.UniqueConstraint("id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OfferKind] = mapped_column(enum_type(OfferKind, "offer_kind"))
    name: Mapped[str] = mapped_column(sa.String(100))
    name_en: Mapped[str | None] = mapped_column(sa.String(100))
    name_key: Mapped[str] = mapped_column(sa.String(100))
    position: Mapped[int] = mapped_column(default=100)

    def label(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


offer_tags = sa.Table(
    "offer_tags",
    Base.metadata,
    sa.Column("offer_id", sa.ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag", sa.String(40), primary_key=True),
)


class Offer(Base):
    """Something a member organisation shares with the pole."""

    __tablename__ = "offers"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["category_id", "kind"], ["categories.id", "categories.kind"],
            name="fk_offers_category_kind",
        ),
        sa.CheckConstraint("length(title) > 0", name="title_not_empty"),
        # The catalogue lists published offers newest first or by name, a page at a time.
        sa.Index("ix_offers_status_published_at_id", "status", "published_at", "id"),
        sa.Index("ix_offers_status_title_key_id", "status", "title_key", "id"),
        sa.CheckConstraint("min_duration_minutes > 0", name="min_duration_positive"),
        sa.CheckConstraint(
            "max_duration_minutes IS NULL OR max_duration_minutes >= min_duration_minutes",
            name="max_duration_not_below_min"),
        sa.CheckConstraint("min_notice_minutes >= 0", name="min_notice_not_negative"),
        sa.CheckConstraint("buffer_minutes >= 0", name="buffer_not_negative"),
        sa.CheckConstraint("value_per_unit IS NULL OR value_per_unit >= 0",
                           name="value_not_negative"),
        # A storage room has no number of people: a place's capacity is optional.
        sa.CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("kind <> 'tool' OR (quantity IS NOT NULL AND quantity > 0)",
                           name="tools_have_stock"),
        sa.CheckConstraint("surface_m2 IS NULL OR surface_m2 > 0", name="surface_positive"),
        sa.CheckConstraint("max_hours_per_week IS NULL OR max_hours_per_week > 0",
                           name="weekly_hours_positive"),
        sa.CheckConstraint("max_hours_per_month IS NULL OR max_hours_per_month > 0",
                           name="monthly_hours_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[OfferKind] = mapped_column(enum_type(OfferKind, "offer_kind"), index=True)
    status: Mapped[OfferStatus] = mapped_column(
        enum_type(OfferStatus, "offer_status"), default=OfferStatus.DRAFT, index=True)
    category_id: Mapped[int] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    title_key: Mapped[str] = mapped_column(sa.String(200), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Accent- and case-free text of title, description and tags, for search.
    search_key: Mapped[str] = mapped_column(sa.Text, default="")

    booking_policy: Mapped[BookingPolicy] = mapped_column(
        enum_type(BookingPolicy, "booking_policy"), default=BookingPolicy.AUTOMATIC)
    min_duration_minutes: Mapped[int] = mapped_column(default=30)
    max_duration_minutes: Mapped[int | None] = mapped_column()
    min_notice_minutes: Mapped[int] = mapped_column(default=0)
    buffer_minutes: Mapped[int] = mapped_column(default=0)
    unit: Mapped[Unit] = mapped_column(enum_type(Unit, "offer_unit"), default=Unit.HOUR)
    # None: the valuation grid's value on the day of each exchange.
    value_per_unit: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))

    # Premises.
    capacity: Mapped[int | None] = mapped_column()
    surface_m2: Mapped[Decimal | None] = mapped_column(sa.Numeric(8, 1))
    equipment: Mapped[str] = mapped_column(sa.String(500), default="")
    step_free_access: Mapped[bool] = mapped_column(default=False)
    accessible_toilets: Mapped[bool] = mapped_column(default=False)
    location: Mapped[str] = mapped_column(sa.String(300), default="")
    access_instructions: Mapped[str] = mapped_column(sa.Text, default="")
    # Tools.
    quantity: Mapped[int | None] = mapped_column()
    condition: Mapped[str] = mapped_column(sa.String(200), default="")
    conditions_of_use: Mapped[str] = mapped_column(sa.Text, default="")
    pickup_place: Mapped[str] = mapped_column(sa.String(300), default="")
    # Skills.
    provider_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    level: Mapped[str] = mapped_column(sa.String(300), default="")
    max_hours_per_week: Mapped[int | None] = mapped_column()
    max_hours_per_month: Mapped[int | None] = mapped_column()

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship(lazy="joined")
    category: Mapped[Category] = relationship(
        lazy="joined", foreign_keys=[category_id],
        primaryjoin="Offer.category_id == Category.id")
    opening_hours: Mapped[list[OpeningHours]] = relationship(
        cascade="all, delete-orphan", order_by="(OpeningHours.weekday, OpeningHours.opens_at)")
    closures: Mapped[list[Closure]] = relationship(
        cascade="all, delete-orphan", order_by="Closure.starts_at")
    photos: Mapped[list[OfferPhoto]] = relationship(
        cascade="all, delete-orphan", order_by="OfferPhoto.id")

    def __repr__(self) -> str:
        return f"<Offer {self.id} {self.kind} {self.title!r}>"


class OfferPhoto(Base):
    """A photo of an offer, re-encoded by the app (see catalogue.photos)."""

    __tablename__ = "offer_photos"
    __table_args__ = (sa.CheckConstraint("width > 0 AND height > 0", name="size_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The JPEG itself when photos are kept in the database (PHOTO_STORE=database), so that
    # every host serving the pole sees it; empty when it is a file of the instance folder.
    content: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OpeningHours(Base):
    """A weekly opening slot, in the pole's local time (Monday is 0)."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_in_week"),
        sa.CheckConstraint("opens_at < closes_at", name="opens_before_closing"),
        # "Available during" looks up the slots of one weekday for every offer.
        sa.Index("ix_opening_hours_weekday_offer", "weekday", "offer_id", "opens_at",
                 "closes_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column()
    opens_at: Mapped[time] = mapped_column(sa.Time)
    closes_at: Mapped[time] = mapped_column(sa.Time)


class Closure(Base):
    """A period when an offer cannot be booked (holidays, maintenance), with its reason."""

    __tablename__ = "closures"
    __table_args__ = (sa.CheckConstraint("starts_at < ends_at", name="starts_before_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(sa.String(200))


class ValuationRate(Base):
    """The value of one unit of a kind (or of one category) from a date on.

    Rates are never edited: a new rate with a later date replaces an old one from that date,
    so exchanges keep the value of their own day.
    """

    __tablename__ = "valuation_rates"
    __table_args__ = (
        sa.CheckConstraint("value >= 0", name="value_not_negative"),
        sa.Index("ix_valuation_rates_lookup", "kind", "category_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OfferKind] = mapped_column(enum_type(OfferKind, "offer_kind"))
    category_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("categories.id", ondelete="RESTRICT"))
    unit: Mapped[Unit] = mapped_column(enum_type(Unit, "offer_unit"))
    value: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2))
    valid_from: Mapped[date] = mapped_column(sa.Date)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
