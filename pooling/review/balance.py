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
from pooling.review import kept, ledger_totals
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


def flows(period: Period) -> list[MemberFlow]:
    """Given and received per member and kind, in one grouped query."""
    summed = ledger_totals.rows(*ledger_totals.member_rows(period.start, period.end))
    rows = db.session.execute(
        sa.select(summed.c.member_id, summed.c.side, summed.c.kind,
                  sa.func.coalesce(sa.func.sum(summed.c.value), 0),
                  ledger_totals.net(summed.c.exchanges))
        .group_by(summed.c.member_id, summed.c.side, summed.c.kind)).all()
    cells: dict[int, dict[OfferKind, list]] = {}
    for member_id, side, kind, value, count in rows:
        cell = cells.setdefault(member_id, {}).setdefault(OfferKind(kind), [ZERO, ZERO, 0, 0])
        offset = 0 if Side(side) == Side.GIVEN else 1
        cell[offset] = Decimal(value).quantize(ZERO)
        cell[2 + offset] = count
    names = dict(db.session.execute(sa.select(Member.id, Member.name).where(
        Member.id.in_(cells))).all()) if cells else {}
    result = []
    for member_id, kinds in cells.items():
        by_kind = tuple(KindFlow(kind, *cell) for kind, cell in sorted(kinds.items())
                        if cell[2] > 0 or cell[3] > 0)
        if not by_kind:
            continue  # everything it did was reversed
        result.append(MemberFlow(
            member_id, names[member_id],
            sum((k.given_value for k in by_kind), ZERO),
            sum((k.received_value for k in by_kind), ZERO),
            sum(k.given_count for k in by_kind), sum(k.received_count for k in by_kind),
            by_kind))
    return sorted(result, key=lambda f: f.name.lower())


def concentration(period: Period, members: int, active: list[MemberFlow]) -> Concentration:
    """The share of the exchanges, and of their value, in which the most active 20 % of the
    members took part.

    The busiest are ranked by exchanges (given and received) for the first share, by value
    (given and received) for the second. 20 % is rounded up (`top_count`). Members tied at
    the edge of the top are taken by name, so the figure does not change from one reading to
    the next; members without exchanges fill the top when fewer than 20 % exchanged."""
    top = top_count(members)
    busiest = [f.member_id for f in sorted(active, key=lambda f: (-f.exchanges,
                                                                  f.name.lower()))[:top]]
    richest = [f.member_id for f in sorted(active, key=lambda f: (
        -(f.given_value + f.received_value), f.name.lower()))[:top]]
    # Each exchange once, by its pair: the shares do not depend on who gave.
    rows = ledger_totals.rows(*ledger_totals.pair_rows(period.start, period.end))
    pair = (rows.c.member_id, rows.c.counterpart_id)
    with_busiest = sa.or_(*(c.in_(busiest) for c in pair)) if busiest else sa.false()
    with_richest = sa.or_(*(c.in_(richest) for c in pair)) if richest else sa.false()
    total, value, busy, rich = db.session.execute(
        sa.select(sa.func.coalesce(ledger_totals.net(rows.c.exchanges), 0),
                  sa.func.coalesce(sa.func.sum(rows.c.value), 0),
                  sa.func.coalesce(ledger_totals.net(
                      sa.case((with_busiest, rows.c.exchanges), else_=0)), 0),
                  sa.func.coalesce(sa.func.sum(sa.case((with_richest, rows.c.value),
                                                       else_=0)), 0))).one()
    value = Decimal(value)
    return Concentration(
        members=members, top=top, exchange_share=share(busy, total) if total > 0 else None,
        value_share=float(Decimal(rich) / value) if value > 0 else None)


def figures(period: Period) -> BalanceFigures:
    """The period's balance of giving and receiving, kept until the ledger up to the
    period's end or the members change."""
    return remembered("balance", period, lambda: compute(period), scope=period.end,
                      shared=kept.settled(period))


def compute(period: Period) -> BalanceFigures:
    """The period's balance of giving and receiving, in three grouped queries."""
    members = len(members_of_pole(period))
    active = flows(period)
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
        concentration=concentration(period, members, active),
        value=sum((k.value for k in by_kind), ZERO),
        exchanges=sum(k.exchanges for k in by_kind))
