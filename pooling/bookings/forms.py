"""Forms of the booking pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional


class ReasonForm(FlaskForm):
    """Declining or cancelling, with a reason for the other organisation."""

    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
