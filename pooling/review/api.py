"""API of the review: the dashboard's figures as data, for the animation cell."""

import json

from flask import Response, g
from flask_smorest import Blueprint

from pooling.accounts.permissions import require_cell
from pooling.api.schemas import checks_first, documents_errors
from pooling.ledger.schemas import PeriodArgsSchema
from pooling.ledger.statements import Period
from pooling.pole.clock import pole_today
from pooling.review import balance, cooperation, kept, members, network, usage
from pooling.review.network_schemas import NetworkArgsSchema, NetworkSchema, network_body
from pooling.review.remembered import remembered
from pooling.review.schemas import StatsSchema

blp = Blueprint("api_review", __name__, description="The review of usage: the pole's figures "
                                                    "for a period (the animation cell).")


def _cell(**_path) -> None:
    require_cell(g.api_user)


def dump_members(figures: members.MemberFigures) -> dict:
    def shares(items):
        return [{"key": s.key, "name": s.name, "count": s.count, "share": s.share}
                for s in items]
    return {"members": figures.members, "newcomers": figures.newcomers, "left": figures.left,
            "staff_fte": figures.staff_fte, "pooling": figures.pooling,
            "pooling_share": figures.pooling_share, "by_circle": shares(figures.by_circle),
            "by_legal_form": shares(figures.by_legal_form),
            "by_domain": shares(figures.by_domain)}


def dump_usage(figures: usage.UsageFigures) -> dict:
    return {
        "offers": {"total": figures.offers, "by_kind": figures.offers_by_kind,
                   "by_category": figures.offers_by_category},
        "bookings": {"total": figures.total, "by_kind": figures.by_kind,
                     "by_month": figures.by_month, "incidents": figures.incidents},
        "occupancy": figures.occupancy,
    }


@blp.get("/stats")
@checks_first(_cell)
@blp.arguments(PeriodArgsSchema, location="query", as_kwargs=True)
@blp.response(200, StatsSchema)
@documents_errors(blp, 401, 403, 422)
def stats(start, end):
    """The review's figures for a period (the cell only).

    Members by circle, legal form and domain; offers by kind and category; bookings, hours
    and booking organisations by kind and month, and what went wrong; the occupancy of each
    offer; distinct partners per member and their average; given and received per member;
    the concentration on the most active fifth. The period defaults to the current calendar
    year.
    """
    period = Period.parse(start and start.isoformat(), end and end.isoformat(), pole_today())
    return {"period": period, "members": dump_members(members.figures(period)),
            **dump_usage(usage.figures(period)),
            "cooperation": cooperation.figures(period), "balance": balance.figures(period)}


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
    # The answer is built as its schema dumps it (tests compare both), then kept as the
    # network is, until the ledger up to the period's end or the members change.
    body = remembered("network-api", (period, kind), lambda: json.dumps(
        network_body(network.network(period, kind)), ensure_ascii=False).encode(),
        scope=period.end, shared=kept.settled(period))
    return Response(body, mimetype="application/json")
