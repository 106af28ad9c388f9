"""Why a booking is refused: every rule of the booking engine, in one place.

Each rule is a pure function over plain values: the offer, its state around the wanted
time (opening hours, closures, what is held), the request, and the hours already used
against each limit. Each answers with a `Refusal` naming its `Rule`, or None. The services
fetch what the rules need (`store`), ask `judge`, and act on its answer; the same rules
judge a new booking, a series' occurrences, a moved occurrence, a request being
confirmed, and the candidates for the nearest free times and similar offers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from flask_babel import gettext as _

from pooling.accounts.models import Role
from pooling.bookings.models import QuotaPeriod
from pooling.bookings.timeline import Held, busy_range, hours_of, peak
from pooling.catalogue.hours import Interval
from pooling.catalogue.models import Offer, OfferKind, OfferStatus
from pooling.formats import format_duration

# The longest booking, and the longest period a person may ask about at once.
MAX_RANGE = timedelta(days=92)


class Rule(StrEnum):
    """The name of the rule that refused a booking, as the API's `error.rule` gives it."""

    NOT_BOOKABLE = "not_bookable"  # the offer is not published
    CAPACITY = "capacity"  # more people than the place holds
    STOCK = "stock"  # more items than exist, or than are free at that time
    MIN_LENGTH = "min_length"  # shorter than the offer's shortest booking
    MAX_LENGTH = "max_length"  # longer than the offer's longest booking
    PAST = "past"  # the time has passed
    NOTICE = "notice"  # less notice than the offer asks
    OPENING_HOURS = "opening_hours"  # outside the offer's weekly hours
    CLOSURE = "closure"  # during one of the offer's closures
    OVERLAP = "overlap"  # already booked, or within the buffer kept between bookings
    PROVIDER_LIMIT = "provider_limit"  # beyond the hours a skill's provider gives
    QUOTA = "quota"  # beyond the cell's quota for the organisation
    NONEXISTENT_TIME = "nonexistent_time"  # a time the clocks skip (series occurrences)
    NO_FREE_OCCURRENCE = "no_free_occurrence"  # no occurrence of a series is free
    TRANSITION = "transition"  # the booking's status or time no longer allows the change


@dataclass(frozen=True)
class Refusal:
    rule: Rule
    message: str  # for a person, in their language


@dataclass
class OfferState:
    """An offer's opening hours, closures and held bookings around a window."""

    offer: Offer
    open: list[Interval]
    closures: list[Interval]
    held: list[Held]
    held_ids: list[int] = field(default_factory=list)

    @property
    def stock(self) -> int:
        """How many bookings may overlap: a tool's items; one for a room or a skill."""
        if self.offer.kind == OfferKind.TOOL:
            return self.offer.quantity or 0
        return 1


@dataclass(frozen=True)
class HoursLimit:
    """A cap on the hours booked in a calendar week or month of the pole: a skill's
    provider's hours (PROVIDER_LIMIT, counting every booking of the offer) or one of the
    cell's quotas (QUOTA, counting the organisation's bookings of the offer's kind)."""

    rule: Rule
    period: QuotaPeriod
    max_hours: int
    used: float  # hours already booked in the period that holds the wanted start


# --- the offer's own rules, whatever else is booked ---------------------------------------


def limits(offer: Offer, wanted: Interval, quantity: int, now: datetime,
           check_notice: bool = True) -> Refusal | None:
    """The first of the offer's rules the booking breaks whatever else is booked (open to
    bookings, size, length, notice)."""
    minutes = (wanted.end - wanted.start).total_seconds() / 60
    if offer.status != OfferStatus.PUBLISHED:
        return Refusal(Rule.NOT_BOOKABLE, _("This offer is not open to bookings."))
    # A place without a capacity (a storage room) takes any number of people.
    if offer.kind == OfferKind.PREMISES and offer.capacity is not None \
            and quantity > offer.capacity:
        return Refusal(Rule.CAPACITY, _("This place holds at most %(n)d people.",
                                        n=offer.capacity))
    if offer.kind == OfferKind.TOOL and quantity > (offer.quantity or 0):
        return Refusal(Rule.STOCK, _("Only %(n)d items of this exist.", n=offer.quantity or 0))
    if minutes < offer.min_duration_minutes:
        return Refusal(Rule.MIN_LENGTH, _("A booking lasts at least %(duration)s.",
                                          duration=format_duration(offer.min_duration_minutes)))
    if offer.max_duration_minutes and minutes > offer.max_duration_minutes:
        return Refusal(Rule.MAX_LENGTH, _("A booking lasts at most %(duration)s.",
                                          duration=format_duration(offer.max_duration_minutes)))
    if wanted.start < now:
        return Refusal(Rule.PAST, _("This time has already passed."))
    if check_notice and wanted.start < now + timedelta(minutes=offer.min_notice_minutes):
        return Refusal(Rule.NOTICE, _("Book at least %(duration)s ahead.",
                                      duration=format_duration(offer.min_notice_minutes)))
    return None


