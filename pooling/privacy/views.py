"""Members' data: the export of an organisation's data and the erasure of a person."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pooling.accounts.forms import EmptyForm
from pooling.accounts.permissions import require_person_eraser
from pooling.accounts.services import get_user
from pooling.errors import NotFound
from pooling.members.services import get_member
from pooling.pole.clock import pole_today
from pooling.privacy import erasure, exports

bp = Blueprint("privacy", __name__)


@bp.get("/members/<int:member_id>/export.zip")
@login_required
def export(member_id: int):
    """All the organisation's data as a ZIP of CSV and JSON files, for its admins and the
    cell."""
    return exports.zip_response(current_user, member_id, pole_today())


def _person_of(member_id: int, user_id: int):
    member = get_member(member_id)
    person = get_user(user_id)
    if person.member_id != member.id:
        raise NotFound(_("This person does not exist."))
    return member, person


@bp.route("/members/<int:member_id>/people/<int:user_id>/erase", methods=["GET", "POST"])
@login_required
def erase(member_id: int, user_id: int):
    """The cell erases a person's personal data, after a confirmation."""
    member, person = _person_of(member_id, user_id)
    require_person_eraser(current_user, person)
    form = EmptyForm()
    if form.validate_on_submit():
        erasure.erase_person(current_user, person.id)
        flash(_("The personal data are erased. Their history is kept."), "success")
        return redirect(url_for("members.detail", member_id=member.id))
    status = 422 if form.is_submitted() else 200
    return render_template("privacy/erase.html", member=member, person=person,
                           form=form), status
