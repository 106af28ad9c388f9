"""Lists of bookings, as each person may see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from pooling.accounts.models import Role, User
from pooling.bookings.models import Booking, BookingStatus
from pooling.catalogue.models import Offer
from pooling.db import MAX_PAGE
from pooling.errors import InvalidInput
from pooling.extensions import db


@dataclass(frozen=True)
class BookingQuery:
    offer_id: int | None = None
    member_id: int | None = None  # bookings made by, or of the offers of, this organisation
    status: BookingStatus | None = None
    start: datetime | None = None
    end: datetime | None = None
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class BookingPage:
    items: list[Booking]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_bookings(viewer: User, query: BookingQuery) -> BookingPage:
    """Bookings that concern the viewer's organisation (all of them for the cell)."""
    stmt = sa.select(Booking).join(Offer, Offer.id == Booking.offer_id)
    if viewer.role != Role.CELL:
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
        raise InvalidInput(_("The end must come after the start."),
                           fields={"to": [_("The end must come after the start.")]})
    if query.start:
        stmt = stmt.where(Booking.ends_at > query.start)
    if query.end:
        stmt = stmt.where(Booking.starts_at < query.end)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(
        stmt.with_only_columns(Booking.id).subquery())) or 0
    page = max(1, min(query.page, MAX_PAGE))
    items = db.session.scalars(stmt.order_by(Booking.starts_at, Booking.id)
                               .limit(query.per_page).offset((page - 1) * query.per_page))
    return BookingPage(list(items.unique()), total, page, query.per_page)
