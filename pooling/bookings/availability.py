"""What is free: an offer's free intervals, and what would do instead of a refused booking
(the offer's nearest free times, similar offers free at that time). Everything here reads;
the rules that judge each candidate are those of a booking (`rules.fits`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _

from pooling.accounts.models import User
from pooling.bookings import store
from pooling.bookings.rules import MAX_RANGE, fits
from pooling.bookings.timeline import remaining, subtract
from pooling.catalogue.hours import Interval
from pooling.catalogue.models import Offer, OfferKind
from pooling.catalogue.permissions import can_see_offer
from pooling.errors import NotFound, invalid_field
from pooling.pole.clock import pole_zone

# How far the engine looks for the nearest free times, and at which step.
ALTERNATIVE_HORIZON = timedelta(days=14)
ALTERNATIVE_STEP = timedelta(minutes=30)


def visible(viewer: User, offer: Offer | None) -> Offer:
    """The offer, if the viewer may see it; otherwise, as if it did not exist."""
    if offer is None or not can_see_offer(viewer, offer):
        raise NotFound(_("This offer does not exist."))
    return offer


def visible_offer(viewer: User, offer_id: int) -> Offer:
    return visible(viewer, store.read_offer(offer_id))


def check_window(start: datetime, end: datetime, end_field: str = "end") -> None:
    """A period asked for: it ends after it starts, and spans at most MAX_RANGE."""
    if not start < end:
        raise invalid_field(end_field, _("The end must come after the start."))
    if end - start > MAX_RANGE:
        raise invalid_field(end_field, _("Ask for at most %(n)d days at once.",
                                         n=MAX_RANGE.days))


@dataclass(frozen=True)
class FreeInterval:
    interval: Interval
    remaining: int | None  # people (premises; None without a capacity), items (tools), 1


def availability(viewer: User, offer_id: int, start: datetime, end: datetime
                 ) -> list[FreeInterval]:
    """The free intervals of an offer between two instants, with what is left in each."""
    offer = visible_offer(viewer, offer_id)
    check_window(start, end, "to")
    window = Interval(start, end)
    state = store.read_offer_state(offer, window)
    opened = [Interval(max(i.start, start), min(i.end, end))
              for i in state.open if i.overlaps(window)]
    free: list[FreeInterval] = []
    for interval in subtract(opened, state.closures):
        for piece, left in remaining(state.held, interval, state.stock):
            if left <= 0:
                continue
            amount = {OfferKind.PREMISES: offer.capacity, OfferKind.TOOL: left}.get(
                offer.kind, 1)
            if free and free[-1].interval.end == piece.start and free[-1].remaining == amount:
                piece = Interval(free.pop().interval.start, piece.end)
            free.append(FreeInterval(piece, amount))
    return free


# --- what would do instead ------------------------------------------------------------------


@dataclass(frozen=True)
class Alternatives:
    """What would do instead of a refused booking."""

    slots: list[Interval] = field(default_factory=list)  # the offer, at other times
    offers: list[Offer] = field(default_factory=list)  # other offers, at that time

    def as_json(self) -> dict:
        """As the API gives them: times in the pole's zone, offers by id, title, owner."""
        zone = pole_zone()
        return {"slots": [i.as_json(zone) for i in self.slots],
                "offers": [{"id": o.id, "title": o.title, "member": o.member.name}
                           for o in self.offers]}


def nearest_free(offer: Offer, wanted: Interval, quantity: int, now: datetime,
                 count: int = 3) -> list[Interval]:
    """The free times of the same length nearest to the wanted one, before or after it,
    starting on a quarter hour."""
    length = wanted.end - wanted.start
    window = Interval(wanted.start - ALTERNATIVE_HORIZON, wanted.end + ALTERNATIVE_HORIZON)
    state = store.read_offer_state(offer, window)
    zone = pole_zone()
    # Candidate starts: every half hour, and every opening time, of the horizon.
    starts = {i.start for i in state.open if window.start <= i.start <= window.end}
    step = wanted.start
    while step > window.start:
        step -= ALTERNATIVE_STEP
        starts.add(step)
    step = wanted.start
    while step < window.end:
        step += ALTERNATIVE_STEP
        starts.add(step)
    found = []
    for start in sorted(starts, key=lambda s: (abs(s - wanted.start), s)):
        candidate = Interval(start, start + length)
        if start.astimezone(zone).minute % 15:
            continue
        if fits(offer, candidate, quantity, state, now) is None:
            found.append(candidate)
            if len(found) == count:
                break
    return sorted(found, key=lambda i: i.start)


def similar_free(offer: Offer, wanted: Interval, quantity: int, now: datetime,
                 count: int = 3, member_id: int | None = None) -> list[Offer]:
    """Similar offers (`store.similar_offers`) free at the wanted time."""
    found = []
    for other in store.similar_offers(offer, quantity, member_id):
        if fits(other, wanted, quantity, store.read_offer_state(other, wanted), now) is None:
            found.append(other)
            if len(found) == count:
                break
    return found


def alternatives(offer: Offer, wanted: Interval, quantity: int, now: datetime,
                 member_id: int | None = None, count: int = 3) -> Alternatives:
    """The offer's nearest free times of the same length, and similar offers free at that
    time; none of the beneficiary's own organisation (`member_id`)."""
    return Alternatives(nearest_free(offer, wanted, quantity, now, count),
                        similar_free(offer, wanted, quantity, now, count, member_id))
