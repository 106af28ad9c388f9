"""The ledger's entries counted per month agree with the ledger after any exchanges and
reversals; the pairs read from each month kept in memory, the sums of a period's months
updated month by month, the balance's concentration summed from them, and the partners known
before a period equal the same summed from the ledger alone; the figures kept for a period
move when an entry of it or before it comes, and only then; and the network's layout is
networkx's, step for step."""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import networkx as nx
import numpy as np
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.ledger import services
from pooling.ledger.models import Cooperation, ExchangeUnit, LedgerEntry
from pooling.ledger.statements import Period
from pooling.review import balance, cooperation, ledger_totals, network, sums
from pooling.review.models import LedgerCount
from pooling.review.remembered import state_until
from tests import cooperation_pole
from tests.integration.test_review_ledger_totals import OPERATIONS, PERIODS, play, rated_pole

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))
BEFORE = Period(date(2025, 1, 1), date(2025, 12, 31))


def counts() -> dict[date, int]:
    """The counts kept, per month."""
    return {month: entries for month, entries in db.session.execute(
        sa.select(LedgerCount.month, sa.func.sum(LedgerCount.entries))
        .group_by(LedgerCount.month)) if entries}


def ledger_counts() -> dict[date, int]:
    """The entries of the ledger counted per month, in Python."""
    found: dict[date, int] = {}
    for day in db.session.scalars(sa.select(LedgerEntry.booked_on)):
        found[day.replace(day=1)] = found.get(day.replace(day=1), 0) + 1
    return found


def raw_pairs(period: Period) -> set[tuple]:
    """The period's pairs summed from the ledger's entries alone, in Python."""
    totals: dict[tuple[int, int], list] = {}
    for a, b, quantity, value in db.session.execute(
            sa.select(LedgerEntry.member_id, LedgerEntry.counterpart_id, LedgerEntry.quantity,
                      LedgerEntry.value)
            .where(LedgerEntry.booked_on.between(period.start, period.end),
                   LedgerEntry.member_id < LedgerEntry.counterpart_id)):
        cell = totals.setdefault((a, b), [Decimal(0), 0])
        cell[0] += value or 0
        cell[1] += 1 if quantity > 0 else -1
    return {(a, b, value, count) for (a, b), (value, count) in totals.items() if count > 0}


def raw_partners_before(start: date) -> set[tuple[int, int]]:
    net: dict[tuple[int, int], int] = {}
    for a, b, quantity in db.session.execute(
            sa.select(LedgerEntry.member_id, LedgerEntry.counterpart_id, LedgerEntry.quantity)
            .where(LedgerEntry.booked_on < start,
                   LedgerEntry.member_id < LedgerEntry.counterpart_id)):
        net[(a, b)] = net.get((a, b), 0) + (1 if quantity > 0 else -1)
    return {pair for pair, count in net.items() if count > 0}


def raw_concentration(period: Period) -> tuple:
    """The balance's concentration summed from the ledger's entries alone: each exchange
    once by its pair, those reversed in the period netting out."""
    figures = balance.compute(period)
    top = figures.concentration.top
    busiest = {f.member_id for f in sorted(figures.flows, key=lambda f: (
        -f.exchanges, f.name.lower()))[:top]}
    richest = {f.member_id for f in sorted(figures.flows, key=lambda f: (
        -f.volume, f.name.lower()))[:top]}
    total = busy = 0
    value = rich = Decimal(0)
    for a, b, quantity, worth in db.session.execute(
            sa.select(LedgerEntry.member_id, LedgerEntry.counterpart_id, LedgerEntry.quantity,
                      LedgerEntry.value)
            .where(LedgerEntry.booked_on.between(period.start, period.end),
                   LedgerEntry.member_id < LedgerEntry.counterpart_id)):
        sign = 1 if quantity > 0 else -1
        total += sign
        busy += sign if busiest & {a, b} else 0
        value += worth or 0
        rich += (worth or 0) if richest & {a, b} else 0
    return (busy / total if total > 0 else None,
            float(rich / value) if value > 0 else None)


def everything_raw(start, end):
    return date.min, date.min, [(start or date.min, end + timedelta(days=1))]


