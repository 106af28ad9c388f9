"""The people of an organisation, managed by its admins and by the cell."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pooling.accounts import services
from pooling.accounts.forms import NewPersonForm, PersonForm
from pooling.accounts.models import Role
from pooling.accounts.permissions import require_people_manager, require_person_editor
from pooling.errors import DomainError, show_on_form
from pooling.members.services import get_member

bp = Blueprint("people", __name__)


def _person_data(form) -> services.PersonData:
    return services.PersonData(
        email=form.email.data if "email" in form else "",
        full_name=form.full_name.data,
        role=Role(form.role.data),
        job_title=form.job_title.data or "",
        phone=form.phone.data or "",
    )


def _role_choices(form) -> None:
    # Only the cell hands out the cell role.
    if not current_user.is_cell:
        form.role.choices = [c for c in form.role.choices if c.value != Role.CELL.value]


@bp.route("/members/<int:member_id>/people/new", methods=["GET", "POST"])
@login_required
def create(member_id: int):
    """Add a person to an organisation, by invitation or with a password."""
    member = get_member(member_id)
    require_people_manager(current_user, member.id)
    form = NewPersonForm()
    _role_choices(form)
    status = 200
    if form.validate_on_submit():
        try:
            person = services.create_person(
                current_user, member.id, _person_data(form),
                password=form.password.data or None,
                invite=form.send_invitation.data,
            )
        except DomainError as error:
            show_on_form(form, error)
            status = error.status
        else:
            if person.password_hash is None and form.send_invitation.data:
                flash(_("%(name)s is added and invited by e-mail.", name=person.full_name),
                      "success")
            else:
                flash(_("%(name)s is added.", name=person.full_name), "success")
            return redirect(url_for("members.detail", member_id=member.id))
    elif form.is_submitted():
        status = 422
    return render_template("people/form.html", form=form, member=member, person=None), status


@bp.route("/people/<int:user_id>/edit", methods=["GET", "POST"])
@login_required
def edit(user_id: int):
    """Edit a person's details and role."""
    person = services.get_user(user_id)
    require_person_editor(current_user, person)
    # The record fills the form on GET only: a field missing from a POST is an error.
    form = PersonForm(obj=person if request.method == "GET" else None)
    _role_choices(form)
    status = 200
    if form.validate_on_submit():
        try:
            services.update_person(current_user, person.id, _person_data(form))
        except DomainError as error:
            show_on_form(form, error)
            status = error.status
        else:
            flash(_("%(name)s is saved.", name=person.full_name), "success")
            return redirect(url_for("members.detail", member_id=person.member_id))
    elif form.is_submitted():
        status = 422
    else:
        form.role.data = person.role.value
    return render_template("people/form.html", form=form, member=person.member,
                           person=person), status


def _set_active(user_id: int, active: bool):
    person = services.set_active(current_user, user_id, active)
    message = _("%(name)s is reactivated.") if active else _(
        "%(name)s is deactivated. Their history is kept.")
    flash(message % {"name": person.full_name}, "success")
    return redirect(url_for("members.detail", member_id=person.member_id))


@bp.post("/people/<int:user_id>/deactivate")
@login_required
def deactivate(user_id: int):
    """Deactivate a person: they can no longer sign in, their history stays."""
    return _set_active(user_id, False)


@bp.post("/people/<int:user_id>/reactivate")
@login_required
def reactivate(user_id: int):
    """Let a deactivated person sign in again."""
    return _set_active(user_id, True)


@bp.post("/people/<int:user_id>/invite")
@login_required
def invite(user_id: int):
    """Send the invitation e-mail again."""
    person = services.resend_invitation(current_user, user_id)
    flash(_("An invitation is sent to %(email)s.", email=person.email), "success")
    return redirect(url_for("members.detail", member_id=person.member_id))