# --- the rules of the offer's state: hours, closures, what is held ------------------------


def is_open_for(offer: Offer, wanted: Interval, opened: list[Interval]) -> bool:
    """Rooms and skills: one opening slot holds the whole range. Tools leave with the
    borrower: open at pick-up and at return is enough."""
    if offer.kind == OfferKind.TOOL:
        picked_up = any(i.start <= wanted.start < i.end for i in opened)
        returned = any(i.start <= wanted.end <= i.end for i in opened)
        return picked_up and returned
    return any(i.contains(wanted) for i in opened)


def held_rules(offer: Offer, wanted: Interval, quantity: int, state: OfferState
               ) -> Refusal | None:
    """The first rule of the offer's state the booking breaks: opening hours, closures,
    and what other bookings hold (a whole buffer kept between two)."""
    if not is_open_for(offer, wanted, state.open):
        if offer.kind == OfferKind.TOOL:
            return Refusal(Rule.OPENING_HOURS,
                           _("Pick-up and return must fall within the opening hours."))
        return Refusal(Rule.OPENING_HOURS, _("The offer is not open for the whole of this time."))
    if any(c.overlaps(wanted) for c in state.closures):
        return Refusal(Rule.CLOSURE, _("The offer is closed during this time."))
    busy = busy_range(wanted.start, wanted.end, offer.buffer_minutes)
    taken = peak(state.held, busy)
    if taken + (quantity if offer.kind == OfferKind.TOOL else 1) > state.stock:
        if offer.kind == OfferKind.TOOL:
            return Refusal(Rule.STOCK, _("Only %(n)d items are free at this time.",
                                         n=max(0, state.stock - taken)))
        return overlap(offer)
    return None


def overlap(offer: Offer) -> Refusal:
    """The time is taken: by a booking the rules saw, or by one that the database's
    exclusion constraint caught."""
    if offer.buffer_minutes:
        return Refusal(Rule.OVERLAP, _("This time is already booked, or too close to a "
                                       "booking (%(duration)s kept between bookings).",
                                       duration=format_duration(offer.buffer_minutes)))
    return Refusal(Rule.OVERLAP, _("This time is already booked."))


def fits(offer: Offer, wanted: Interval, quantity: int, state: OfferState, now: datetime,
         check_notice: bool = True) -> Refusal | None:
    """The first of the offer's own rules the booking breaks; None if it fits."""
    return limits(offer, wanted, quantity, now, check_notice) \
        or held_rules(offer, wanted, quantity, state)


# --- limits across bookings: the provider's hours and the cell's quotas -------------------


def quotas_bind(role: Role) -> bool:
    """The cell's quotas bind the members; the cell itself may book beyond them."""
    return role != Role.CELL


def hours_refusal(limits_: list[HoursLimit], wanted: Interval) -> Refusal | None:
    """The first limit of hours that the booking would pass."""
    wanted_hours = hours_of(wanted.start, wanted.end)
    for limit in limits_:
        if limit.used + wanted_hours <= limit.max_hours + 1e-9:
            continue
        left = _hours(max(0.0, limit.max_hours - limit.used))
        week = limit.period == QuotaPeriod.WEEK
        if limit.rule == Rule.PROVIDER_LIMIT:
            message = (_("The provider gives at most %(n)d hours a week; %(left)s are left.",
                         n=limit.max_hours, left=left) if week else
                       _("The provider gives at most %(n)d hours a month; %(left)s are left.",
                         n=limit.max_hours, left=left))
        else:
            message = _("Your organisation may book at most %(n)d hours of this kind per "
                        "%(period)s; %(left)s are left.", n=limit.max_hours,
                        period=_("week") if week else _("month"), left=left)
        return Refusal(limit.rule, message)
    return None


def _hours(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def judge(offer: Offer, wanted: Interval, quantity: int, state: OfferState,
          hours_limits: list[HoursLimit], now: datetime, check_notice: bool = True
          ) -> Refusal | None:
    """Every rule a new booking must pass, in the order a person is told about them."""
    return fits(offer, wanted, quantity, state, now, check_notice) \
        or hours_refusal(hours_limits, wanted)
