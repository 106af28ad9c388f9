"""The e-mails of the booking engine, queued in the booking's transaction and rendered and
sent in the background after it commits (pooling.mail): the offer's lock is not held
while templates render."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from pooling import mail
from pooling.accounts.models import Role, User
from pooling.bookings.models import Booking, BookingStatus
from pooling.db import transaction, utcnow
from pooling.extensions import db
from pooling.pole.clock import pole_day, pole_zone


def _owners(booking: Booking) -> list[User]:
    """Who hears about requests for an offer: its organisation's admins, else everyone."""
    people = list(db.session.scalars(sa.select(User).where(
        User.member_id == booking.offer.member_id, User.active.is_(True))))
    admins = [p for p in people if p.role in (Role.MEMBER_ADMIN, Role.CELL)]
    return admins or people


def _mails(users: list[User], template: str, booking: Booking, **context) -> list[mail.Mail]:
    return [mail.render(user.email, template, user.locale, user=user, booking=booking,
                        **context) for user in users if user.active]


def booking_made(booking: Booking, series_count: int = 1) -> None:
    """A new booking, or the first of `series_count` occurrences booked together."""
    mail.queue_job(_booking_made, booking.id, series_count)


def _booking_made(booking_id: int, series_count: int) -> list[mail.Mail]:
    booking = db.session.get(Booking, booking_id)
    requester = db.session.get(User, booking.requested_by_id)
    if booking.status == BookingStatus.REQUESTED:
        return (_mails(_owners(booking), "booking_request", booking, requester=requester,
                       series_count=series_count)
                + _mails([requester], "booking_received", booking, series_count=series_count))
    return (_mails([requester], "booking_decision", booking, series_count=series_count)
            + _mails([u for u in _owners(booking) if u.id != requester.id], "booking_new",
                     booking, requester=requester, series_count=series_count))


def booking_decided(booking: Booking) -> None:
    mail.queue_job(_booking_decided, booking.id)


def _booking_decided(booking_id: int) -> list[mail.Mail]:
    booking = db.session.get(Booking, booking_id)
    requester = db.session.get(User, booking.requested_by_id)
    note = booking.events[-1].note if booking.events else ""
    return _mails([requester], "booking_decision", booking, note=note)


def booking_cancelled(booking: Booking, actor: User, reason: str, count: int = 1) -> None:
    mail.queue_job(_booking_cancelled, booking.id, actor.id, reason, count)


def _booking_cancelled(booking_id: int, actor_id: int, reason: str, count: int
                       ) -> list[mail.Mail]:
    booking = db.session.get(Booking, booking_id)
    actor = db.session.get(User, actor_id)
    requester = db.session.get(User, booking.requested_by_id)
    others = ([requester] if actor.member_id != booking.member_id else _owners(booking))
    return _mails([u for u in others if u.id != actor.id], "booking_cancelled", booking,
                  actor=actor, reason=reason, series_count=count)


def send_reminders(now: datetime | None = None) -> int:
    """E-mail the people who booked for tomorrow (local day), once, unless they opted out."""
    moment = now or utcnow()
    zone = pole_zone()
    tomorrow = pole_day(moment) + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), zone)
    end = start + timedelta(days=1)
    sent = 0
    with transaction() as session:
        due = session.scalars(sa.select(Booking).where(
            Booking.status == BookingStatus.CONFIRMED, Booking.starts_at >= start,
            Booking.starts_at < end, Booking.reminded_at.is_(None)).with_for_update(of=Booking))
        for booking in due:
            booking.reminded_at = moment
            requester = session.get(User, booking.requested_by_id)
            if requester.booking_reminders:
                for message in _mails([requester], "booking_reminder", booking):
                    session.info.setdefault(mail.OUTBOX, []).append(message)
                sent += 1
    return sent
