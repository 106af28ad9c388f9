"""The form of the pole's settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from pooling import labels

_required = DataRequired(message=_l("This field is required."))


class SettingsForm(FlaskForm):
    name = StringField(_l("Name of the pole"), validators=[_required, Length(max=120)])
    unit_name = StringField(
        _l("Unit of account"), validators=[_required, Length(max=40)],
        description=_l("What exchanges are valued in, in the plural: crédits, heures, "
                       "euros…"))
    balances_public = BooleanField(
        _l("Balances public to members"),
        description=_l("Every member then sees the totals and balance of every organisation "
                       "(never the details of their exchanges). The cell always sees them."))
    new_partner_weight = IntegerField(
        _l("Bonus for a new partner, in %"), validators=[
            Optional(), NumberRange(min=0, max=100, message=_l("Between 0 and 100."))],
        description=_l("When needs are matched: what an organisation the requester has never "
                       "exchanged with gains, in percent of the best match's relevance."))
    balance_weight = IntegerField(
        _l("Bonus for an organisation that received more than it gave, in %"), validators=[
            Optional(), NumberRange(min=0, max=100, message=_l("Between 0 and 100."))],
        description=_l("Lets it give back. At 0 and 0, offers are ranked by relevance alone."))
    review_waiting_days = IntegerField(
        _l("Requests left waiting after, in days"), validators=[
            Optional(), NumberRange(min=1, max=365, message=_l("Between 1 and 365."))],
        description=_l("The review of usage counts the requests that waited longer than this "
                       "for a decision."))


class QuotaForm(FlaskForm):
    kind = SelectField(_l("Kind of offer"), choices=labels.choices(labels.OFFER_KINDS))
    circle = SelectField(_l("Circle"), choices=labels.choices(labels.CIRCLES, _l("Every circle")))
    period = SelectField(_l("Period"), choices=labels.choices(labels.QUOTA_PERIODS))
    max_hours = IntegerField(_l("At most hours"), validators=[
        InputRequired(message=_l("This field is required.")),
        NumberRange(min=1, max=10000, message=_l("Between 1 and 10,000."))])


class ThesaurusEntryForm(FlaskForm):
    term = StringField(_l("Word or abbreviation"), validators=[_required, Length(max=100)],
                       description=_l("For example: compta, RGPD, local."))
    equivalent = StringField(_l("Means the same as"), validators=[_required, Length(max=200)],
                             description=_l("For example: comptabilité, protection des "
                                            "données, salle."))
