"""The needs board's pages: find, post, read, change and close needs."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from pooling import labels
from pooling.bookings.queries import bookings_for_need
from pooling.catalogue.models import OfferKind
from pooling.catalogue.services import list_categories
from pooling.db import MAX_PAGE
from pooling.errors import DomainError, InvalidInput, show_on_form
from pooling.localtime import NonexistentTime, nonexistent_message, wall_clock
from pooling.matching.engine import Suggestion
from pooling.needs import services
from pooling.needs.forms import CloseForm, NeedFilterForm, NeedForm
from pooling.needs.matches import matches_for_need
from pooling.needs.models import NeedState, NeedStatus
from pooling.needs.permissions import can_close_need, can_edit_need
from pooling.pole.clock import pole_today, pole_zone

bp = Blueprint("needs", __name__, url_prefix="/needs")
bp.record_once(lambda state: state.app.jinja_env.globals.update(
    need_state_labels=labels.NEED_STATES))


def _category_choices(blank: str) -> list[SelectChoice]:
    """Every category, named with its kind: the kind is chosen on the same form."""
    locale = str(get_locale())
    return [SelectChoice("", blank)] + [
        SelectChoice(str(c.id), f"{labels.OFFER_KINDS[c.kind]} · {c.label(locale)}")
        for c in list_categories()]


@bp.get("/")
@login_required
def board():
    """The pole's open needs, searched and filtered."""
    form = NeedFilterForm(request.args)
    form.category.choices = _category_choices(_("All categories"))
    if not form.validate():
        return render_template("needs/board.html", form=form, page=None), 400
    page = services.search_needs(services.NeedQuery(
        q=form.q.data or "", kind=OfferKind(form.kind.data) if form.kind.data else None,
        category_id=int(form.category.data) if form.category.data else None,
        town=form.town.data or "", member_id=current_user.member_id if form.ours.data else None,
        page=max(1, min(request.args.get("page", 1, type=int), MAX_PAGE))))
    return render_template("needs/board.html", form=form, page=page, today=pole_today(),
                           tags=services.tags_for([n.id for n in page.items]))


def _need_data(form: NeedForm, kind: OfferKind) -> services.NeedData:
    try:
        window_from, window_to = form.window()
    except NonexistentTime as error:  # the form's own checks say which field
        raise InvalidInput(nonexistent_message(error)) from None
    return services.NeedData(
        kind=kind, text=form.text.data or "",
        category_id=int(form.category.data) if form.category.data else None,
        tags=(form.tags.data or "").split(","), window_from=window_from, window_to=window_to,
        duration_minutes=services.minutes_of_hours(form.duration_hours.data),
        capacity=form.capacity.data, quantity=form.quantity.data, town=form.town.data or "",
        open_until=form.open_until.data)


# The services name fields as the database does; the form as people see them.
FORM_FIELDS = {"category_id": "category", "window_from": "from_day", "window_to": "to_day"}


def _save(form: NeedForm, need=None):
    form.category.choices = _category_choices(_("No category"))
    if need is not None:
        form.kind.data = need.kind.value
    if form.validate_on_submit():
        try:
            kind = need.kind if need else OfferKind(form.kind.data)
            data = _need_data(form, kind)
            if need is None:
                need = services.create_need(current_user, data)
                flash(_("Your need is on the board."), "success")
            else:
                need = services.update_need(current_user, need.id, data)
                flash(_("The need is saved."), "success")
        except DomainError as error:
            error.fields = {FORM_FIELDS.get(k, k): v for k, v in error.fields.items()}
            show_on_form(form, error)
            return render_template("needs/form.html", form=form, need=need), error.status
        return redirect(url_for("needs.detail", need_id=need.id))
    status = 422 if form.is_submitted() else 200
    return render_template("needs/form.html", form=form, need=need), status


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """Post a need of my organisation; a search that found nothing fills in its words."""
    form = NeedForm()
    if request.method == "GET":
        form.text.data = request.args.get("text", "")[:2000]
        if request.args.get("kind") in {k.value for k in OfferKind}:
            form.kind.data = request.args["kind"]
    return _save(form)


def _book_url(need_id: int, suggestion: Suggestion) -> str:
    """The offer's booking form, filled in with the first free time, answering the need."""
    times = {}
    if suggestion.first_free is not None:
        times = {"start": wall_clock(suggestion.first_free.start),
                 "end": wall_clock(suggestion.first_free.end)}
    return url_for("bookings.new", offer=suggestion.offer_id, need=need_id, **times)


@bp.get("/<int:need_id>")
@login_required
def detail(need_id: int):
    """One need: what, when, how much, who asks; for its organisation and the cell, the
    offers that can serve it, each booked in one step, and what was booked for it."""
    need = services.get_need(current_user, need_id)
    state = need.state(pole_today())
    editable = can_edit_need(current_user, need)
    # Matches tell who could work with whom: the engine shows them to the need's editors.
    matches = None
    if editable and state == NeedState.OPEN:
        matches = [(s, _book_url(need.id, s)) for s in matches_for_need(current_user, need.id)]
    return render_template(
        "needs/detail.html", need=need, tags=services.tags_of(need.id), state=state,
        editable=editable, closable=can_close_need(current_user, need), matches=matches,
        bookings=bookings_for_need(current_user, need.id) if editable else [],
        close_form=CloseForm(outcome="fulfilled"))


@bp.route("/<int:need_id>/edit", methods=["GET", "POST"])
@login_required
def edit(need_id: int):
    """Change a need of my organisation."""
    need = services.get_need_for_edit(current_user, need_id)
    if request.method == "GET":
        zone = pole_zone()
        form = NeedForm(data={
            "text": need.text, "category": str(need.category_id or ""),
            "tags": ", ".join(services.tags_of(need.id)),
            "duration_hours": services.hours_of_minutes(need.duration_minutes),
            "capacity": need.capacity, "quantity": need.quantity, "town": need.town,
            "open_until": need.open_until})
        if need.window_from:
            start, end = need.window_from.astimezone(zone), need.window_to.astimezone(zone)
            form.from_day.data, form.from_time.data = start.date(), start.time()
            form.to_day.data, form.to_time.data = end.date(), end.time()
    else:
        form = NeedForm()
    return _save(form, need)


@bp.route("/<int:need_id>/close", methods=["GET", "POST"])
@login_required
def close(need_id: int):
    """Say how a need ended: fulfilled, or no longer needed."""
    need = services.get_need_for_edit(current_user, need_id)
    if need.closed_at is not None and request.method == "GET":
        # Nothing left to choose: say so where the need is shown.
        flash(_("This need is closed already."), "info")
        return redirect(url_for("needs.detail", need_id=need.id))
    form = CloseForm()
    if form.validate_on_submit():
        try:
            services.close_need(current_user, need.id, NeedStatus(form.outcome.data))
        except DomainError as error:
            show_on_form(form, error)
            return render_template("needs/close.html", form=form, need=need), error.status
        flash(_("The need is closed."), "success")
        return redirect(url_for("needs.detail", need_id=need.id))
    status = 422 if form.is_submitted() else 200
    return render_template("needs/close.html", form=form, need=need), status
