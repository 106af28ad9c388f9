"""What the review's queries share: a period's instants in the pole's zone, the bookings
that count as booked, when an offer was published, and durations and months in SQL that
read the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from pooling.bookings.models import BookingStatus
from pooling.catalogue.models import Offer, OfferStatus
from pooling.ledger.statements import Period
from pooling.localtime import moved_forward
from pooling.pole.clock import pole_zone

# The bookings that took the offer's time: confirmed, held, or reserved by someone who did
# not come (the room stayed empty, but nobody else could have it).
BOOKED = (BookingStatus.CONFIRMED, BookingStatus.COMPLETED, BookingStatus.NO_SHOW)
DAY = 86400


def day_start(day: date) -> datetime:
    """Midnight of a day in the pole, as a UTC instant."""
    return moved_forward(datetime.combine(day, time(0)), pole_zone())


def day_bounds(period: Period) -> tuple[datetime, datetime]:
    """The first instant of the period and the first instant after it, in UTC."""
    return day_start(period.start), day_start(period.end + timedelta(days=1))


def months(period: Period) -> list[date]:
    """The first day of each calendar month the period touches."""
    first, found = period.start.replace(day=1), []
    while first <= period.end:
        found.append(first)
        first += relativedelta(months=1)
    return found


def month_of(column, period: Period):
    """SQL: the index in `months(period)` of the month an instant falls in, in the pole's
    zone; bounds are worked out here so that both databases compare plain instants."""
    starts = [day_start(month) for month in months(period)[1:]]
    if not starts:
        return sa.literal(0)
    return sa.case(*((column < start, index) for index, start in enumerate(starts)),
                   else_=len(starts))


def published_during(period: Period):
    """SQL: the offer was in the catalogue at some time in the period. An offer taken back to
    draft has no date of its own for it: it is left out, as it is out of the catalogue."""
    start, end = day_bounds(period)
    return sa.and_(Offer.published_at.is_not(None), Offer.published_at < end,
                   sa.or_(Offer.status == OfferStatus.PUBLISHED,
                          sa.and_(Offer.status == OfferStatus.ARCHIVED,
                                  Offer.archived_at >= start)))


def published_days(period: Period, published_at: datetime | None,
                   archived_at: datetime | None) -> tuple[date, date] | None:
    """The first and last day of the period when the offer was in the catalogue."""
    if published_at is None:
        return None
    zone = pole_zone()
    first = max(period.start, published_at.astimezone(zone).date())
    last = min(period.end, archived_at.astimezone(zone).date()) if archived_at else period.end
    return (first, last) if first <= last else None


class seconds_between(FunctionElement):  # noqa: N801 - named as the SQL function it is
    """SQL: whole seconds from one instant to another."""

    type = sa.Integer()
    inherit_cache = True


@compiles(seconds_between)
def _seconds_generic(element, compiler, **kw):
    start, end = list(element.clauses)
    return (f"CAST(EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - "
            f"{compiler.process(start, **kw)})) AS INTEGER)")


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element, compiler, **kw):
    start, end = list(element.clauses)
    return (f"CAST(ROUND((julianday({compiler.process(end, **kw)}) - "
            f"julianday({compiler.process(start, **kw)})) * 86400) AS INTEGER)")
