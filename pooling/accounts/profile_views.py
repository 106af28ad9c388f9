"""A person's own profile: details, language, password and API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from pooling.accounts import services
from pooling.accounts.forms import ChangePasswordForm, EmptyForm, ProfileForm, TokenForm
from pooling.errors import DomainError, show_on_form

bp = Blueprint("profile", __name__, url_prefix="/profile")


def _render(status=200, **forms):
    user = current_user
    forms.setdefault("profile_form", ProfileForm(obj=user, locale=user.locale or "fr"))
    forms.setdefault("password_form", ChangePasswordForm(formdata=None))
    forms.setdefault("token_form", TokenForm(formdata=None))
    return render_template(
        "accounts/profile.html",
        tokens=services.tokens_of(user.id),
        revoke_form=EmptyForm(),
        **forms,
    ), status


@bp.get("/")
@login_required
def show():
    """Profile page."""
    return _render()


@bp.post("/")
@login_required
def update():
    """Save name, job title, phone, language and the booking reminders."""
    form = ProfileForm()
    if not form.validate_on_submit():
        return _render(422, profile_form=form)
    try:
        services.update_profile(current_user.id, form.full_name.data, form.job_title.data or "",
                                form.phone.data or "", form.locale.data,
                                booking_reminders=form.booking_reminders.data)
    except DomainError as error:
        show_on_form(form, error)
        return _render(error.status, profile_form=form)
    session["lang"] = form.locale.data
    flash(_("Your profile is saved."), "success")
    return redirect(url_for("profile.show"))


@bp.post("/password")
@login_required
def change_password():
    """Change one's password; other sessions are signed out."""
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _render(422, password_form=form)
    try:
        services.change_password(current_user.id, form.current_password.data,
                                 form.password.data, keep_session=current_user.current_session_id)
    except DomainError as error:
        show_on_form(form, error)
        return _render(error.status, password_form=form)
    flash(_("Your password is changed. Your other sessions are signed out."), "success")
    return redirect(url_for("profile.show"))


@bp.post("/tokens")
@login_required
def create_token():
    """Create an API token and show it once."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _render(422, token_form=form)
    token, plain = services.create_api_token(current_user.id, form.name.data)
    return _render(201, new_token=plain, new_token_name=token.name)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Revoke one of one's API tokens."""
    # The CSRF token is checked for every POST (CSRFProtect) before this runs.
    services.revoke_api_token(current_user.id, token_id)
    flash(_("The token is revoked."), "success")
    return redirect(url_for("profile.show"))
