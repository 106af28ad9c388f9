"""The review's cooperation, network and balance, on a small pole whose every figure is
worked out by hand below.

The pole in 2026 (the period), with the valuation grid: skill 40 an hour, premises 12 an
hour, tool 15 a day. A = Ressourcerie La Remise, B = Théâtre du Réel, C = Coopér'Actions (the
cell's organisation), D = Fournil d'Eybens, F = Jardins du Trièves, I = Recyclerie du Vercors.

    #1 2025-06-10  A → B  skill    2 h   =  80  strategic   (before: A–B is an old pair)
    #2 2026-03-02  A → B  skill    3 h   = 120  commercial
    #3 2026-04-01  B → A  tool     2 d   =  30  strategic
    #4 2026-05-05  F → D  skill    1 h   =  40  strategic   (new pair D–F)
    #5 2026-06-01  A → D  tool     1 d   =  15  commercial  (new pair A–D)
    #6 2026-07-01  C → B  skill    5 h   = 200  strategic, then reversed: it nets out
    #7 2026-08-01  F → A  premises 4 h   =  48  strategic   (new pair A–F)
    #8 2026-09-15  B → A  skill    1 h   =  40  strategic

So in 2026: D only receives, F only gives, C's one exchange was cancelled and C and I are
isolated; 6 exchanges count (#2, #3, #4, #5, #7, #8) for 120+30+40+15+48+40 = 293.
"""

from datetime import date
from decimal import Decimal

import networkx as nx
import pytest

from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.ledger.models import Cooperation, ExchangeUnit
from pooling.ledger.statements import Period
from pooling.review import balance, cooperation, network
from tests import cooperation_pole

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def small_pole(pole, make_member):
    return cooperation_pole.small_pole(pole, make_member)


def test_partners_per_member_count_every_member_and_net_out_reversals(small_pole):
    figures = cooperation.figures(YEAR)
    # Members at the end of 2026: A, B, C, D, F, I (the one joining in 2027 is not yet).
    assert figures.members == 6
    # Partners: A has B, D, F (3); B has A (1; C's exchange was reversed); C none (0);
    # D has F, A (2); F has D, A (2); I none (0). Sum 8 over 6 members.
    assert figures.partners_average == pytest.approx(8 / 6)
    assert figures.partners_median == 1.5  # sorted 0, 0, 1, 2, 2, 3: (1 + 2) / 2
    assert [(b.label, b.members) for b in figures.distribution] == [
        ("0", 2), ("1", 1), ("2", 2), ("3", 1), ("4", 0), ("5–9", 0), ("10+", 0)]
    assert figures.above_survey == 0 and figures.above_survey_share == 0


def test_new_partnerships_are_pairs_that_never_exchanged_before(small_pole):
    figures = cooperation.figures(YEAR)
    # Pairs of 2026: A–B, A–D, A–F, D–F (B–C nets out); A–B exchanged in 2025.
    assert figures.pairs == 4
    assert figures.new_partnerships == 3
    # In 2025, A–B was new: nothing before it.
    before = cooperation.figures(YEAR.previous())
    assert (before.pairs, before.new_partnerships) == (1, 1)


def test_commercial_and_strategic_shares_of_exchanges_and_members(small_pole):
    figures = cooperation.figures(YEAR)
    assert figures.exchanges == 6
    commercial, strategic = figures.by_cooperation
    assert commercial.cooperation == Cooperation.COMMERCIAL
    # Commercial: #2 (A, B) and #5 (A, D): 2 of 6 exchanges, 3 of 6 members.
    assert (commercial.exchanges, commercial.members) == (2, 3)
    assert commercial.exchange_share == pytest.approx(2 / 6)
    assert commercial.member_share == pytest.approx(3 / 6)
    # Strategic: #3, #4, #7, #8 (#6 and its reversal net to none): 4 of 6; members A, B,
    # D, F (C's only strategic exchange was reversed): 4 of 6.
    assert (strategic.exchanges, strategic.members) == (4, 4)
    assert strategic.exchange_share == pytest.approx(4 / 6)
    assert strategic.member_share == pytest.approx(4 / 6)


def test_an_organisations_partners_say_what_went_each_way_and_which_are_new(small_pole):
    s = small_pole
    partners = cooperation.partners_of(s.a.id, YEAR)
    # By name: Fournil (D), Jardins (F), Théâtre (B).
    assert [(p.name, p.given_value, p.received_value, p.given_count, p.received_count,
             p.new) for p in partners] == [
        ("Fournil d'Eybens", Decimal("15.00"), Decimal("0.00"), 1, 0, True),  # #5
        ("Jardins du Trièves", Decimal("0.00"), Decimal("48.00"), 0, 1, True),  # #7
        # Given #2 = 120; received #3 + #8 = 30 + 40 = 70; they exchanged in 2025.
        ("Théâtre du Réel", Decimal("120.00"), Decimal("70.00"), 1, 2, False)]
    assert partners[2].exchanges == 3
    assert cooperation.partners_of(s.c.id, YEAR) == []  # its one exchange was reversed


