"""The review's figures kept per process until the data they are summed from change.

Ledger entries are only ever added, so their count names the ledger's state, and the count of
those booked up to a month the state of the ledger up to then (both read from the counts the
ledger's trigger keeps, exact whatever order concurrent writers commit in): a past period's
figures are kept until an entry of that period or before it comes. Members are named by
their count and their last change; a period's bookings by the writes counted in its months
(a trigger counts every booking made, changed or deleted, by the month it starts in); the
catalogue by its offers' last change and its opening hours and closures; the members' domains by the
member's last change (which a change of its domains moves) and the domains' rows. Figures
computed for a state hold until it moves: a dashboard read again, or its API, answers from
memory, and a new exchange or booking is counted at the next reading. Every process asks the
database for the state, so several processes or hosts never serve figures older than their
data.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import TypeVar

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask import current_app, g, has_request_context

from pooling.catalogue.models import Closure, Offer, OpeningHours
from pooling.extensions import db
from pooling.ledger.models import LedgerEntry
from pooling.ledger.statements import Period
from pooling.members.models import Domain, Member
from pooling.pole.clock import pole_today
from pooling.pole.models import PoleSettings
from pooling.review import kept, totals
from pooling.review.ledger_totals import entries_by_month

T = TypeVar("T")
# Entries kept per process: a few periods and kinds, each with the period before.
KEPT = 64


def members_state() -> tuple:
    """The members' count and last change, read once per request."""
    return once_per_request(read_members_state)


def read_members_state() -> tuple:
    """`members_state`, asking the database."""
    return tuple(db.session.execute(sa.select(sa.func.count(Member.id),
                                              sa.func.max(Member.updated_at))).one())


def count_and_last(column, last) -> tuple:
    """SQL: the rows of `column`'s table counted, and the greatest `last`, as two scalar
    subqueries."""
    return (sa.select(sa.func.count(column)).scalar_subquery(),
            sa.select(sa.func.max(last)).scalar_subquery())


def state() -> tuple:
    """The ledger's entries counted and its last one, and the members' count and last
    change."""
    members, counts = months_state()
    entry = db.session.execute(sa.select(LedgerEntry.id, LedgerEntry.created_at)
                               .order_by(LedgerEntry.id.desc()).limit(1)).first()
    return ((sum(counts.values()), *(entry or ())), members)


def state_until(end: date) -> tuple:
    """The ledger's entries booked up to the end of `end`'s month, counted, and the
    members' count and last change: what a period ending on `end` is summed from."""
    members, counts = months_state()
    last = end.replace(day=1)
    return (sum(entries for month, entries in counts.items() if month <= last), members)


def months_state() -> tuple[tuple, dict[date, int]]:
    """The members' state, and the ledger's entries counted per month: read once per
    request, so that every figure's state and every month kept in memory are checked
    against the same reading (a figure summed from data newer than its state is counted
    again at the next reading; one summed from data older than it would be kept)."""
    return once_per_request(read_months_state)


def read_months_state() -> tuple[tuple, dict[date, int]]:
    """`months_state`, asking the database."""
    return members_state(), dict(db.session.execute(entries_by_month()).all())


def catalogue_state() -> tuple:
    """The state of what the offers could give: members (their names), offers, their hours
    and closures. Bookings leave it as it is."""
    # One round trip for the three tables.
    offers, changed, hours, last_hours, closures, last_closure = db.session.execute(sa.select(
        *count_and_last(Offer.id, Offer.updated_at),
        *count_and_last(OpeningHours.id, OpeningHours.id),
        *count_and_last(Closure.id, Closure.id))).one()
    return (members_state(), (offers, changed), (hours, last_hours), (closures, last_closure))


def bookings_state() -> tuple:
    """The pole's settings' last change, and the bookings' writes counted per month they
    start in (the counts a trigger keeps: pooling.review.totals)."""
    settings = db.session.scalar(sa.select(PoleSettings.updated_at).limit(1))
    return settings, dict(db.session.execute(totals.changes_by_month()).all())


def usage_state(period: Period) -> tuple:
    """The state of what the period's usage is summed from: the catalogue, the bookings of
    its months (and of the months beside them, should its months have been filed in another
    zone than the pole's), the pole's settings, and the day (a request waits longer every
    day)."""
    settings, changes = once_per_request(bookings_state)
    beside = relativedelta(months=0 if once_per_request(totals.filed_in_pole_zone, period)
                           else 1)
    first = period.start.replace(day=1) - beside
    last = period.end.replace(day=1) + beside
    written = sum(n for month, n in changes.items() if first <= month <= last)
    return (once_per_request(catalogue_state), written, settings, pole_today())


def domains_state() -> tuple:
    """The activity domains as they are: a few rows, read whole. Which domains a member has
    moves the member's last change (pooling.members.services)."""
    return tuple(tuple(row) for row in db.session.execute(
        sa.select(Domain.id, Domain.code, Domain.name, Domain.name_en, Domain.position)
        .order_by(Domain.id)))


def membership_state() -> tuple:
    """The state of who the members are: the members and the activity domains."""
    return (members_state(), once_per_request(domains_state))


def ledger_state(until: date | None = None) -> tuple:
    """`state()`, or with `until`, `state_until(until)`."""
    return state() if until is None else state_until(until)


def members_figures_state(period: Period) -> tuple:
    """The state of what the members' figures of the period are counted from: the members
    and their domains, and what makes a member pool something (offers, the period's
    bookings, the ledger up to its end's month)."""
    return (once_per_request(usage_state, period), once_per_request(ledger_state, period.end),
            once_per_request(domains_state))


def once_per_request(read: Callable[..., tuple], *args: Hashable) -> tuple:
    """`read(*args)`, read once per request: a page asks for several figures, and each is
    checked against the same reading of the data's state."""
    if not has_request_context():
        return read(*args)
    states = g.setdefault("review_states", {})
    if (read, args) not in states:
        states[read, args] = read(*args)
    return states[read, args]


def keep_last(cache: OrderedDict, key: Hashable, value: object, limit: int) -> None:
    """Put `value` at the end of `cache`, as the one read last, and drop the oldest beyond
    `limit`. A worker's threads share the cache: each step is one operation on it, so
    another thread's entry dropped meanwhile is no error."""
    cache.pop(key, None)
    cache[key] = value
    while len(cache) > limit:
        try:
            cache.popitem(last=False)
        except KeyError:
            break


def remembered(name: str, key: Hashable, compute: Callable[[], T],
               state_of: Callable[..., tuple] = ledger_state, scope: Hashable = None,
               shared: bool = False) -> T:
    """`compute()`, or what it gave for the same name, key and state of the data, in this
    process or, when `shared`, in another one (pooling.review.kept). The state is
    `state_of()`, or `state_of(scope)` for a figure summed from part of the data (the ledger
    up to a day's month, a period's bookings): the ledger and the members by default."""
    cache = current_app.extensions.setdefault("review_remembered", OrderedDict())
    current = (once_per_request(state_of) if scope is None
               else once_per_request(state_of, scope))
    # One value per name and key, of the latest state read: states only move forward, so an
    # older one is never asked again, and keeping it would only hold memory.
    full_key = (name, key)
    here = cache.get(full_key)
    if here is not None and here[0] == current:
        keep_last(cache, full_key, here, KEPT)
        return here[1]
    sharing = shared and kept.in_use()
    value = kept.read(name, key, current) if sharing else kept.MISSING
    if value is kept.MISSING:
        value = compute()
        if sharing:
            kept.write(name, key, current, value)
    keep_last(cache, full_key, (current, value), KEPT)
    return value
