"""The pole's totals of any period, read from the running totals of whole months and the
entries of the days at its edges, say what the entries themselves sum to; and `flask ledger
check` proves that the running totals have not drifted from the entries."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.ledger import checks, services, statements, totals
from pooling.ledger.models import (
    Cooperation,
    Exchange,
    ExchangeStatus,
    ExchangeUnit,
    LedgerEntry,
    LedgerTotal,
    Side,
)
from pooling.ledger.services import Declaration

TODAY = date(2026, 11, 20)
FIRST = date(2025, 10, 1)

exchanges = st.lists(st.tuples(
    st.permutations(range(3)).map(lambda p: p[:2]),
    st.sampled_from(list(OfferKind)), st.sampled_from(list(ExchangeUnit)),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999"), places=2),
    st.integers(min_value=0, max_value=(TODAY - FIRST).days),
    st.sampled_from(list(Cooperation)), st.booleans(), st.booleans()), min_size=1, max_size=12)
periods = st.tuples(st.integers(min_value=-40, max_value=(TODAY - FIRST).days + 40),
                    st.integers(min_value=0, max_value=500))


def post(pole, members, people, provider, beneficiary, kind, unit, quantity, day, cooperation,
         valued) -> Exchange:
    exchange = services.declare(people[provider], Declaration(
        members[provider].id, members[beneficiary].id, kind, quantity, unit, day, "Échange",
        cooperation=cooperation, valued=valued), today=TODAY)
    decider = pole.cell if exchange.declared_for_id is None else people[beneficiary]
    return services.confirm(decider, exchange.id)


def summed_from_entries(period: statements.Period) -> dict:
    """What the pole's totals must say, from every entry of the period, one by one."""
    by_kind: dict = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    balances: dict = defaultdict(lambda: [Decimal(0), Decimal(0), 0, 0])
    partners: dict = defaultdict(set)
    net_pairs: dict = defaultdict(int)
    commercial = 0
    for entry, cooperation in db.session.execute(
            sa.select(LedgerEntry, Exchange.cooperation)
            .join(Exchange, Exchange.id == LedgerEntry.exchange_id)
            .where(LedgerEntry.booked_on.between(period.start, period.end))).all():
        count = 1 if entry.quantity > 0 else -1
        value = entry.value or Decimal(0)
        partners[entry.member_id].add(entry.counterpart_id)
        b = balances[entry.member_id]
        if entry.side == Side.GIVEN:
            total = by_kind[entry.kind, entry.unit]
            total[0] += entry.quantity
            total[1] += value
            total[2] += count
            commercial += count if cooperation == Cooperation.COMMERCIAL else 0
            net_pairs[entry.member_id, entry.counterpart_id] += count
            b[0] += value
            b[2] += count
        else:
            b[1] += value
            b[3] += count
    return {
        "by_kind": [(k, u, q, v, n) for (k, u), (q, v, n) in sorted(by_kind.items())],
        "commercial": commercial,
        "pairs": sum(1 for n in net_pairs.values() if n > 0),
        "balances": {m: (*b, len(partners[m])) for m, b in balances.items()},
    }


def read_from_totals(period: statements.Period) -> dict:
    t = statements.pole_totals(period)
    return {
        "by_kind": [(x.kind, x.unit, x.quantity, x.value, x.count) for x in t.by_kind],
        "commercial": t.commercial,
        "pairs": t.pairs,
        "balances": {b.member_id: (b.given_value, b.received_value, b.given_count,
                                   b.received_count, b.partners) for b in t.balances},
    }


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(done=exchanges, asked=st.lists(periods, min_size=1, max_size=6))
def test_the_pole_totals_of_any_period_equal_the_sums_of_its_entries(pole, done, asked):
    members = [pole.org_a, pole.org_b, pole.cell_org]
    people = [pole.a_admin, pole.b_admin, pole.cell]
    for (provider, beneficiary), kind, unit, quantity, days, cooperation, valued, reversed_ in (
            done):
        exchange = post(pole, members, people, provider, beneficiary, kind, unit, quantity,
                        FIRST + timedelta(days=days), cooperation, valued)
        if reversed_:
            services.reverse(pole.cell, exchange.id, "Correction")
    # The database keeps what earlier examples wrote: whole years, months, odd spans.
    for start, length in [*asked, (92, 364), (0, 30)]:
        first = FIRST + timedelta(days=start)
        period = statements.Period(first, first + timedelta(days=length))
        assert read_from_totals(period) == summed_from_entries(period), period
    assert checks.check() == []


