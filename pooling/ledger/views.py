"""The ledger's pages: our exchanges, declaring one, an exchange and the decisions on it,
statements, the pole's ledger and its closed periods."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from pooling.ledger import services

bp = Blueprint("ledger", __name__)


@bp.get("/exchanges/<int:exchange_id>")
@login_required
def exchange(exchange_id: int):
    return render_template("ledger/exchange.html",
                           exchange=services.get_exchange(current_user, exchange_id))
