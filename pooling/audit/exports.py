"""The audit log as CSV, in the dialects of every export (pooling.csv_safe)."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _

from pooling.audit.models import AuditEvent
from pooling.audit.services import action_label, object_type_label
from pooling.csv_safe import Csv
from pooling.pole.clock import pole_zone


def audit_csv(events: Iterable[AuditEvent], names: dict[int, str], dialect: str | None
              ) -> bytes:
    """One row per event, newest first: when (the pole's time), who, what, on what, for
    which organisation, and the changed values before and after (JSON)."""
    out = Csv(dialect)
    out.row([_("Date"), _("Person"), _("E-mail address"), _("Action code"), _("Action"),
             _("Object"), _("Object id"), _("Label"), _("Organisation"), _("Before"),
             _("After")])
    zone = pole_zone()
    for e in events:
        out.row([e.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
                 e.actor_name or _("System"), e.actor_email, e.action, action_label(e.action),
                 object_type_label(e.object_type), e.object_id, e.object_label,
                 names.get(e.member_id, "") if e.member_id else "",
                 e.before_values or "", e.after_values or ""])
    return out.data()
