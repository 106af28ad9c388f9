"""How much each offer was used in a period, against how much it was open.

- Premises: hours booked over open hours, the offer's own weekly hours minus its closures.
- Tools: item-days lent over item-days available (stock times the days in the catalogue,
  minus closures); a tool leaves with its borrower, so every day of a loan counts, nights
  and weekends included, and a loan of a few hours counts one day.
- Skills: hours given over hours offered: the provider's weekly slots minus closures, capped
  by the provider's own limits per week and per month when set, since those limits are the
  time the provider actually commits to the pole (slots say when, limits say how much).

Only the part of the period when the offer was in the catalogue counts.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from pooling.bookings.models import Booking
from pooling.catalogue.hours import Interval, WeeklySlot, open_intervals
from pooling.catalogue.models import Category, Closure, Offer, OfferKind, OpeningHours
from pooling.db import UTCDateTime
from pooling.extensions import db
from pooling.ledger.statements import Period
from pooling.members.models import Member
from pooling.pole.clock import pole_zone
from pooling.review import sums, totals
from pooling.review.bounds import (
    BOOKED,
    DAY,
    day_bounds,
    day_start,
    published_days,
    published_during,
    seconds_between,
    seconds_of_day,
)
from pooling.review.models import OfferMonth
from pooling.review.remembered import catalogue_state, keep_last, remembered

# Kinds in the order the survey names what members pool most.
KIND_ORDER = (OfferKind.SKILL, OfferKind.PREMISES, OfferKind.TOOL)


class OfferUse(NamedTuple):
    """One offer's use over a period (a tuple: a year's review makes thousands, each reading
    after a booking)."""

    offer_id: int
    title: str
    kind: OfferKind
    member_id: int  # the organisation that offers it
    member_name: str
    category: str  # the category's name, in French
    bookings: int  # booked (confirmed, held or no-show), starting in the period
    hours: float  # booked hours
    used: float  # hours (premises, skills) or item-days (tools)
    available: float | None  # open hours, item-days or hours offered; None: unknown
    rate: float | None  # used / available; None when nothing was available

    @property
    def unit(self) -> str:
        return "item-days" if self.kind == OfferKind.TOOL else "hours"


def weekly_hours(slots: list[WeeklySlot]) -> list[float]:
    """Hours open on each weekday (Monday first), on the wall clock."""
    hours = [0.0] * 7
    for slot in slots:
        opens = datetime.combine(date.min, slot.opens_at)
        hours[slot.weekday] += (datetime.combine(date.min, slot.closes_at) - opens
                                ).total_seconds() / 3600
    return hours


def weekdays_between(first: date, last: date) -> list[int]:
    """How many Mondays, Tuesdays... from the first day to the last, both included."""
    weeks, rest = divmod((last - first).days + 1, 7)
    counts = [weeks] * 7
    for day in range(rest):
        counts[(first.weekday() + day) % 7] += 1
    return counts


def merged(intervals: list[Interval]) -> list[Interval]:
    """Intervals sorted and joined where they overlap, so that nothing counts twice."""
    found: list[Interval] = []
    for interval in sorted(intervals, key=lambda i: i.start):
        if found and found[-1].end >= interval.start:
            found[-1] = Interval(found[-1].start, max(found[-1].end, interval.end))
        else:
            found.append(interval)
    return found


def overlap_hours(a: Interval, b: Interval) -> float:
    return max(0.0, (min(a.end, b.end) - max(a.start, b.start)).total_seconds() / 3600)


def open_hours(slots: list[WeeklySlot], closures: list[Interval], first: date, last: date,
               zone: ZoneInfo, week: list[float] | None = None) -> float:
    """Hours open from the first day to the last (included): the weekly slots (or the
    hours of each weekday, `week`, when summed already), less the time of the closures
    that falls in them."""
    week = week if week is not None else weekly_hours(slots)
    total = sum(n * hours for n, hours in zip(weekdays_between(first, last), week, strict=True))
    window = Interval(day_start(first, zone), day_start(last + timedelta(days=1), zone))
    for closure in merged([c for c in closures if c.overlaps(window)]):
        closed = Interval(max(closure.start, window.start), min(closure.end, window.end))
        days = (closed.start.astimezone(zone).date(), closed.end.astimezone(zone).date())
        total -= sum(overlap_hours(closed, interval)
                     for interval in open_intervals(slots, days[0], days[1], zone))
    return max(total, 0.0)


def closed_days(closures: list[Interval], first: date, last: date, zone: ZoneInfo) -> float:
    """Days (24 h each) of closure from the first day to the last (included)."""
    if not closures:
        return 0.0
    window = Interval(day_start(first, zone), day_start(last + timedelta(days=1), zone))
    return sum(overlap_hours(c, window) for c in merged(closures)) / 24


def available(kind: OfferKind, slots: list[WeeklySlot], closures: list[Interval],
              days: tuple[date, date], stock: int | None, per_week: int | None,
              per_month: int | None, zone: ZoneInfo, week: list[float] | None = None
              ) -> float:
    """What the offer could have given in those days: hours, or item-days for a tool.
    `week`: the hours of each weekday, when summed already (`slots` then serve only to
    place the closures)."""
    first, last = days
    count = (last - first).days + 1
    if kind == OfferKind.TOOL:
        return (stock or 0) * (count - closed_days(closures, first, last, zone))
    hours = open_hours(slots, closures, first, last, zone, week)
    if kind == OfferKind.SKILL:
        # A month here is a twelfth of a year, so that a period of any length compares.
        limits = [limit for limit in (per_week * count / 7 if per_week else None,
                                      per_month * count * 12 / 365 if per_month else None)
                  if limit is not None]
        hours = min([hours, *limits])
    return hours


def booked_by_offer(period: Period, member_id: int | None = None
                    ) -> dict[int, tuple[int, int, int]]:
    """Per offer (of one organisation, or all): the bookings that took its time and started
    in the period, their seconds, and the item-days they lent (items times whole days of
    24 h, any part of one counting): the running totals of the period's whole months (of
    every organisation: each month's, kept in the process), and the bookings of the days at
    its edges."""
    whole, ranges = totals.split(period)
    found: dict[int, tuple[int, int, int]] = {}
    if whole and member_id is None:
        found = {offer_id: numbers for offer_id, numbers in sums.months_summed(
            "offers", sums.booking_states(whole), totals.offer_months, numbers=3).items()
                 if numbers[0] > 0}
    elif whole:
        stmt = (sa.select(OfferMonth.offer_id, sa.func.sum(OfferMonth.bookings),
                          sa.func.sum(OfferMonth.seconds), sa.func.sum(OfferMonth.item_days))
                .join(Offer, Offer.id == OfferMonth.offer_id)
                .where(OfferMonth.month.in_(whole), Offer.member_id == member_id)
                .group_by(OfferMonth.offer_id).having(sa.func.sum(OfferMonth.bookings) > 0))
        found = {offer_id: (int(n), int(secs), int(days))
                 for offer_id, n, secs, days in db.session.execute(stmt)}
    if ranges:
        seconds = seconds_between(Booking.starts_at, Booking.ends_at)
        stmt = (sa.select(Booking.offer_id, sa.func.count(),
                          sa.func.coalesce(sa.func.sum(seconds), 0),
                          sa.func.coalesce(sa.func.sum(
                              Booking.quantity * ((seconds + (DAY - 1)) // DAY)), 0))
                .where(Booking.status.in_(BOOKED), totals.starts_in(Booking.starts_at, ranges))
                .group_by(Booking.offer_id))
        if member_id is not None:
            stmt = stmt.join(Offer, Offer.id == Booking.offer_id).where(
                Offer.member_id == member_id)
        for offer_id, n, secs, days in db.session.execute(stmt):
            before = found.get(offer_id, (0, 0, 0))
            found[offer_id] = (before[0] + n, before[1] + int(secs), before[2] + int(days))
    return found


class OfferTime(NamedTuple):
    """One offer in the catalogue during a period, and what it could give then."""

    offer_id: int
    title: str
    kind: OfferKind
    member_id: int
    member_name: str
    category: str
    available: float | None


# Offers' uses kept per process for a few periods and organisations, with the catalogue
# and totals they came from.
USES_KEPT = 8
NOTHING = (0, 0, 0)


def occupancy(period: Period, member_id: int | None = None) -> list[OfferUse]:
    """Each offer in the catalogue during the period (of one organisation, or all), with
    what it was used against what it could give; by kind, then title. What the offers could
    give is kept until the catalogue changes, and each offer's use until its totals move: a
    new booking sums the bookings alone, and makes the use of the offers it changed again."""
    totals_of = booked_by_offer(period, member_id)
    catalogue = remembered(
        "catalogue-time", (period, member_id), lambda: catalogue_time(period, member_id),
        state_of=catalogue_state, shared=True)
    cache = current_app.extensions.setdefault("review_offer_uses", OrderedDict())
    key = (period, member_id)
    before = cache.get(key)
    if before is not None and before[0] is catalogue:
        _catalogue, totals_before, positions, uses = before
        found = list(uses)
        for offer_id in sums.changed_keys(totals_before, totals_of):
            at = positions.get(offer_id)
            if at is not None:
                found[at] = offer_use(catalogue[at], totals_of.get(offer_id, NOTHING))
    else:
        positions = {offer.offer_id: at for at, offer in enumerate(catalogue)}
        found = [offer_use(offer, totals_of.get(offer.offer_id, NOTHING))
                 for offer in catalogue]
    keep_last(cache, key, (catalogue, totals_of, positions, tuple(found)), USES_KEPT)
    return found


def offer_use(offer: OfferTime, numbers: tuple[int, int, int]) -> OfferUse:
    """What `offer` was used, from its bookings, seconds and item-days."""
    count, seconds, item_days = numbers
    hours = seconds / 3600
    used = float(item_days) if offer.kind is OfferKind.TOOL else hours
    can = offer.available
    return OfferUse(offer.offer_id, offer.title, offer.kind, offer.member_id,
                    offer.member_name, offer.category, count, hours, used, can,
                    used / can if can else None)


def catalogue_time(period: Period, member_id: int | None = None) -> list[OfferTime]:
    """Each offer in the catalogue during the period (of one organisation, or all) and what
    it could give, by kind, then title."""
    session, zone = db.session, pole_zone()
    condition = published_during(period)
    if member_id is not None:
        condition = sa.and_(condition, Offer.member_id == member_id)
    start, end = day_bounds(period)
    # Most offers were published before the period and are still in the catalogue: their
    # dates are not read, the period bounds their time.
    offers = session.execute(
        sa.select(Offer.id, Offer.title, sa.type_coerce(Offer.kind, sa.String),
                  Offer.member_id, Member.name,
                  Category.name, Offer.quantity, Offer.max_hours_per_week,
                  Offer.max_hours_per_month,
                  # Seconds from the period's start: plain integers, read faster than
                  # datetimes (SQLite hands those over as text).
                  sa.case((Offer.published_at > start, seconds_between(
                      sa.literal(start, UTCDateTime), Offer.published_at))),
                  sa.case((Offer.archived_at < end, seconds_between(
                      sa.literal(start, UTCDateTime), Offer.archived_at))))
        .join(Member, Member.id == Offer.member_id)
        .join(Category, Category.id == Offer.category_id)
        .where(condition)).all()
    ids = sa.select(Offer.id).where(condition).scalar_subquery()
    weeks: dict[int, list[float]] = defaultdict(lambda: [0.0] * 7)
    for offer_id, weekday, seconds in session.execute(
            sa.select(OpeningHours.offer_id, OpeningHours.weekday,
                      sa.func.sum(seconds_of_day(OpeningHours.closes_at)
                                  - seconds_of_day(OpeningHours.opens_at)))
            .where(OpeningHours.offer_id.in_(ids))
            .group_by(OpeningHours.offer_id, OpeningHours.weekday)):
        weeks[offer_id][weekday] = seconds / 3600
    closures: dict[int, list[Interval]] = defaultdict(list)
    for offer_id, closed_from, closed_until in session.execute(
            sa.select(Closure.offer_id, Closure.starts_at, Closure.ends_at)
            .where(Closure.offer_id.in_(ids), Closure.ends_at > start, Closure.starts_at < end)):
        closures[offer_id].append(Interval(closed_from, closed_until))
    # The slots themselves only place the closures in the opening hours.
    slots: dict[int, list[WeeklySlot]] = defaultdict(list)
    if closures:
        for offer_id, weekday, opens, closes in session.execute(
                sa.select(OpeningHours.offer_id, OpeningHours.weekday, OpeningHours.opens_at,
                          OpeningHours.closes_at)
                .where(OpeningHours.offer_id.in_(list(closures)))):
            slots[offer_id].append(WeeklySlot(weekday, opens, closes))
    found = []
    for (offer_id, title, kind_value, owner_id, owner, category, stock, per_week, per_month,
         published_after, archived_after) in offers:
        kind = OfferKind(kind_value)
        days = published_days(
            period, None if published_after is None else start + timedelta(seconds=published_after),
            None if archived_after is None else start + timedelta(seconds=archived_after), zone)
        can = available(kind, slots[offer_id], closures[offer_id], days, stock, per_week,
                        per_month, zone, weeks[offer_id]) if days else None
        found.append(OfferTime(offer_id, title, kind, owner_id, owner, category, can))
    order = {kind: n for n, kind in enumerate(KIND_ORDER)}
    return sorted(found, key=lambda use: (order[use.kind], use.title.casefold(), use.offer_id))
