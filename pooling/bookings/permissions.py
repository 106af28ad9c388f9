"""Who may see and act on a booking."""

from __future__ import annotations

from pooling.accounts.models import Role, User
from pooling.bookings.models import Booking


def is_owner(user: User, booking: Booking) -> bool:
    """The people of the organisation that shares the booked offer."""
    return user.member_id == booking.offer.member_id


def is_beneficiary(user: User, booking: Booking) -> bool:
    return user.member_id == booking.member_id


def can_see_booking(user: User, booking: Booking) -> bool:
    """Both organisations of the booking and the animation cell; nobody else."""
    return user.role == Role.CELL or is_owner(user, booking) or is_beneficiary(user, booking)


def can_decide(user: User, booking: Booking) -> bool:
    """Confirming, declining, completing, reporting a no-show: the owner or the cell."""
    return user.role == Role.CELL or is_owner(user, booking)
