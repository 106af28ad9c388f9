"""The form where a person chooses their alerts."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField

from pooling.alerts.models import Frequency

FREQUENCIES = [
    SelectChoice(Frequency.NEVER.value, _l("Never")),
    SelectChoice(Frequency.IMMEDIATELY.value, _l("As soon as there is one")),
    SelectChoice(Frequency.DAILY.value, _l("Once a day at most")),
    SelectChoice(Frequency.WEEKLY.value, _l("Once a week at most")),
]


class AlertsForm(FlaskForm):
    offers = SelectField(_l("New offers that can serve my organisation's needs"),
                         choices=FREQUENCIES)
    needs = SelectField(_l("Needs that my organisation's offers can serve"),
                        choices=FREQUENCIES)
