"""Forms of sign-in, profile, tokens and people management."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from pooling import labels
from pooling.accounts.services import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH

_required = DataRequired(message=_l("This field is required."))


def _new_password(label):
    return PasswordField(label, validators=[
        _required,
        Length(min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH,
               message=_l("Between %(min)d and %(max)d characters.")),
    ], render_kw={"autocomplete": "new-password"})


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[_required, Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"),
                             validators=[_required, Length(max=PASSWORD_MAX_LENGTH)],
                             render_kw={"autocomplete": "current-password"})


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[
        _required, Length(max=254), Email(message=_l("Enter a valid e-mail address."))])


class SetPasswordForm(FlaskForm):
    password = _new_password(_l("New password"))
    confirm = PasswordField(_l("Repeat the new password"), validators=[
        _required, EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[_required],
                                     render_kw={"autocomplete": "current-password"})


class ProfileForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[_required, Length(max=120)])
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=30)])
    locale = SelectField(_l("Language"), choices=labels.LANGUAGE_CHOICES)
    booking_reminders = BooleanField(
        _l("Send me a reminder e-mail the day before my bookings"))


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[_required, Length(max=100)],
                       description=_l("For example: accounting spreadsheet, calendar script."))


class PersonForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[_required, Length(max=120)])
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=30)])
    role = SelectField(_l("Role"), choices=labels.choices(labels.ROLES))


class NewPersonForm(PersonForm):
    email = EmailField(_l("E-mail address"), validators=[
        _required, Length(max=254), Email(message=_l("Enter a valid e-mail address."))])
    send_invitation = BooleanField(
        _l("Send an invitation e-mail so that the person sets their own password"),
        default=True)
    password = PasswordField(
        _l("Or set a password now"),
        validators=[Optional(), Length(min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH,
                                       message=_l("Between %(min)d and %(max)d characters."))],
        render_kw={"autocomplete": "new-password"})


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for buttons that change something."""
