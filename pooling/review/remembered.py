"""The review's figures kept per process until the data they are summed from change.

Ledger entries are only ever added, so the last one (its id and the instant it was written)
names the ledger's state; members are named by their count and their last change; bookings by
the last one made, the last change of one and the last change of status; the catalogue by
its offers' last change and its opening hours and closures. Figures computed for a state hold
until it moves: a dashboard read again, or its API, answers from memory, and a new exchange
or booking is counted at the next reading. Every process asks the database for the state,
so several processes or hosts never serve figures older than their data.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app, g, has_request_context

from pooling.bookings.models import Booking, BookingEvent
from pooling.catalogue.models import Closure, Offer, OpeningHours
from pooling.extensions import db
from pooling.ledger.models import LedgerEntry
from pooling.members.models import Member
from pooling.pole.clock import pole_today
from pooling.pole.models import PoleSettings

T = TypeVar("T")
# Entries kept per process: a few periods and kinds, each with the period before.
KEPT = 64


def state() -> tuple:
    """The ledger's last entry and the members' count and last change."""
    entry = db.session.execute(sa.select(LedgerEntry.id, LedgerEntry.created_at)
                               .order_by(LedgerEntry.id.desc()).limit(1)).first()
    members = db.session.execute(sa.select(sa.func.count(Member.id),
                                           sa.func.max(Member.updated_at))).one()
    return (tuple(entry) if entry else (), tuple(members))


def catalogue_state() -> tuple:
    """The state of what the offers could give: members (their names), offers, their hours
    and closures. Bookings leave it as it is."""
    return (
        state()[1],
        tuple(db.session.execute(sa.select(sa.func.count(Offer.id),
                                           sa.func.max(Offer.updated_at))).one()),
        tuple(db.session.execute(sa.select(sa.func.count(OpeningHours.id),
                                           sa.func.max(OpeningHours.id))).one()),
        tuple(db.session.execute(sa.select(sa.func.count(Closure.id),
                                           sa.func.max(Closure.id))).one()),
    )


def usage_state() -> tuple:
    """The state of what usage is summed from: the catalogue, bookings, the pole's settings,
    and the day (a request waits longer every day)."""
    # One round trip; one aggregate per subquery, which SQLite reads from the index's end.
    bookings = db.session.execute(sa.select(
        sa.select(sa.func.max(Booking.id)).scalar_subquery(),
        sa.select(sa.func.max(Booking.updated_at)).scalar_subquery(),
        sa.select(sa.func.max(BookingEvent.id)).scalar_subquery(),
        sa.select(PoleSettings.updated_at).limit(1).scalar_subquery())).one()
    return (catalogue_state(), tuple(bookings), pole_today())


def remembered(name: str, key: Hashable, compute: Callable[[], T],
               state_of: Callable[[], tuple] = state) -> T:
    """`compute()`, or what it gave for the same name, key and state of the data
    (`state_of`: the ledger and members by default)."""
    cache = current_app.extensions.setdefault("review_remembered", OrderedDict())
    # A page asks for several figures: the data's state is read once per request.
    states = g.setdefault("review_states", {}) if has_request_context() else {}
    if state_of not in states:
        states[state_of] = state_of()
    full_key = (name, key, states[state_of])
    if full_key in cache:
        cache.move_to_end(full_key)
        return cache[full_key]
    cache[full_key] = value = compute()
    while len(cache) > KEPT:
        cache.popitem(last=False)
    return value
