"""The review's cooperation: how many partner organisations each member has, which
partnerships are new, and how much of it is commercial or strategic; summed from the ledger
in grouped queries, reversals netting out the exchanges they cancel."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from pooling.extensions import db
from pooling.ledger.models import Cooperation, LedgerEntry, Side
from pooling.ledger.statements import NET_COUNT, ZERO, Period
from pooling.members.models import Member
from pooling.review import kept, ledger_totals, sums
from pooling.review.members import counted, share
from pooling.review.remembered import remembered

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
class MemberPartners:
    member_id: int
    name: str
    partners: int  # distinct partner organisations in the period


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
    per_member: tuple[MemberPartners, ...] = ()  # every member of the pole, by name


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


def members_of_pole(period: Period) -> dict[int, str]:
    """The members counted in the period's figures: members at its end, as the members'
    section counts them (joined by then, not left)."""
    return dict(db.session.execute(
        sa.select(Member.id, Member.name).where(counted(period)).order_by(Member.name)).all())


def in_period(period: Period) -> tuple:
    return (E.booked_on >= period.start, E.booked_on <= period.end)


def bucket_of(partners: int) -> str:
    return next(label for label, low, high in BUCKETS
                if partners >= low and (high is None or partners <= high))


def pairs_of(period: Period, summed: sums.Sums | None = None
             ) -> list[tuple[int, int, Decimal, int]]:
    """Each pair of organisations that exchanged in the period (the smaller id first), with
    the value and number of its exchanges, net of reversals (`summed`: the period's
    `sums.pair_sums_of`, when read already)."""
    # In no particular order: the figures count the pairs and the network sorts them.
    return [(a, b, value, count) for (a, b), (value, count)
            in (sums.pair_sums_of(period) if summed is None else summed).items() if count > 0]


def pairs(period: Period) -> list[tuple[int, int, Decimal, int]]:
    """`pairs_of`, kept until the ledger up to the period's end or the members change: the
    cooperation figures and the network of every kind read the same pairs. Each process
    keeps its own: the figures summed from them are what processes share."""
    return remembered("pairs", period, lambda: pairs_of(period, sums.pair_sums(period)),
                      scope=period.end)


def partners_before(start: date) -> frozenset[tuple[int, int]]:
    """The pairs (the smaller id first) that had exchanged before `start`, net of
    reversals: one grouped query over the pairs' monthly totals and the edge's entries."""
    rows = ledger_totals.rows(*ledger_totals.pair_rows(None, start - timedelta(days=1)))
    return frozenset((a, b) for a, b in db.session.execute(
        sa.select(rows.c.member_id, rows.c.counterpart_id)
        .group_by(rows.c.member_id, rows.c.counterpart_id)
        .having(ledger_totals.net(rows.c.exchanges) > 0)))


def known_before(start: date) -> frozenset[tuple[int, int]]:
    """`partners_before`, kept until an entry before `start` comes, or the members change:
    an exchange of the period leaves it as it was."""
    return remembered("partners-before", start, lambda: partners_before(start),
                      scope=start - timedelta(days=1))


def by_cooperation(period: Period, summed: sums.Sums | None = None
                   ) -> dict[tuple[int, Side, Cooperation], int]:
    """Exchanges per member, side and kind of cooperation, net of reversals (`summed`: the
    period's `sums.member_sums_of`, when read already)."""
    found: dict[tuple[int, Side, Cooperation], int] = {}
    for (member_id, side, _kind, how), (_value, count) in (
            sums.member_sums_of(period) if summed is None else summed).items():
        key = (member_id, sums.SIDES[side], sums.COOPERATIONS[how])
        found[key] = found.get(key, 0) + count
    return found


def figures(period: Period) -> CooperationFigures:
    """The period's cooperation figures, kept until the ledger up to the period's end or the
    members change."""
    return remembered(
        "cooperation", period,
        lambda: compute(period, pairs(period), known_before(period.start),
                        sums.member_sums(period)),
        scope=period.end, shared=kept.settled(period))


def compute(period: Period, paired: list[tuple] | None = None,
            known: frozenset[tuple[int, int]] | None = None,
            summed: sums.Sums | None = None) -> CooperationFigures:
    """The period's cooperation figures, in a few grouped queries (`paired`, `known` and
    `summed`: the period's `pairs_of`, `partners_before` its start and
    `sums.member_sums_of`, when read already)."""
    members = members_of_pole(period)
    paired = pairs_of(period) if paired is None else paired
    known = partners_before(period.start) if known is None else known
    partners = Counter(pair[0] for pair in paired) + Counter(pair[1] for pair in paired)
    per_member = [partners[member_id] for member_id in members]
    histogram = dict.fromkeys((label for label, _low, _high in BUCKETS), 0)
    for count in per_member:
        histogram[bucket_of(count)] += 1
    above = sum(1 for count in per_member if count > SURVEY_PARTNERS)

    counts = by_cooperation(period, summed)
    # Each exchange once, by its given entry, in one pass over thousands of counts.
    exchanges, given = 0, Counter()
    for (_m, side, kind), n in counts.items():
        if side == Side.GIVEN:
            exchanges += max(n, 0)
            given[kind] += n
    shares = []
    for kind in (Cooperation.COMMERCIAL, Cooperation.STRATEGIC):
        # A member has the kind when its exchanges of it, given or received, are more
        # than none.
        of_kind = max(given[kind], 0)
        having = sum(1 for member_id in members
                     if counts.get((member_id, Side.GIVEN, kind), 0)
                     + counts.get((member_id, Side.RECEIVED, kind), 0) > 0)
        shares.append(CooperationShare(kind, of_kind, share(of_kind, exchanges), having,
                                       share(having, len(members))))
    return CooperationFigures(
        period=period, members=len(members),
        partners_average=statistics.fmean(per_member) if per_member else None,
        partners_median=float(statistics.median(per_member)) if per_member else None,
        distribution=tuple(Bucket(label, n) for label, n in histogram.items()),
        above_survey=above, above_survey_share=share(above, len(members)),
        pairs=len(paired), new_partnerships=sum(1 for pair in paired if pair[:2] not in known),
        exchanges=exchanges, by_cooperation=tuple(shares),
        per_member=tuple(MemberPartners(member_id, name, partners[member_id])
                         for member_id, name in members.items()))


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