def test_given_and_received_per_member_and_kind(small_pole):
    s = small_pole
    figures = balance.figures(YEAR)
    flows = {f.member_id: f for f in figures.flows}
    assert s.c.id not in flows and s.i.id not in flows  # nothing that counts
    a = flows[s.a.id]
    # A gave #2 (skill 120) and #5 (tool 15); received #3 (tool 30), #7 (premises 48) and
    # #8 (skill 40).
    assert (a.given_value, a.received_value, a.given_count, a.received_count) == (
        Decimal("135.00"), Decimal("118.00"), 2, 3)
    assert a.kind(OfferKind.TOOL).given_value == Decimal("15.00")
    assert a.kind(OfferKind.TOOL).received_value == Decimal("30.00")
    b = flows[s.b.id]
    # B received #2 (120) and #6 (200) less its reversal (-200); gave #3 (30) and #8 (40).
    assert (b.given_value, b.received_value, b.received_count) == (
        Decimal("70.00"), Decimal("120.00"), 1)
    assert b.balance == Decimal("-50.00")
    assert [f.name for f in figures.only_give] == ["Jardins du Trièves"]  # F: 40 + 48
    assert [f.name for f in figures.only_receive] == ["Fournil d'Eybens"]  # D: 40 + 15
    assert flows[s.f.id].given_value == Decimal("88.00")
    assert flows[s.d.id].received_value == Decimal("55.00")
    # Each exchange once: premises 48 (#7); skill 120 + 40 + 40 = 200 (#2, #4, #8); tool
    # 30 + 15 = 45 (#3, #5).
    assert [(k.kind, k.value, k.exchanges) for k in figures.by_kind] == [
        (OfferKind.PREMISES, Decimal("48.00"), 1), (OfferKind.SKILL, Decimal("200.00"), 3),
        (OfferKind.TOOL, Decimal("45.00"), 2)]
    assert (figures.value, figures.exchanges) == (Decimal("293.00"), 6)


def test_concentration_on_the_most_active_fifth(small_pole):
    c = balance.figures(YEAR).concentration
    # 20 % of 6 members is 1.2, rounded up: the 2 most active.
    assert (c.members, c.top) == (6, 2)
    # By exchanges: A 5, B 3, D 2, F 2: A and B took part in every exchange but #4 (F → D).
    assert c.exchange_share == pytest.approx(5 / 6)
    # By value: A 135 + 118 = 253, B 70 + 120 = 190: every value but #4's 40, of 293.
    assert c.value_share == pytest.approx(253 / 293)


def test_twenty_percent_is_rounded_up():
    assert [balance.top_count(n) for n in (0, 1, 5, 6, 10, 11, 300)] == [0, 1, 1, 2, 2, 3, 60]


def test_the_network_weights_pairs_by_value_and_names_isolated_and_connected(app, small_pole):
    s = small_pole
    net = network.network(YEAR)
    assert {n.id for n in net.nodes} == {s.a.id, s.b.id, s.c.id, s.d.id, s.f.id, s.i.id}
    edges = {(e.source, e.target): (e.value, e.exchanges) for e in net.edges}
    pair = lambda x, y: (min(x.id, y.id), max(x.id, y.id))  # noqa: E731
    # A–B: 120 + 30 + 40 = 190 in 3 exchanges; the others one exchange each.
    assert edges == {pair(s.a, s.b): (Decimal("190.00"), 3),
                     pair(s.a, s.f): (Decimal("48.00"), 1),
                     pair(s.d, s.f): (Decimal("40.00"), 1),
                     pair(s.a, s.d): (Decimal("15.00"), 1)}
    assert net.edges[0].value == Decimal("190.00")  # heaviest first
    assert [n.name for n in net.isolated] == ["Coopér'Actions", "Recyclerie du Vercors"]
    # Degrees: A 3, D 2, F 2, B 1 (ties by name).
    assert [(n.name, n.degree) for n in net.most_connected] == [
        ("Ressourcerie La Remise", 3), ("Fournil d'Eybens", 2), ("Jardins du Trièves", 2),
        ("Théâtre du Réel", 1)]
    # Weighted degree: A 253, B 190, F 88, D 55.
    assert [(n.name, n.strength) for n in net.heaviest] == [
        ("Ressourcerie La Remise", Decimal("253.00")), ("Théâtre du Réel", Decimal("190.00")),
        ("Jardins du Trièves", Decimal("88.00")), ("Fournil d'Eybens", Decimal("55.00"))]
    for n in net.nodes:
        assert 0 <= n.x <= 1 and 0 <= n.y <= 1


