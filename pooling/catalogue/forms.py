"""Forms of the catalogue: search filters, offers, closures, categories and rates."""

from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from pooling import labels
from pooling.bookings.forms import check_local_time
from pooling.decimals import LocalDecimalField
from pooling.localtime import local_instant
from pooling.search.analysis import MAX_QUERY
from pooling.web import SupportedDay

_required = DataRequired(message=_l("This field is required."))
_minutes = [Optional(), NumberRange(min=0, max=60 * 24 * 365, message=_l("Out of range."))]


class CatalogueFilterForm(FlaskForm):
    """Filters of the catalogue, read from the query string."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=MAX_QUERY)])
    kind = SelectField(_l("Kind"), choices=labels.choices(labels.OFFER_KINDS, _l("All kinds")),
                       validators=[Optional()])
    category = SelectField(_l("Category"), validators=[Optional()])
    domain = SelectField(_l("Owner's activity domain"), validators=[Optional()])
    min_capacity = IntegerField(_l("At least N people"), validators=[
        Optional(), NumberRange(min=1, max=100000, message=_l("Out of range."))])
    min_quantity = IntegerField(_l("At least N items"), validators=[
        Optional(), NumberRange(min=1, max=100000, message=_l("Out of range."))])
    step_free = BooleanField(_l("Step-free access"))
    day = DateField(_l("Available on"), validators=[Optional(), SupportedDay()])
    start = TimeField(_l("from"), validators=[Optional()])
    end_day = DateField(_l("until the"), validators=[Optional(), SupportedDay()],
                        description=_l("Tools: the day they come back."))
    end = TimeField(_l("at"), validators=[Optional()])
    sort = SelectField(_l("Sort by"), choices=labels.choices(labels.SORTS),
                       validators=[Optional()])

    def validate_start(self, field) -> None:
        if self.day.data:
            check_local_time(self.day.data, field.data)

    def validate_end(self, field) -> None:
        if self.day.data:
            check_local_time(self.end_day.data or self.day.data, field.data)

    def available_during(self) -> tuple[datetime | None, datetime | None]:
        """The period asked for, in UTC: from the day's start time (midnight if none) to
        the last day's end time (its end if none); none without a day."""
        if not self.day.data:
            return None, None
        last_day = self.end_day.data or self.day.data
        start = local_instant(self.day.data, self.start.data or time(0))
        end = (local_instant(last_day, self.end.data) if self.end.data
               else local_instant(last_day + timedelta(days=1), time(0)))
        return start, end


class DayHoursForm(Form):
    """Up to two opening slots in one day (morning and afternoon)."""

    opens_1 = TimeField(_l("Opens"), validators=[Optional()])
    closes_1 = TimeField(_l("Closes"), validators=[Optional()])
    opens_2 = TimeField(_l("Opens again"), validators=[Optional()])
    closes_2 = TimeField(_l("Closes"), validators=[Optional()])


