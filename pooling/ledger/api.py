"""API of the ledger: declared exchanges and their life cycle, statements, the pole's
totals."""

from dataclasses import replace

from flask import Response, g, jsonify
from flask_smorest import Blueprint

from pooling.accounts.permissions import require_cell
from pooling.api.idempotency import DOCUMENTED as IDEMPOTENCY_KEY
from pooling.api.idempotency import idempotent
from pooling.api.schemas import checks_first, documents_errors, sent_id
from pooling.ledger import queries, services, statements
from pooling.ledger.schemas import (
    STATEMENT_TOTALS,
    ExchangeArgsSchema,
    ExchangeInSchema,
    ExchangePageSchema,
    ExchangeReasonSchema,
    ExchangeSchema,
    PeriodArgsSchema,
    PoleTotalsSchema,
    StatementSchema,
    counterpart_json,
    entry_json,
)
from pooling.pole.clock import pole_today

blp = Blueprint("api_ledger", __name__,
                description="Exchanges between organisations, statements and the pole's "
                            "ledger.")


def _party(member) -> dict:
    return {"id": member.id, "name": member.name}


def dump(exchange) -> dict:
    data = {name: getattr(exchange, name) for name in ExchangeSchema().fields
            if name not in ("provider", "beneficiary")}
    data.update(provider=_party(exchange.provider), beneficiary=_party(exchange.beneficiary))
    return data


def _may_declare(**_path) -> None:
    provider, beneficiary = sent_id("provider_id"), sent_id("beneficiary_id")
    if provider is not None and beneficiary is not None:
        services.check_may_declare(g.api_user, provider, beneficiary)


def _exchange_visible(exchange_id: int) -> None:
    services.get_exchange(g.api_user, exchange_id)


def _may_read_statement(member_id: int) -> None:
    statements.check_statement_access(g.api_user, member_id)


def _cell(**_path) -> None:
    require_cell(g.api_user)


@blp.post("/exchanges")
@idempotent
@blp.doc(parameters=[IDEMPOTENCY_KEY])
@checks_first(_may_declare)
@blp.arguments(ExchangeInSchema)
@blp.response(201, ExchangeSchema)
@documents_errors(blp, 401, 403, 409, 422)
def declare(body):
    """Declare an exchange that happened outside a booking.

    The token owner's organisation must be one of the two parties (the cell declares for
    any). The exchange is pending until the other organisation (or the cell) confirms it;
    its value comes from the valuation grid on its day unless `valued` is false.
    """
    declaration = services.Declaration(
        provider_id=body["provider_id"], beneficiary_id=body["beneficiary_id"],
        kind=body["kind"], quantity=body["quantity"], unit=body["unit"],
        occurred_on=body["occurred_on"], description=body["description"],
        cooperation=body["cooperation"], offer_id=body["offer_id"], valued=body["valued"])
    return dump(services.declare(g.api_user, declaration, today=pole_today()))


@blp.get("/exchanges")
@blp.arguments(ExchangeArgsSchema, location="query", as_kwargs=True)
@blp.response(200, ExchangePageSchema)
@documents_errors(blp, 401, 422)
def list_exchanges(page, per_page, member, kind, status, start, end, side, to_decide):
    """The exchanges of the token owner's organisation (all for the cell), latest first.

    Filtered by organisation, kind, status, period (`from`, `to`: the day they occurred),
    side, and those waiting for its decision (`to_decide`).
    """
    result = queries.list_exchanges(g.api_user, queries.ExchangeQuery(
        side=side.value if side else None, member_id=member, kind=kind, status=status,
        start=start, end=end, to_decide=to_decide, page=page, per_page=per_page))
    return replace(result, items=[dump(e) for e in result.items])


@blp.get("/exchanges/<int:exchange_id>")
@blp.response(200, ExchangeSchema)
@documents_errors(blp, 401, 404)
def get_exchange(exchange_id):
    """One exchange; for its two organisations and the cell only."""
    return dump(services.get_exchange(g.api_user, exchange_id))


