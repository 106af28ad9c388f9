"""The cooperation network: who exchanged with whom over a period, weighted by value and by
the number of exchanges, for one kind or all; its layout for the page and its exports for
Gephi, with networkx."""

from __future__ import annotations

import io
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal

import networkx as nx
import sqlalchemy as sa
from flask import current_app

from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.ledger.models import LedgerEntry, Side
from pooling.ledger.statements import NET_COUNT, VALUE, ZERO, Period
from pooling.members.models import Member
from pooling.review.cooperation import in_period, members_of_pole

E = LedgerEntry
# How many members the page names as the most connected.
MOST_CONNECTED = 5
# Layouts kept per process: a dashboard is read over and over for the same few periods.
LAYOUTS_KEPT = 32
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

    @property
    def names(self) -> dict[int, str]:
        return {n.id: n.name for n in self.nodes}


def directed_pairs(period: Period, kind: OfferKind | None) -> list[tuple]:
    """(provider, beneficiary, value, exchanges) of each pair, net of reversals: one
    grouped query over the given entries."""
    where = [*in_period(period), E.side == Side.GIVEN]
    if kind is not None:
        where.append(E.kind == kind)
    return db.session.execute(
        sa.select(E.member_id, E.counterpart_id, VALUE, NET_COUNT).where(*where)
        .group_by(E.member_id, E.counterpart_id).having(NET_COUNT > 0)).all()


def last_entry_id() -> int:
    return db.session.scalar(sa.select(sa.func.max(E.id))) or 0


def layout(period: Period, kind: OfferKind | None, graph: nx.Graph) -> dict[int, tuple]:
    """Positions from 0 to 1, by a spring layout with a fixed seed (the same drawing for the
    same ledger), kept until the ledger grows."""
    cache = current_app.extensions.setdefault("review_network_layouts", OrderedDict())
    key = (period, kind, last_entry_id(), graph.number_of_nodes(), graph.number_of_edges())
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    positions: dict[int, tuple] = {}
    if graph.number_of_nodes():
        # The lightest tie still pulls a little: a pair that exchanged without value.
        heaviest = max((float(w) for _a, _b, w in graph.edges(data="value")), default=0) or 1
        weighted = nx.Graph()
        weighted.add_nodes_from(graph)
        weighted.add_edges_from((a, b, {"weight": 0.2 + float(w) / heaviest})
                                for a, b, w in graph.edges(data="value"))
        raw = nx.spring_layout(weighted, weight="weight", seed=LAYOUT_SEED,
                               k=1.6 / max(graph.number_of_nodes(), 1) ** 0.5)
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
        positions = {n: (float((p[0] - min(xs)) / span_x), float((p[1] - min(ys)) / span_y))
                     for n, p in raw.items()}
    cache[key] = positions
    while len(cache) > LAYOUTS_KEPT:
        cache.popitem(last=False)
    return positions


def graph_of(period: Period, kind: OfferKind | None, members: dict[int, str]) -> nx.Graph:
    """The undirected network: members as nodes, pairs as edges with their value and
    exchanges; what each node gave and received as attributes."""
    graph = nx.Graph()
    for member_id, name in members.items():
        graph.add_node(member_id, name=name, given=ZERO, received=ZERO, exchanges=0)
    for provider, beneficiary, value, count in directed_pairs(period, kind):
        value = Decimal(value).quantize(ZERO)
        for node in (provider, beneficiary):
            if node not in graph:  # a member who has left since
                graph.add_node(node, name="", given=ZERO, received=ZERO, exchanges=0)
            graph.nodes[node]["exchanges"] += count
        graph.nodes[provider]["given"] += value
        graph.nodes[beneficiary]["received"] += value
        if graph.has_edge(provider, beneficiary):
            graph.edges[provider, beneficiary]["value"] += value
            graph.edges[provider, beneficiary]["exchanges"] += count
        else:
            graph.add_edge(provider, beneficiary, value=value, exchanges=count)
    return graph


def network(period: Period, kind: OfferKind | None = None) -> Network:
    """The period's cooperation network, drawn and with its most and least connected."""
    members = members_of_pole(period)
    graph = graph_of(period, kind, members)
    unnamed = [n for n, name in graph.nodes(data="name") if not name]
    if unnamed:
        names = dict(db.session.execute(
            sa.select(Member.id, Member.name).where(Member.id.in_(unnamed))).all())
        for n in unnamed:
            graph.nodes[n]["name"] = names.get(n, str(n))
    positions = layout(period, kind, graph)
    nodes = {n: Node(id=n, name=data["name"], degree=graph.degree(n),
                     strength=data["given"] + data["received"], given=data["given"],
                     received=data["received"], exchanges=data["exchanges"],
                     x=positions[n][0], y=positions[n][1])
             for n, data in graph.nodes(data=True)}
    by_name = sorted(nodes.values(), key=lambda n: n.name.lower())
    connected = [n for n in by_name if n.degree]
    edges = sorted((Edge(min(a, b), max(a, b), data["value"], data["exchanges"])
                    for a, b, data in graph.edges(data=True)),
                   key=lambda e: (-e.value, -e.exchanges, e.source, e.target))
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
