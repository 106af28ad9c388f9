"""The review's pooling and usage: what is offered, how much it is booked month by month,
which offers are most and least used or dormant, and what went wrong (no-shows, late
cancellations, declined requests, requests left waiting)."""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

import sqlalchemy as sa
from flask_babel import gettext as _

from pooling.bookings.models import INCIDENTS, Booking, BookingStatus
from pooling.catalogue.models import Category, Offer, OfferKind
from pooling.db import Page, paginate, utcnow
from pooling.errors import invalid_field
from pooling.extensions import db
from pooling.ledger.statements import Period
from pooling.pole.services import pole_settings
from pooling.review import kept, sums, totals
from pooling.review.bounds import (
    BOOKED,
    DAY,
    day_bounds,
    month_of,
    months,
    published_during,
    seconds_between,
    without_jit,
)
from pooling.review.members import share
from pooling.review.occupancy import KIND_ORDER, OfferUse, occupancy
from pooling.review.remembered import catalogue_state, remembered, usage_state


@dataclass(frozen=True)
class KindCount:
    kind: OfferKind
    count: int
    share: float | None


@dataclass(frozen=True)
class CategoryCount:
    kind: OfferKind
    category_id: int
    name: str  # in French
    name_en: str
    count: int

    def label(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


@dataclass(frozen=True)
class KindUse:
    """Bookings of one kind (or of all kinds: `kind` None) in one month or in the period."""

    kind: OfferKind | None
    month: date | None  # the month's first day; None for the whole period
    bookings: int
    hours: float
    organisations: int  # distinct organisations that booked


@dataclass(frozen=True)
class Incidents:
    no_shows: int
    late_cancellations: int  # cancelled less than 24 h before the start
    declined: int
    waiting: int  # requests left more than `waiting_days` without a decision
    waiting_days: int


@dataclass(frozen=True)
class KindRate:
    """The occupancy of all the offers of a kind together: what they gave over what they
    could give (hours, or item-days for tools)."""

    kind: OfferKind
    used: float
    available: float
    rate: float | None


@dataclass(frozen=True)
class UsageFigures:
    offers: int
    offers_by_kind: tuple[KindCount, ...]
    offers_by_category: tuple[CategoryCount, ...]
    months: tuple[date, ...]
    by_month: tuple[KindUse, ...]  # one per kind and month, zeros included
    by_kind: tuple[KindUse, ...]  # one per kind over the period
    total: KindUse  # every kind over the period
    occupancy: tuple[OfferUse, ...]  # every offer in the catalogue during the period
    rates: tuple[KindRate, ...]  # one per kind
    most_used: tuple[OfferUse, ...]
    least_used: tuple[OfferUse, ...]  # booked at least once, lowest rate first
    dormant: tuple[OfferUse, ...]  # in the catalogue, never booked in the period
    incidents: Incidents

    @cached_property
    def month_use(self) -> dict[tuple[OfferKind, date], KindUse]:
        """`by_month` by kind and month: the page's month table reads each cell at once."""
        return {(u.kind, u.month): u for u in self.by_month}

    def busiest(self, kind: OfferKind) -> list[OfferUse]:
        """The offers of a kind that could give something, the busiest first (the page
        sorts thousands of offers: faster here than in its template)."""
        return sorted((u for u in self.occupancy if u.kind == kind and u.rate is not None),
                      key=lambda u: u.rate, reverse=True)


# What the list of bookings behind a figure may show.
WHATS = ("booked", "no_show", "late_cancel", "declined", "waiting")
TOP = 5  # offers named among the most and the least used


def behind(what: str, period: Period, waiting_days: int, now: datetime):
    """SQL condition: the bookings behind a figure of the period: those that start in it
    (requests included, so that the index on the start reads them all)."""
    start, end = day_bounds(period)
    return sa.and_(Booking.starts_at >= start, Booking.starts_at < end,
                   what_condition(what, waiting_days, now))


def what_condition(what: str, waiting_days: int, now: datetime):
    """SQL condition on a booking: booked, a no-show, cancelled late, declined, or a request
    left waiting. The cheap tests come first: the history is read only when they pass."""
    check_what(what)
    if what == "booked":
        return Booking.status.in_(BOOKED)
    if what == "no_show":
        return Booking.status == BookingStatus.NO_SHOW
    if what == "declined":
        return Booking.status == BookingStatus.DECLINED
    if what == "late_cancel":
        # Withdrawn requests count too: the owner kept the time free for them until then.
        # A cancellation less than a day before the start, the latest one being the last
        # chance for any (the bookings keep it, from their history).
        return sa.and_(Booking.status == BookingStatus.CANCELLED,
                       seconds_between(Booking.cancelled_at, Booking.starts_at) < DAY)
    return sa.or_(*waiting_conditions(waiting_days, now))


def waiting_conditions(waiting_days: int, now: datetime) -> tuple:
    """SQL conditions on a booking: a request still waiting after `waiting_days`, and one
    answered after waiting longer than that."""
    wait = waiting_days * DAY
    still = sa.and_(Booking.status == BookingStatus.REQUESTED,
                    Booking.created_at < now - timedelta(seconds=wait))
    # A decision changes the booking: one taken late left it unchanged that long at least;
    # the booking keeps the longest wait before a decision, from its history.
    answered_late = sa.and_(
        Booking.decided_after > wait,
        seconds_between(Booking.created_at, Booking.updated_at) > wait)
    return still, answered_late


def check_what(what: str) -> str:
    """The name of a list of bookings the review knows, or a clear error."""
    if what not in WHATS:
        raise invalid_field("what", _("Choose one of: %(names)s.", names=", ".join(WHATS)))
    return what


@dataclass(frozen=True)
class BookingUse:
    """The bookings of a period that took the offers' time: their number and seconds by kind
    and month (its index in `months(period)`), and the organisations that booked each kind."""

    by_month: dict[tuple[OfferKind, int], tuple[int, int, int]]  # bookings, seconds, bookers
    bookers: dict[OfferKind, set[int]]


def booking_use(period: Period) -> BookingUse:
    """The bookings of the period that took the offers' time: the running totals of its
    whole months (each month's kept in the process), and the bookings of the days at its
    edges, summed in the database."""
    whole, ranges = totals.split(period)
    by_month: dict[tuple[OfferKind, int], tuple[int, int, int]] = {}
    bookers: dict[OfferKind, set[int]] = defaultdict(set)
    if ranges:
        month = month_of(Booking.starts_at, period)
        edges = sa.and_(Booking.status.in_(BOOKED), totals.starts_in(Booking.starts_at, ranges))
        kind = sa.type_coerce(Offer.kind, sa.String)
        for kind_value, index, n, seconds, who in db.session.execute(
                sa.select(kind, month, sa.func.count(),
                          sa.func.sum(seconds_between(Booking.starts_at, Booking.ends_at)),
                          sa.func.count(sa.distinct(Booking.member_id)))
                .join(Offer, Offer.id == Booking.offer_id).where(edges)
                .group_by(Offer.kind, month)):
            by_month[sums.KINDS[kind_value], index] = (n, int(seconds), who)
        for kind_value, member_id in db.session.execute(
                sa.select(kind, Booking.member_id).join(Offer, Offer.id == Booking.offer_id)
                .where(edges).group_by(kind, Booking.member_id)):
            bookers[sums.KINDS[kind_value]].add(member_id)
    if whole:
        index = {first: n for n, first in enumerate(months(period))}
        for first, (tally, who_booked) in zip(whole, sums.by_month(
                "bookers", sums.booking_states(whole), totals.booker_months,
                summary=month_use), strict=True):
            for of_kind, found in tally.items():
                by_month[of_kind, index[first]] = found
            for of_kind, members in who_booked.items():
                bookers[of_kind] |= members
    return BookingUse(by_month, dict(bookers))


def month_use(rows: dict[tuple[int, str], tuple[int, int]]
              ) -> tuple[dict[OfferKind, tuple[int, int, int]], dict[OfferKind, frozenset[int]]]:
    """A month's bookings that took the offers' time, from what each organisation booked of
    each kind: bookings, seconds and organisations by kind, and those organisations."""
    tally: dict[OfferKind, tuple[int, int, int]] = {}
    who: dict[OfferKind, set[int]] = defaultdict(set)
    for (member_id, kind_value), (n, seconds) in rows.items():
        if n > 0:  # a row per organisation and kind: counting them counts who booked
            kind = sums.KINDS[kind_value]
            before = tally.get(kind, (0, 0, 0))
            tally[kind] = (before[0] + n, before[1] + seconds, before[2] + 1)
            who[kind].add(member_id)
    return tally, {kind: frozenset(members) for kind, members in who.items()}


def uses_by_kind(period: Period, use: BookingUse
                 ) -> tuple[list[KindUse], list[KindUse], KindUse]:
    """Bookings, hours and distinct organisations that booked: by kind and month (zeros
    included), by kind, and in all."""
    first_days = months(period)
    by_month = [KindUse(kind, first, n, seconds / 3600, bookers)
                for kind in KIND_ORDER for index, first in enumerate(first_days)
                for n, seconds, bookers in [use.by_month.get((kind, index), (0, 0, 0))]]

    def summed(kind: OfferKind | None, bookers: set[int]) -> KindUse:
        of_kind = [found for (found_kind, _index), found in use.by_month.items()
                   if kind is None or found_kind == kind]
        # Whole seconds summed first, then turned into hours, as for each month.
        return KindUse(kind, None, sum(found[0] for found in of_kind),
                       sum(found[1] for found in of_kind) / 3600, len(bookers))

    by_kind = [summed(kind, use.bookers.get(kind, set())) for kind in KIND_ORDER]
    return by_month, by_kind, summed(None, set().union(*use.bookers.values()))


def incidents(period: Period, waiting_days: int, now: datetime) -> Incidents:
    """No-shows, late cancellations, declined requests and requests left waiting: the
    period's bookings of the statuses that went wrong, and those answered late (few: most
    requests are answered in time), each from an index alone."""
    start, end = day_bounds(period)
    in_period = (Booking.starts_at >= start, Booking.starts_at < end)
    still, answered_late = waiting_conditions(waiting_days, now)
    without_jit(db.session)
    no_shows, late, declined, waiting = db.session.execute(
        sa.select(*(sa.func.count(sa.case((condition, 1))) for condition in (
            what_condition("no_show", waiting_days, now),
            what_condition("late_cancel", waiting_days, now),
            what_condition("declined", waiting_days, now), still)))
        .where(INCIDENTS, *in_period)).one()
    # Those still waiting were counted above.
    waiting += db.session.scalar(sa.select(sa.func.count()).select_from(Booking).where(
        answered_late, sa.not_(still), *in_period))
    return Incidents(no_shows, late, declined, waiting=waiting, waiting_days=waiting_days)


def offers_by_category(period: Period) -> tuple[CategoryCount, ...]:
    """The offers in the catalogue during the period, counted by category: kept while the
    catalogue holds, since bookings leave it as it is."""
    return remembered("offers-by-category", period, lambda: count_by_category(period),
                      state_of=catalogue_state)


def count_by_category(period: Period) -> tuple[CategoryCount, ...]:
    """`offers_by_category`, counted afresh."""
    rows = db.session.execute(
        sa.select(Category.kind, Category.id, Category.name, Category.name_en,
                  sa.func.count(Offer.id))
        .join(Offer, Offer.category_id == Category.id)
        .where(published_during(period))
        .group_by(Category.kind, Category.id, Category.name, Category.name_en,
                  Category.position)
        .order_by(Category.kind, sa.func.count(Offer.id).desc(), Category.position)).all()
    order = {kind: n for n, kind in enumerate(KIND_ORDER)}
    return tuple(sorted((CategoryCount(kind, cid, name, name_en or "", n)
                         for kind, cid, name, name_en, n in rows),
                        key=lambda c: (order[c.kind], -c.count, c.name)))


def ranked(uses: list[OfferUse]) -> tuple[tuple[OfferUse, ...], tuple[OfferUse, ...],
                                         tuple[OfferUse, ...]]:
    """The most used, the least used of those booked at least once, and the dormant (the
    first few of thousands: a heap finds them without sorting them all, in the same order)."""
    rated = [u for u in uses if u.bookings and u.rate is not None]
    most = heapq.nsmallest(TOP, rated, key=lambda u: (-u.rate, -u.used, u.title))
    least = heapq.nsmallest(TOP, rated, key=lambda u: (u.rate, u.used, u.title))
    dormant = tuple(u for u in uses if not u.bookings)
    return tuple(most), tuple(least), dormant


def kind_rates(uses: list[OfferUse]) -> list[KindRate]:
    found = []
    for kind in KIND_ORDER:
        of_kind = [u for u in uses if u.kind == kind and u.available is not None]
        used_, can = sum(u.used for u in of_kind), sum(u.available for u in of_kind)
        found.append(KindRate(kind, used_, can, used_ / can if can else None))
    return found


def figures(period: Period, waiting_days: int | None = None,
            now: datetime | None = None) -> UsageFigures:
    """The pole's pooling and usage over the period; kept until a booking of its months,
    the offers or the pole's settings change when asked for today's figures under the
    pole's setting."""
    if waiting_days is None and now is None:
        return remembered("usage", period, lambda: compute(period), state_of=usage_state,
                          scope=period, shared=kept.settled(period))
    return compute(period, waiting_days, now)


def compute(period: Period, waiting_days: int | None = None,
            now: datetime | None = None) -> UsageFigures:
    """The pole's pooling and usage over the period, summed afresh."""
    waiting_days = waiting_days or pole_settings().review_waiting_days
    uses = occupancy(period)
    by_month, by_kind, total = uses_by_kind(period, booking_use(period))
    kinds = [KindCount(kind, n, share(n, len(uses)))
             for kind in KIND_ORDER for n in [sum(1 for u in uses if u.kind == kind)]]
    most, least, dormant = ranked(uses)
    return UsageFigures(
        offers=len(uses), offers_by_kind=tuple(kinds),
        offers_by_category=offers_by_category(period),
        months=tuple(months(period)), by_month=tuple(by_month), by_kind=tuple(by_kind),
        total=total,
        occupancy=tuple(uses), rates=tuple(kind_rates(uses)), most_used=most,
        least_used=least, dormant=dormant,
        incidents=incidents(period, waiting_days, now or utcnow()))


@dataclass(frozen=True)
class BehindQuery:
    """Which bookings behind a figure to list: `what` of the period, narrowed to a kind,
    an offer, or an organisation (the bookings it made or received)."""

    period: Period
    what: str = "booked"
    kind: OfferKind | None = None
    offer_id: int | None = None
    member_id: int | None = None
    page: int = 1
    per_page: int = 50


def bookings_behind(query: BehindQuery, waiting_days: int | None = None,
                    now: datetime | None = None) -> Page:
    """One page of the bookings behind a figure, in the order they start."""
    waiting_days = waiting_days or pole_settings().review_waiting_days
    without_jit(db.session)
    stmt = (sa.select(Booking).join(Offer, Offer.id == Booking.offer_id)
            .where(behind(query.what, query.period, waiting_days, now or utcnow())))
    if query.kind:
        stmt = stmt.where(Offer.kind == query.kind)
    if query.offer_id:
        stmt = stmt.where(Booking.offer_id == query.offer_id)
    if query.member_id:
        stmt = stmt.where(sa.or_(Booking.member_id == query.member_id,
                                 Offer.member_id == query.member_id))
    return paginate(stmt, query.page, query.per_page, (Booking.starts_at, Booking.id))
