"""The settings page of the animation cell."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pooling.accounts.permissions import cell_required
from pooling.errors import DomainError, show_on_form
from pooling.pole import services
from pooling.pole.forms import SettingsForm

bp = Blueprint("pole", __name__, url_prefix="/pole")


@bp.route("/settings", methods=["GET", "POST"])
@cell_required
def settings():
    current = services.pole_settings()
    form = SettingsForm(data={"name": current.name, "unit_name": current.unit_name})
    status = 200
    if form.validate_on_submit():
        try:
            services.update_settings(current_user, form.name.data, form.unit_name.data)
        except DomainError as error:
            show_on_form(form, error)
            status = error.status
        else:
            flash(_("The settings of the pole are saved."), "success")
            return redirect(url_for("pole.settings"))
    elif request.method == "POST":
        status = 422
    return render_template("pole/settings.html", form=form), status
