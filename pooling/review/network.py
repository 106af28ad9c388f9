"""The cooperation network: who exchanged with whom over a period, weighted by value and by
the number of exchanges, for one kind or all; its layout for the page and its exports for
Gephi, with networkx."""

from __future__ import annotations

import heapq
import io
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from itertools import starmap
from operator import itemgetter
from typing import NamedTuple, overload

import networkx as nx
import numpy as np
import sqlalchemy as sa
from networkx.drawing.layout import rescale_layout

from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.ledger.models import Side
from pooling.ledger.statements import ZERO, Period
from pooling.members.models import Member
from pooling.review import cooperation, kept, ledger_totals, sums
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


class Edge(NamedTuple):
    """A pair of organisations that exchanged, whichever gave: `source` has the smaller id."""

    source: int
    target: int
    value: Decimal
    exchanges: int


class Edges(Sequence[Edge]):
    """A network's pairs, heaviest first, then with the most exchanges, then by ids.

    Kept as plain tuples and read as `Edge`s: the garbage collector stops tracking tuples of
    plain values, where tens of thousands of kept objects made each of its full passes take
    hundreds of milliseconds. Sorted when first read whole (the API, the exports): the page
    reads only the heaviest few hundred, which a heap finds in a fraction of the time."""

    __slots__ = ("_pairs", "_rows", "_top")

    def __init__(self, pairs: Sequence[tuple[int, int, Decimal, int]]) -> None:
        self._pairs = pairs  # in any order
        self._rows: tuple[tuple[int, int, Decimal, int], ...] | None = None
        self._top: list[tuple[int, int, Decimal, int]] = []

    @property
    def rows(self) -> tuple[tuple[int, int, Decimal, int], ...]:
        """Every pair, heaviest first."""
        if self._rows is None:
            self._rows = tuple(sorted(self._pairs, key=lambda p: (-p[2], -p[3], p[0], p[1])))
        return self._rows

    def heaviest(self, count: int) -> list[tuple[int, int, Decimal, int]]:
        """The `count` first pairs."""
        if self._rows is not None:
            return list(self._rows[:count])
        if len(self._top) < min(count, len(self._pairs)):
            self._top = heapq.nlargest(count, self._pairs,
                                       key=lambda p: (p[2], p[3], -p[0], -p[1]))
        return self._top[:count]

    def __len__(self) -> int:
        return len(self._pairs)

    @overload
    def __getitem__(self, index: int) -> Edge: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Edge, ...]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            # A heap pays for the first eighth or so; beyond, the sort is as quick.
            if start == 0 and step == 1 and stop < len(self) // 8:
                return tuple(starmap(Edge, self.heaviest(stop)))
            return tuple(starmap(Edge, self.rows[index]))
        if 0 <= index < len(self) // 8:
            return Edge(*self.heaviest(index + 1)[index])
        return Edge(*self.rows[index])

    def __iter__(self) -> Iterator[Edge]:
        return starmap(Edge, self.rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Edges) and self.rows == other.rows

    def __hash__(self) -> int:
        return hash(self.rows)

    def __repr__(self) -> str:
        return f"Edges({self.rows!r})"

    def __reduce__(self):
        # Pickled by columns for the other processes (pooling.review.kept): a year's tens
        # of thousands of decimals pickle several times faster as one text.
        columns = tuple(zip(*self.rows, strict=True)) or ((), (), (), ())
        sources, targets, values, counts = columns
        return (Edges.from_columns, (array("q", sources).tobytes(), array("q", targets).tobytes(),
                                     " ".join(map(str, values)), array("q", counts).tobytes()))

    @classmethod
    def from_columns(cls, sources: bytes, targets: bytes, values: str, counts: bytes) -> Edges:
        edges = cls(tuple(zip(array("q", sources), array("q", targets),
                              map(Decimal, values.split()), array("q", counts), strict=True)))
        edges._rows = edges._pairs  # pickled in order
        return edges


@dataclass(frozen=True)
class Network:
    period: Period
    kind: OfferKind | None  # None: every kind
    nodes: tuple[Node, ...]  # by name
    edges: Edges  # heaviest first
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
    return [(a, b, Decimal(value).quantize(ZERO), n) for a, b, value, n in db.session.execute(
        sa.select(rows.c.member_id, rows.c.counterpart_id,
                  sa.func.coalesce(sa.func.sum(rows.c.value), 0), count)
        .group_by(rows.c.member_id, rows.c.counterpart_id).having(count > 0)).all()]


def kept_pairs(period: Period, kind: OfferKind | None) -> list[tuple]:
    """`pairs`, of every kind read once for the cooperation figures and the network."""
    return cooperation.pairs(period) if kind is None else pairs(period, kind)


def sides(period: Period, kind: OfferKind | None, summed: sums.Sums | None = None
          ) -> list[tuple]:
    """(member, side, value, exchanges) of each member that exchanged, net of reversals
    (`summed`: the period's `sums.member_sums_of`, when read already)."""
    found: dict[tuple[int, str], list] = {}
    for (member_id, side, of_kind, _how), (value, count) in (
            sums.member_sums_of(period) if summed is None else summed).items():
        if kind is None or of_kind == kind.value:
            cell = found.setdefault((member_id, side), [ZERO, 0])
            cell[0] += value
            cell[1] += count
    return [(member_id, sums.SIDES[side], value, count)
            for (member_id, side), (value, count) in found.items()]


