"""Shapes of the cooperation network in the API: the period and kind asked, the members as
nodes and the pairs that exchanged as weighted edges."""

import marshmallow as ma

from pooling.api.schemas import decimal_string
from pooling.catalogue.models import OfferKind
from pooling.ledger.schemas import PeriodArgsSchema, amount_json
from pooling.review.network import Network

_VALUE = "In the pole's unit of account, net of reversals."


class NetworkArgsSchema(PeriodArgsSchema):
    kind = ma.fields.Enum(OfferKind, by_value=True, load_default=None, metadata={
        "description": "Only the exchanges of this kind; default: every kind."})


class NetworkNodeSchema(ma.Schema):
    id = ma.fields.Integer(metadata={"description": "The organisation's id."})
    name = ma.fields.String()
    degree = ma.fields.Integer(metadata={
        "description": "Distinct organisations it exchanged with in the period."})
    strength = decimal_string("Value given and received (the weighted degree). " + _VALUE,
                              places=2)
    given = decimal_string(_VALUE, places=2)
    received = decimal_string(_VALUE, places=2)
    exchanges = ma.fields.Integer(metadata={"description": "Exchanges it took part in."})


class NetworkEdgeSchema(ma.Schema):
    source = ma.fields.Integer(metadata={"description": "The pair's smaller organisation id."})
    target = ma.fields.Integer()
    value = decimal_string("Exchanged both ways. " + _VALUE, places=2)
    exchanges = ma.fields.Integer(metadata={"description": "Both ways, net of reversals."})


class NetworkSchema(ma.Schema):
    start = ma.fields.Date(data_key="from", attribute="period.start")
    end = ma.fields.Date(data_key="to", attribute="period.end",
                         metadata={"description": "Included."})
    kind = ma.fields.Enum(OfferKind, by_value=True, allow_none=True)
    nodes = ma.fields.List(ma.fields.Nested(NetworkNodeSchema), metadata={
        "description": "Every member of the pole, those without exchange (degree 0) too."})
    edges = ma.fields.List(ma.fields.Nested(NetworkEdgeSchema), metadata={
        "description": "Each pair that exchanged in the period, heaviest first."})


def network_body(net: Network) -> dict:
    """The network as `NetworkSchema` dumps it, built directly: tens of thousands of pairs
    take marshmallow hundreds of milliseconds, plain dicts a few."""
    return {
        "from": net.period.start.isoformat(), "to": net.period.end.isoformat(),
        "kind": net.kind.value if net.kind is not None else None,
        "nodes": [{"id": n.id, "name": n.name, "degree": n.degree,
                   "strength": amount_json(n.strength), "given": amount_json(n.given),
                   "received": amount_json(n.received), "exchanges": n.exchanges}
                  for n in net.nodes],
        "edges": [{"source": source, "target": target, "value": amount_json(value),
                   "exchanges": exchanges}
                  for source, target, value, exchanges in net.edges.rows],
    }
