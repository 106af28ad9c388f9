"""Who may see a booking, and what each person may do with it now.

`refusal` is the one rule: the services ask it under the offer's lock before they move a
booking, and the pages ask `allowed_actions` to show only the buttons that will work.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import gettext as _

from pooling import labels
from pooling.accounts.models import Role, User
from pooling.bookings.models import Booking, BookingStatus
from pooling.bookings.rules import Rule
from pooling.errors import Conflict, DomainError, Forbidden


class Action(StrEnum):
    CONFIRM = "confirm"
    DECLINE = "decline"
    CANCEL = "cancel"
    CHANGE = "change"  # new times on the same day
    COMPLETE = "complete"
    NO_SHOW = "no_show"


OPEN = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
# The status each action moves a booking to; a change keeps it.
TO_STATUS = {
    Action.CONFIRM: BookingStatus.CONFIRMED,
    Action.DECLINE: BookingStatus.DECLINED,
    Action.CANCEL: BookingStatus.CANCELLED,
    Action.COMPLETE: BookingStatus.COMPLETED,
    Action.NO_SHOW: BookingStatus.NO_SHOW,
}
# The statuses each action moves a booking from.
FROM_STATUSES = {
    Action.CONFIRM: (BookingStatus.REQUESTED,),
    Action.DECLINE: (BookingStatus.REQUESTED,),
    Action.CANCEL: OPEN,
    Action.CHANGE: OPEN,
    Action.COMPLETE: (BookingStatus.CONFIRMED,),
    Action.NO_SHOW: (BookingStatus.CONFIRMED,),
}


def is_owner(user: User, booking: Booking) -> bool:
    """The people of the organisation that shares the booked offer."""
    return user.member_id == booking.offer.member_id


def is_beneficiary(user: User, booking: Booking) -> bool:
    return user.member_id == booking.member_id


def can_see_booking(user: User, booking: Booking) -> bool:
    """Both organisations of the booking and the animation cell; nobody else."""
    return user.role == Role.CELL or is_owner(user, booking) or is_beneficiary(user, booking)


def can_decide(user: User, booking: Booking) -> bool:
    """Confirming, declining, completing, reporting a no-show, and cancelling with a
    reason until the end: the owner or the cell."""
    return user.role == Role.CELL or is_owner(user, booking)


def who_refusal(user: User | None, booking: Booking, action: Action) -> Forbidden | None:
    """Whether the person, by who they are, may ever take the action on this booking.
    Nobody (None) is the service itself, which completes the bookings that have ended."""
    if user is None:
        return None if action == Action.COMPLETE else Forbidden(_("Sign in first."))
    if action == Action.CANCEL:
        if can_decide(user, booking) or is_beneficiary(user, booking):
            return None
        return Forbidden(_("You cannot cancel this booking."))
    if action == Action.CHANGE:
        if user.role == Role.CELL or is_beneficiary(user, booking):
            return None
        return Forbidden(_("Only the organisation that booked can change its booking."))
    if can_decide(user, booking):
        return None
    return Forbidden(_("Only the organisation that shares this offer, or the animation cell, "
                       "can decide on this booking."))


def when_refusal(user: User | None, booking: Booking, action: Action, now: datetime
                 ) -> Conflict | None:
    """Whether the booking, as it is now, still allows the action: its status and time."""
    if booking.status not in FROM_STATUSES[action]:
        if action == Action.CHANGE:
            return transition_refused(_("This booking is %(status)s: it can no longer be "
                                        "changed.", status=status_label(booking.status)))
        return transition_refused(_("This booking is %(status)s: it cannot become %(new)s.",
                                    status=status_label(booking.status),
                                    new=status_label(TO_STATUS[action])))
    if action == Action.CANCEL:
        if user is not None and can_decide(user, booking):
            if booking.ends_at <= now:
                return transition_refused(_("This booking is over: it can no longer be "
                                            "cancelled."))
        elif booking.starts_at <= now:
            return transition_refused(_("This booking has started: it can no longer be "
                                        "cancelled."))
    elif action == Action.CHANGE and booking.starts_at <= now:
        return transition_refused(_("This booking has started: it can no longer be changed."))
    elif action == Action.COMPLETE and booking.ends_at > now:
        return transition_refused(_("This booking is not over yet."))
    elif action == Action.NO_SHOW and booking.starts_at > now:
        return transition_refused(_("This booking has not started yet."))
    return None


def refusal(user: User | None, booking: Booking, action: Action, now: datetime
            ) -> DomainError | None:
    """Why the person may not take the action on the booking now (403 for who they are,
    409 for the booking's status or time); None if they may."""
    return who_refusal(user, booking, action) or when_refusal(user, booking, action, now)


def allowed_actions(user: User, booking: Booking, now: datetime) -> frozenset[Action]:
    """What the person may do with the booking now: the buttons its page shows."""
    return frozenset(action for action in Action
                     if refusal(user, booking, action, now) is None)


def reason_required(user: User, booking: Booking) -> bool:
    """The owner who cancels a booking tells the beneficiary why; the cell need not."""
    return user.role != Role.CELL and is_owner(user, booking)


def transition_refused(message: str) -> Conflict:
    return Conflict(message, details={"rule": Rule.TRANSITION})


def status_label(status: BookingStatus) -> str:
    return str(labels.BOOKING_STATUSES[status])
