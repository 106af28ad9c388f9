"""The audit log's pages: search, filters and CSV export, for the animation cell."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from wtforms import SelectChoice

from pooling import labels
from pooling.accounts.permissions import cell_required
from pooling.audit import exports, services
from pooling.audit.forms import AuditFilterForm
from pooling.errors import InvalidInput

bp = Blueprint("audit", __name__, url_prefix="/review")

# Values stored as codes ("tool", "member-admin"), shown in the reader's words.
VALUE_LABELS = {"kind": labels.OFFER_KINDS, "circle": labels.CIRCLES, "role": labels.ROLES,
                "period": labels.QUOTA_PERIODS, "legal_form": labels.LEGAL_FORMS,
                "booking_policy": labels.BOOKING_POLICIES, "unit": labels.UNITS,
                "cooperation": labels.COOPERATIONS, "status": labels.BOOKING_STATUSES}


def value_label(field: str, value):
    """A changed value as the reader says it: a code in words, anything else as it is."""
    if isinstance(value, str) and value in VALUE_LABELS.get(field, {}):
        return str(VALUE_LABELS[field][value])
    return value


def _filters() -> tuple[AuditFilterForm, services.Choices, bool]:
    """The form read from the query string, with its choices, and whether it is valid."""
    form = AuditFilterForm(request.args)
    found = services.choices()
    form.actor.choices = [SelectChoice("", _("All people"))] + [
        SelectChoice(i, n) for i, n in found.actors]
    form.member.choices = [SelectChoice("", _("All organisations"))] + [
        SelectChoice(i, n) for i, n in services.organisations()]
    form.action.choices = [SelectChoice("", _("All actions"))] + [
        SelectChoice(code, services.action_label(code))
        for code in sorted({*services.ACTIONS, *found.actions})]
    form.object_type.choices = [SelectChoice("", _("All objects"))] + [
        SelectChoice(code, services.object_type_label(code))
        for code in sorted({*services.OBJECT_TYPES, *found.object_types})]
    return form, found, form.validate()


def _query(form: AuditFilterForm, page: int = 1) -> services.AuditQuery:
    return services.AuditQuery(
        text=form.q.data or "", actor_id=form.actor.data, member_id=form.member.data,
        action=form.action.data or None, object_type=form.object_type.data or None,
        start=form.start.data, end=form.end.data, page=page)


@bp.get("/audit")
@cell_required
def log():
    """Who did what and when, newest first, searched and filtered."""
    form, _found, valid = _filters()
    if not valid:
        return render_template("audit/log.html", form=form, page=None, names={}), 400
    page = services.search(_query(form, request.args.get("page", 1, type=int)))
    names = services.member_names({e.member_id for e in page.items if e.member_id})
    return render_template("audit/log.html", form=form, page=page, names=names,
                           action_label=services.action_label,
                           object_type_label=services.object_type_label,
                           field_label=services.field_label, value_label=value_label)


@bp.get("/audit.csv")
@cell_required
def log_csv():
    """The events matching the filters as CSV; `dialect=excel-fr` for Excel in French."""
    form, _found, valid = _filters()
    if not valid:
        raise InvalidInput(_("Some filters are invalid."), fields=dict(form.errors))
    data = exports.audit_csv(services.all_events(_query(form)),
                             dict(services.organisations()), request.args.get("dialect"))
    return Response(data, mimetype="text/csv", headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="journal-audit.csv"'})
