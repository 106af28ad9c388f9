"""Recurring bookings: preview which occurrences are free, book them, and change or cancel
one occurrence, this one and the following, or the whole series."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time

import sqlalchemy as sa
from flask_babel import gettext as _

from pooling.accounts.models import Role, User
from pooling.bookings import notifications
from pooling.bookings.models import Booking, BookingSeries, BookingStatus
from pooling.bookings.permissions import can_decide, is_beneficiary
from pooling.bookings.recurrence import Planned, Recurrence, occurrences, rule_text
from pooling.bookings.rules import busy_range
from pooling.bookings.services import (
    BookingRefused,
    BookingRequest,
    _check_request,
    _judge,
    _record,
    _visible_offer,
    _zone,
    add_booking,
    alternatives,
    get_booking,
    lock_offer_and_member,
    move_bookings,
    with_retries,
)
from pooling.catalogue.hours import Interval
from pooling.catalogue.models import Offer
from pooling.db import transaction, utcnow
from pooling.errors import Conflict, Forbidden, InvalidInput
from pooling.extensions import db
from pooling.localtime import NonexistentTime, nonexistent_message, to_utc

# How many taken occurrences of a series get alternatives: each is a search of its own.
MAX_WITH_ALTERNATIVES = 10


@dataclass(frozen=True)
class Occurrence:
    interval: Interval
    rule: str | None = None  # the rule it breaks, None when free
    message: str = ""
    alternatives: dict | None = None  # for a taken one: nearest free slots, similar offers

    @property
    def free(self) -> bool:
        return self.rule is None


def preview(actor: User, request: BookingRequest, recurrence: Recurrence,
            now: datetime | None = None) -> list[Occurrence]:
    """Each occurrence of the series, free or with the rule it would break."""
    member = _check_request(actor, request)
    offer = _visible_offer(actor, request.offer_id)
    moment = now or utcnow()
    result = []
    for interval in occurrences(request.starts_at, request.ends_at, recurrence, _zone()):
        failure = _skipped(interval) or _judge(actor, member, offer, interval,
                                               request.quantity, moment)
        result.append(Occurrence(interval, *(failure or (None, ""))))
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


def _skipped(planned: Planned) -> tuple[str, str] | None:
    """An occurrence whose start or end the clocks skip is not booked, and says why."""
    if planned.skipped is None:
        return None
    return "nonexistent_time", nonexistent_message(planned.skipped)


@dataclass
class SeriesResult:
    series: BookingSeries
    bookings: list[Booking]
    skipped: list[Occurrence]


def book_series(actor: User, request: BookingRequest, recurrence: Recurrence,
                only_free: bool = True, now: datetime | None = None) -> SeriesResult:
    """Book every occurrence, or only the free ones; all in one transaction, so that the
    occurrences are judged against each other too."""
    member = _check_request(actor, request)
    _visible_offer(actor, request.offer_id)
    intervals = occurrences(request.starts_at, request.ends_at, recurrence, _zone())

    def attempt() -> SeriesResult:
        moment = now or utcnow()
        with transaction() as session:
            offer, quotas = lock_offer_and_member(request.offer_id, member.id)
            series = BookingSeries(offer_id=offer.id, member_id=member.id,
                                   rule=rule_text(recurrence, request.starts_at, _zone()),
                                   created_by_id=actor.id)
            session.add(series)
            session.flush()
            made, skipped = [], []
            for interval in intervals:
                failure = _skipped(interval) or _judge(actor, member, offer, interval,
                                                       request.quantity, moment, quotas=quotas)
                if failure:
                    if not only_free:
                        raise BookingRefused(failure[0], _(
                            "The occurrence of %(day)s is not free: %(reason)s",
                            day=interval.start.astimezone(_zone()).strftime("%d/%m/%Y"),
                            reason=failure[1]))
                    skipped.append(Occurrence(interval, *failure))
                    continue
                booking = add_booking(actor, member, offer, interval, request, series.id)
                session.flush()  # the next occurrences are judged with this one held
                made.append(booking)
            if not made:
                raise BookingRefused("no_free_occurrence",
                                     _("None of the occurrences is free."))
            notifications.booking_made(made[0], series_count=len(made))
        return SeriesResult(series, made, skipped)

    try:
        result = with_retries(attempt)
    except (BookingRefused, InvalidInput):
        db.session.rollback()
        raise
    # Looked for once the offer's lock is released, as for a single booking.
    offer = db.session.get(Offer, request.offer_id)
    result.skipped = _with_alternatives(result.skipped, offer, request.quantity,
                                        now or utcnow(), member.id)
    return result


SCOPES = ("one", "following", "all")


def _in_scope(actor: User, booking_id: int, scope: str, moment: datetime) -> list[Booking]:
    booking = get_booking(actor, booking_id)
    if scope not in SCOPES:
        raise InvalidInput(_("Choose one occurrence, this one and the following, or all."),
                           fields={"scope": [_("Unknown scope.")]})
    if scope == "one" or booking.series_id is None:
        return [booking]
    stmt = sa.select(Booking).where(
        Booking.series_id == booking.series_id, Booking.ends_at > moment,
        Booking.status.in_((BookingStatus.REQUESTED, BookingStatus.CONFIRMED)))
    if scope == "following":
        stmt = stmt.where(Booking.starts_at >= booking.starts_at)
    return list(db.session.scalars(stmt.order_by(Booking.starts_at)))


def cancel_occurrences(actor: User, booking_id: int, scope: str, reason: str = "",
                       now: datetime | None = None) -> list[Booking]:
    """Cancel one occurrence, this one and the following, or every one still to come, on
    the same path as a single cancellation: the occurrences that another request moved
    meanwhile are left as they are."""
    moment = now or utcnow()
    targets = _in_scope(actor, booking_id, scope, moment)
    owner = actor.role == Role.CELL or can_decide(actor, targets[0]) if targets else False
    if owner and actor.role != Role.CELL and not reason.strip():
        raise InvalidInput(_("Tell the beneficiary why you cancel."),
                           fields={"reason": [_("Required.")]})
    if not owner and not all(is_beneficiary(actor, b) for b in targets):
        raise Forbidden(_("You cannot cancel this booking."))

    def still_cancellable(booking: Booking, at: datetime) -> bool:
        return booking.starts_at > at if not owner else booking.ends_at > at

    def notify(cancelled: list[Booking]) -> None:
        notifications.booking_cancelled(cancelled[0], actor, reason.strip(),
                                        count=len(cancelled))

    try:
        return move_bookings(actor, targets, (BookingStatus.REQUESTED, BookingStatus.CONFIRMED),
                             BookingStatus.CANCELLED, note=reason.strip(), now=now,
                             still=still_cancellable, done=notify)
    except Conflict as refused:
        if refused.details.get("rule") == "transition":
            raise Conflict(_("Nothing left to cancel."),
                           details={"rule": "transition"}) from None
        raise


def change_occurrences(actor: User, booking_id: int, scope: str, starts: time, ends: time,
                       quantity: int | None = None, purpose: str | None = None,
                       now: datetime | None = None) -> list[Booking]:
    """Move the occurrences in scope to new local times on their own days; all of them
    or none, each judged by the rules as a new booking would be."""
    moment = now or utcnow()
    targets = [b for b in _in_scope(actor, booking_id, scope, moment) if b.starts_at > moment]
    if not targets:
        raise Conflict(_("Nothing left to change."), details={"rule": "transition"})
    if not all(is_beneficiary(actor, b) or actor.role == Role.CELL for b in targets):
        raise Forbidden(_("Only the organisation that booked can change its booking."))
    if not starts < ends:
        raise InvalidInput(_("The end must come after the start."),
                           fields={"ends": [_("The end must come after the start.")]})
    zone = _zone()
    member = targets[0].member

    def attempt() -> list[Booking]:
        with transaction():
            offer, _quotas = lock_offer_and_member(targets[0].offer_id, member.id)
            ids = [b.id for b in targets]
            for booking in targets:
                db.session.refresh(booking)
                day = booking.starts_at.astimezone(zone).date()
                try:
                    wanted = Interval(to_utc(datetime.combine(day, starts), zone),
                                      to_utc(datetime.combine(day, ends), zone))
                except NonexistentTime as skipped:
                    raise BookingRefused("nonexistent_time", _(
                        "The occurrence of %(day)s cannot move: %(reason)s",
                        day=day.strftime("%d/%m/%Y"),
                        reason=nonexistent_message(skipped))) from None
                amount = quantity or booking.quantity
                failure = _judge(actor, member, offer, wanted, amount, moment, exclude=ids)
                if failure:
                    raise BookingRefused(failure[0], _(
                        "The occurrence of %(day)s cannot move: %(reason)s",
                        day=day.strftime("%d/%m/%Y"), reason=failure[1]))
                busy = busy_range(wanted.start, wanted.end, offer.buffer_minutes)
                booking.starts_at, booking.ends_at = wanted.start, wanted.end
                booking.busy_from, booking.busy_until = busy.start, busy.end
                booking.quantity = amount
                if purpose is not None:
                    booking.purpose = purpose.strip()[:500]
                booking.sequence += 1
                _record(booking, booking.status, booking.status, actor, _("Changed."))
                db.session.flush()
        return targets

    try:
        return with_retries(attempt)
    except (BookingRefused, InvalidInput):
        db.session.rollback()
        raise