@blp.post("/exchanges/<int:exchange_id>/confirm")
@blp.response(200, ExchangeSchema)
@documents_errors(blp, 401, 403, 404, 409)
def confirm(exchange_id):
    """Confirm a pending exchange: it is posted in the ledger.

    The organisation that did not declare it confirms it, or the cell. Confirming a pending
    reversal posts it and marks the exchange it cancels `reversed`. 409 with `error.rule`
    "transition" if it is not pending any more.
    """
    return dump(services.confirm(g.api_user, exchange_id))


@blp.post("/exchanges/<int:exchange_id>/reject")
@checks_first(_exchange_visible)
@blp.arguments(ExchangeReasonSchema)
@blp.response(200, ExchangeSchema)
@documents_errors(blp, 401, 404, 409, 422)
def reject(body, exchange_id):
    """Reject a pending exchange, with a reason; nothing is posted.

    Either organisation (the declaring one withdraws it) or the cell. 409 with `error.rule`
    "transition" if it is not pending any more.
    """
    return dump(services.reject(g.api_user, exchange_id, body["reason"]))


@blp.post("/exchanges/<int:exchange_id>/reverse")
@checks_first(_exchange_visible)
@blp.arguments(ExchangeReasonSchema)
@blp.response(200, ExchangeSchema)
@documents_errors(blp, 401, 404, 409, 422)
def reverse(body, exchange_id):
    """Cancel a confirmed exchange by its reversal; answers with the reversal.

    The answer is the **reversal**, whose `reverses_id` is this exchange. The cell's
    reversal is posted at once (`confirmed`); an organisation's waits (`pending`) until the
    other one agrees, by calling this route too or by confirming the reversal. Always 200,
    whether this call created the reversal or agreed to it. 409 with `error.rule`
    "transition": the exchange is not confirmed, is reversed already, is itself a reversal,
    or one's own request for its reversal is still waiting.
    """
    return dump(services.reverse(g.api_user, exchange_id, body["reason"]))


def _period(start, end) -> statements.Period:
    return statements.Period.parse(start and start.isoformat(), end and end.isoformat(),
                                   pole_today())


def _statement(statement: statements.Statement) -> Response:
    """The statement as StatementSchema says, its counterparts and entries written without
    marshmallow."""
    data = {name: getattr(statement, name) for name in (
        "given", "received", "given_value", "received_value", "balance", "opening_balance",
        "closing_balance", "given_to", "received_from", "detailed")}
    data.update(member=_party(statement.member), period=statement.period)
    body = STATEMENT_TOTALS.dump(data)
    if statement.detailed:
        body["counterparts"] = [counterpart_json(c) for c in statement.counterparts]
        body["entries"] = [entry_json(line) for line in statement.lines]
    return jsonify(body)


@blp.get("/ledger/members/<int:member_id>")
@checks_first(_may_read_statement)
@blp.arguments(PeriodArgsSchema, location="query", as_kwargs=True)
@blp.response(200, StatementSchema)
@documents_errors(blp, 401, 403, 404, 422)
def member_statement(member_id, start, end):
    """An organisation's statement for a period (default: the current calendar year).

    What it gave and received by kind and unit, its balances, its counterparts and every
    entry; for the organisation itself and the cell. Other members get the totals only
    (`detailed` false), and only when the pole makes balances public, else 403.
    """
    return _statement(statements.statement_for(g.api_user, member_id, _period(start, end)))


@blp.get("/ledger")
@checks_first(_cell)
@blp.arguments(PeriodArgsSchema, location="query", as_kwargs=True)
@blp.response(200, PoleTotalsSchema)
@documents_errors(blp, 401, 403, 422)
def pole_ledger(start, end):
    """The pole's totals for a period and every organisation's balance (the cell only).

    The period defaults to the current calendar year.
    """
    return statements.pole_totals(_period(start, end))