def layout(names: dict[int, str],
           ties: list[tuple[int, int]]) -> dict[int, tuple[float, float]]:
    """Positions from 0 to 1 of the members `names` (id: name), by a spring layout of who
    cooperates with whom (`ties`, each pair once, the smaller id first), with a fixed seed:
    the same pairs are drawn the same way, and a new exchange between partners of old moves
    nobody (its value shows in the line's width). Members with no exchange would be flung
    to the edges and squeeze the others: they stand in a row beneath them instead."""
    if not names:
        return {}
    linked = {n for tie in ties for n in tie}
    isolated = tuple(sorted((n for n in names if n not in linked), key=lambda n: names[n]))
    connected = tuple(sorted(linked))
    positions = dict(spring_positions(connected, tuple(sorted(ties)), bool(isolated)))
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
    raw = spring_layout(connected, ties, LAYOUT_SEED, k=1.6 / len(connected) ** 0.5)
    xs, ys = raw[:, 0], raw[:, 1]
    span_x, span_y = (xs.max() - xs.min()) or 1, (ys.max() - ys.min()) or 1
    return tuple((n, ((float(x) - float(xs.min())) / float(span_x),
                      (float(y) - float(ys.min())) / float(span_y) * band))
                 for n, x, y in zip(connected, xs.tolist(), ys.tolist(), strict=True))


def spring_layout(nodes: tuple[int, ...], ties: tuple[tuple[int, int], ...], seed: int,
                  k: float, iterations: int = 50, threshold: float = 1e-4) -> np.ndarray:
    """`networkx.spring_layout(graph, seed=seed, method="force", k=k)` of the graph of
    `nodes` (in that order) and `ties`, step for step, with its adjacency matrix built by
    numpy from the ties: networkx builds it edge by edge, which took longer than the
    layout's arithmetic for thousands of pairs."""
    index = {n: i for i, n in enumerate(nodes)}
    size = len(nodes)
    adjacency = np.zeros((size, size))
    if ties:
        a, b = np.array([(index[x], index[y]) for x, y in ties]).T
        adjacency[a, b] = adjacency[b, a] = 1.0
    pos = np.asarray(np.random.RandomState(seed).rand(size, 2), dtype=adjacency.dtype)
    # networkx's _fruchterman_reingold, as it stands in 3.6, but for the lengths of the
    # two-dimensional vectors: numpy's norm over an axis of two takes ten times longer than
    # the same sum of squares written out, and gives the same bits (x*x + y*y, then sqrt).
    t = max(max(pos.T[0]) - min(pos.T[0]), max(pos.T[1]) - min(pos.T[1])) * 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, np.newaxis, :] - pos[np.newaxis, :, :]
        distance = lengths(delta)
        np.clip(distance, 0.01, None, out=distance)
        displacement = np.einsum(
            "ijk,ij->ik", delta, (k * k / distance**2 - adjacency * distance / k))
        length = lengths(displacement)
        length = np.clip(length, a_min=0.01, a_max=None)
        delta_pos = np.einsum("ij,i->ij", displacement, t / length)
        pos += delta_pos
        t -= dt
        if (np.linalg.norm(delta_pos) / size) < threshold:
            break
    return rescale_layout(pos, scale=1) + np.zeros(2)


def lengths(vectors: np.ndarray) -> np.ndarray:
    """The lengths of two-dimensional vectors along the last axis, as
    `np.linalg.norm(vectors, axis=-1)` computes them."""
    x, y = vectors[..., 0], vectors[..., 1]
    return np.sqrt(x * x + y * y)


def network(period: Period, kind: OfferKind | None = None) -> Network:
    """The period's cooperation network, drawn and with its most and least connected; kept
    until the ledger up to the period's end or the members change (a layout of hundreds of
    members takes longer than the rest of the dashboard)."""
    return remembered("network", (period, kind),
                      lambda: build(period, kind, members_of_pole(period),
                                    kept_pairs(period, kind), sums.member_sums(period)),
                      scope=period.end, shared=kept.settled(period))


def build(period: Period, kind: OfferKind | None, members: dict[int, str],
          paired: list[tuple] | None = None, summed: sums.Sums | None = None) -> Network:
    """The network computed afresh: members as nodes, pairs as edges with their value and
    exchanges, what each node gave and received (`paired` and `summed`: the period's `pairs`
    and `sums.member_sums_of`, when read already), then the layout."""
    paired = pairs(period, kind) if paired is None else paired
    # [name, given, received, exchanges] of each node: the members first, by name.
    data: dict[int, list] = {n: [name, ZERO, ZERO, 0] for n, name in members.items()}
    for member_id, side, value, count in sides(period, kind, summed):
        node = data.setdefault(member_id, ["", ZERO, ZERO, 0])  # a member who has left since
        node[1 if side == Side.GIVEN else 2] = Decimal(value).quantize(ZERO)
        node[3] += count
    degree = Counter(map(itemgetter(0), paired))
    degree.update(map(itemgetter(1), paired))
    for n in sorted(degree.keys() - data.keys()):  # a pair's member that no side named:
        data[n] = ["", ZERO, ZERO, 0]  # none, but never a missing key
    unnamed = [n for n, node in data.items() if not node[0]]
    if unnamed:
        names = dict(db.session.execute(
            sa.select(Member.id, Member.name).where(Member.id.in_(unnamed))).all())
        for n in unnamed:
            data[n][0] = names.get(n, str(n))
    positions = layout({n: node[0] for n, node in data.items()},
                       [(a, b) for a, b, _value, _count in paired])
    nodes = [Node(id=n, name=name, degree=degree[n], strength=given + received, given=given,
                  received=received, exchanges=exchanges, x=positions[n][0], y=positions[n][1])
             for n, (name, given, received, exchanges) in data.items()]
    by_name = sorted(nodes, key=lambda n: n.name.lower())
    connected = [n for n in by_name if n.degree]
    return Network(
        period=period, kind=kind, nodes=tuple(by_name), edges=Edges(paired),
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
