"""The review's figures kept per process until the ledger or the members change.

Ledger entries are only ever added, so the last one (its id and the instant it was written)
names the ledger's state; members are named by their count and their last change. Figures
computed for a state hold until either moves: a dashboard read again, or its API, answers
from memory, and a new exchange is counted at the next reading.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app

from pooling.extensions import db
from pooling.ledger.models import LedgerEntry
from pooling.members.models import Member

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


def remembered(name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for the same name, key and state of the data."""
    cache = current_app.extensions.setdefault("review_remembered", OrderedDict())
    full_key = (name, key, state())
    if full_key in cache:
        cache.move_to_end(full_key)
        return cache[full_key]
    cache[full_key] = value = compute()
    while len(cache) > KEPT:
        cache.popitem(last=False)
    return value
