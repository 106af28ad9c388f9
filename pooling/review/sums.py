"""A period's running totals summed in the process from each month's totals, which it
keeps until that month's data move: a new exchange or booking sums its own month again, not
the whole period.

From the ledger, each over the period's whole months and the entries of the days at its
edges, net of reversals (a month's state: its entries counted, and the members):

- per pair of organisations (the smaller id first), every kind together: the cooperation
  figures, the network and the balance's concentration;
- per member, side, kind and kind of cooperation: the balance's flows, the cooperation's
  kinds, and the network's members.

From the bookings, over the period's whole months (a month's state: the writes of the
bookings starting in it, which a trigger counts): each offer's bookings, seconds and
item-days, and what each organisation booked of each kind (pooling.review.usage).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from decimal import Decimal
from operator import add, sub
from typing import Any

import sqlalchemy as sa
from flask import current_app

from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.ledger.models import Cooperation, Side
from pooling.ledger.statements import ZERO, Period
from pooling.review import ledger_totals
from pooling.review.remembered import (
    bookings_state,
    keep_last,
    months_state,
    once_per_request,
    remembered,
)

# Months kept per process of each of the four totals (a few thousand rows each on the large
# pole, some megabytes): a period and the one before, and more; and sums of them, a few
# periods of each.
MONTHS_KEPT = 36
SUMS_KEPT = 4
TOTALS = 4

# Kinds, sides and kinds of cooperation by the values the totals hold: a lookup costs less
# than the enum's call, row after row.
KINDS = {kind.value: kind for kind in OfferKind}
SIDES = {side.value: side for side in Side}
COOPERATIONS = {how.value: how for how in Cooperation}

# Each key's numbers, summed: (value, exchanges) of the ledger's totals, (bookings, seconds,
# item-days) of an offer's.
Sums = dict[Hashable, tuple]
# SQL: (month, key..., numbers...) of each key in each of the months given.
MonthQuery = Callable[[list[date]], sa.Select]


def ledger_states(months: list[date]) -> dict[date, Hashable]:
    """The state of each month's ledger totals: its entries counted, and the members (their
    names are read with the totals)."""
    members, counts = months_state()
    return {month: (counts.get(month, 0), members) for month in months}


def booking_states(months: list[date]) -> dict[date, Hashable]:
    """The state of each month's bookings' totals: the writes of the bookings starting in
    it, counted by the same trigger that keeps the totals."""
    _settings, changes = once_per_request(bookings_state)
    return {month: changes.get(month, 0) for month in months}


def by_month(name: str, states: dict[date, Hashable], query: MonthQuery, numbers: int = 2,
             summary: Callable[[dict[Hashable, tuple]], Any] | None = None) -> list:
    """Each month's totals of `query`, by key: their last `numbers` columns (or what
    `summary` makes of them). Kept per process while the month's state (`states`, by month)
    stays as it was."""
    cache = current_app.extensions.setdefault("review_months", OrderedDict())
    found: dict[date, tuple] = {}
    for month, state in states.items():
        here = cache.get((name, month))
        if here is not None and here[0] == state:
            found[month] = here
    missing = [month for month in states if month not in found]
    if missing:
        fresh: dict[date, dict] = {month: {} for month in missing}
        for row in db.session.execute(query(missing)):
            key = row[1:-numbers]
            fresh[row[0]][key[0] if len(key) == 1 else tuple(key)] = tuple(row[-numbers:])
        for month in missing:
            found[month] = (states[month], fresh[month] if summary is None
                            else summary(fresh[month]))
    for month in states:
        keep_last(cache, (name, month), found[month], TOTALS * MONTHS_KEPT)
    return [found[month][1] for month in states]


def changed_keys(before: dict, after: dict) -> set:
    """The keys whose values differ between two dicts, a key missing from either included."""
    return {key for key, value in after.items() if before.get(key) != value} | (
        before.keys() - after.keys())


def months_summed(name: str, states: dict[date, Hashable], query: MonthQuery,
                  numbers: int = 2) -> Sums:
    """The numbers of each key summed over the months of `states` (kept: not to be
    changed): from the same months' sums kept in memory, with the months that changed since
    taken out and put back afresh (a new exchange changes one month of a year)."""
    kept_months = by_month(name, states, query, numbers)
    sums = current_app.extensions.setdefault("review_month_sums", OrderedDict())
    key = (name, tuple(states))
    if key in sums:
        summed, total = sums[key]
        total = dict(total)
        changes = [(old, new) for old, new in zip(summed, kept_months, strict=True)
                   if old is not new]
    else:
        total = {}
        changes = [({}, new) for new in kept_months]
    # Only the keys whose numbers differ move: a new booking or exchange changes one or two
    # of a month's thousands. Tuples of plain values: the garbage collector stops tracking
    # them, where tens of thousands of lists alive through the reading set off its full pass.
    for old, new in changes:
        for found in changed_keys(old, new):
            here = total.get(found)
            if found in old:
                here = tuple(map(sub, here, old[found]))
            if found in new:
                here = new[found] if here is None else tuple(map(add, here, new[found]))
            total[found] = here
    keep_last(sums, key, (kept_months, total), TOTALS * SUMS_KEPT)
    return total


def with_edges(total: Sums, rows) -> Sums:
    """`total` (left as it is) with `rows`, (key..., value, exchanges) of the entries of
    the days at a period's edges, added."""
    total = dict(total)
    for *key, value, count in rows:
        found = key[0] if len(key) == 1 else tuple(key)
        here = total.get(found, (ZERO, 0))
        total[found] = (here[0] + Decimal(value), here[1] + count)
    return total


