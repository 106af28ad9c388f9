"""The review's cooperation: how many partner organisations each member has, which
partnerships are new, and how much of it is commercial or strategic; summed from the ledger
in grouped queries, reversals netting out the exchanges they cancel."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from pooling.extensions import db
from pooling.ledger.models import Cooperation, Exchange, LedgerEntry, Side
from pooling.ledger.statements import NET_COUNT, ZERO, Period
from pooling.members.models import Member

E = LedgerEntry
# The survey's bar: each member cooperates with "more than 4" others.
SURVEY_PARTNERS = 4
# The distribution's buckets: (label, lowest, highest included or None).
BUCKETS = (("0", 0, 0), ("1", 1, 1), ("2", 2, 2), ("3", 3, 3), ("4", 4, 4),
           ("5–9", 5, 9), ("10+", 10, None))


@dataclass(frozen=True)
class Bucket:
    label: str  # "0", "1", ... "5–9", "10+"
    members: int


@dataclass(frozen=True)
class CooperationShare:
    """Commercial or strategic: the exchanges of that kind, and the members having one."""

    cooperation: Cooperation
    exchanges: int
    exchange_share: float | None  # of all exchanges of the period
    members: int
    member_share: float | None  # of the members of the pole


@dataclass(frozen=True)
class CooperationFigures:
    period: Period
    members: int  # members of the pole at the end of the period, with or without partners
    partners_average: float | None  # distinct partner organisations per member
    partners_median: float | None
    distribution: tuple[Bucket, ...]
    above_survey: int  # members with more than 4 partners, the survey's figure
    above_survey_share: float | None
    pairs: int  # pairs of organisations that exchanged in the period
    new_partnerships: int  # of them, pairs that had never exchanged before the period
    exchanges: int
    by_cooperation: tuple[CooperationShare, ...]  # commercial, then strategic


@dataclass(frozen=True)
class Partner:
    """One partner of an organisation over a period, as its own review shows it."""

    member_id: int
    name: str
    given_value: Decimal  # given to this partner
    received_value: Decimal  # received from it
    given_count: int
    received_count: int
    new: bool  # no exchange with it before the period

    @property
    def exchanges(self) -> int:
        return self.given_count + self.received_count


def share(count: int, total: int) -> float | None:
    return count / total if total else None


def members_of_pole(period: Period) -> dict[int, str]:
    """The members counted in the period's figures: those who had joined by its end."""
    return dict(db.session.execute(
        sa.select(Member.id, Member.name).where(Member.joined_on <= period.end)
        .order_by(Member.name)).all())


def in_period(period: Period) -> tuple:
    return (E.booked_on >= period.start, E.booked_on <= period.end)


def bucket_of(partners: int) -> str:
    return next(label for label, low, high in BUCKETS
                if partners >= low and (high is None or partners <= high))


def partner_counts(period: Period) -> dict[int, int]:
    """Distinct partner organisations per member that exchanged (given or received): a pair
    counts when its exchanges net of reversals are more than none."""
    pairs = (sa.select(E.member_id.label("member_id"))
             .where(*in_period(period)).group_by(E.member_id, E.counterpart_id)
             .having(NET_COUNT > 0).subquery())
    return dict(db.session.execute(
        sa.select(pairs.c.member_id, sa.func.count()).group_by(pairs.c.member_id)).all())


def pair_history(period: Period):
    """Each pair that exchanged in the period, with its exchanges in the period and before
    it, net of reversals. Each exchange has one entry whose member has the smaller id: that
    entry alone names the pair once."""
    sign = sa.case((E.quantity > 0, 1), else_=-1)
    during = sa.func.sum(sa.case((E.booked_on >= period.start, sign), else_=0))
    before = sa.func.sum(sa.case((E.booked_on < period.start, sign), else_=0))
    return (sa.select(E.member_id.label("a"), E.counterpart_id.label("b"),
                      during.label("during"), before.label("before"))
            .where(E.member_id < E.counterpart_id, E.booked_on <= period.end)
            .group_by(E.member_id, E.counterpart_id).having(during > 0))


