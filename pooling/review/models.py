"""Running totals of the bookings, kept by database triggers in the same transaction as the
bookings they come from (pooling.review.totals), so that a year's usage reads a few
thousand rows instead of every booking."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pooling.db import Base, UTCDateTime


class ReviewMonth(Base):
    """A calendar month of the pole and its first and last instants (UTC): the triggers
    file each booking under the month it starts in, in the pole's zone."""

    __tablename__ = "review_months"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(sa.Date, unique=True)  # its first day
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, unique=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the next month's start


class OfferMonth(Base):
    """An offer's bookings starting in a month that took its time (confirmed, completed,
    no-show), with their seconds and item-days."""

    __tablename__ = "review_offer_months"

    month: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    offer_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    bookings: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    seconds: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    item_days: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class BookerMonth(Base):
    """What an organisation booked of one kind in a month (bookings that took the offers'
    time): their number and seconds."""

    __tablename__ = "review_booker_months"

    month: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    member_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    bookings: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    seconds: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class MemberLedgerMonth(Base):
    """What an organisation gave or received of one kind and one kind of cooperation in a
    month, from the ledger's entries booked then: exchanges net of reversals, and value."""

    __tablename__ = "review_member_ledger_months"

    month: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    member_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    side: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    cooperation: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    exchanges: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    value: Mapped[Decimal] = mapped_column(sa.Numeric(16, 2), default=0)


class PairMonth(Base):
    """What a pair of organisations exchanged of one kind in a month, whichever gave (the
    smaller id first): exchanges net of reversals, and value."""

    __tablename__ = "review_pair_months"

    month: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    member_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    counterpart_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    exchanges: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    value: Mapped[Decimal] = mapped_column(sa.Numeric(16, 2), default=0)


class LedgerCount(Base):
    """How many ledger entries were booked in a month, spread over a few shards (by
    exchange) so that concurrent writers rarely wait for one another: only ever added to,
    as the ledger is, so the sum up to a month names the state of the ledger up to then."""

    __tablename__ = "review_ledger_counts"

    month: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    shard: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    entries: Mapped[int] = mapped_column(sa.BigInteger, default=0)



class KeptFigure(Base):
    """A review figure summed by one process, kept for the others with the state of the data
    it was summed from (pooling.review.kept)."""

    __tablename__ = "review_kept_figures"

    key: Mapped[bytes] = mapped_column(sa.LargeBinary(32), primary_key=True)  # name and key
    name: Mapped[str] = mapped_column(sa.String(40))
    state: Mapped[bytes] = mapped_column(sa.LargeBinary(32))
    signature: Mapped[bytes] = mapped_column(sa.LargeBinary(32))
    value: Mapped[bytes] = mapped_column(sa.LargeBinary)
    kept_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BookingChanges(Base):
    """How many times bookings starting in a month were written (made, changed or deleted),
    spread over a few shards (by offer) so that concurrent bookings rarely wait for one
    another; kept by a trigger on `bookings` (pooling.review.totals). Only its moves count:
    the review keeps a period's usage until a booking of its months is written."""

    __tablename__ = "review_booking_changes"

    month: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    shard: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    changes: Mapped[int] = mapped_column(sa.BigInteger, default=0)
