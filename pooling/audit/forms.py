"""The audit log's filters, read from the query string."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SearchField, SelectField
from wtforms.validators import Length, Optional, ValidationError

from pooling.web import SupportedDay


def id_or_none(value):
    """Select values: an id, or None for the blank choice."""
    if value in (None, "", "None"):
        return None
    return int(value)


class AuditFilterForm(FlaskForm):
    """Search and filters of the audit log."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=200)],
                    render_kw={"placeholder": _l("Action, object, person…")})
    actor = SelectField(_l("Person"), coerce=id_or_none, validators=[Optional()])
    member = SelectField(_l("Organisation"), coerce=id_or_none, validators=[Optional()])
    action = SelectField(_l("Action"), validators=[Optional()])
    object_type = SelectField(_l("Object"), validators=[Optional()])
    start = DateField(_l("From"), validators=[Optional(), SupportedDay()])
    end = DateField(_l("To (included)"), validators=[Optional(), SupportedDay()])

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_("The period must end after it starts."))
