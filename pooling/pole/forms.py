"""The form of the pole's settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

_required = DataRequired(message=_l("This field is required."))


class SettingsForm(FlaskForm):
    name = StringField(_l("Name of the pole"), validators=[_required, Length(max=120)])
    unit_name = StringField(
        _l("Unit of account"), validators=[_required, Length(max=40)],
        description=_l("What exchanges are valued in, in the plural: crédits, heures, "
                       "euros…"))
