"""The cell's quotas: how many hours of each kind an organisation may book per period."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from pooling.accounts.models import User
from pooling.accounts.permissions import require_cell
from pooling.audit import services as audit
from pooling.bookings.models import Quota, QuotaPeriod
from pooling.catalogue.models import OfferKind
from pooling.db import transaction
from pooling.errors import Conflict, NotFound, invalid_field
from pooling.extensions import db
from pooling.members.models import Circle

# What the audit log keeps of a quota.
AUDITED = ("kind", "circle", "period", "max_hours")


def _label(quota: Quota) -> str:
    return " · ".join((quota.kind.value, quota.circle.value if quota.circle else "*",
                       quota.period.value))


def list_quotas() -> list[Quota]:
    return list(db.session.scalars(sa.select(Quota).order_by(
        Quota.kind, Quota.circle.is_(None), Quota.circle, Quota.period)))


def set_quota(actor: User, kind: OfferKind, circle: Circle | None, period: QuotaPeriod,
              max_hours: int) -> Quota:
    """Set the quota of a kind for a circle (or every circle) and a period; replaces the
    one already set for the same three."""
    require_cell(actor)
    if not 1 <= max_hours <= 10_000:
        message = _("Give a number of hours between 1 and 10,000.")
        raise invalid_field("max_hours", message)
    try:
        with transaction() as session:
            quota = session.scalars(sa.select(Quota).where(
                Quota.kind == kind, Quota.period == period,
                Quota.circle.is_(None) if circle is None else Quota.circle == circle)
            ).first()
            before = quota and audit.fields(quota, *AUDITED)
            quota = quota or Quota(kind=kind, circle=circle, period=period)
            quota.max_hours = max_hours
            session.add(quota)
            audit.record(actor, "quota.update", quota, _label(quota), before=before,
                         after=audit.fields(quota, *AUDITED))
    except IntegrityError:
        raise Conflict(_("This quota was just set by someone else; reload the page.")) from None
    return quota


def remove_quota(actor: User, quota_id: int) -> None:
    require_cell(actor)
    quota = db.session.get(Quota, quota_id)
    if quota is None:
        raise NotFound(_("This quota does not exist."))
    with transaction() as session:
        audit.record(actor, "quota.delete", quota, _label(quota),
                     before=audit.fields(quota, *AUDITED))
        session.delete(quota)
