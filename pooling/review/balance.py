"""The review's balance of giving and receiving: what each member gave and received, in value
and by kind, who only gives and who only receives, and how concentrated the exchanges are on
the most active members; summed from the ledger, reversals netting out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.ledger.models import Side
from pooling.ledger.statements import ZERO, Period
from pooling.members.models import Member
from pooling.review import kept, sums
from pooling.review.cooperation import members_of_pole
from pooling.review.members import share
from pooling.review.remembered import remembered

# The concentration looks at the most active fifth of the members.
TOP_PERCENT = 20


@dataclass(frozen=True)
class KindFlow:
    kind: OfferKind
    given_value: Decimal
    received_value: Decimal
    given_count: int
    received_count: int


@dataclass(frozen=True)
class MemberFlow:
    """What one member gave and received over the period, net of reversals."""

    member_id: int
    name: str
    given_value: Decimal
    received_value: Decimal
    given_count: int
    received_count: int
    by_kind: tuple[KindFlow, ...]  # only the kinds it exchanged

    @property
    def balance(self) -> Decimal:
        return self.given_value - self.received_value

    @property
    def exchanges(self) -> int:
        return self.given_count + self.received_count

    @property
    def volume(self) -> Decimal:
        """Given and received together: how much it took part in."""
        return self.given_value + self.received_value

    def kind(self, kind: OfferKind) -> KindFlow | None:
        return next((k for k in self.by_kind if k.kind == kind), None)


@dataclass(frozen=True)
class Concentration:
    members: int  # members of the pole
    top: int  # the most active 20 % of them, rounded up
    exchange_share: float | None  # exchanges in which one of the `top` busiest took part
    value_share: float | None  # value of the exchanges in which one of the `top` richest did


@dataclass(frozen=True)
class KindTotal:
    kind: OfferKind
    value: Decimal
    exchanges: int


@dataclass(frozen=True)
class BalanceFigures:
    period: Period
    members: int  # members of the pole
    flows: tuple[MemberFlow, ...]  # the members that gave or received, by name
    by_kind: tuple[KindTotal, ...]  # each exchange once
    only_give: tuple[MemberFlow, ...]
    only_receive: tuple[MemberFlow, ...]
    concentration: Concentration
    value: Decimal
    exchanges: int


def top_count(members: int) -> int:
    """20 % of the members, rounded up: a pole of 7 looks at its 2 busiest (1.4 → 2), and
    any pole with a member looks at one at least."""
    return -(-members * TOP_PERCENT // 100)


def flows(period: Period, summed: sums.Sums | None = None) -> list[MemberFlow]:
    """Given and received per member and kind (`summed`: the period's
    `sums.member_sums_of`, when read already)."""
    cells: dict[int, dict[OfferKind, list]] = {}
    for (member_id, side, kind, _how), (value, count) in (
            sums.member_sums_of(period) if summed is None else summed).items():
        cell = cells.setdefault(member_id, {}).setdefault(sums.KINDS[kind], [ZERO, ZERO, 0, 0])
        offset = 0 if sums.SIDES[side] == Side.GIVEN else 1
        cell[offset] += value
        cell[2 + offset] += count
    names = dict(db.session.execute(sa.select(Member.id, Member.name).where(
        Member.id.in_(cells))).all()) if cells else {}
    result = []
    for member_id, kinds in cells.items():
        by_kind = tuple(KindFlow(kind, given.quantize(ZERO), received.quantize(ZERO),
                                 given_count, received_count)
                        for kind, (given, received, given_count, received_count)
                        in sorted(kinds.items())
                        if given_count > 0 or received_count > 0)
        if not by_kind:
            continue  # everything it did was reversed
        result.append(MemberFlow(
            member_id, names[member_id],
            sum((k.given_value for k in by_kind), ZERO),
            sum((k.received_value for k in by_kind), ZERO),
            sum(k.given_count for k in by_kind), sum(k.received_count for k in by_kind),
            by_kind))
    return sorted(result, key=lambda f: f.name.lower())


def concentration(period: Period, members: int, active: list[MemberFlow],
                  paired: sums.Sums | None = None) -> Concentration:
    """The share of the exchanges, and of their value, in which the most active 20 % of the
    members took part (`paired`: the period's `sums.pair_sums_of`, when read already).

    The busiest are ranked by exchanges (given and received) for the first share, by value
    (given and received) for the second. 20 % is rounded up (`top_count`). Members tied at
    the edge of the top are taken by name, so the figure does not change from one reading to
    the next; members without exchanges fill the top when fewer than 20 % exchanged."""
    top = top_count(members)
    busiest = {f.member_id for f in sorted(active, key=lambda f: (-f.exchanges,
                                                                  f.name.lower()))[:top]}
    richest = {f.member_id for f in sorted(active, key=lambda f: (
        -(f.given_value + f.received_value), f.name.lower()))[:top]}
    # Each exchange once, by its pair: the shares do not depend on who gave. Pairs whose
    # reversals outweigh their exchanges in the period count, as in the totals.
    pairs = sums.pair_sums_of(period) if paired is None else paired
    # One pass over tens of thousands of pairs.
    total = busy = 0
    value = rich = ZERO
    for (a, b), (v, n) in pairs.items():
        total += n
        value += v
        if a in busiest or b in busiest:
            busy += n
        if a in richest or b in richest:
            rich += v
    return Concentration(
        members=members, top=top, exchange_share=share(busy, total) if total > 0 else None,
        value_share=float(rich / value) if value > 0 else None)


def figures(period: Period) -> BalanceFigures:
    """The period's balance of giving and receiving, kept until the ledger up to the
    period's end or the members change."""
    return remembered("balance", period,
                      lambda: compute(period, sums.member_sums(period), sums.pair_sums(period)),
                      scope=period.end, shared=kept.settled(period))


def compute(period: Period, summed: sums.Sums | None = None,
            paired: sums.Sums | None = None) -> BalanceFigures:
    """The period's balance of giving and receiving, from the sums of its members and of
    its pairs (`summed`, `paired`: the period's `sums.member_sums_of` and
    `sums.pair_sums_of`, when read already)."""
    members = len(members_of_pole(period))
    active = flows(period, summed)
    totals: dict[OfferKind, list] = {}
    for flow in active:
        for k in flow.by_kind:
            total = totals.setdefault(k.kind, [ZERO, 0])
            total[0] += k.given_value
            total[1] += k.given_count
    by_kind = tuple(KindTotal(kind, value, count) for kind, (value, count)
                    in sorted(totals.items()))
    return BalanceFigures(
        period=period, members=members, flows=tuple(active), by_kind=by_kind,
        only_give=tuple(f for f in active if f.given_count > 0 and f.received_count <= 0),
        only_receive=tuple(f for f in active if f.received_count > 0 and f.given_count <= 0),
        concentration=concentration(period, members, active, paired),
        value=sum((k.value for k in by_kind), ZERO),
        exchanges=sum(k.exchanges for k in by_kind))
