"""Recurring bookings: preview which occurrences are free, and book them. Changing or
cancelling occurrences afterwards is a transition like any other (`lifecycle`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from flask_babel import gettext as _

from pooling.accounts.models import User
from pooling.bookings import notifications, store
from pooling.bookings.availability import Alternatives, alternatives, visible_offer
from pooling.bookings.models import Booking, BookingSeries
from pooling.bookings.recurrence import Planned, Recurrence, occurrences, rule_text
from pooling.bookings.rules import Refusal, Rule
from pooling.bookings.services import BookingRefused, BookingRequest, check_request, judge
from pooling.catalogue.hours import Interval
from pooling.catalogue.models import Offer
from pooling.db import run_use_case, transaction, utcnow
from pooling.extensions import db
from pooling.localtime import nonexistent_message
from pooling.pole.clock import pole_day, pole_zone

# How many taken occurrences of a series get alternatives: each is a search of its own.
MAX_WITH_ALTERNATIVES = 10


@dataclass(frozen=True)
class Occurrence:
    interval: Interval
    refusal: Refusal | None = None  # the rule it breaks, None when free
    alternatives: Alternatives | None = None  # for a taken one: nearest free times, offers

    @property
    def free(self) -> bool:
        return self.refusal is None

    @property
    def rule(self) -> Rule | None:
        return self.refusal.rule if self.refusal else None

    @property
    def message(self) -> str:
        return self.refusal.message if self.refusal else ""


def preview(actor: User, request: BookingRequest, recurrence: Recurrence,
            now: datetime | None = None) -> list[Occurrence]:
    """Each occurrence of the series, free or with the rule it would break."""
    member = check_request(actor, request)
    offer = visible_offer(actor, request.offer_id)
    moment = now or utcnow()
    result = []
    for interval in occurrences(request.starts_at, request.ends_at, recurrence, pole_zone()):
        refused = _skipped(interval) or judge(actor, member, offer, interval,
                                              request.quantity, moment)
        result.append(Occurrence(interval, refused))
    result = _with_alternatives(result, offer, request.quantity, moment, member.id)
    db.session.rollback()
    return result


def _with_alternatives(found: list[Occurrence], offer, quantity: int, now: datetime,
                       member_id: int) -> list[Occurrence]:
    """The taken occurrences (the first few) with what would do instead of each."""
    result, searched = [], 0
    for occurrence in found:
        if not occurrence.free and searched < MAX_WITH_ALTERNATIVES:
            searched += 1
            occurrence = replace(occurrence, alternatives=alternatives(
                offer, occurrence.interval, quantity, now, member_id, count=2))
        result.append(occurrence)
    return result


def _skipped(planned: Planned) -> Refusal | None:
    """An occurrence whose start or end the clocks skip is not booked, and says why."""
    if planned.skipped is None:
        return None
    return Refusal(Rule.NONEXISTENT_TIME, nonexistent_message(planned.skipped))


@dataclass
class SeriesResult:
    series: BookingSeries
    bookings: list[Booking]
    skipped: list[Occurrence]


def book_series(actor: User, request: BookingRequest, recurrence: Recurrence,
                only_free: bool = True, now: datetime | None = None) -> SeriesResult:
    """Book every occurrence, or only the free ones; all in one transaction, so that the
    occurrences are judged against each other too."""
    member = check_request(actor, request)
    visible_offer(actor, request.offer_id)
    intervals = occurrences(request.starts_at, request.ends_at, recurrence, pole_zone())

    def attempt() -> SeriesResult:
        moment = now or utcnow()
        with transaction() as session:
            offer, quotas = store.lock_offer_and_member(request.offer_id, member.id)
            series = BookingSeries(offer_id=offer.id, member_id=member.id,
                                   rule=rule_text(recurrence, request.starts_at, pole_zone()),
                                   created_by_id=actor.id)
            session.add(series)
            session.flush()
            made, skipped = [], []
            for interval in intervals:
                refused = _skipped(interval) or judge(actor, member, offer, interval,
                                                      request.quantity, moment, quotas=quotas)
                if refused:
                    if not only_free:
                        raise BookingRefused(Refusal(refused.rule, _(
                            "The occurrence of %(day)s is not free: %(reason)s",
                            day=pole_day(interval.start).strftime("%d/%m/%Y"),
                            reason=refused.message)))
                    skipped.append(Occurrence(interval, refused))
                    continue
                booking = store.insert_booking(actor, member, offer, interval,
                                               request.quantity, request.purpose, series.id,
                                               request.need_id)
                session.flush()  # the next occurrences are judged with this one held
                made.append(booking)
            if not made:
                raise BookingRefused(Refusal(Rule.NO_FREE_OCCURRENCE,
                                             _("None of the occurrences is free.")))
            notifications.booking_made(made[0], series_count=len(made))
        return SeriesResult(series, made, skipped)

    result = run_use_case(attempt)
    # Looked for once the offer's lock is released, as for a single booking.
    offer = db.session.get(Offer, request.offer_id)
    result.skipped = _with_alternatives(result.skipped, offer, request.quantity,
                                        now or utcnow(), member.id)
    return result
