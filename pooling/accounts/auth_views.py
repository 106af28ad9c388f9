"""Sign in and out, forgotten passwords and invitations."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from pooling.accounts import services
from pooling.accounts.forms import ForgotPasswordForm, LoginForm, SetPasswordForm
from pooling.errors import InvalidInput, TooManyAttempts
from pooling.web import local_target

bp = Blueprint("auth", __name__)


def _fresh_cookie() -> None:
    """Empty the cookie session but for the chosen language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _start_session(user) -> None:
    # A fresh session at sign-in: nothing planted before it survives (session fixation).
    _fresh_cookie()
    services.start_session(user)
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        config = current_app.config
        try:
            user = services.authenticate(form.email.data, form.password.data,
                                         request.remote_addr or "",
                                         request.cookies.get(config["DEVICE_COOKIE_NAME"]))
        except TooManyAttempts as error:
            form.form_errors.append(error.message)
            status = 429
        except InvalidInput as error:
            form.form_errors.append(error.message)
            status = 401
        else:
            _start_session(user)
            response = redirect(local_target(request.args.get("next")))
            # A new device cookie at each sign-in; only the sign-in page reads it.
            response.set_cookie(
                config["DEVICE_COOKIE_NAME"], services.device_cookie(user),
                max_age=config["DEVICE_COOKIE_MAX_AGE"], path=url_for("auth.login"),
                secure=bool(config["SESSION_COOKIE_SECURE"] or request.is_secure),
                httponly=True, samesite="Lax")
            return response
    elif form.is_submitted():
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    """Sign out: the session ends on the server too, not only in this browser."""
    if current_user.is_authenticated:
        services.end_session(current_user.current_session_id)
    logout_user()
    _fresh_cookie()
    flash(_("You are signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether the address exists or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("If this address belongs to an account, a reset link has been sent to it."),
              "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from an e-mailed link (reset or invitation)."""
    try:
        user = services.user_for_password_token(token)
    except InvalidInput as error:
        return render_template("auth/link_invalid.html", message=error.message), 400
    form = SetPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.set_password_with_token(token, form.password.data)
        except InvalidInput as error:
            form.password.errors = [*form.password.errors, error.message]
            status = 422
        else:
            _start_session(user)
            flash(_("Your password is set. Welcome!"), "success")
            return redirect(url_for("core.home"))
    elif form.is_submitted():
        status = 422
    return render_template("auth/reset.html", form=form, user=user), status
