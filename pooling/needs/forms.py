"""Forms of needs: the board's filters, posting or changing a need, and closing it."""

from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from pooling import labels
from pooling.bookings.forms import check_local_time
from pooling.decimals import LocalDecimalField
from pooling.localtime import local_instant
from pooling.needs.models import MAX_TEXT
from pooling.web import SupportedDay

_amount = [Optional(), NumberRange(min=1, max=100_000, message=_l("At least 1."))]


class NeedFilterForm(FlaskForm):
    """Filters of the needs board, read from the query string."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=labels.choices(labels.OFFER_KINDS, _l("All kinds")),
                       validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
    town = StringField(_l("Town"), validators=[Optional(), Length(max=100)])
    ours = BooleanField(_l("Our organisation's needs"))


class NeedForm(FlaskForm):
    kind = SelectField(_l("What kind of help"), choices=labels.choices(labels.OFFER_KINDS))
    text = TextAreaField(_l("What is needed"), validators=[
        DataRequired(message=_l("Say what is needed.")), Length(max=MAX_TEXT)],
        render_kw={"rows": 4},
        description=_l("In your own words, for example: a room for a training of 12 people."))
    category = SelectField(_l("Category"), validators=[Optional()])
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=500)],
                       description=_l("Separated by commas, for example: payroll, hiring."))
    from_day = DateField(_l("From"), validators=[Optional(), SupportedDay()])
    from_time = TimeField(_l("at"), validators=[Optional()])
    to_day = DateField(_l("To"), validators=[Optional(), SupportedDay()])
    to_time = TimeField(_l("at"), validators=[Optional()])
    duration_hours = LocalDecimalField(_l("Length wanted (hours)"), places=2, validators=[
        Optional(), NumberRange(min=0.01, max=24 * 366, message=_l("Out of range."))],
        description=_l("For a skill, the hours of expertise: 2,5 for two and a half hours."))
    capacity = IntegerField(_l("Number of people"), validators=_amount)
    quantity = IntegerField(_l("Number of items"), validators=_amount)
    town = StringField(_l("Town"), validators=[Optional(), Length(max=100)])
    open_until = DateField(_l("Open until"), validators=[Optional(), SupportedDay()],
                           description=_l("Empty: for 30 days."))

    def validate_from_time(self, field) -> None:
        check_local_time(self.from_day.data, field.data)

    def validate_to_time(self, field) -> None:
        check_local_time(self.to_day.data, field.data)

    def window(self) -> tuple[datetime | None, datetime | None]:
        """The window in UTC: from the first day's time (its start if none) to the last
        day's time (its end if none); none without days (a flexible need)."""
        start = (local_instant(self.from_day.data, self.from_time.data or time(0))
                 if self.from_day.data else None)
        end = None
        if self.to_day.data:
            end = (local_instant(self.to_day.data, self.to_time.data) if self.to_time.data
                   else local_instant(self.to_day.data + timedelta(days=1), time(0)))
        return start, end


class CloseForm(FlaskForm):
    outcome = RadioField(_l("Outcome"), choices=[
        SelectChoice("fulfilled", _l("Fulfilled: we found what we needed")),
        SelectChoice("withdrawn", _l("Withdrawn: no longer needed"))],
        validators=[DataRequired(message=_l("Choose an outcome."))])
