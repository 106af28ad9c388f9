"""The alerts' pages: a person chooses theirs; a message's link stops them without signing in."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pooling.alerts import services
from pooling.alerts.forms import AlertsForm
from pooling.alerts.models import Frequency
from pooling.extensions import csrf

bp = Blueprint("alerts", __name__, url_prefix="/needs/alerts")


@bp.get("/")
@login_required
def preferences():
    """One's own choice of alerts: there is no one else's to see."""
    chosen = services.preferences_of(current_user.id)
    form = AlertsForm(data={k: v.value for k, v in asdict(chosen).items()})
    return render_template("alerts/preferences.html", form=form)


@bp.post("/")
@login_required
def save_preferences():
    """Save one's own choice of alerts."""
    form = AlertsForm()
    if not form.validate_on_submit():
        return render_template("alerts/preferences.html", form=form), 422
    services.set_preferences(current_user.id, services.Preferences(
        offers=Frequency(form.offers.data), needs=Frequency(form.needs.data)))
    flash(_("Your alerts are saved."), "success")
    return redirect(url_for("alerts.preferences"))


@bp.get("/unsubscribe/<token>")
def unsubscribe_page(token: str):
    """Ask before stopping: mail scanners open the links of messages they check."""
    user = services.person_of_token(token)
    return render_template("alerts/unsubscribe.html", token=token, email=user.email)


# No CSRF token: mail clients post here themselves (RFC 8058 one-click), and the signed
# token in the address is what a forged request could not know.
@bp.post("/unsubscribe/<token>")
@csrf.exempt
def unsubscribe(token: str):
    """Turn the person's alerts off, without signing in."""
    user = services.unsubscribe(token)
    return render_template("alerts/unsubscribed.html", email=user.email)
