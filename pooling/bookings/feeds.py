"""Calendar feeds: secret addresses of an organisation's bookings and of an offer's.

The token in the address is the only key: whoever has it reads the feed, so each one can
be replaced by a new one (the old address then answers 404).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from pooling.accounts.models import User
from pooling.bookings import ical
from pooling.bookings.models import Booking, CalendarFeed
from pooling.catalogue.models import Offer, OfferStatus
from pooling.catalogue.permissions import can_edit_offer, can_see_offer
from pooling.catalogue.services import offers_of
from pooling.db import transaction, utcnow
from pooling.errors import Forbidden, NotFound
from pooling.extensions import db
from pooling.members.models import Member
from pooling.pole.clock import pole_zone
from pooling.templating import public_url

# What token_urlsafe gives; anything else (a NUL byte, say) is no token and is not looked up.
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Feeds show the bookings that ended at most this long ago, and everything after.
HISTORY = timedelta(days=90)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _where(member_id: int | None, offer_id: int | None):
    return (CalendarFeed.member_id == member_id if member_id is not None
            else CalendarFeed.offer_id == offer_id)


def _get_or_create(member_id: int | None = None, offer_id: int | None = None) -> CalendarFeed:
    """The feed of an organisation or of an offer, created on first use. Two first uses at
    the same time end with one feed: the loser of the unique constraint reads the winner's."""
    feed = db.session.scalars(sa.select(CalendarFeed).where(_where(member_id, offer_id))).first()
    if feed is not None:
        return feed
    try:
        with transaction() as session:
            # SQLite: re-read under the write lock; another writer may have just created it.
            feed = session.scalars(sa.select(CalendarFeed).where(
                _where(member_id, offer_id))).first()
            if feed is None:
                feed = CalendarFeed(token=new_token(), member_id=member_id, offer_id=offer_id)
                session.add(feed)
    except IntegrityError:
        feed = db.session.scalars(sa.select(CalendarFeed).where(
            _where(member_id, offer_id))).one()
    return feed


def _regenerate(member_id: int | None = None, offer_id: int | None = None) -> CalendarFeed:
    """A new token for the feed: the old address stops working at once."""
    feed = _get_or_create(member_id, offer_id)
    with transaction():
        feed.token = new_token()
    return feed


def _editable_offer(actor: User, offer_id: int) -> Offer:
    offer = db.session.get(Offer, offer_id)
    if offer is None or not can_see_offer(actor, offer):
        raise NotFound(_("This offer does not exist."))
    if not can_edit_offer(actor, offer):
        raise Forbidden(_("Only the people of the organisation that shares this offer, or the "
                          "animation cell, can see or change its calendar address."))
    return offer


def member_feed(actor: User) -> CalendarFeed:
    """The feed of the actor's organisation: the bookings it made and those of its offers."""
    return _get_or_create(member_id=actor.member_id)


def offer_feed(actor: User, offer_id: int) -> CalendarFeed:
    return _get_or_create(offer_id=_editable_offer(actor, offer_id).id)


def regenerate_member_feed(actor: User) -> CalendarFeed:
    return _regenerate(member_id=actor.member_id)


def regenerate_offer_feed(actor: User, offer_id: int) -> CalendarFeed:
    return _regenerate(offer_id=_editable_offer(actor, offer_id).id)


@dataclass(frozen=True)
class OfferFeed:
    offer: Offer
    feed: CalendarFeed


def offer_feeds(actor: User) -> list[OfferFeed]:
    """The feeds of the offers of the actor's organisation (drafts have no bookings)."""
    return [OfferFeed(offer, _get_or_create(offer_id=offer.id))
            for offer in offers_of(actor.member_id) if offer.status != OfferStatus.DRAFT]


# --- reading a feed ----------------------------------------------------------------------


@dataclass(frozen=True)
class Feed:
    name: str
    body: bytes  # the iCalendar document


def _bookings(where, since: datetime) -> list[Booking]:
    return list(db.session.scalars(
        sa.select(Booking).join(Offer, Offer.id == Booking.offer_id)
        .where(where, Booking.ends_at >= since)
        .options(selectinload(Booking.requested_by))
        .order_by(Booking.starts_at, Booking.id)).unique())


def read_feed(token: str, now: datetime | None = None) -> Feed:
    """The calendar behind a secret address; NotFound for any address that is not one."""
    moment = now or utcnow()
    feed = (db.session.scalars(sa.select(CalendarFeed).where(CalendarFeed.token == token))
            .first() if TOKEN.fullmatch(token) else None)
    if feed is None:
        raise NotFound(_("This calendar address does not exist, or has been replaced."))
    since = moment - HISTORY
    if feed.member_id is not None:
        member = db.session.get(Member, feed.member_id)
        name = _("Bookings of %(member)s", member=member.name)
        bookings = _bookings(sa.or_(Booking.member_id == member.id,
                                    Offer.member_id == member.id), since)
    else:
        offer = db.session.get(Offer, feed.offer_id)
        name = _("Bookings of %(offer)s (%(member)s)", offer=offer.title,
                 member=offer.member.name)
        bookings = _bookings(Booking.offer_id == offer.id, since)
    config = current_app.config
    body = ical.build_calendar(
        name, bookings, pole_zone(), moment, config["BASE_URL"],
        lambda booking: public_url("bookings.detail", booking_id=booking.id))
    return Feed(name, body)
