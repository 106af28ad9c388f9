"""An organisation's own review: what it gave and received, who it exchanged with (and who
for the first time), how its offers were used and what it booked, over a period."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from pooling.accounts.models import Role, User
from pooling.bookings.models import Booking, BookingStatus
from pooling.catalogue.models import Offer, OfferKind
from pooling.errors import Forbidden, NotFound
from pooling.extensions import db
from pooling.ledger.statements import Period, Statement, statement
from pooling.members.models import Member
from pooling.review import occupancy
from pooling.review.bounds import BOOKED, day_bounds, seconds_between
from pooling.review.cooperation import Partner, partners_of
from pooling.review.occupancy import OfferUse


@dataclass(frozen=True)
class BookingCount:
    """Bookings of one kind starting in the period, by what became of them."""

    kind: OfferKind
    booked: int  # confirmed, held or no-show
    hours: float  # of the booked ones
    requested: int  # waiting for a decision
    cancelled: int
    declined: int
    no_shows: int
    organisations: int  # distinct organisations on the other side (of the booked ones)


@dataclass(frozen=True)
class MemberReview:
    member: Member
    period: Period
    statement: Statement  # totals given and received, by kind and unit
    partners: tuple[Partner, ...]
    offers: tuple[OfferUse, ...]  # its offers in the catalogue during the period
    made: tuple[BookingCount, ...]  # what it booked of others' offers, one per kind
    received: tuple[BookingCount, ...]  # what others booked of its offers, one per kind

    @property
    def new_partners(self) -> int:
        return sum(p.new for p in self.partners)

    @property
    def dormant(self) -> tuple[OfferUse, ...]:
        return tuple(o for o in self.offers if o.bookings == 0)

    @property
    def booked_made(self) -> int:
        return sum(c.booked for c in self.made)

    @property
    def booked_received(self) -> int:
        return sum(c.booked for c in self.received)

    def hours_given(self, kind: OfferKind) -> float:
        """Hours others booked of its offers of one kind."""
        return sum(c.hours for c in self.received if c.kind == kind)


def member_for(viewer: User, member_id: int | None) -> Member:
    """The organisation whose review the viewer asks for: their own by default; another one
    for the animation cell only (403), and one that exists (404)."""
    wanted = viewer.member_id if member_id is None else member_id
    if wanted != viewer.member_id and viewer.role != Role.CELL:
        raise Forbidden(_("Only this organisation and the animation cell can see its review."))
    member = db.session.get(Member, wanted)
    if member is None:
        raise NotFound(_("This organisation does not exist."))
    return member


def organisations(viewer: User) -> list[tuple[int, str]]:
    """The organisations whose review the viewer may choose among: every one for the cell,
    none for anyone else (they see their own)."""
    if viewer.role != Role.CELL:
        return []
    return list(db.session.execute(sa.select(Member.id, Member.name).order_by(Member.name_key)))


def booking_counts(member_id: int, period: Period, own_offers: bool) -> tuple[BookingCount, ...]:
    """Bookings starting in the period, by kind: made by the member, or (`own_offers`) made
    by others of the member's offers. One grouped query."""
    start, end = day_bounds(period)
    booked = Booking.status.in_(BOOKED)
    other = Booking.member_id if own_offers else Offer.member_id
    whose = Offer.member_id == member_id if own_offers else Booking.member_id == member_id

    def count(condition):
        return sa.func.count(sa.case((condition, 1)))

    rows = {row[0]: row for row in db.session.execute(
        sa.select(Offer.kind, count(booked),
                  sa.func.coalesce(sa.func.sum(sa.case(
                      (booked, seconds_between(Booking.starts_at, Booking.ends_at)),
                      else_=0)), 0),
                  count(Booking.status == BookingStatus.REQUESTED),
                  count(Booking.status == BookingStatus.CANCELLED),
                  count(Booking.status == BookingStatus.DECLINED),
                  count(Booking.status == BookingStatus.NO_SHOW),
                  sa.func.count(sa.distinct(sa.case((booked, other)))))
        .join(Offer, Offer.id == Booking.offer_id)
        .where(whose, Booking.starts_at >= start, Booking.starts_at < end)
        .group_by(Offer.kind)).all()}

    def of(kind: OfferKind) -> BookingCount:
        if kind not in rows:
            return BookingCount(kind, 0, 0.0, 0, 0, 0, 0, 0)
        _kind, n, seconds, requested, cancelled, declined, no_shows, others = rows[kind]
        return BookingCount(kind, n, round(seconds / 3600, 1), requested, cancelled, declined,
                            no_shows, others)

    return tuple(of(kind) for kind in (OfferKind.PREMISES, OfferKind.TOOL, OfferKind.SKILL))


def review(member: Member, period: Period) -> MemberReview:
    """The organisation's figures for the period."""
    return MemberReview(
        member=member, period=period,
        statement=statement(member, period, detailed=False),
        partners=tuple(sorted(partners_of(member.id, period),
                              key=lambda p: (not p.new, p.name.lower()))),
        # The busiest first, then the dormant ones, then those with no open time to measure.
        offers=tuple(sorted(occupancy.occupancy(period, member_id=member.id),
                            key=lambda o: (o.rate is None, -(o.rate or 0), o.title))),
        made=booking_counts(member.id, period, own_offers=False),
        received=booking_counts(member.id, period, own_offers=True))
