"""The ledger's invariants, checked from the database alone (`flask ledger check`).

Each check answers the breaches it finds; none means the ledger is sound. The checks read
what is stored, so they also catch a write that bypassed the application.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from pooling.extensions import db
from pooling.ledger import guards, totals
from pooling.ledger.models import (
    POSTED,
    ClosingBalance,
    Exchange,
    ExchangeStatus,
    LedgerClose,
    LedgerEntry,
    Side,
)
from pooling.search import versions

E = LedgerEntry
SHOWN = 10  # ids listed per breach


@dataclass(frozen=True)
class Breach:
    rule: str
    message: str


def _ids(rows) -> str:
    ids = [str(r) for r in rows]
    more = f" (+{len(ids) - SHOWN})" if len(ids) > SHOWN else ""
    return ", ".join(ids[:SHOWN]) + more


def balanced() -> list[Breach]:
    """For every kind and unit, and for the value, the members gave what they received."""
    given = E.side == Side.GIVEN
    signed_quantity = sa.func.sum(sa.case((given, E.quantity), else_=-E.quantity))
    signed_value = sa.func.sum(sa.case((given, sa.func.coalesce(E.value, 0)),
                                       else_=-sa.func.coalesce(E.value, 0)))
    breaches = [Breach("balanced", f"{kind} in {unit}: given minus received is {gap}, not 0")
                for kind, unit, gap in db.session.execute(
                    sa.select(E.kind, E.unit, signed_quantity).group_by(E.kind, E.unit)
                    .having(signed_quantity != 0)).all()]
    value_gap = db.session.scalar(sa.select(signed_value))
    if value_gap:
        breaches.append(Breach("balanced", f"value: given minus received is {value_gap}, not 0"))
    return breaches


def two_entries() -> list[Breach]:
    """Every posted exchange has exactly its two entries, and no other exchange has any."""
    counts = (sa.select(E.exchange_id, sa.func.count().label("n"),
                        sa.func.count(sa.distinct(E.side)).label("sides"))
              .group_by(E.exchange_id).subquery())
    posted = Exchange.status.in_(POSTED)
    wrong = db.session.scalars(
        sa.select(Exchange.id).outerjoin(counts, counts.c.exchange_id == Exchange.id)
        .where(sa.or_(
            sa.and_(posted, sa.or_(counts.c.n.is_(None), counts.c.n != 2, counts.c.sides != 2)),
            sa.and_(~posted, counts.c.n.is_not(None))))
        .order_by(Exchange.id)).all()
    return [Breach("two_entries", f"exchanges without exactly their two entries: {_ids(wrong)}")
            ] if wrong else []


def entries_match() -> list[Breach]:
    """Each entry says what its exchange says: parties, kind, unit, quantity and value (with
    the opposite signs for a reversal)."""
    x = Exchange
    sign = sa.case((x.reverses_id.is_(None), 1), else_=-1)
    member = sa.case((E.side == Side.GIVEN, x.provider_id), else_=x.beneficiary_id)
    counterpart = sa.case((E.side == Side.GIVEN, x.beneficiary_id), else_=x.provider_id)
    wrong = db.session.scalars(
        sa.select(E.id).join(x, x.id == E.exchange_id).where(sa.or_(
            E.member_id != member, E.counterpart_id != counterpart, E.kind != x.kind,
            E.unit != x.unit, E.quantity != sign * x.quantity,
            E.value.is_distinct_from(sign * x.value),
            E.booked_on < x.occurred_on))
        .order_by(E.id)).all()
    return [Breach("entries_match", f"entries that differ from their exchange: {_ids(wrong)}")
            ] if wrong else []


def reversals() -> list[Breach]:
    """A reversed exchange has one confirmed reversal; a confirmed reversal's original is
    reversed; nothing reverses a reversal."""
    original = aliased(Exchange)
    # `<> 'rejected'` is the unique index's condition: repeated, it lets SQLite use it.
    confirmed_reversal = (sa.select(Exchange.id).where(
        Exchange.reverses_id == original.id, Exchange.status != ExchangeStatus.REJECTED,
        Exchange.status == ExchangeStatus.CONFIRMED).exists())
    breaches = []
    unmatched = db.session.scalars(sa.select(original.id).where(
        original.status == ExchangeStatus.REVERSED, ~confirmed_reversal)).all()
    if unmatched:
        breaches.append(Breach("reversals", f"reversed without a reversal: {_ids(unmatched)}"))
    orphans = db.session.scalars(
        sa.select(Exchange.id).join(original, original.id == Exchange.reverses_id).where(
            Exchange.status == ExchangeStatus.CONFIRMED,
            sa.or_(original.status != ExchangeStatus.REVERSED, original.reverses_id.is_not(None)))
    ).all()
    if orphans:
        breaches.append(Breach("reversals",
                               f"reversals of an exchange not reversed: {_ids(orphans)}"))
    return breaches


def closed_periods() -> list[Breach]:
    """No entry came into a period after it closed, and the stored balances still hold."""
    breaches = []
    late = db.session.scalars(
        sa.select(E.id).join(LedgerClose, sa.and_(E.booked_on <= LedgerClose.ends_on,
                                                  E.created_at > LedgerClose.closed_at))
        .order_by(E.id)).all()
    if late:
        breaches.append(Breach("closed_periods",
                               f"entries booked in a period after it closed: {_ids(late)}"))
    # Each entry counts in the first close that ends on or after its day; summing the
    # closes in order gives each one's balances from the start, in one pass over the entries.
    first_close = (sa.select(sa.func.min(LedgerClose.ends_on))
                   .where(LedgerClose.ends_on >= E.booked_on).scalar_subquery())
    given = E.side == Side.GIVEN
    sums = {}
    for ends_on, m, k, u, gq, rq, gv, rv in db.session.execute(
            sa.select(first_close, E.member_id, E.kind, E.unit,
                      sa.func.sum(sa.case((given, E.quantity), else_=0)),
                      sa.func.sum(sa.case((given, 0), else_=E.quantity)),
                      sa.func.sum(sa.case((given, sa.func.coalesce(E.value, 0)), else_=0)),
                      sa.func.sum(sa.case((given, 0), else_=sa.func.coalesce(E.value, 0))))
            .where(first_close.is_not(None))
            .group_by(first_close, E.member_id, E.kind, E.unit)).all():
        sums.setdefault(ends_on, []).append(((m, k, u), (gq, rq, gv, rv)))
    running: dict[tuple, tuple] = {}
    for close in db.session.scalars(sa.select(LedgerClose).order_by(LedgerClose.ends_on)):
        for key, amounts in sums.get(close.ends_on, []):
            before = running.get(key, (0, 0, 0, 0))
            running[key] = tuple(Decimal(a) + Decimal(b) for a, b in zip(before, amounts,
                                                                          strict=True))
        stored = {(b.member_id, b.kind, b.unit): (b.given_quantity, b.received_quantity,
                                                  b.given_value, b.received_value)
                  for b in db.session.scalars(sa.select(ClosingBalance).where(
                      ClosingBalance.close_id == close.id))}
        if stored != running:
            breaches.append(Breach("closed_periods", f"the balances stored when the period "
                                   f"ending {close.ends_on} closed no longer hold"))
    return breaches


def triggers() -> list[Breach]:
    """The database still refuses to change the ledger, and still keeps its totals."""
    connection = db.session.connection()
    missing = guards.missing(connection) + totals.missing(connection)
    return [Breach("append_only", f"missing database triggers: {', '.join(missing)}")
            ] if missing else []


def running_totals() -> list[Breach]:
    """Each member's running totals of a month equal the sums of its entries."""
    drifted = totals.drift(db.session.connection())
    return [Breach("running_totals", "running totals that differ from their entries' sums: "
                   + _ids(f"{month} member {member} {side} {kind} {unit} {cooperation}"
                          for month, member, side, kind, unit, cooperation in drifted))
            ] if drifted else []


def search_version() -> list[Breach]:
    """The search's version still moves with the offers: without its triggers, no process
    would see a change to the catalogue (the matching that feeds the ledger reads it)."""
    missing = versions.missing(db.session.connection())
    return [Breach("search_version", "the search's version no longer follows: "
                   + ", ".join(missing))] if missing else []


CHECKS = (balanced, two_entries, entries_match, reversals, closed_periods, triggers,
          running_totals, search_version)


def check() -> list[Breach]:
    """Every breach of every invariant, read in a transaction of its own."""
    db.session.rollback()  # see everything committed so far
    try:
        return [breach for run in CHECKS for breach in run()]
    finally:
        db.session.rollback()