def figures(period: Period) -> CooperationFigures:
    """The period's cooperation figures, in a handful of grouped queries."""
    members = members_of_pole(period)
    counts = partner_counts(period)
    per_member = [counts.get(member_id, 0) for member_id in members]
    histogram = dict.fromkeys((label for label, _low, _high in BUCKETS), 0)
    for partners in per_member:
        histogram[bucket_of(partners)] += 1
    above = sum(1 for partners in per_member if partners > SURVEY_PARTNERS)

    history = pair_history(period).subquery()
    pairs, new = db.session.execute(sa.select(
        sa.func.count(), sa.func.coalesce(sa.func.sum(sa.case((history.c.before <= 0, 1),
                                                              else_=0)), 0))).one()

    # Each exchange once (its given entry), with its kind of cooperation.
    by_kind = dict(db.session.execute(
        sa.select(Exchange.cooperation, NET_COUNT).join(Exchange, Exchange.id == E.exchange_id)
        .where(*in_period(period), E.side == Side.GIVEN).group_by(Exchange.cooperation)).all())
    # Members of the pole with at least one exchange of a kind, net of reversals.
    having = (sa.select(E.member_id.label("member_id"), Exchange.cooperation.label("kind"))
              .join(Exchange, Exchange.id == E.exchange_id)
              .where(*in_period(period), E.member_id.in_(members) if members else sa.false())
              .group_by(E.member_id, Exchange.cooperation).having(NET_COUNT > 0).subquery())
    members_by_kind = dict(db.session.execute(
        sa.select(having.c.kind, sa.func.count()).group_by(having.c.kind)).all())
    exchanges = sum(max(n, 0) for n in by_kind.values())
    return CooperationFigures(
        period=period, members=len(members),
        partners_average=statistics.fmean(per_member) if per_member else None,
        partners_median=float(statistics.median(per_member)) if per_member else None,
        distribution=tuple(Bucket(label, n) for label, n in histogram.items()),
        above_survey=above, above_survey_share=share(above, len(members)),
        pairs=pairs, new_partnerships=new, exchanges=exchanges,
        by_cooperation=tuple(
            CooperationShare(kind, max(by_kind.get(kind, 0), 0),
                             share(max(by_kind.get(kind, 0), 0), exchanges),
                             members_by_kind.get(kind, 0),
                             share(members_by_kind.get(kind, 0), len(members)))
            for kind in (Cooperation.COMMERCIAL, Cooperation.STRATEGIC)))


def partners_of(member_id: int, period: Period) -> list[Partner]:
    """An organisation's partners over the period, by name: what it gave each and received
    from each, and whether they had never exchanged before."""
    rows = db.session.execute(
        sa.select(E.counterpart_id, Member.name,
                  sa.func.coalesce(sa.func.sum(sa.case((E.side == Side.GIVEN, E.value))), 0),
                  sa.func.coalesce(sa.func.sum(sa.case((E.side == Side.RECEIVED, E.value))), 0),
                  sa.func.sum(sa.case((E.side == Side.GIVEN,
                                       sa.case((E.quantity > 0, 1), else_=-1)), else_=0)),
                  sa.func.sum(sa.case((E.side == Side.RECEIVED,
                                       sa.case((E.quantity > 0, 1), else_=-1)), else_=0)))
        .join(Member, Member.id == E.counterpart_id)
        .where(E.member_id == member_id, *in_period(period))
        .group_by(E.counterpart_id, Member.name).having(NET_COUNT > 0)
        .order_by(Member.name)).all()
    known = set(db.session.scalars(
        sa.select(E.counterpart_id).where(E.member_id == member_id,
                                          E.booked_on < period.start)
        .group_by(E.counterpart_id).having(NET_COUNT > 0)))
    return [Partner(counterpart_id, name, Decimal(given).quantize(ZERO),
                    Decimal(received).quantize(ZERO), given_count, received_count,
                    counterpart_id not in known)
            for counterpart_id, name, given, received, given_count, received_count in rows]

