"""Forms of the booking pages."""

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from pooling import labels
from pooling.db import supported_day
from pooling.localtime import NonexistentTime, local_instant, nonexistent_message
from pooling.members.forms import CheckboxListField
from pooling.web import SupportedDay

_required = DataRequired(message=_l("This field is required."))


SCOPE_CHOICES = [SelectChoice("one", _l("This occurrence only")),
                 SelectChoice("following", _l("This one and the following")),
                 SelectChoice("all", _l("Every occurrence still to come"))]


class ReasonForm(FlaskForm):
    """Declining or cancelling, with a reason for the other organisation."""

    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
    scope = SelectField(_l("Which occurrences"), choices=SCOPE_CHOICES,
                        validators=[Optional()], default="one")


class ChangeForm(FlaskForm):
    """New times for a booking, or for occurrences of a series, on their own days."""

    starts = TimeField(_l("New start time"), validators=[_required])
    ends = TimeField(_l("New end time"), validators=[_required])
    scope = SelectField(_l("Which occurrences"), choices=SCOPE_CHOICES, default="one")


class BookingForm(FlaskForm):
    """Book an offer: the days and times are the pole's local time."""

    member_id = SelectField(_l("For the organisation"), coerce=int)
    start_day = DateField(_l("Start day"), validators=[_required, SupportedDay()])
    start_time = TimeField(_l("Start time"), validators=[_required])
    end_day = DateField(_l("End day"), validators=[_required, SupportedDay()])
    end_time = TimeField(_l("End time"), validators=[_required])
    quantity = IntegerField(_l("Number"), default=1, validators=[
        InputRequired(message=_l("This field is required.")),
        NumberRange(min=1, max=100_000, message=_l("At least 1."))])
    purpose = TextAreaField(_l("Purpose"), validators=[Optional(), Length(max=500)],
                            render_kw={"rows": 3, "maxlength": 500})
    # The need this booking answers, when it was opened from the need's suggestions.
    need_id = HiddenField()
    # A recurring booking: the first occurrence is the day and times above.
    repeat = SelectField(_l("Repeat"), validators=[Optional()], choices=[
        SelectChoice("", _l("Does not repeat")), SelectChoice("daily", _l("Every day")),
        SelectChoice("weekly", _l("Every week")), SelectChoice("monthly", _l("Every month"))])
    interval = IntegerField(_l("Every how many days, weeks or months"), default=1,
                            validators=[Optional(), NumberRange(min=1, max=52,
                                                                message=_l("From 1 to 52."))])
    weekdays = CheckboxListField(_l("On"), coerce=int, validators=[Optional()],
                                 choices=[SelectChoice(day, label)
                                          for day, label in enumerate(labels.WEEKDAYS)])
    monthly_by = SelectField(_l("Each month"), validators=[Optional()], choices=[
        SelectChoice("date", _l("on the same date")),
        SelectChoice("weekday", _l("on the same weekday (e.g. the 2nd Tuesday)"))])
    until = DateField(_l("Until"), validators=[Optional(), SupportedDay()])
    count = IntegerField(_l("Or for N occurrences"), validators=[
        Optional(), NumberRange(min=1, max=200, message=_l("From 1 to 200."))])

    def validate_start_time(self, field) -> None:
        check_local_time(self.start_day.data, field.data)

    def validate_end_time(self, field) -> None:
        if None in (self.start_day.data, self.start_time.data, self.end_day.data, field.data):
            return
        if (self.end_day.data, field.data) <= (self.start_day.data, self.start_time.data):
            raise ValidationError(_l("The end must come after the start."))
        check_local_time(self.end_day.data, field.data)

    def starts_at(self) -> datetime:
        """The start, in UTC (the form has validated it)."""
        return local_instant(self.start_day.data, self.start_time.data)

    def ends_at(self) -> datetime:
        """The end, in UTC (the form has validated it)."""
        return local_instant(self.end_day.data, self.end_time.data)


def check_local_time(day: date | None, at: time | None) -> None:
    """A day and time of the pole that the clocks skip is refused, saying so."""
    if day is None or at is None or not supported_day(day):
        return  # the day's own check says what is wrong with it
    try:
        local_instant(day, at)
    except NonexistentTime as error:
        raise ValidationError(nonexistent_message(error)) from None


class BookingFilterForm(FlaskForm):
    """Filters of an organisation's bookings, read from the query string."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), validators=[Optional()], choices=labels.choices(
        labels.BOOKING_STATUSES, blank=_l("All statuses")))
    period = SelectField(_l("When"), validators=[Optional()], choices=[
        SelectChoice("upcoming", _l("Upcoming and in progress")),
        SelectChoice("past", _l("Past")), SelectChoice("all", _l("All dates"))],
        default="upcoming")
    start = DateField(_l("From"), validators=[Optional(), SupportedDay()])
    end = DateField(_l("To (included)"), validators=[Optional(), SupportedDay()])