class OfferForm(FlaskForm):
    title = StringField(_l("Title"), validators=[_required, Length(max=200)])
    category_id = SelectField(_l("Category"), coerce=int, validators=[InputRequired(
        message=_l("This field is required."))])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)],
                                render_kw={"rows": 5})
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=500)],
                       description=_l("Separated by commas, for example: projector, parking."))
    booking_policy = SelectField(_l("Booking requests"),
                                 choices=labels.choices(labels.BOOKING_POLICIES))
    unit = SelectField(_l("Unit"), choices=labels.choices(labels.UNITS))
    value_per_unit = LocalDecimalField(_l("Value per unit"), places=2, validators=[
        Optional(), NumberRange(min=0, max=1_000_000, message=_l("Out of range."))],
        description=_l("Leave empty to use the valuation grid of the animation cell."))
    min_duration_minutes = IntegerField(_l("Minimum length (minutes)"), default=30,
                                        validators=[Optional(), NumberRange(
                                            min=1, max=60 * 24 * 365,
                                            message=_l("Out of range."))])
    max_duration_minutes = IntegerField(_l("Maximum length (minutes)"), validators=_minutes)
    min_notice_minutes = IntegerField(_l("Minimum notice (minutes)"), default=0,
                                      validators=_minutes)
    buffer_minutes = IntegerField(_l("Buffer between bookings (minutes)"), default=0,
                                  validators=_minutes)
    opening_hours = FieldList(FormField(DayHoursForm), min_entries=7, max_entries=7)
    # Premises.
    capacity = IntegerField(_l("Capacity (people)"), validators=[
        Optional(), NumberRange(min=1, max=100000, message=_l("At least 1."))],
        description=_l("Empty for a place that holds no people, such as a storage room."))
    surface_m2 = LocalDecimalField(_l("Surface (m²)"), places=1, validators=[
        Optional(), NumberRange(min=0.1, max=1_000_000, message=_l("Out of range."))])
    equipment = StringField(_l("Equipment"), validators=[Optional(), Length(max=500)],
                            description=_l("Projector, video-conference, kitchen…"))
    step_free_access = BooleanField(_l("Step-free access"))
    accessible_toilets = BooleanField(_l("Accessible toilets"))
    location = StringField(_l("Building, floor, address"),
                           validators=[Optional(), Length(max=300)])
    access_instructions = TextAreaField(
        _l("Access instructions"), validators=[Optional(), Length(max=2000)],
        description=_l("Codes, keys, who to ask: shown once a booking is confirmed."))
    # Tools.
    quantity = IntegerField(_l("Quantity in stock"), validators=[
        Optional(), NumberRange(min=1, max=100000, message=_l("At least 1."))])
    condition = StringField(_l("Condition"), validators=[Optional(), Length(max=200)])
    conditions_of_use = TextAreaField(_l("Deposit and conditions of use"),
                                      validators=[Optional(), Length(max=2000)])
    pickup_place = StringField(_l("Pick-up place"), validators=[Optional(), Length(max=300)])
    # Skills.
    provider_id = SelectField(_l("Who provides it"), coerce=int, validators=[Optional()])
    level = StringField(_l("Level, what is included"), validators=[Optional(), Length(max=300)])
    max_hours_per_week = IntegerField(_l("At most hours per week"), validators=[
        Optional(), NumberRange(min=1, max=168, message=_l("Between 1 and 168."))])
    max_hours_per_month = IntegerField(_l("At most hours per month"), validators=[
        Optional(), NumberRange(min=1, max=744, message=_l("Between 1 and 744."))])


class ImportForm(FlaskForm):
    member = SelectField(_l("For the organisation"), coerce=int)
    file = FileField(_l("CSV file"), validators=[FileAllowed(
        ["csv", "txt"], message=_l("Choose a CSV file."))],
        description=_l("UTF-8 or Excel (semicolons, decimal commas). First line: the column "
                       "names."))
    content = HiddenField()  # the checked file, carried to the confirmation


class PhotoForm(FlaskForm):
    photo = FileField(_l("Add a photo"), validators=[FileRequired(
        message=_l("Choose a picture."))],
        description=_l("JPEG, PNG, WebP or GIF, 5 MB at most."),
        render_kw={"accept": "image/jpeg,image/png,image/webp,image/gif"})


class StatusForm(FlaskForm):
    status = SelectField(choices=labels.choices(labels.OFFER_STATUSES))


class ClosureForm(FlaskForm):
    starts_on = DateField(_l("From"), validators=[_required, SupportedDay()])
    ends_on = DateField(_l("To (included)"), validators=[_required, SupportedDay()])
    reason = StringField(_l("Reason"), validators=[_required, Length(max=200)])


class CategoryForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=labels.choices(labels.OFFER_KINDS))
    name = StringField(_l("Name (French)"), validators=[_required, Length(max=100)])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=100)])


class RateForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=labels.choices(labels.OFFER_KINDS))
    category_id = SelectField(_l("Category"), coerce=int, validators=[Optional()])
    unit = SelectField(_l("Unit"), choices=labels.choices(labels.UNITS))
    value = LocalDecimalField(_l("Value of one unit"), places=2, validators=[
        InputRequired(message=_l("This field is required.")),
        NumberRange(min=0, max=1_000_000, message=_l("Out of range."))])
    valid_from = DateField(_l("From"), validators=[_required, SupportedDay()])
