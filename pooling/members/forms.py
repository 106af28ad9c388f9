"""Forms of the directory and of organisation records."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
    widgets,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from pooling import labels
from pooling.decimals import LocalDecimalField
from pooling.web import SupportedDay

_required = DataRequired(message=_l("This field is required."))


class DirectoryFilterForm(FlaskForm):
    """Filters of the directory, read from the query string."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name"), validators=[Optional(), Length(max=100)])
    legal_form = SelectField(_l("Legal form"),
                             choices=labels.choices(labels.LEGAL_FORMS, _l("All legal forms")),
                             validators=[Optional()])
    circle = SelectField(_l("Circle"), choices=labels.choices(labels.CIRCLES, _l("All circles")),
                         validators=[Optional()])
    domain = SelectField(_l("Activity domain"), validators=[Optional()])


class CheckboxListField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class MemberForm(FlaskForm):
    name = StringField(_l("Name"), validators=[_required, Length(max=200)])
    legal_form = SelectField(_l("Legal form"), choices=labels.choices(labels.LEGAL_FORMS),
                             validators=[_required])
    circle = SelectField(_l("Circle"), choices=labels.choices(labels.CIRCLES),
                         validators=[_required])
    domains = CheckboxListField(_l("Activity domains"), validators=[Optional()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)],
                                render_kw={"rows": 5})
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=10)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    email = EmailField(_l("Contact e-mail"), validators=[
        Optional(), Length(max=254), Email(message=_l("Enter a valid e-mail address."))])
    phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=30)])
    website = URLField(_l("Website"), validators=[
        Optional(), Length(max=300), URL(message=_l("Enter a full address, such as https://…"))])
    staff_fte = LocalDecimalField(_l("Staff (FTE)"), places=1, validators=[
        Optional(), NumberRange(min=0, max=100000, message=_l("Between 0 and 100,000."))])
    # InputRequired, not DataRequired: an invalid date keeps its "not a valid date" message.
    joined_on = DateField(_l("Date of joining"),
                          validators=[InputRequired(message=_l("This field is required.")),
                                      SupportedDay()])
    left_on = DateField(_l("Date of leaving"), validators=[Optional(), SupportedDay()],
                        description=_l("Empty while it is a member. From this day on, the "
                                       "review no longer counts it among the members."))


class DomainForm(FlaskForm):
    name = StringField(_l("Name (French)"), validators=[_required, Length(max=100)])
    name_en = StringField(_l("Name (English)"), validators=[Optional(), Length(max=100)])
