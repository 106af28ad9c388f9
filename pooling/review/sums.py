"""A period's ledger totals summed in the process from each month's totals, which it keeps
until an entry of that month comes (or the members change): a new exchange sums its own
month again, not the whole period.

Two sums, each over the period's whole months and the entries of the days at its edges, net
of reversals:

- per pair of organisations (the smaller id first), every kind together: the cooperation
  figures, the network and the balance's concentration;
- per member, side, kind and kind of cooperation: the balance's flows, the cooperation's
  kinds, and the network's members.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app

from pooling.extensions import db
from pooling.ledger.statements import ZERO, Period
from pooling.review import ledger_totals
from pooling.review.remembered import months_state, remembered

# Months kept per process and sum (a few thousand rows each on the large pole, some
# megabytes): a period and the one before, and more; and sums of them, a few periods.
MONTHS_KEPT = 36
SUMS_KEPT = 4

Sums = tuple[dict[Hashable, Decimal], dict[Hashable, int]]
# SQL: (month, key..., value, exchanges) of each key in each of the months given.
MonthQuery = Callable[[list[date]], sa.Select]


def by_month(name: str, months: list[date], query: MonthQuery
             ) -> list[dict[Hashable, tuple[Decimal, int]]]:
    """Each month's totals of `query`, by key: their value and exchanges. Kept per process
    until an entry of that month comes (or the members change)."""
    members, counts = months_state()
    cache = current_app.extensions.setdefault("review_months", OrderedDict())
    # Each month once, of the latest state read (see pooling.review.remembered).
    states = {month: (counts.get(month, 0), members) for month in months}
    missing = [month for month in months
               if (name, month) not in cache or cache[name, month][0] != states[month]]
    if missing:
        fresh: dict[date, dict] = {month: {} for month in missing}
        for month, *key, value, count in db.session.execute(query(missing)):
            fresh[month][key[0] if len(key) == 1 else tuple(key)] = (value, count)
        for month in missing:
            cache[name, month] = (states[month], fresh[month])
    found = [cache[name, month][1] for month in months]
    for month in months:
        cache.move_to_end((name, month))
    while len(cache) > 2 * MONTHS_KEPT:
        cache.popitem(last=False)
    return found


def months_summed(name: str, months: list[date], query: MonthQuery) -> Sums:
    """The value and exchanges of each key over whole `months`, as two dicts by key (kept:
    not to be changed): from the same months' sums kept in memory, with the months that
    changed since taken out and put back afresh (a new exchange changes one month of a
    year)."""
    kept_months = by_month(name, months, query)
    sums = current_app.extensions.setdefault("review_month_sums", OrderedDict())
    key = (name, tuple(months))
    # Two dicts of plain values rather than one of lists: tens of thousands of lists alive
    # through the reading would be promoted by the garbage collector and set off its full
    # pass, hundreds of milliseconds.
    if key in sums:
        summed, values, counts = sums[key]
        values, counts = dict(values), dict(counts)
        changes = [(old, new) for old, new in zip(summed, kept_months, strict=True)
                   if old is not new]
    else:
        values, counts = {}, {}
        changes = [({}, new) for new in kept_months]
    for old, new in changes:
        for found, (value, count) in old.items():
            values[found] -= value
            counts[found] -= count
        for found, (value, count) in new.items():
            if found in counts:
                values[found] += value
                counts[found] += count
            else:
                values[found], counts[found] = value, count
    sums[key] = (kept_months, values, counts)
    sums.move_to_end(key)
    while len(sums) > 2 * SUMS_KEPT:
        sums.popitem(last=False)
    return values, counts


def summed(name: str, period: Period, query: MonthQuery,
           edges: Callable[[date, date], sa.Select]) -> Sums:
    """The value and exchanges of each key over the period: its whole months' totals
    (`months_summed`) and `edges(start, end)`, (key..., value, exchanges) of the entries of
    the days at its edges, added up."""
    first, last, ranges = ledger_totals.split(period.start, period.end)
    months = sorted(month for month in months_state()[1]
                    if (first is None or month >= first) and month < last)
    values, counts = months_summed(name, months, query)
    if ranges:
        values, counts = dict(values), dict(counts)
        for *key, value, count in db.session.execute(edges(period.start, period.end)):
            found = key[0] if len(key) == 1 else tuple(key)
            values[found] = values.get(found, ZERO) + Decimal(value)
            counts[found] = counts.get(found, 0) + count
    return values, counts


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
    in the period, those whose reversals outweigh their exchanges included, as two dicts by
    pair (not to be changed)."""
    return summed("pairs", period, ledger_totals.month_pairs, pair_edges)


def pair_sums(period: Period) -> Sums:
    """`pair_sums_of`, kept until the ledger up to the period's end or the members change:
    the pairs and the balance's concentration read the same sums."""
    return remembered("pair-sums", period, lambda: pair_sums_of(period), scope=period.end)


def member_sums_of(period: Period) -> Sums:
    """The value and number of exchanges of every (member, side, kind, cooperation) with
    entries in the period, as two dicts by those four (not to be changed; side, kind and
    cooperation as their values)."""
    return summed("members", period, ledger_totals.month_members, member_edges)


def member_sums(period: Period) -> Sums:
    """`member_sums_of`, kept until the ledger up to the period's end or the members
    change: the balance, the cooperation figures and the network read the same sums."""
    return remembered("member-sums", period, lambda: member_sums_of(period), scope=period.end)
