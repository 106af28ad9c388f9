"""Pages of the review: the cell's dashboard of the pole's usage, for any period beside the
period of the same length before it."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from pooling.accounts.permissions import cell_required
from pooling.errors import InvalidInput
from pooling.ledger.statements import Period, presets
from pooling.pole.clock import pole_today

bp = Blueprint("review", __name__, url_prefix="/review")


def period_asked() -> Period:
    """The period of `from` and `to` (ISO dates); by default the current calendar year."""
    return Period.parse(request.args.get("from"), request.args.get("to"), pole_today())


@bp.get("/")
@cell_required
def dashboard():
    """The pole's usage, cooperation and balance over a period, beside the one before."""
    today = pole_today()
    try:
        period = period_asked()
    except InvalidInput as error:
        return render_template("review/dashboard.html", error=error, period=None,
                               presets=presets(today)), 400
    previous = period.previous()
    return render_template("review/dashboard.html", error=None, period=period,
                           previous=previous, presets=presets(today))
