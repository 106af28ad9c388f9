"""CSV exports of the review's members and usage sections, in the ledger's dialects, every
cell safe to open in a spreadsheet."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import get_locale
from flask_babel import gettext as _

from pooling import labels
from pooling.ledger.exports import Csv
from pooling.review.members import MemberFigures, Share
from pooling.review.usage import UsageFigures


def ratio(value: float | None) -> Decimal | None:
    """A share as a spreadsheet adds it up: 0.5714 for 57.14 %."""
    return None if value is None else Decimal(str(round(value, 4)))


def hours(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2)))


def members_csv(now: MemberFigures, before: MemberFigures, dialect: str | None) -> bytes:
    """One row per figure: the period's count and share beside the previous period's."""
    out = Csv(dialect)
    out.row([_("Section"), _("Item"), _("Count"), _("Share"), _("Previous period"),
             _("Previous share")])
    locale = str(get_locale() or "fr")
    for name, value, previous, part, previous_part in (
            (_("Members"), now.members, before.members, None, None),
            (_("Newcomers"), now.newcomers, before.newcomers, None, None),
            (_("Members who left"), now.left, before.left, None, None),
            (_("Staff (FTE)"), now.staff_fte, before.staff_fte, None, None),
            (_("Members who pool at least one thing"), now.pooling, before.pooling,
             now.pooling_share, before.pooling_share)):
        out.row([_("Total"), name, out.number(value), out.number(ratio(part)),
                 out.number(previous), out.number(ratio(previous_part))])
    groups: tuple[tuple[str, tuple[Share, ...], tuple[Share, ...], object], ...] = (
        (_("Circle"), now.by_circle, before.by_circle, lambda s: labels.CIRCLES[s.key]),
        (_("Legal form"), now.by_legal_form, before.by_legal_form,
         lambda s: labels.LEGAL_FORMS[s.key]),
        (_("Activity domain"), now.by_domain, before.by_domain, lambda s: s.label(locale)))
    for section, shares, previous_shares, label in groups:
        earlier = {s.key: s for s in previous_shares}
        for s in shares:
            old = earlier.get(s.key)
            out.row([section, label(s), out.number(s.count), out.number(ratio(s.share)),
                     out.number(old.count if old else None),
                     out.number(ratio(old.share) if old else None)])
    return out.data()


def usage_csv(figures: UsageFigures, dialect: str | None) -> bytes:
    """Offers by kind and category, bookings by kind and month, each offer's occupancy, and
    what went wrong; the first column names the section."""
    out = Csv(dialect)
    out.row([_("Section"), _("Kind"), _("Category or month"), _("Offer"), _("Organisation"),
             _("Count"), _("Hours"), _("Organisations that booked"), _("Used"),
             _("Available"), _("Unit"), _("Occupancy")])
    locale = str(get_locale() or "fr")
    for c in figures.offers_by_category:
        out.row([_("Offers"), labels.OFFER_KINDS[c.kind], c.label(locale), "", "",
                 out.number(c.count), "", "", "", "", "", ""])
    for u in figures.by_month:
        out.row([_("Bookings"), labels.OFFER_KINDS[u.kind], u.month.isoformat()[:7], "", "",
                 out.number(u.bookings), out.number(hours(u.hours)),
                 out.number(u.organisations), "", "", "", ""])
    for u in figures.occupancy:
        unit = _("item-days") if u.unit == "item-days" else _("hours")
        out.row([_("Occupancy"), labels.OFFER_KINDS[u.kind], u.category, u.title,
                 u.member_name, out.number(u.bookings), out.number(hours(u.hours)), "",
                 out.number(hours(u.used)), out.number(hours(u.available)), unit,
                 out.number(ratio(u.rate))])
    found = figures.incidents
    for name, count in ((_("No-shows"), found.no_shows),
                        (_("Late cancellations"), found.late_cancellations),
                        (_("Declined requests"), found.declined),
                        (_("Requests left waiting"), found.waiting)):
        out.row([name, "", "", "", "", out.number(count), "", "", "", "", "", ""])
    return out.data()