def test_the_network_of_one_kind(app, small_pole):
    s = small_pole
    net = network.network(YEAR, OfferKind.TOOL)
    # Tools: #3 B → A (30) and #5 A → D (15).
    assert sorted((e.value, e.exchanges) for e in net.edges) == [
        (Decimal("15.00"), 1), (Decimal("30.00"), 1)]
    degrees = {n.id: n.degree for n in net.nodes}
    assert (degrees[s.a.id], degrees[s.b.id], degrees[s.d.id]) == (2, 1, 1)
    assert [n.name for n in net.isolated] == [
        "Coopér'Actions", "Jardins du Trièves", "Recyclerie du Vercors"]
    nodes = {n.id: n for n in net.nodes}
    assert (nodes[s.a.id].given, nodes[s.a.id].received) == (Decimal("15.00"),
                                                               Decimal("30.00"))


def test_the_layout_is_the_same_for_the_same_ledger(app, small_pole):
    first = {n.id: (n.x, n.y) for n in network.network(YEAR).nodes}
    afresh = network.build(YEAR, None, cooperation.members_of_pole(YEAR))  # not remembered
    assert {n.id: (n.x, n.y) for n in afresh.nodes} == first


def test_a_new_exchange_between_partners_of_old_moves_nobody(app, pole, small_pole):
    s = small_pole
    before = {n.id: (n.x, n.y) for n in network.network(YEAR).nodes}
    # A gives B once more: the pair was there, only its value grows.
    cooperation_pole.exchange(pole.cell, s.a, s.b, OfferKind.SKILL, "2", ExchangeUnit.HOUR,
                              date(2026, 10, 2), Cooperation.STRATEGIC)
    after = network.network(YEAR)
    assert [e.value for e in after.edges if {e.source, e.target} == {s.a.id, s.b.id}][0] > 190
    assert {n.id: (n.x, n.y) for n in after.nodes} == before
    # A new pair is drawn anew: I leaves the row of members with no exchange.
    cooperation_pole.exchange(pole.cell, s.i, s.f, OfferKind.SKILL, "1", ExchangeUnit.HOUR,
                              date(2026, 10, 3), Cooperation.STRATEGIC)
    assert network.network(YEAR).by_id[s.i.id].y < 1.0


def test_remembered_figures_count_a_new_exchange_at_once(app, pole, small_pole):
    s = small_pole
    assert cooperation.figures(YEAR).pairs == 4
    assert balance.figures(YEAR).exchanges == 6
    assert network.network(YEAR).isolated[-1].id == s.i.id
    # I gives F an hour's skill (40): the pair I–F is new, I is no longer isolated.
    cooperation_pole.exchange(pole.cell, s.i, s.f, OfferKind.SKILL, "1", ExchangeUnit.HOUR,
                              date(2026, 10, 1), Cooperation.STRATEGIC)
    assert (cooperation.figures(YEAR).pairs, cooperation.figures(YEAR).new_partnerships) == (
        5, 4)
    assert balance.figures(YEAR).exchanges == 7
    assert [n.name for n in network.network(YEAR).isolated] == ["Coopér'Actions"]
    s.i.name = "Recyclerie du Vercors et du Trièves"  # a renamed member is named anew
    db.session.commit()
    assert "Recyclerie du Vercors et du Trièves" in network.network(YEAR).names.values()


@pytest.mark.parametrize("export, read", [(network.gexf, nx.read_gexf),
                                          (network.graphml, nx.read_graphml)])
def test_gephi_files_read_back_with_their_nodes_and_edges(app, small_pole, tmp_path,
                                                          export, read):
    s = small_pole
    path = tmp_path / "network"
    path.write_bytes(export(network.network(YEAR)))
    graph = read(path)
    labels = {data["label"] for _node, data in graph.nodes(data=True)}
    assert labels == {"Ressourcerie La Remise", "Théâtre du Réel", "Coopér'Actions",
                      "Fournil d'Eybens", "Jardins du Trièves", "Recyclerie du Vercors"}
    assert graph.number_of_edges() == 4
    ab = graph.edges[str(s.a.id), str(s.b.id)]
    assert (float(ab["weight"]), int(ab["exchanges"])) == (190.0, 3)
