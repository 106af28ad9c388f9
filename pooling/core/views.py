"""Pages that belong to no single domain."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import (
    Blueprint,
    current_app,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    session,
)
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired

from pooling.accounts.permissions import can_manage_people
from pooling.accounts.services import people_of, set_locale
from pooling.bookings.queries import member_calendar, requests_to_decide
from pooling.db import utcnow
from pooling.extensions import db
from pooling.labels import LANGUAGE_CHOICES
from pooling.ledger.queries import ExchangeQuery, list_exchanges
from pooling.members.services import pole_figures
from pooling.web import local_target

bp = Blueprint("core", __name__)


class LanguageForm(FlaskForm):
    lang = SelectField(choices=LANGUAGE_CHOICES, validators=[DataRequired()])
    next = HiddenField()


# How far ahead the home page lists bookings, and how many of each list it shows.
UPCOMING = timedelta(days=14)
SHORT_LIST = 5


@bp.get("/")
@login_required
def home():
    """What to do now (bookings to come, requests and exchanges waiting), then the
    person's organisation at a glance."""
    member = current_user.member
    now = utcnow()
    return render_template(
        "core/home.html",
        upcoming=member_calendar(current_user, now, now + UPCOMING),
        requests=requests_to_decide(current_user, per_page=SHORT_LIST, now=now),
        exchanges=list_exchanges(current_user, ExchangeQuery(to_decide=True,
                                                             per_page=SHORT_LIST)),
        short_list=SHORT_LIST,
        member=member,
        people=people_of(member.id),
        can_manage=can_manage_people(current_user, member.id),
        figures=pole_figures(),
    )


@bp.post("/language")
def set_language():
    """Remember the chosen language for this browser (and the person, once signed in)."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            set_locale(current_user.id, form.lang.data)
    return redirect(local_target(form.next.data))


@bp.get("/healthz")
def healthz():
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        db.session.rollback()
    except sa.exc.SQLAlchemyError:
        current_app.logger.warning("health check: database unreachable", exc_info=True)
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.app_context_processor
def language_form():
    if not has_request_context():  # e-mails rendered by a command
        return {}
    return {"language_form": LanguageForm(lang=None, next=request.full_path.rstrip("?"))}