def summed(name: str, period: Period, query: MonthQuery,
           edges: Callable[[date, date], sa.Select]) -> Sums:
    """The value and exchanges of each key over the period: its whole months' totals
    (`months_summed`) and `edges(start, end)`, (key..., value, exchanges) of the entries of
    the days at its edges, added up."""
    first, last, ranges = ledger_totals.split(period.start, period.end)
    months = sorted(month for month in months_state()[1]
                    if (first is None or month >= first) and month < last)
    total = months_summed(name, ledger_states(months), query)
    if ranges:
        total = with_edges(total, db.session.execute(edges(period.start, period.end)))
    return total


def pair_edges(start: date, end: date) -> sa.Select:
    edges = ledger_totals.pair_rows(start, end)[1].subquery()
    return (sa.select(edges.c.member_id, edges.c.counterpart_id,
                      sa.func.coalesce(sa.func.sum(edges.c.value), 0),
                      ledger_totals.net(edges.c.exchanges))
            .group_by(edges.c.member_id, edges.c.counterpart_id))


def member_edges(start: date, end: date) -> sa.Select:
    edges = ledger_totals.member_rows(start, end)[1].subquery()
    keys = (edges.c.member_id, edges.c.side, edges.c.kind, edges.c.cooperation)
    return (sa.select(*keys, sa.func.coalesce(sa.func.sum(edges.c.value), 0),
                      ledger_totals.net(edges.c.exchanges)).group_by(*keys))


def pair_sums_of(period: Period) -> Sums:
    """The value and number of exchanges of every pair (the smaller id first) with entries
    in the period, those whose reversals outweigh their exchanges included, by pair (not to
    be changed)."""
    return summed("pairs", period, ledger_totals.month_pairs, pair_edges)


def pair_sums(period: Period) -> Sums:
    """`pair_sums_of`, kept until the ledger up to the period's end or the members change:
    the pairs and the balance's concentration read the same sums."""
    return remembered("pair-sums", period, lambda: pair_sums_of(period), scope=period.end)


def member_sums_of(period: Period) -> Sums:
    """The value and number of exchanges of every (member, side, kind, cooperation) with
    entries in the period, by those four (not to be changed; side, kind and cooperation as
    their values)."""
    return summed("members", period, ledger_totals.month_members, member_edges)


def member_sums(period: Period) -> Sums:
    """`member_sums_of`, kept until the ledger up to the period's end or the members
    change: the balance, the cooperation figures and the network read the same sums."""
    return remembered("member-sums", period, lambda: member_sums_of(period), scope=period.end)
