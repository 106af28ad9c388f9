"""Exchanges and the ledger: what each organisation gave and received.

An exchange is what happened (who gave what to whom, when); posting it writes two
append-only ledger entries, one given by the provider and one received by the beneficiary.
Corrections are reversals: another exchange whose entries carry the opposite signs.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pooling.accounts.models import User
from pooling.catalogue.models import Offer, OfferKind
from pooling.db import Base, UTCDateTime, enum_type, utcnow
from pooling.members.models import Member


class ExchangeUnit(enum.StrEnum):
    HOUR = "hour"
    HALF_DAY = "half-day"
    DAY = "day"
    ITEM = "item"


class ExchangeStatus(enum.StrEnum):
    PENDING = "pending"  # declared, waiting for the other party (or the cell)
    CONFIRMED = "confirmed"  # posted in the ledger
    REJECTED = "rejected"
    REVERSED = "reversed"  # posted, then cancelled out by a confirmed reversal


# Exchanges whose two entries are in the ledger.
POSTED = (ExchangeStatus.CONFIRMED, ExchangeStatus.REVERSED)


class Cooperation(enum.StrEnum):
    STRATEGIC = "strategic"  # non-monetary: shared, lent, given
    COMMERCIAL = "commercial"  # paid for


class Side(enum.StrEnum):
    GIVEN = "given"
    RECEIVED = "received"


class Exchange(Base):
    """A realised exchange. A completed booking records exactly one (unique booking_id); a
    declared one waits for the other party's confirmation. A reversal points at the exchange
    it cancels; only one reversal of an exchange can be pending or confirmed."""

    __tablename__ = "exchanges"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("value IS NULL OR value >= 0", name="value_not_negative"),
        sa.CheckConstraint("provider_id <> beneficiary_id", name="two_parties"),
        sa.CheckConstraint("reverses_id IS NULL OR reverses_id <> id", name="not_self_reversal"),
        sa.Index("ix_exchanges_provider_on", "provider_id", "occurred_on"),
        sa.Index("ix_exchanges_beneficiary_on", "beneficiary_id", "occurred_on"),
        sa.Index("ix_exchanges_status_on", "status", "occurred_on"),
        # The commercial exchanges of the pole's totals, without reading every exchange.
        sa.Index("ix_exchanges_cooperation", "cooperation", "id"),
        sa.Index("uq_exchanges_one_reversal", "reverses_id", unique=True,
                 sqlite_where=sa.text("status <> 'rejected'"),
                 postgresql_where=sa.text("status <> 'rejected'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="RESTRICT"))
    beneficiary_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="RESTRICT"))
    kind: Mapped[OfferKind] = mapped_column(enum_type(OfferKind, "offer_kind"))
    offer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offers.id", ondelete="RESTRICT"))
    booking_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("bookings.id", ondelete="RESTRICT"), unique=True)
    quantity: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    unit: Mapped[ExchangeUnit] = mapped_column(enum_type(ExchangeUnit, "exchange_unit"))
    # In the pole's unit of account, at the valuation grid's rate on that day; None when
    # the exchange counts participation only.
    value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    occurred_on: Mapped[date] = mapped_column(sa.Date)
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    cooperation: Mapped[Cooperation] = mapped_column(
        enum_type(Cooperation, "cooperation"), default=Cooperation.STRATEGIC)
    status: Mapped[ExchangeStatus] = mapped_column(
        enum_type(ExchangeStatus, "exchange_status"), default=ExchangeStatus.CONFIRMED)
    # Who declared it, for which side; None for the exchanges of completed bookings.
    declared_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"))
    declared_for_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("members.id", ondelete="RESTRICT"))
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(sa.String(500), default="")  # rejection or reversal
    reverses_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("exchanges.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    provider: Mapped[Member] = relationship(foreign_keys=[provider_id], lazy="joined",
                                            innerjoin=True)
    beneficiary: Mapped[Member] = relationship(foreign_keys=[beneficiary_id], lazy="joined",
                                               innerjoin=True)
    offer: Mapped[Offer | None] = relationship()
    declared_by: Mapped[User | None] = relationship(foreign_keys=[declared_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    reverses: Mapped[Exchange | None] = relationship(remote_side=[id])

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    def party_of(self, member_id: int | None) -> bool:
        return member_id in (self.provider_id, self.beneficiary_id)

    def __repr__(self) -> str:
        return f"<Exchange {self.id} {self.status} {self.provider_id}->{self.beneficiary_id}>"


class LedgerEntry(Base):
    """One side of a posted exchange. Never updated nor deleted: the database refuses it
    (see pooling.ledger.guards). A reversal's entries carry negative quantity and value."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        # Each exchange is posted once: one given and one received entry.
        sa.UniqueConstraint("exchange_id", "side"),
        sa.CheckConstraint("member_id <> counterpart_id", name="two_parties"),
        sa.CheckConstraint("quantity <> 0", name="quantity_not_zero"),
        # A member's statement sums its entries of a period and before it, and the review
        # every member's: from the index alone (an index-only scan), without reading the
        # table. Key columns rather than INCLUDE, which SQLite does not have.
        sa.Index("ix_ledger_entries_member_on", "member_id", "booked_on", "side", "kind",
                 "unit", "counterpart_id", "exchange_id", "quantity", "value"),
        # The pole's totals of a period, from the index alone too.
        sa.Index("ix_ledger_entries_booked_on", "booked_on", "member_id", "counterpart_id",
                 "side", "kind", "unit", "exchange_id", "quantity", "value"),
        # The review's pairs of organisations, in the period and before it: grouped from
        # the index alone, in its order, without reading the table.
        sa.Index("ix_ledger_entries_pair", "member_id", "counterpart_id", "booked_on",
                 "quantity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exchange_id: Mapped[int] = mapped_column(sa.ForeignKey("exchanges.id", ondelete="RESTRICT"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="RESTRICT"))
    counterpart_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="RESTRICT"))
    side: Mapped[Side] = mapped_column(enum_type(Side, "ledger_side"))
    kind: Mapped[OfferKind] = mapped_column(enum_type(OfferKind, "offer_kind"))
    unit: Mapped[ExchangeUnit] = mapped_column(enum_type(ExchangeUnit, "exchange_unit"))
    quantity: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    value: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    # The day it counts in: the exchange's day, or the first open day after a closed period.
    booked_on: Mapped[date] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LedgerClose(Base):
    """A closed period: nothing can be booked on or before `ends_on` any more."""

    __tablename__ = "ledger_closes"
    __table_args__ = (sa.CheckConstraint("starts_on <= ends_on", name="starts_before_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date, unique=True)
    closed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    closed_by: Mapped[User] = relationship()


class ClosingBalance(Base):
    """A member's totals from the start of the ledger to a close's end, per kind and unit,
    stored when the period was closed."""

    __tablename__ = "closing_balances"
    __table_args__ = (sa.UniqueConstraint("close_id", "member_id", "kind", "unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    close_id: Mapped[int] = mapped_column(sa.ForeignKey("ledger_closes.id", ondelete="RESTRICT"))
    member_id: Mapped[int] = mapped_column(sa.ForeignKey("members.id", ondelete="RESTRICT"))
    kind: Mapped[OfferKind] = mapped_column(enum_type(OfferKind, "offer_kind"))
    unit: Mapped[ExchangeUnit] = mapped_column(enum_type(ExchangeUnit, "exchange_unit"))
    given_quantity: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    received_quantity: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    given_value: Mapped[Decimal] = mapped_column(sa.Numeric(16, 2))
    received_value: Mapped[Decimal] = mapped_column(sa.Numeric(16, 2))


class LedgerTotal(Base):
    """A member's running totals of a month, by side, kind, unit and cooperation, kept by a
    database trigger in the transaction of every ledger entry (see pooling.ledger.totals),
    so that a period's totals are read from a few rows per member rather than every entry."""

    __tablename__ = "ledger_totals"

    month: Mapped[date] = mapped_column(sa.Date, primary_key=True)  # its first day
    member_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    side: Mapped[Side] = mapped_column(enum_type(Side, "ledger_side"), primary_key=True)
    kind: Mapped[OfferKind] = mapped_column(enum_type(OfferKind, "offer_kind"),
                                            primary_key=True)
    unit: Mapped[ExchangeUnit] = mapped_column(enum_type(ExchangeUnit, "exchange_unit"),
                                               primary_key=True)
    cooperation: Mapped[Cooperation] = mapped_column(enum_type(Cooperation, "cooperation"),
                                                     primary_key=True)
    quantity: Mapped[Decimal] = mapped_column(sa.Numeric(16, 2))
    value: Mapped[Decimal] = mapped_column(sa.Numeric(18, 2))  # entries without one count 0
    exchanges: Mapped[int]  # +1 per entry, -1 per reversal's entry
    entries: Mapped[int]
