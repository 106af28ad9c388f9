"""Exchanges: what one organisation gave another, in the offer's unit and in value."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pooling.catalogue.models import OfferKind, Unit
from pooling.db import Base, UTCDateTime, enum_type, utcnow


class Exchange(Base):
    """A realised exchange. A completed booking records exactly one (unique booking_id)."""

    __tablename__ = "exchanges"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("provider_id <> beneficiary_id", name="two_parties"),
        sa.Index("ix_exchanges_provider_on", "provider_id", "occurred_on"),
        sa.Index("ix_exchanges_beneficiary_on", "beneficiary_id", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="RESTRICT"))
    beneficiary_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="RESTRICT"))
    kind: Mapped[OfferKind] = mapped_column(enum_type(OfferKind, "offer_kind"))
    offer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offers.id", ondelete="RESTRICT"))
    booking_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("bookings.id", ondelete="RESTRICT"), unique=True)
    quantity: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    unit: Mapped[Unit] = mapped_column(enum_type(Unit, "offer_unit"))
    # In the pole's unit of account, at the valuation grid's rate on that day; None when
    # the exchange counts participation only.
    value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    occurred_on: Mapped[date] = mapped_column(sa.Date)
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
