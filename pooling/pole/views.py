"""The settings page of the animation cell."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from pooling.accounts.forms import EmptyForm
from pooling.accounts.permissions import cell_required
from pooling.bookings import quotas
from pooling.bookings.models import QuotaPeriod
from pooling.catalogue.models import OfferKind
from pooling.errors import DomainError, show_on_form
from pooling.members.models import Circle
from pooling.pole import services
from pooling.pole.forms import QuotaForm, SettingsForm, ThesaurusEntryForm
from pooling.search import thesaurus

bp = Blueprint("pole", __name__, url_prefix="/pole")


@bp.route("/settings", methods=["GET", "POST"])
@cell_required
def settings():
    current = services.pole_settings()
    form = SettingsForm(data={"name": current.name, "unit_name": current.unit_name,
                              "balances_public": current.balances_public,
                              "new_partner_weight": current.new_partner_weight,
                              "balance_weight": current.balance_weight,
                              "review_waiting_days": current.review_waiting_days})
    status = 200
    if form.validate_on_submit():
        try:
            services.update_settings(current_user, form.name.data, form.unit_name.data,
                                     form.balances_public.data,
                                     form.new_partner_weight.data, form.balance_weight.data,
                                     form.review_waiting_days.data)
        except DomainError as error:
            show_on_form(form, error)
            status = error.status
        else:
            flash(_("The settings of the pole are saved."), "success")
            return redirect(url_for("pole.settings"))
    elif request.method == "POST":
        status = 422
    return render_template("pole/settings.html", form=form), status


@bp.route("/quotas", methods=["GET", "POST"])
@cell_required
def quota_list():
    """The cell's quotas per kind and circle; the cell itself may book beyond them."""
    form = QuotaForm()
    status = 200
    if form.validate_on_submit():
        try:
            quotas.set_quota(current_user, OfferKind(form.kind.data),
                             Circle(form.circle.data) if form.circle.data else None,
                             QuotaPeriod(form.period.data), form.max_hours.data)
        except DomainError as error:
            show_on_form(form, error)
            status = error.status
        else:
            flash(_("The quota is recorded."), "success")
            return redirect(url_for("pole.quota_list"))
    elif request.method == "POST":
        status = 422
    return render_template("pole/quotas.html", form=form, quotas=quotas.list_quotas(),
                           action_form=EmptyForm()), status


@bp.post("/quotas/<int:quota_id>/delete")
@cell_required
def remove_quota(quota_id: int):
    if EmptyForm().validate_on_submit():
        quotas.remove_quota(current_user, quota_id)
        flash(_("The quota is removed."), "success")
    return redirect(url_for("pole.quota_list"))


@bp.route("/thesaurus", methods=["GET", "POST"])
@cell_required
def thesaurus_entries():
    """The words the search takes for one another: abbreviations, jargon, synonyms."""
    form = ThesaurusEntryForm()
    status = 200
    if form.validate_on_submit():
        try:
            thesaurus.add_entry(current_user, form.term.data, form.equivalent.data)
        except DomainError as error:
            show_on_form(form, error)
            status = error.status
        else:
            flash(_("The thesaurus entry is recorded."), "success")
            return redirect(url_for("pole.thesaurus_entries"))
    elif request.method == "POST":
        status = 422
    return render_template("pole/thesaurus.html", form=form, entries=thesaurus.list_entries(),
                           action_form=EmptyForm()), status


@bp.post("/thesaurus/<int:entry_id>/delete")
@cell_required
def remove_thesaurus_entry(entry_id: int):
    if EmptyForm().validate_on_submit():
        thesaurus.remove_entry(current_user, entry_id)
        flash(_("The thesaurus entry is removed."), "success")
    return redirect(url_for("pole.thesaurus_entries"))
