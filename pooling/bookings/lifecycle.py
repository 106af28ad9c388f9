"""What happens to a booking after it is made: confirmed or declined, cancelled, changed,
completed (its exchange posted in the ledger) or reported as a no-show; one booking, or
occurrences of a series.

Every change goes one path (`transition`): lock the offer's row, as every writer of its
bookings does; lock and read again the bookings as they are now; ask the permissions
whether this person may still do this to each (`permissions.refusal`); record the step in
the history; and run it all again if the database asks (a deadlock, a serialisation
failure). So each change happens exactly once, even when two people click at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

from flask_babel import gettext as _

from pooling.accounts.models import User
from pooling.audit import services as audit
from pooling.bookings import notifications, permissions, rules, store
from pooling.bookings.models import Booking, BookingStatus, Quota
from pooling.bookings.permissions import Action
from pooling.bookings.services import BookingRefused, judge
from pooling.bookings.timeline import units_used
from pooling.catalogue.hours import Interval
from pooling.catalogue.models import Offer, OfferKind
from pooling.db import run_use_case, transaction, utcnow
from pooling.errors import Conflict, Forbidden, NotFound, invalid_field
from pooling.extensions import db
from pooling.ledger.services import record_completed_booking
from pooling.localtime import NonexistentTime, nonexistent_message, to_utc
from pooling.pole.clock import pole_day, pole_zone


def get_booking(viewer: User, booking_id: int) -> Booking:
    """A booking the viewer may see; 404 for any other."""
    booking = db.session.get(Booking, booking_id)
    if booking is None or not permissions.can_see_booking(viewer, booking):
        raise NotFound(_("This booking does not exist."))
    return booking


def get_booking_for(actor: User, booking_id: int, action: Action) -> Booking:
    """A booking the actor may see (404) and, by who they are, act on (403): settled
    before what they sent is read."""
    booking = get_booking(actor, booking_id)
    refused = permissions.who_refusal(actor, booking, action)
    if refused:
        raise refused
    return booking


@dataclass(frozen=True)
class Locked:
    """What a transition holds locked: the offer, and the quotas of the beneficiary when
    its row is locked too (to judge new times)."""

    offer: Offer
    quotas: list[Quota]


def transition(actor: User | None, bookings: list[Booking], action: Action, note: str = "",
               after: Callable[[Booking, datetime, Locked], None] | None = None,
               done: Callable[[list[Booking]], None] | None = None,
               now: datetime | None = None, each_alone: bool = False,
               lock_beneficiary: bool = False) -> list[Booking]:
    """Take the action on bookings of one offer, in one transaction, each exactly once.

    A booking the action no longer applies to refuses all; with `each_alone` (the
    occurrences of a series), it is left as it is, and only if none is left is the whole
    refused. `after` runs under the locks for each booking moved, `done` once with all.
    `lock_beneficiary`: lock the beneficiary's row too and read its quotas. `actor` None
    is the service itself (`bookings tick`)."""
    if not bookings:
        raise permissions.transition_refused(_("Nothing left to change."))
    offer_id, member_id = bookings[0].offer_id, bookings[0].member_id
    ids = [b.id for b in bookings]
    new = permissions.TO_STATUS.get(action)

    def attempt() -> list[Booking]:
        moment = now or utcnow()
        with transaction():
            if lock_beneficiary:
                offer, quotas = store.lock_offer_and_member(offer_id, member_id)
            else:
                offer, quotas = store.lock_offer(offer_id), []
            current = store.lock_bookings(ids)
            movable = []
            for booking in current:
                refused = permissions.refusal(actor, booking, action, moment)
                if refused is None:
                    movable.append(booking)
                elif not each_alone:
                    raise refused
            if not movable:
                raise permissions.transition_refused(_("Nothing left to change."))
            for booking in movable:
                if new is not None:
                    record_decision(actor, booking, action, offer, note, moment)
                    store.record_status(booking, new, actor, note)
                if after:
                    after(booking, moment, Locked(offer, quotas))
            if done:
                done(movable)
        return movable

    return run_use_case(attempt)


# The decisions the audit log keeps: the owner's or the cell's, not the beneficiary's own
# cancellation nor the completion that follows the end.
DECISIONS = {Action.CONFIRM: "booking.approve", Action.DECLINE: "booking.decline",
             Action.CANCEL: "booking.cancel", Action.NO_SHOW: "booking.no_show"}


def record_decision(actor: User | None, booking: Booking, action: Action, offer: Offer,
                    note: str, moment: datetime) -> None:
    """Add the owner's or the cell's decision on a booking to the audit log."""
    if action not in DECISIONS or actor is None or not permissions.can_decide(actor, booking):
        return
    start = booking.starts_at.astimezone(pole_zone()).strftime("%Y-%m-%d %H:%M")
    audit.record(actor, DECISIONS[action], booking,
                 f"{offer.title} · {booking.member.name} · {start}",
                 member_id=booking.member_id, before={"status": booking.status.value},
                 after={"status": permissions.TO_STATUS[action].value, "note": note or None},
                 at=moment)


def _one(actor: User, booking_id: int, action: Action, note: str = "",
         after: Callable[[Booking, datetime, Locked], None] | None = None,
         now: datetime | None = None) -> Booking:
    [moved] = transition(actor, [get_booking_for(actor, booking_id, action)], action,
                         note=note, after=after, now=now)
    return moved


# --- deciding on a request ------------------------------------------------------------------


def confirm(actor: User, booking_id: int, now: datetime | None = None) -> Booking:
    """The owner accepts a request, if it still fits; requests it now collides with are
    declined."""

    def recheck_and_decline_others(booking: Booking, moment: datetime, locked: Locked) -> None:
        wanted = Interval(booking.starts_at, booking.ends_at)
        state = store.read_offer_state(locked.offer, wanted, [booking.id])
        refused = rules.fits(locked.offer, wanted, booking.quantity, state, moment,
                             check_notice=False)
        if refused:
            raise BookingRefused(refused)
        db.session.flush()
        _decline_colliding(actor, booking, locked.offer, moment)
        notifications.booking_decided(booking)

    return _one(actor, booking_id, Action.CONFIRM, after=recheck_and_decline_others, now=now)


def _decline_colliding(actor: User, accepted: Booking, offer: Offer, moment: datetime
                       ) -> None:
    for other in store.requests_colliding(accepted):
        wanted = Interval(other.starts_at, other.ends_at)
        state = store.read_offer_state(offer, wanted, [other.id])
        # Judged as at its own start: only whether it still fits beside the accepted one.
        if rules.fits(offer, wanted, other.quantity, state, other.starts_at,
                      check_notice=False) is not None:
            note = _("Another request for the same time was accepted.")
            record_decision(actor, other, Action.DECLINE, offer, note, moment)
            store.record_status(other, BookingStatus.DECLINED, actor, note)
            notifications.booking_decided(other)


def decline(actor: User, booking_id: int, reason: str = "") -> Booking:
    def after(booking: Booking, _moment: datetime, _locked: Locked) -> None:
        notifications.booking_decided(booking)

    return _one(actor, booking_id, Action.DECLINE, note=reason.strip(), after=after)


# --- cancelling ---------------------------------------------------------------------------


def cancel(actor: User, booking_id: int, reason: str = "", now: datetime | None = None
           ) -> Booking:
    """The beneficiary cancels before the start; the owner, with a reason, before the end;
    the cell at any time before the end."""
    booking = get_booking_for(actor, booking_id, Action.CANCEL)
    reason = reason.strip()
    if permissions.reason_required(actor, booking) and not reason:
        raise invalid_field("reason", _("Tell the beneficiary why you cancel."))

    def after(cancelled: Booking, _moment: datetime, _locked: Locked) -> None:
        notifications.booking_cancelled(cancelled, actor, reason)

    [cancelled] = transition(actor, [booking], Action.CANCEL, note=reason, after=after,
                             now=now)
    return cancelled


SCOPES = ("one", "following", "all")


def bookings_in_scope(actor: User, booking_id: int, scope: str, moment: datetime
                      ) -> list[Booking]:
    """One occurrence, this one and the following, or all the occurrences still to come."""
    booking = get_booking(actor, booking_id)
    if scope not in SCOPES:
        raise invalid_field("scope", _("Choose one occurrence, this one and the following, "
                                       "or all."))
    if scope == "one" or booking.series_id is None:
        return [booking]
    return store.series_bookings_to_come(
        booking.series_id, moment, booking.starts_at if scope == "following" else None)


def cancel_occurrences(actor: User, booking_id: int, scope: str, reason: str = "",
                       now: datetime | None = None) -> list[Booking]:
    """Cancel one occurrence, this one and the following, or every one still to come; the
    occurrences that another request moved meanwhile are left as they are."""
    moment = now or utcnow()
    targets = bookings_in_scope(actor, booking_id, scope, moment)
    for booking in targets:
        refused = permissions.who_refusal(actor, booking, Action.CANCEL)
        if refused:
            raise refused
    reason = reason.strip()
    if targets and permissions.reason_required(actor, targets[0]) and not reason:
        raise invalid_field("reason", _("Tell the beneficiary why you cancel."))

    def notify(cancelled: list[Booking]) -> None:
        notifications.booking_cancelled(cancelled[0], actor, reason, count=len(cancelled))

    try:
        return transition(actor, targets, Action.CANCEL, note=reason, done=notify, now=now,
                          each_alone=True)
    except Conflict as refused:
        if refused.details.get("rule") == rules.Rule.TRANSITION:
            raise permissions.transition_refused(_("Nothing left to cancel.")) from None
        raise


# --- changing times -----------------------------------------------------------------------


def change_occurrences(actor: User, booking_id: int, scope: str, starts: time, ends: time,
                       quantity: int | None = None, purpose: str | None = None,
                       now: datetime | None = None) -> list[Booking]:
    """Move the occurrences in scope (or the one booking) to new local times on their own
    days; all of them or none, each judged by the rules as a new booking would be."""
    moment = now or utcnow()
    targets = [b for b in bookings_in_scope(actor, booking_id, scope, moment)
               if b.starts_at > moment]
    if not targets:
        raise permissions.transition_refused(_("Nothing left to change."))
    for booking in targets:
        refused = permissions.who_refusal(actor, booking, Action.CHANGE)
        if refused:
            raise refused
    if not starts < ends:
        raise invalid_field("ends", _("The end must come after the start."))
    zone = pole_zone()
    member = targets[0].member
    ids = [b.id for b in targets]

    def move(booking: Booking, at: datetime, locked: Locked) -> None:
        day = pole_day(booking.starts_at)
        try:
            wanted = Interval(to_utc(datetime.combine(day, starts), zone),
                              to_utc(datetime.combine(day, ends), zone))
        except NonexistentTime as skipped:
            raise _cannot_move(day, rules.Refusal(rules.Rule.NONEXISTENT_TIME,
                                                  nonexistent_message(skipped))) from None
        amount = quantity or booking.quantity
        refused = judge(actor, member, locked.offer, wanted, amount, at,
                        quotas=locked.quotas, exclude=ids)
        if refused:
            raise _cannot_move(day, refused)
        store.move_booking(booking, locked.offer, wanted)
        booking.quantity = amount
        if purpose is not None:
            booking.purpose = purpose.strip()[:500]
        store.record_status(booking, booking.status, actor, _("Changed."))
        db.session.flush()  # the next occurrences are judged with this one moved

    return transition(actor, targets, Action.CHANGE, after=move, now=now,
                      lock_beneficiary=True)


def _cannot_move(day, refused: rules.Refusal) -> BookingRefused:
    return BookingRefused(rules.Refusal(refused.rule, _(
        "The occurrence of %(day)s cannot move: %(reason)s",
        day=day.strftime("%d/%m/%Y"), reason=refused.message)))


# --- after the time: completed, or nobody came ---------------------------------------------


def complete(actor: User | None, booking_id: int, now: datetime | None = None) -> Booking:
    """The booking took place: record the exchange, once, even if asked twice at once."""
    if actor is None:
        raise Forbidden(_("Sign in first."))
    return _one(actor, booking_id, Action.COMPLETE, after=_record_exchange, now=now)


def report_no_show(actor: User, booking_id: int, now: datetime | None = None) -> Booking:
    return _one(actor, booking_id, Action.NO_SHOW, note=_("Nobody came."), now=now)


def complete_due(now: datetime | None = None) -> int:
    """Complete the confirmed bookings that have ended (run by `flask bookings tick`)."""
    moment = now or utcnow()
    done = 0
    for booking_id in store.ended_confirmed(moment):
        booking = db.session.get(Booking, booking_id)
        try:
            transition(None, [booking], Action.COMPLETE,
                       note=_("Completed automatically after its end."),
                       after=_record_exchange, now=moment)
        except Conflict:  # completed meanwhile by its owner
            continue
        done += 1
    return done


def _record_exchange(booking: Booking, _moment: datetime, locked: Locked) -> None:
    """The exchange of a completed booking, in the offer's unit, valued on its day and
    posted in the ledger at once."""
    offer = locked.offer
    if offer.member_id == booking.member_id:
        return  # an organisation using its own offer gives nothing to anyone
    units = units_used(offer.unit, booking.starts_at, booking.ends_at, pole_zone())
    if offer.kind == OfferKind.TOOL:
        units *= booking.quantity
    record_completed_booking(booking, offer, units, pole_day(booking.starts_at))
