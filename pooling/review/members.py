"""The review's members: who belongs to the pole at the end of a period, by circle, legal
form and activity domain, who joined and who left, and how many of them pool something."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import sqlalchemy as sa

from pooling.bookings.models import Booking
from pooling.catalogue.models import Offer
from pooling.extensions import db
from pooling.ledger.models import LedgerEntry
from pooling.ledger.statements import Period
from pooling.members.models import Circle, Domain, LegalForm, Member, member_domains
from pooling.review import kept, totals
from pooling.review.bounds import BOOKED, published_during
from pooling.review.models import BookerMonth, OfferMonth
from pooling.review.remembered import members_figures_state, membership_state, remembered


@dataclass(frozen=True)
class Share:
    """How many members have one circle, legal form or domain, and their share of all."""

    key: str  # the circle's or legal form's value, or the domain's code
    count: int
    share: float | None  # of the members counted, from 0 to 1; None when there are none
    name: str = ""  # a domain's name, in French
    name_en: str = ""  # and in English, when the cell gave one

    def label(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


@dataclass(frozen=True)
class MemberFigures:
    members: int  # at the end of the period: joined by then and not left
    by_circle: tuple[Share, ...]
    by_legal_form: tuple[Share, ...]
    by_domain: tuple[Share, ...]  # a member may have several domains, or none
    newcomers: int  # joined in the period
    left: int  # left in the period
    staff_fte: Decimal  # of the members counted
    pooling: int  # members counted who pool at least one thing (see `figures`)
    pooling_share: float | None


def share(count: int, total: int) -> float | None:
    return count / total if total else None


def counted(period: Period):
    """SQL condition: a member at the end of the period."""
    return sa.and_(Member.joined_on <= period.end,
                   sa.or_(Member.left_on.is_(None), Member.left_on > period.end))


def pools(period: Period):
    """SQL condition: the member pools at least one thing in the period.

    The survey asks whether a member "pools" (mutualise), which means putting something in
    common as much as using what others put there: an offer published during the period
    counts even if nobody booked it, and so does a booking given or received, or an exchange
    in the ledger (skills lent without a booking are declared there)."""
    offered = sa.exists().where(Offer.member_id == Member.id, published_during(period))
    # Bookings from the running totals of the whole months, and of the days at the edges.
    whole, ranges = totals.split(period)
    booked = Booking.status.in_(BOOKED) & totals.starts_in(Booking.starts_at, ranges)
    received = sa.or_(
        sa.exists().where(Booking.member_id == Member.id, booked),
        sa.exists().where(BookerMonth.member_id == Member.id, BookerMonth.month.in_(whole),
                          BookerMonth.bookings > 0))
    given = sa.or_(
        sa.exists().where(Booking.offer_id == Offer.id, Offer.member_id == Member.id, booked),
        sa.exists().where(OfferMonth.offer_id == Offer.id, Offer.member_id == Member.id,
                          OfferMonth.month.in_(whole), OfferMonth.bookings > 0))
    exchanged = sa.exists().where(LedgerEntry.member_id == Member.id,
                                  LedgerEntry.booked_on.between(period.start, period.end))
    return sa.or_(offered, received, given, exchanged)


def figures(period: Period) -> MemberFigures:
    """The members of the pole at the end of the period; kept until the members, their
    domains, the catalogue, bookings or the ledger up to the period's end change."""
    return remembered("members", period, lambda: compute(period),
                      state_of=members_figures_state, scope=period,
                      shared=kept.settled(period))


def compute(period: Period) -> MemberFigures:
    """The members of the pole at the end of the period, counted in a few grouped queries:
    who they are (kept while the members and their domains hold), and how many pool."""
    counted_ = membership(period)
    pooling = pooling_count(period)
    return replace(counted_, pooling=pooling, pooling_share=share(pooling, counted_.members))


def membership(period: Period) -> MemberFigures:
    """The members at the end of the period, by circle, legal form and domain, with those
    who joined and left (`pooling` left at 0): kept while the members and their domains
    hold, since a booking or an exchange only moves how many pool."""
    return remembered("membership", period, lambda: count_members(period),
                      state_of=membership_state)


def pooling_count(period: Period) -> int:
    """How many members at the end of the period pool something in it (see `pools`)."""
    return db.session.scalar(
        sa.select(sa.func.count()).where(counted(period), pools(period))) or 0


def count_members(period: Period) -> MemberFigures:
    """`membership`, counted afresh."""
    session = db.session
    is_member = counted(period)
    row = session.execute(sa.select(
        sa.func.count(sa.case((is_member, 1))),
        sa.func.coalesce(sa.func.sum(sa.case((is_member, Member.staff_fte))), 0),
        sa.func.count(sa.case((Member.joined_on.between(period.start, period.end), 1))),
        sa.func.count(sa.case((Member.left_on.between(period.start, period.end), 1))),
    )).one()
    members, fte, newcomers, left = row
    circles = dict(session.execute(sa.select(Member.circle, sa.func.count())
                                   .where(is_member).group_by(Member.circle)).all())
    forms = dict(session.execute(sa.select(Member.legal_form, sa.func.count())
                                 .where(is_member).group_by(Member.legal_form)).all())
    domains = session.execute(
        sa.select(Domain.code, Domain.name, Domain.name_en, sa.func.count(Member.id))
        .select_from(Domain)
        .outerjoin(member_domains, member_domains.c.domain_id == Domain.id)
        .outerjoin(Member, sa.and_(Member.id == member_domains.c.member_id, is_member))
        .group_by(Domain.id, Domain.code, Domain.name, Domain.name_en, Domain.position)
        .order_by(Domain.position, Domain.name)).all()
    return MemberFigures(
        members=members,
        by_circle=tuple(Share(c.value, circles.get(c, 0), share(circles.get(c, 0), members))
                        for c in Circle),
        by_legal_form=tuple(Share(f.value, forms.get(f, 0), share(forms.get(f, 0), members))
                            for f in LegalForm),
        by_domain=tuple(Share(code, n, share(n, members), name, name_en or "")
                        for code, name, name_en, n in domains),
        newcomers=newcomers, left=left, staff_fte=Decimal(fte).quantize(Decimal("0.1")),
        pooling=0, pooling_share=None)
