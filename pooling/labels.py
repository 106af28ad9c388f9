"""Translated labels of the enums people see."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from pooling.accounts.models import Role
from pooling.bookings.models import BookingStatus, QuotaPeriod
from pooling.catalogue.models import BookingPolicy, OfferKind, OfferStatus, Unit
from pooling.ledger.models import Cooperation, ExchangeStatus, ExchangeUnit, Side
from pooling.members.models import Circle, LegalForm
from pooling.needs.models import NeedState

LEGAL_FORMS = {
    LegalForm.ASSOCIATION: _l("Association"),
    LegalForm.SARL: _l("SARL"),
    LegalForm.SCIC: _l("SCIC"),
    LegalForm.SCOP: _l("SCOP"),
    LegalForm.SAS: _l("SAS"),
    LegalForm.SA: _l("SA"),
    LegalForm.LOCAL_AUTHORITY: _l("Local authority"),
    LegalForm.UNIVERSITY: _l("University"),
    LegalForm.OTHER: _l("Other legal form"),
}

CIRCLES = {
    Circle.ANIMATION_CELL: _l("Animation cell"),
    Circle.FOUNDING_MEMBER: _l("Founding member"),
    Circle.PARTNER: _l("Partner"),
}

ROLES = {
    Role.MEMBER: _l("Member"),
    Role.MEMBER_ADMIN: _l("Member admin"),
    Role.CELL: _l("Animation cell"),
}


OFFER_KINDS = {
    OfferKind.PREMISES: _l("Premises"),
    OfferKind.TOOL: _l("Tool or equipment"),
    OfferKind.SKILL: _l("Skill"),
}

OFFER_STATUSES = {
    OfferStatus.DRAFT: _l("Draft"),
    OfferStatus.PUBLISHED: _l("Published"),
    OfferStatus.ARCHIVED: _l("Archived"),
}

NEED_STATES = {
    NeedState.OPEN: _l("Open"),
    NeedState.FULFILLED: _l("Fulfilled"),
    NeedState.WITHDRAWN: _l("Withdrawn"),
    NeedState.EXPIRED: _l("Expired"),
}

BOOKING_STATUSES = {
    BookingStatus.REQUESTED: _l("Waiting for approval"),
    BookingStatus.CONFIRMED: _l("Confirmed"),
    BookingStatus.DECLINED: _l("Declined"),
    BookingStatus.CANCELLED: _l("Cancelled"),
    BookingStatus.COMPLETED: _l("Completed"),
    BookingStatus.NO_SHOW: _l("No-show"),
}

QUOTA_PERIODS = {
    QuotaPeriod.WEEK: _l("per week"),
    QuotaPeriod.MONTH: _l("per month"),
}

BOOKING_POLICIES = {
    BookingPolicy.AUTOMATIC: _l("Confirmed automatically"),
    BookingPolicy.APPROVAL: _l("Each request approved by us"),
}

UNITS = {Unit.HOUR: _l("hour"), Unit.HALF_DAY: _l("half-day"), Unit.DAY: _l("day")}

EXCHANGE_UNITS = {ExchangeUnit.HOUR: _l("hours"), ExchangeUnit.HALF_DAY: _l("half-days"),
                  ExchangeUnit.DAY: _l("days"), ExchangeUnit.ITEM: _l("items")}
# One hour, 1.5 hours: the singular up to one, as French and English both say.
EXCHANGE_UNITS_ONE = {ExchangeUnit.HOUR: _l("hour"), ExchangeUnit.HALF_DAY: _l("half-day"),
                      ExchangeUnit.DAY: _l("day"), ExchangeUnit.ITEM: _l("item")}


def exchange_unit(unit: ExchangeUnit, quantity=None) -> str:
    one = quantity is not None and abs(quantity) <= 1
    return str((EXCHANGE_UNITS_ONE if one else EXCHANGE_UNITS)[unit])

EXCHANGE_STATUSES = {
    ExchangeStatus.PENDING: _l("Waiting for confirmation"),
    ExchangeStatus.CONFIRMED: _l("In the ledger"),
    ExchangeStatus.REJECTED: _l("Rejected"),
    ExchangeStatus.REVERSED: _l("Reversed"),
}

COOPERATIONS = {
    Cooperation.STRATEGIC: _l("Strategic (non-monetary)"),
    Cooperation.COMMERCIAL: _l("Commercial (paid)"),
}

SIDES = {Side.GIVEN: _l("Given"), Side.RECEIVED: _l("Received")}


def exchange_status(status: ExchangeStatus) -> str:
    return str(EXCHANGE_STATUSES[status])

SORTS = {"relevance": _l("Relevance"), "newest": _l("Newest"), "name": _l("Name")}

WEEKDAYS = [_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
            _l("Saturday"), _l("Sunday")]


def choices(labels: dict, blank: str | None = None) -> list[SelectChoice]:
    """WTForms choices from a label map, optionally led by a blank choice."""
    items = [SelectChoice(getattr(key, "value", key), label) for key, label in labels.items()]
    return ([SelectChoice("", blank)] if blank is not None else []) + items


LANGUAGE_CHOICES = [SelectChoice("fr", "Français", {"lang": "fr"}),
                    SelectChoice("en", "English", {"lang": "en"})]
