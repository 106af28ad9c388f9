"""The cooperation network: who exchanged with whom over a period, weighted by value and by
the number of exchanges, for one kind or all; its layout for the page and its exports for
Gephi, with networkx."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache

import networkx as nx
import sqlalchemy as sa

from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.ledger.models import Side
from pooling.ledger.statements import ZERO, Period
from pooling.members.models import Member
from pooling.review import ledger_totals
from pooling.review.cooperation import members_of_pole
from pooling.review.remembered import remembered

# How many members the page names as the most connected.
MOST_CONNECTED = 5
LAYOUT_SEED = 14


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    degree: int  # distinct partners in the network
    strength: Decimal  # value of its exchanges, given and received (the weighted degree)
    given: Decimal
    received: Decimal
    exchanges: int
    x: float  # position in the drawing, from 0 to 1
    y: float


@dataclass(frozen=True)
class Edge:
    """A pair of organisations that exchanged, whichever gave: `source` has the smaller id."""

    source: int
    target: int
    value: Decimal
    exchanges: int


@dataclass(frozen=True)
class Network:
    period: Period
    kind: OfferKind | None  # None: every kind
    nodes: tuple[Node, ...]  # by name
    edges: tuple[Edge, ...]  # heaviest first
    isolated: tuple[Node, ...]  # members of the pole with no exchange
    most_connected: tuple[Node, ...]  # by degree
    heaviest: tuple[Node, ...]  # by weighted degree

    @cached_property
    def names(self) -> dict[int, str]:
        return {n.id: n.name for n in self.nodes}

    @cached_property
    def by_id(self) -> dict[int, Node]:
        return {n.id: n for n in self.nodes}

    @property
    def max_degree(self) -> int:
        return max((n.degree for n in self.nodes), default=0)


def pairs(period: Period, kind: OfferKind | None) -> list[tuple]:
    """(smaller id, larger id, value, exchanges) of each pair, whichever gave, net of
    reversals: one grouped query over the pairs' monthly totals and the edges' entries."""
    where = [] if kind is None else [lambda t: t.kind == kind.value]
    rows = ledger_totals.rows(*ledger_totals.pair_rows(period.start, period.end, *where))
    count = ledger_totals.net(rows.c.exchanges)
    return db.session.execute(
        sa.select(rows.c.member_id, rows.c.counterpart_id,
                  sa.func.coalesce(sa.func.sum(rows.c.value), 0), count)
        .group_by(rows.c.member_id, rows.c.counterpart_id).having(count > 0)).all()


def sides(period: Period, kind: OfferKind | None) -> list[tuple]:
    """(member, side, value, exchanges) of each member that exchanged, net of reversals."""
    where = [] if kind is None else [lambda t: t.kind == kind.value]
    rows = ledger_totals.rows(*ledger_totals.member_rows(period.start, period.end, *where))
    return [(member_id, Side(side), value, count) for member_id, side, value, count in
            db.session.execute(
                sa.select(rows.c.member_id, rows.c.side,
                          sa.func.coalesce(sa.func.sum(rows.c.value), 0),
                          ledger_totals.net(rows.c.exchanges))
                .group_by(rows.c.member_id, rows.c.side)).all()]


def layout(graph: nx.Graph) -> dict[int, tuple[float, float]]:
    """Positions from 0 to 1, by a spring layout of who cooperates with whom, with a fixed
    seed: the same pairs are drawn the same way, and a new exchange between partners of old
    moves nobody (its value shows in the line's width). Members with no exchange would be
    flung to the edges and squeeze the others: they stand in a row beneath them instead."""
    if not graph.number_of_nodes():
        return {}
    # Plain lists, not subgraph views: iterating a view of thousands of pairs took longer
    # than the layout itself.
    isolated = tuple(sorted((n for n in graph if not graph.adj[n]),
                            key=lambda n: graph.nodes[n].get("name", "")))
    connected = tuple(sorted(n for n in graph if graph.adj[n]))
    ties = tuple(sorted((min(a, b), max(a, b)) for a, b in graph.edges))
    positions = dict(spring_positions(connected, ties, bool(isolated)))
    for index, n in enumerate(isolated):
        positions[n] = ((index + 0.5) / len(isolated), 1.0 if connected else 0.5)
    return positions


@lru_cache(maxsize=64)
def spring_positions(connected: tuple[int, ...], ties: tuple[tuple[int, int], ...],
                     room_beneath: bool) -> tuple[tuple[int, tuple[float, float]], ...]:
    """The connected members' positions, kept while the pairs stay the same: the layout of
    hundreds of members costs more than the rest of the dashboard."""
    if not connected:
        return ()
    band = 0.88 if room_beneath else 1.0
    graph = nx.Graph()
    graph.add_nodes_from(connected)
    graph.add_edges_from(ties)
    # The force method: networkx's other one, for large graphs, needs scipy.
    raw = nx.spring_layout(graph, seed=LAYOUT_SEED, method="force",
                           k=1.6 / graph.number_of_nodes() ** 0.5)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    return tuple((n, ((float(p[0]) - min(xs)) / span_x, (float(p[1]) - min(ys)) / span_y * band))
                 for n, p in sorted(raw.items()))


def graph_of(period: Period, kind: OfferKind | None, members: dict[int, str]) -> nx.Graph:
    """The undirected network: members as nodes, pairs as edges with their value and
    exchanges; what each node gave and received as attributes. Two grouped queries."""
    graph = nx.Graph()
    for member_id, name in members.items():
        graph.add_node(member_id, name=name, given=ZERO, received=ZERO, exchanges=0)
    for member_id, side, value, count in sides(period, kind):
        if member_id not in graph:  # a member who has left since
            graph.add_node(member_id, name="", given=ZERO, received=ZERO, exchanges=0)
        node = graph.nodes[member_id]
        node["given" if side == Side.GIVEN else "received"] = Decimal(value).quantize(ZERO)
        node["exchanges"] += count
    # Each pair once (the smaller id first), kept beside the graph for the list of edges.
    graph.graph["pairs"] = [(a, b, Decimal(value).quantize(ZERO), count)
                            for a, b, value, count in pairs(period, kind)]
    graph.add_edges_from((a, b, {"value": value, "exchanges": count})
                         for a, b, value, count in graph.graph["pairs"])
    for n in graph:  # a pair's member that no side named: none, but never a missing key
        for name, empty in (("name", ""), ("given", ZERO), ("received", ZERO),
                            ("exchanges", 0)):
            graph.nodes[n].setdefault(name, empty)
    return graph


def network(period: Period, kind: OfferKind | None = None) -> Network:
    """The period's cooperation network, drawn and with its most and least connected; kept
    until the ledger or the members change (a layout of hundreds of members takes longer
    than the rest of the dashboard)."""
    return remembered("network", (period, kind),
                      lambda: build(period, kind, members_of_pole(period)))


def build(period: Period, kind: OfferKind | None, members: dict[int, str]) -> Network:
    """The network computed afresh: one grouped query, then networkx."""
    graph = graph_of(period, kind, members)
    unnamed = [n for n, name in graph.nodes(data="name") if not name]
    if unnamed:
        names = dict(db.session.execute(
            sa.select(Member.id, Member.name).where(Member.id.in_(unnamed))).all())
        for n in unnamed:
            graph.nodes[n]["name"] = names.get(n, str(n))
    positions = layout(graph)
    nodes = {n: Node(id=n, name=data["name"], degree=graph.degree(n),
                     strength=data["given"] + data["received"], given=data["given"],
                     received=data["received"], exchanges=data["exchanges"],
                     x=positions[n][0], y=positions[n][1])
             for n, data in graph.nodes(data=True)}
    by_name = sorted(nodes.values(), key=lambda n: n.name.lower())
    connected = [n for n in by_name if n.degree]
    edges = [Edge(a, b, value, count) for a, b, value, count in sorted(
        graph.graph["pairs"], key=lambda pair: (-pair[2], -pair[3], pair[0], pair[1]))]
    return Network(
        period=period, kind=kind, nodes=tuple(by_name), edges=tuple(edges),
        isolated=tuple(n for n in by_name if not n.degree and n.id in members),
        most_connected=tuple(sorted(connected, key=lambda n: -n.degree)[:MOST_CONNECTED]),
        heaviest=tuple(sorted(connected, key=lambda n: -n.strength)[:MOST_CONNECTED]))


def export_graph(net: Network) -> nx.Graph:
    """The network as Gephi reads it: labels, and numbers as floats (GEXF and GraphML have no
    decimal type)."""
    graph = nx.Graph(name="cooperation")
    for n in net.nodes:
        graph.add_node(n.id, label=n.name, degree=n.degree, given=float(n.given),
                       received=float(n.received), exchanges=n.exchanges)
    for e in net.edges:
        graph.add_edge(e.source, e.target, weight=float(e.value), exchanges=e.exchanges)
    return graph


def gexf(net: Network) -> bytes:
    out = io.BytesIO()
    nx.write_gexf(export_graph(net), out)
    return out.getvalue()


def graphml(net: Network) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(export_graph(net), out)
    return out.getvalue()
