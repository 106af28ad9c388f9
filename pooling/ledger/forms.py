"""Forms of the ledger's pages."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from pooling import labels
from pooling.decimals import LocalDecimalField
from pooling.web import SupportedDay

_required = DataRequired(message=_l("This field is required."))


def _id_or_none(value):
    """Select values: an id, or None for the blank choice."""
    if value in (None, "", "None"):
        return None
    return int(value)


class ExchangeForm(FlaskForm):
    """Declare an exchange. A member's organisation is one side (`direction` and
    `counterpart_id`); the cell picks both sides (`provider_id`, `beneficiary_id`)."""

    direction = RadioField(_l("Our organisation"), default="given", choices=[
        SelectChoice("given", _l("We gave (we are the provider)")),
        SelectChoice("received", _l("We received (we are the beneficiary)"))])
    counterpart_id = SelectField(_l("The other organisation"), coerce=_id_or_none,
                                 validators=[_required])
    provider_id = SelectField(_l("Provider (who gave)"), coerce=_id_or_none,
                              validators=[_required])
    beneficiary_id = SelectField(_l("Beneficiary (who received)"), coerce=_id_or_none,
                                 validators=[_required])
    kind = SelectField(_l("Kind"), choices=labels.choices(labels.OFFER_KINDS),
                       default="skill")
    offer_id = SelectField(_l("Offer (optional)"), coerce=_id_or_none,
                           validators=[Optional()],
                           description=_l("One of the provider's offers, of the same kind. Its "
                                          "own value per unit is used if it has one."))
    quantity = LocalDecimalField(
        _l("Quantity"), places=None, default=Decimal(1),
        validators=[InputRequired(message=_l("This field is required.")),
                    NumberRange(min=Decimal("0.01"), max=Decimal(100_000),
                                message=_l("From 0.01 to 100,000."))])
    unit = SelectField(_l("Unit"), choices=labels.choices(labels.EXCHANGE_UNITS),
                       default="hour")
    occurred_on = DateField(_l("Date of the exchange"), validators=[_required, SupportedDay()])
    description = TextAreaField(_l("Description"), validators=[_required, Length(max=500)],
                                render_kw={"rows": 3, "maxlength": 500})
    cooperation = SelectField(_l("Kind of cooperation"),
                              choices=labels.choices(labels.COOPERATIONS),
                              default="strategic")
    participation_only = BooleanField(
        _l("No value: count the participation only"),
        description=_l("The exchange is counted, without a value in the unit of account."))


class ReasonForm(FlaskForm):
    """Rejecting or reversing an exchange: the other organisation reads the reason."""

    reason = TextAreaField(_l("Reason"), validators=[_required, Length(max=500)],
                           render_kw={"rows": 2, "maxlength": 500})


class ExchangeFilterForm(FlaskForm):
    """Filters of a list of exchanges, read from the query string."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind"), validators=[Optional()], choices=labels.choices(
        labels.OFFER_KINDS, blank=_l("All kinds")))
    status = SelectField(_l("Status"), validators=[Optional()], choices=labels.choices(
        labels.EXCHANGE_STATUSES, blank=_l("All statuses")))
    member = SelectField(_l("Organisation"), coerce=_id_or_none, validators=[Optional()])
    start = DateField(_l("From"), validators=[Optional(), SupportedDay()])
    end = DateField(_l("To (included)"), validators=[Optional(), SupportedDay()])


class CloseForm(FlaskForm):
    """Close the next period: the month or the year that follows the last close."""

    starts_on = HiddenField(validators=[_required])
    ends_on = RadioField(_l("Period to close"), validators=[_required])
    confirm = BooleanField(_l("I understand that nothing can be added to a closed period."),
                           validators=[DataRequired(message=_l("Tick the box to close."))])