def test_counts_and_kept_pairs_equal_the_ledger_after_any_exchanges_and_reversals(
        app, pole, make_member):
    orgs = rated_pole(pole, make_member)

    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(OPERATIONS)
    def check(operations):
        play(pole.cell, orgs, operations)
        db.session.expire_all()
        assert counts() == ledger_counts()
        for period in PERIODS:
            # Kept months, and the sums of the period's months updated month by month.
            assert set(cooperation.pairs_of(period)) == raw_pairs(period), period
            assert cooperation.partners_before(period.start) == raw_partners_before(
                period.start)
            # Read through what each process keeps: never older than the ledger.
            assert cooperation.figures(period) == cooperation.compute(period)
            concentration = balance.figures(period).concentration
            assert (concentration.exchange_share,
                    concentration.value_share) == raw_concentration(period), period
            kept = network.network(period)
            assert list(kept.edges) == sorted(kept.edges, key=lambda e: (
                -e.value, -e.exchanges, e.source, e.target))  # heaviest first
            # The members' sums kept month by month, read by the balance and the
            # cooperation figures, are those of the entries alone.
            figures = (cooperation.figures(period), balance.figures(period))
            with mock.patch.object(ledger_totals, "split", everything_raw):
                assert set(cooperation.pairs_of(period)) == raw_pairs(period), period
                assert kept == network.build(period, None,
                                             cooperation.members_of_pole(period))
                assert figures == (cooperation.compute(period), balance.compute(period))

    check()
    db.session.commit()
    ledger_totals.rebuild_counts(db.session.connection())
    db.session.commit()
    assert counts() == ledger_counts()


def test_the_concentration_counts_a_reversal_booked_after_its_period_closed(pole, make_member):
    """A reversal of an exchange whose period is closed is booked in the next open period,
    where its pair nets below nothing: the concentration counts it, as the ledger does."""
    a, b, c, d = rated_pole(pole, make_member)
    skill, hour, how = OfferKind.SKILL, ExchangeUnit.HOUR, Cooperation.STRATEGIC
    late = cooperation_pole.exchange(pole.cell, c, d, skill, "1", hour, date(2026, 3, 12), how)
    for partner, day in ((b, 2), (c, 3), (d, 6)):
        cooperation_pole.exchange(pole.cell, a, partner, skill, "2", hour,
                                  date(2026, 4, day), how)
    cooperation_pole.exchange(pole.cell, b, c, skill, "2", hour, date(2026, 4, 9), how)
    services.close_period(pole.cell, date(2026, 1, 1), date(2026, 3, 31),
                          today=cooperation_pole.TODAY)
    services.reverse(pole.cell, late.id, "Erreur")
    april = Period(date(2026, 4, 1), date(2026, 4, 30))
    _value, count = sums.pair_sums(april)[min(c.id, d.id), max(c.id, d.id)]
    assert count == -1  # its reversal, booked in April
    found = balance.figures(april).concentration
    assert (found.exchange_share, found.value_share) == raw_concentration(april)
    # 4 exchanges of 80 less the reversal of 40: 3 net, 280; A, the busiest and the
    # richest of 4 members (the top is 1), took part in 3 of them, for 240.
    assert found.exchange_share == 1.0
    assert found.value_share == pytest.approx(240 / 280)
    # The strategic exchanges net of it: 4 less 1; C, whose only given entry in April is
    # the reversal, has none.
    strategic = cooperation.figures(april).by_cooperation[1]
    assert (strategic.cooperation, strategic.exchanges) == (Cooperation.STRATEGIC, 3)


@pytest.fixture
def small_pole(pole, make_member):
    return cooperation_pole.small_pole(pole, make_member)


def test_a_past_year_is_kept_until_an_exchange_of_it_comes(app, pole, small_pole):
    s = small_pole
    kept = state_until(BEFORE.end)
    assert (cooperation.figures(BEFORE).pairs, cooperation.figures(YEAR).pairs) == (1, 4)
    # I gives F in 2026: the year before is summed from the same entries as before.
    cooperation_pole.exchange(pole.cell, s.i, s.f, OfferKind.SKILL, "1", ExchangeUnit.HOUR,
                              date(2026, 10, 1), Cooperation.STRATEGIC)
    assert state_until(BEFORE.end) == kept
    assert (cooperation.figures(BEFORE).pairs, cooperation.figures(YEAR).pairs) == (1, 5)
    # An exchange dated in 2025 moves the year before, and its new pair is no longer new in
    # 2026.
    assert cooperation.figures(YEAR).new_partnerships == 4
    cooperation_pole.exchange(pole.cell, s.i, s.f, OfferKind.SKILL, "1", ExchangeUnit.HOUR,
                              date(2025, 11, 3), Cooperation.STRATEGIC)
    assert state_until(BEFORE.end) != kept
    assert cooperation.figures(BEFORE).pairs == 2
    assert cooperation.figures(YEAR).new_partnerships == 3


GRAPHS = st.lists(st.tuples(st.integers(1, 30), st.integers(1, 30)).filter(
    lambda tie: tie[0] != tie[1]), min_size=1, max_size=80)


@settings(max_examples=60, deadline=None)
@given(GRAPHS)
def test_the_layout_is_networkxs_step_for_step(pairs):
    ties = tuple(sorted({(min(a, b), max(a, b)) for a, b in pairs}))
    nodes = tuple(sorted({n for tie in ties for n in tie}))
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(ties)
    k = 1.6 / len(nodes) ** 0.5
    expected = nx.spring_layout(graph, seed=network.LAYOUT_SEED, method="force", k=k)
    ours = network.spring_layout(nodes, ties, network.LAYOUT_SEED, k)
    assert np.array_equal(ours, np.array([expected[n] for n in nodes]))
