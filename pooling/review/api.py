"""API of the review: the dashboard's figures as data, for the animation cell."""

import json

from flask import Response, g
from flask_smorest import Blueprint

from pooling.accounts.permissions import require_cell
from pooling.api.schemas import checks_first, documents_errors
from pooling.ledger.statements import Period
from pooling.pole.clock import pole_today
from pooling.review import network
from pooling.review.network_schemas import NetworkArgsSchema, NetworkSchema
from pooling.review.remembered import remembered

blp = Blueprint("api_review", __name__, description="The review of usage: the pole's figures "
                                                    "for a period (the animation cell).")


# --- the cooperation network --------------------------------------------------------------


def cell_reads_network(**_path) -> None:
    require_cell(g.api_user)


@blp.get("/stats/network")
@checks_first(cell_reads_network)
@blp.arguments(NetworkArgsSchema, location="query", as_kwargs=True)
@blp.response(200, NetworkSchema)
@documents_errors(blp, 401, 403, 422)
def network_stats(start, end, kind):
    """The cooperation network of a period (the cell only): members and weighted pairs.

    Nodes are the members of the pole with their partners (degree) and the value they gave
    and received; edges the pairs of organisations that exchanged, with the value and the
    number of their exchanges, net of reversals. `kind` keeps one kind of exchange. The
    period defaults to the current calendar year.
    """
    period = Period.parse(start and start.isoformat(), end and end.isoformat(), pole_today())
    # Thousands of pairs take marshmallow longer than the figures: the answer is dumped by
    # its schema once, then kept as the network is, until the ledger or the members change.
    body = remembered("network-api", (period, kind), lambda: json.dumps(
        NetworkSchema().dump(network.network(period, kind)), ensure_ascii=False).encode())
    return Response(body, mimetype="application/json")
