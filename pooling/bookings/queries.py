"""Reading bookings: lists, calendars and requests, as each person may see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from pooling.accounts.models import Role, User
from pooling.bookings.availability import check_window, visible_offer
from pooling.bookings.models import ACTIVE, Booking, BookingStatus
from pooling.catalogue.models import Offer
from pooling.db import Page, paginate, utcnow
from pooling.errors import invalid_field
from pooling.extensions import db


@dataclass(frozen=True)
class BookingQuery:
    side: str | None = None  # "made" by, or "received" on the offers of, the viewer's org
    offer_id: int | None = None
    member_id: int | None = None  # bookings made by, or of the offers of, this organisation
    status: BookingStatus | None = None
    start: datetime | None = None  # bookings ending after this instant
    end: datetime | None = None  # bookings starting before this instant
    newest_first: bool = False
    page: int = 1
    per_page: int = 20


def list_bookings(viewer: User, query: BookingQuery) -> Page:
    """Bookings that concern the viewer's organisation (any for the cell), filtered."""
    stmt = sa.select(Booking).join(Offer, Offer.id == Booking.offer_id)
    if query.side == "made":
        stmt = stmt.where(Booking.member_id == viewer.member_id)
    elif query.side == "received":
        stmt = stmt.where(Offer.member_id == viewer.member_id)
    elif viewer.role != Role.CELL:
        stmt = stmt.where(sa.or_(Booking.member_id == viewer.member_id,
                                 Offer.member_id == viewer.member_id))
    if query.member_id:
        stmt = stmt.where(sa.or_(Booking.member_id == query.member_id,
                                 Offer.member_id == query.member_id))
    if query.offer_id:
        stmt = stmt.where(Booking.offer_id == query.offer_id)
    if query.status:
        stmt = stmt.where(Booking.status == query.status)
    if query.start and query.end and not query.start < query.end:
        raise invalid_field("to", _("The end must come after the start."))
    if query.start:
        stmt = stmt.where(Booking.ends_at > query.start)
    if query.end:
        stmt = stmt.where(Booking.starts_at < query.end)
    order = ((Booking.starts_at.desc(), Booking.id.desc()) if query.newest_first
             else (Booking.starts_at, Booking.id))
    return paginate(stmt, query.page, query.per_page, order)


def offer_bookings(viewer: User, offer_id: int, start: datetime, end: datetime
                   ) -> list[Booking]:
    """The bookings that hold an offer's time (confirmed, completed) or ask for it
    (requested) between two instants, for the offer's calendar. Whoever may see the offer
    gets them; what each viewer may read of them is the page's to decide."""
    offer = visible_offer(viewer, offer_id)
    check_window(start, end)
    return list(db.session.scalars(
        sa.select(Booking).where(Booking.offer_id == offer.id, Booking.status.in_(ACTIVE),
                                 Booking.starts_at < end, Booking.ends_at > start)
        .order_by(Booking.starts_at, Booking.id)))


def _awaiting(viewer: User, now: datetime):
    """Requests the viewer may decide on that have not ended: its organisation's offers,
    or every offer for the animation cell."""
    statement = (sa.select(Booking).join(Offer, Offer.id == Booking.offer_id)
                 .where(Booking.status == BookingStatus.REQUESTED, Booking.ends_at > now))
    if viewer.role != Role.CELL:
        statement = statement.where(Offer.member_id == viewer.member_id)
    return statement


def requests_to_decide(viewer: User, page: int = 1, per_page: int = 20,
                       now: datetime | None = None, ours: bool | None = None) -> Page:
    """The requests the viewer may decide on; `ours`: only those for its organisation's
    offers (True) or only those for other organisations' offers (False, the cell's)."""
    statement = _awaiting(viewer, now or utcnow())
    if ours is not None:
        statement = statement.where((Offer.member_id == viewer.member_id) if ours
                                    else (Offer.member_id != viewer.member_id))
    return paginate(statement, page, per_page, (Booking.starts_at, Booking.id))


def count_requests_to_decide(viewer: User, now: datetime | None = None) -> int:
    statement = _awaiting(viewer, now or utcnow())
    return db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery())) or 0


def member_calendar(viewer: User, start: datetime, end: datetime) -> list[Booking]:
    """The bookings made by the viewer's organisation and those of its offers, requested,
    confirmed or completed, between two instants."""
    check_window(start, end)
    return list(db.session.scalars(
        sa.select(Booking).join(Offer, Offer.id == Booking.offer_id)
        .where(sa.or_(Booking.member_id == viewer.member_id,
                      Offer.member_id == viewer.member_id),
               Booking.status.in_(ACTIVE), Booking.starts_at < end, Booking.ends_at > start)
        .order_by(Booking.starts_at, Booking.id)))


def bookings_for_need(viewer: User, need_id: int) -> list[Booking]:
    """The bookings made to answer a need, as its organisation (or the cell) sees them."""
    stmt = sa.select(Booking).where(Booking.need_id == need_id)
    if viewer.role != Role.CELL:
        stmt = stmt.where(Booking.member_id == viewer.member_id)
    return list(db.session.scalars(stmt.order_by(Booking.starts_at, Booking.id)))
