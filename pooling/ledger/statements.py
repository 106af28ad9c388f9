"""What the ledger says: one member's statement for a period, the pole's totals, and who
may read them. Summed in the database, from the entries and, for the pole's totals, from
the running totals of whole months."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _

from pooling.accounts.models import Role, User
from pooling.catalogue.models import OfferKind
from pooling.db import Page, page_count
from pooling.errors import Forbidden, NotFound, invalid_field
from pooling.extensions import db
from pooling.ledger.models import (
    Cooperation,
    Exchange,
    ExchangeStatus,
    ExchangeUnit,
    LedgerEntry,
    LedgerTotal,
    Side,
)
from pooling.members.models import Member
from pooling.pole.models import SETTINGS_ID, PoleSettings

ZERO = Decimal("0.00")
E = LedgerEntry
T = LedgerTotal
GIVEN = E.side == Side.GIVEN
# +1 for an exchange, -1 for its reversal: sums to the number of exchanges that count.
NET_COUNT = sa.func.sum(sa.case((E.quantity > 0, 1), else_=-1))
VALUE = sa.func.coalesce(sa.func.sum(E.value), 0)
# A statement's page lists this many of its lines at a time: a busy year is hundreds, which
# the printable version, the CSV and the API give whole.
LINES_PER_PAGE = 100


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # included

    @classmethod
    def parse(cls, start: str | None, end: str | None, today: date) -> Period:
        """From ISO dates (`from`, `to`), by default the current calendar year."""
        try:
            first = date.fromisoformat(start) if start else date(today.year, 1, 1)
        except ValueError:
            raise invalid_field("from", _("Give a date as YYYY-MM-DD.")) from None
        try:
            last = date.fromisoformat(end) if end else date(first.year, 12, 31)
        except ValueError:
            raise invalid_field("to", _("Give a date as YYYY-MM-DD.")) from None
        if last < first:
            raise invalid_field("to", _("The period must end after it starts."))
        if (last - first).days > 366 * 10:
            raise invalid_field("to", _("Ask for at most ten years at a time."))
        return cls(first, last)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before: whole months (a year, a quarter) give
        the same months before, any other span the same number of days."""
        after = self.end + timedelta(days=1)
        if self.start.day == 1 and after.day == 1:
            months = (after.year - self.start.year) * 12 + after.month - self.start.month
            return Period(self.start - relativedelta(months=months),
                          self.start - timedelta(days=1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


def presets(today: date) -> list[tuple[str, date, date]]:
    """The periods offered in one click: this and last year, this and last month."""
    month_start = today.replace(day=1)
    last_month_end = month_start - timedelta(days=1)
    return [
        (_("This year"), date(today.year, 1, 1), date(today.year, 12, 31)),
        (_("Last year"), date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        (_("This month"), month_start, month_start + relativedelta(months=1, days=-1)),
        (_("Last month"), last_month_end.replace(day=1), last_month_end),
    ]


@dataclass(frozen=True)
class Total:
    """Quantities in one kind and unit, with their value and the number of exchanges."""
    kind: OfferKind
    unit: ExchangeUnit
    quantity: Decimal
    value: Decimal
    count: int


@dataclass
class Counterpart:
    member_id: int
    name: str
    given_value: Decimal = ZERO
    received_value: Decimal = ZERO
    given_count: int = 0
    received_count: int = 0

    @property
    def balance(self) -> Decimal:
        return self.given_value - self.received_value


class Line(NamedTuple):
    """One entry of a statement, with what the reader needs of its exchange (a tuple: a
    busy year is hundreds, made in a tenth of a frozen dataclass's time)."""
    exchange_id: int
    booked_on: date
    occurred_on: date
    side: Side
    counterpart_id: int
    counterpart_name: str
    kind: OfferKind
    unit: ExchangeUnit
    quantity: Decimal
    value: Decimal | None
    description: str
    cooperation: Cooperation
    status: ExchangeStatus
    reverses_id: int | None


@dataclass
class Statement:
    member: Member
    period: Period
    given: list[Total]
    received: list[Total]
    counterparts: list[Counterpart]
    opening_balance: Decimal
    lines: list[Line] = field(default_factory=list)
    # Which of the period's lines `lines` holds, when it holds a page of them.
    lines_page: Page | None = None
    detailed: bool = True  # False: totals only, as other members may see them
    # Organisations given to and received from, counted before a totals-only statement
    # hides who they are.
    given_to: int = 0
    received_from: int = 0

    @property
    def given_value(self) -> Decimal:
        return sum((t.value for t in self.given), ZERO)

    @property
    def received_value(self) -> Decimal:
        return sum((t.value for t in self.received), ZERO)

    @property
    def balance(self) -> Decimal:
        """Given minus received over the period, in value."""
        return self.given_value - self.received_value

    @property
    def closing_balance(self) -> Decimal:
        return self.opening_balance + self.balance


# --- who may read what --------------------------------------------------------------------


def balances_public() -> bool:
    row = db.session.get(PoleSettings, SETTINGS_ID)
    return bool(row and row.balances_public)


def statement_access(viewer: User, member_id: int) -> bool | None:
    """True: the whole statement; False: its totals only; None: nothing."""
    if viewer.role == Role.CELL or viewer.member_id == member_id:
        return True
    return False if balances_public() else None


def check_statement_access(viewer: User, member_id: int) -> tuple[Member, bool]:
    """The organisation and whether the viewer sees its whole statement; 404, else 403."""
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound(_("This organisation does not exist."))
    access = statement_access(viewer, member_id)
    if access is None:
        raise Forbidden(_("Only this organisation and the animation cell can see its "
                          "statement."))
    return member, access


def statement_for(viewer: User, member_id: int, period: Period,
                  page: int | None = None) -> Statement:
    member, access = check_statement_access(viewer, member_id)
    return statement(member, period, detailed=access, page=page)


# --- summing ------------------------------------------------------------------------------


def statement(member: Member, period: Period, detailed: bool = True,
              page: int | None = None) -> Statement:
    """A member's statement: totals given and received by kind and unit, by counterpart,
    the balance brought forward and, if detailed, every entry of the period, or the
    LINES_PER_PAGE entries of one page of them."""
    in_period = (E.member_id == member.id, E.booked_on >= period.start,
                 E.booked_on <= period.end)
    # The counterparts' names come with their sums: asked apart, by their hundreds of ids,
    # they took longer to send than to read.
    rows = db.session.execute(
        sa.select(E.side, E.kind, E.unit, E.counterpart_id, Member.name,
                  sa.func.sum(E.quantity), VALUE, NET_COUNT, sa.func.count())
        .join(Member, Member.id == E.counterpart_id)
        .where(*in_period)
        .group_by(E.side, E.kind, E.unit, E.counterpart_id, Member.name)).all()
    totals: dict[tuple, list] = defaultdict(lambda: [ZERO, ZERO, 0])
    by_counterpart: dict[int, Counterpart] = {}
    line_count = 0
    for side, kind, unit, counterpart_id, name, quantity, value, count, entries in rows:
        line_count += entries
        total = totals[side, kind, unit]
        total[0] += quantity
        total[1] += Decimal(value)
        total[2] += count
        c = by_counterpart.setdefault(counterpart_id, Counterpart(counterpart_id, name))
        if side == Side.GIVEN:
            c.given_value += Decimal(value)
            c.given_count += count
        else:
            c.received_value += Decimal(value)
            c.received_count += count
    opening = db.session.scalar(sa.select(
        sa.func.coalesce(sa.func.sum(sa.case((GIVEN, E.value), else_=-E.value)), 0))
        .where(E.member_id == member.id, E.booked_on < period.start))

    def side_totals(side: Side) -> list[Total]:
        return sorted((Total(k, u, q, v.quantize(ZERO), n)
                       for (s, k, u), (q, v, n) in totals.items() if s == side),
                      key=lambda t: (t.kind, t.unit))

    result = Statement(
        member=member, period=period, given=side_totals(Side.GIVEN),
        received=side_totals(Side.RECEIVED),
        counterparts=sorted(by_counterpart.values(), key=lambda c: c.name.lower()),
        opening_balance=Decimal(opening).quantize(ZERO), detailed=detailed,
        given_to=sum(1 for c in by_counterpart.values() if c.given_count > 0),
        received_from=sum(1 for c in by_counterpart.values() if c.received_count > 0))
    if detailed:
        # Plain rows: a year of a busy member is hundreds of lines.
        x = Exchange
        lines = (sa.select(E.exchange_id, E.booked_on, x.occurred_on, E.side, E.counterpart_id,
                           Member.name, E.kind, E.unit, E.quantity, E.value, x.description,
                           x.cooperation, x.status, x.reverses_id)
                 .join(x, x.id == E.exchange_id).join(Member, Member.id == E.counterpart_id)
                 .where(*in_period).order_by(E.booked_on, E.id))
        if page is not None:
            # Past the last page, the last one: a link kept from a longer period still lands.
            page = max(1, min(page, page_count(line_count, LINES_PER_PAGE)))
            lines = lines.limit(LINES_PER_PAGE).offset((page - 1) * LINES_PER_PAGE)
        result.lines = [Line(*row) for row in db.session.execute(lines)]
        if page is not None:
            result.lines_page = Page(result.lines, line_count, page, LINES_PER_PAGE)
    else:
        result.counterparts = []
    return result


@dataclass
class MemberBalance:
    member_id: int
    name: str
    given_value: Decimal = ZERO
    received_value: Decimal = ZERO
    given_count: int = 0
    received_count: int = 0
    partners: int = 0  # distinct organisations exchanged with

    @property
    def balance(self) -> Decimal:
        return self.given_value - self.received_value


@dataclass
class PoleTotals:
    period: Period
    by_kind: list[Total]  # each exchange once (its given side)
    exchanges: int
    commercial: int
    members: int  # organisations that gave or received
    pairs: int  # distinct pairs of organisations that exchanged
    value: Decimal
    balances: list[MemberBalance]


def whole_months(period: Period) -> tuple[date, date] | None:
    """The first day of the period's first whole month and the day after its last one, or
    None when it holds no whole month."""
    first = period.start.replace(day=1)
    if first != period.start:
        first += relativedelta(months=1)
    after = (period.end + timedelta(days=1)).replace(day=1)
    return (first, after) if first < after else None


def _summed(period: Period, grouped_by: tuple, given_only: bool) -> list[tuple]:
    """Sums of a period's entries grouped by columns both the entries and the running totals
    have: the running totals of its whole months, and the entries of the days at its edges.
    Each row: the columns, then quantity, value and net count."""
    edges = [(period.start, period.end)]
    rows = []
    given = [GIVEN] if given_only else []
    months = whole_months(period)
    if months is not None:
        first, after = months
        keys = [getattr(T, name) for name in grouped_by]
        sides = [T.side == Side.GIVEN] if given_only else []
        rows += db.session.execute(
            sa.select(*keys, sa.func.sum(T.quantity), sa.func.sum(T.value),
                      sa.func.sum(T.exchanges))
            .where(T.month >= first, T.month < after, *sides).group_by(*keys)).all()
        edges = [(start, end) for start, end in ((period.start, first - timedelta(days=1)),
                                                 (after, period.end)) if start <= end]
    keys = [Exchange.cooperation if name == "cooperation" else getattr(E, name)
            for name in grouped_by]
    for start, end in edges:
        stmt = (sa.select(*keys, sa.func.sum(E.quantity), VALUE, NET_COUNT)
                .where(E.booked_on >= start, E.booked_on <= end, *given)
                .group_by(*keys))
        if "cooperation" in grouped_by:
            stmt = stmt.join(Exchange, Exchange.id == E.exchange_id)
        rows += db.session.execute(stmt).all()
    return rows


def pole_totals(period: Period) -> PoleTotals:
    """The pole's totals for a period, and every member's balance: summed from the running
    totals (pooling.ledger.totals) but for the organisations each exchanged with."""
    by_kind: dict[tuple, list] = defaultdict(lambda: [ZERO, ZERO, 0])
    commercial = 0
    for kind, unit, cooperation, quantity, value, count in _summed(
            period, ("kind", "unit", "cooperation"), given_only=True):
        total = by_kind[kind, unit]
        total[0] += Decimal(quantity)
        total[1] += Decimal(value)
        total[2] += count
        commercial += count if cooperation == Cooperation.COMMERCIAL else 0
    balances: dict[int, MemberBalance] = {}
    for member_id, side, _quantity, value, count in _summed(
            period, ("member_id", "side"), given_only=False):
        b = balances.setdefault(member_id, MemberBalance(member_id, ""))
        if side == Side.GIVEN:
            b.given_value += Decimal(value)
            b.given_count += count
        else:
            b.received_value += Decimal(value)
            b.received_count += count
    # Which organisations each exchanged with is no sum: counted from the period's entries,
    # with the pairs whose exchanges one way still count once reversals are taken off.
    net_given = sa.func.sum(sa.case((GIVEN, sa.case((E.quantity > 0, 1), else_=-1)), else_=0))
    pair = (sa.select(E.member_id, net_given.label("net"))
            .where(E.booked_on >= period.start, E.booked_on <= period.end)
            .group_by(E.member_id, E.counterpart_id).subquery())
    pairs = 0
    for member_id, partners, given_pairs in db.session.execute(
            sa.select(pair.c.member_id, sa.func.count(),
                      sa.func.sum(sa.case((pair.c.net > 0, 1), else_=0)))
            .group_by(pair.c.member_id)).all():
        balances.setdefault(member_id, MemberBalance(member_id, "")).partners = partners
        pairs += given_pairs
    if balances:
        for member_id, name in db.session.execute(sa.select(Member.id, Member.name).where(
                Member.id.in_(balances))).all():
            balances[member_id].name = name
    for b in balances.values():
        b.given_value, b.received_value = (b.given_value.quantize(ZERO),
                                           b.received_value.quantize(ZERO))
    totals = [Total(k, u, q.quantize(ZERO), v.quantize(ZERO), n)
              for (k, u), (q, v, n) in sorted(by_kind.items())]
    return PoleTotals(
        period=period, by_kind=totals, exchanges=sum(t.count for t in totals),
        commercial=commercial,
        members=sum(1 for b in balances.values() if b.given_count or b.received_count),
        pairs=pairs, value=sum((t.value for t in totals), ZERO),
        balances=sorted(balances.values(), key=lambda b: b.name.lower()))