def test_a_reversal_takes_its_exchange_off_the_running_totals(pole):
    members = [pole.org_a, pole.org_b, pole.cell_org]
    people = [pole.a_admin, pole.b_admin, pole.cell]
    kept = post(pole, members, people, 0, 1, OfferKind.SKILL, ExchangeUnit.HOUR, Decimal("2"),
                date(2026, 3, 10), Cooperation.COMMERCIAL, True)
    cancelled = post(pole, members, people, 0, 1, OfferKind.SKILL, ExchangeUnit.HOUR,
                     Decimal("5"), date(2026, 3, 31), Cooperation.COMMERCIAL, True)
    reversal = services.reverse(pole.cell, cancelled.id, "Déclaré par erreur")
    assert reversal.status == ExchangeStatus.CONFIRMED
    row = db.session.scalars(sa.select(LedgerTotal).where(
        LedgerTotal.member_id == pole.org_a.id, LedgerTotal.side == Side.GIVEN)).one()
    assert (row.month, row.quantity, row.value, row.exchanges, row.entries) == (
        date(2026, 3, 1), Decimal("2.00"), kept.value or Decimal("0.00"), 1, 3)
    year = statements.pole_totals(statements.Period(date(2026, 1, 1), date(2026, 12, 31)))
    assert (year.exchanges, year.commercial, year.pairs) == (1, 1, 1)
    assert [(t.quantity, t.count) for t in year.by_kind] == [(Decimal("2.00"), 1)]


def test_the_check_reports_running_totals_changed_behind_the_applications_back(runner, pole):
    members = [pole.org_a, pole.org_b, pole.cell_org]
    people = [pole.a_admin, pole.b_admin, pole.cell]
    post(pole, members, people, 0, 1, OfferKind.TOOL, ExchangeUnit.DAY, Decimal("1"),
         date(2026, 5, 4), Cooperation.STRATEGIC, True)
    assert runner.invoke(args=["ledger", "check"]).exit_code == 0
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE ledger_totals SET quantity = quantity + 1 "
                             f"WHERE member_id = {pole.org_b.id}"))
    result = runner.invoke(args=["ledger", "check"])
    assert result.exit_code == 1
    assert (f"BREACH [running_totals] running totals that differ from their entries' sums: "
            f"2026-05-01 member {pole.org_b.id} received tool day strategic") in result.output


def test_the_check_reports_the_totals_trigger_removed(runner, pole):
    with db.engine.begin() as conn:
        totals.remove(conn)
    try:
        result = runner.invoke(args=["ledger", "check"])
        assert result.exit_code == 1
        assert "missing database triggers: ledger_entries_totals" in result.output
    finally:
        with db.engine.begin() as conn:
            totals.install(conn)


def test_totals_filled_from_existing_entries_equal_those_kept_entry_by_entry(pole):
    members = [pole.org_a, pole.org_b, pole.cell_org]
    people = [pole.a_admin, pole.b_admin, pole.cell]
    for day, quantity in ((date(2026, 1, 31), "1.25"), (date(2026, 2, 1), "3"),
                          (date(2026, 2, 14), "0.5")):
        exchange = post(pole, members, people, 1, 2, OfferKind.PREMISES, ExchangeUnit.HALF_DAY,
                        Decimal(quantity), day, Cooperation.STRATEGIC, True)
    services.reverse(pole.cell, exchange.id, "Annulé")
    kept = {(t.month, t.member_id, t.side, t.quantity, t.value, t.exchanges, t.entries)
            for t in db.session.scalars(sa.select(LedgerTotal))}
    db.session.rollback()
    with db.engine.begin() as conn:  # as the migration fills them
        conn.execute(sa.delete(LedgerTotal))
        totals.fill(conn)
    assert {(t.month, t.member_id, t.side, t.quantity, t.value, t.exchanges, t.entries)
            for t in db.session.scalars(sa.select(LedgerTotal))} == kept
    assert totals.drift(db.session.connection()) == []
