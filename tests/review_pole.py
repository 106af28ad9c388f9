"""A small pole with known opening hours, closures and bookings in February 2026, for the
review's tests. Times are the pole's wall clock (Europe/Paris, UTC+1 all February).

- Room "Salle Jaurès" (org A): Monday to Friday 9:00-17:00, in the catalogue since January;
  closed all of Monday 16 February and on Tuesday 17 February from 14:00 to 20:00.
  Bookings by org B: 3 Feb 9-13 completed, 10 Feb 14-17 confirmed, 12 Feb 10-12 no-show,
  20 Feb 10-12 cancelled the evening before (late), 24 Feb 10-12 cancelled four days before,
  25 Feb 10-12 declined ten days after it was asked; 30 January 10-12 completed.
- Tool "Remorque" (org B), two in stock, published on 15 February; closed 20 and 21 February.
  Org A borrows one from 16 Feb 9:00 to 18 Feb 17:00 and two on 23 Feb 10-12.
- Skill "Comptabilité" (org A): Monday and Wednesday 14:00-18:00, at most 2 hours a week.
  Org B: 4 Feb 14-16 completed; a request made on 5 Feb still waiting.
- Room "Salle des fêtes" (the cell), published in January, never booked (dormant).
- A draft tool, and a room archived on 20 January: not in the catalogue in February.
- Members: the cell, A and B since 2020; C joined on 10 Feb (SCOP, 10 FTE); D left on
  15 Feb; E left in 2025; F joins in March.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from pooling.bookings.models import Booking, BookingEvent, BookingStatus
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import Category, Closure, Offer, OfferKind, OfferStatus
from pooling.extensions import db
from pooling.members.models import LegalForm

PARIS = ZoneInfo("Europe/Paris")
FEBRUARY = (date(2026, 2, 1), date(2026, 2, 28))
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def at(day: int, hour: int, month: int = 2, minute: int = 0) -> datetime:
    """A wall-clock time of 2026 in the pole, as a UTC instant."""
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS).astimezone(UTC)


def offer(user, member, kind: OfferKind, title: str, slots: list[WeeklySlot],
          published_at: datetime | None, status: OfferStatus = OfferStatus.PUBLISHED,
          archived_at: datetime | None = None, **extra) -> Offer:
    category = db.session.scalars(sa.select(Category.id).where(Category.kind == kind)
                                  .order_by(Category.id)).first()
    created = catalogue.create_offer(user, member.id, catalogue.OfferData(
        kind=kind, title=title, category_id=category, opening_hours=slots, **extra))
    row = db.session.get(Offer, created.id)
    row.status, row.published_at, row.archived_at = status, published_at, archived_at
    db.session.commit()
    return row


def book(offer: Offer, member, user, start: datetime, end: datetime, status: BookingStatus,
         quantity: int = 1, created_at: datetime | None = None,
         events: list[tuple[BookingStatus | None, BookingStatus, datetime]] = ()) -> Booking:
    booking = Booking(offer_id=offer.id, member_id=member.id, requested_by_id=user.id,
                      status=status, exclusive=offer.kind != OfferKind.TOOL,
                      starts_at=start, ends_at=end, busy_from=start, busy_until=end,
                      quantity=quantity, created_at=created_at or start - timedelta(days=7))
    db.session.add(booking)
    db.session.flush()
    for old, new, when in events:
        db.session.add(BookingEvent(booking_id=booking.id, from_status=old, to_status=new,
                                    at=when))
    db.session.commit()
    return booking


class ReviewPole:
    """The offers and members named in the module's docstring."""

    def __init__(self, pole, make_member):
        self.pole = pole
        weekdays = [WeeklySlot(d, time(9), time(17)) for d in range(5)]
        self.room = offer(pole.a_admin, pole.org_a, OfferKind.PREMISES, "Salle Jaurès",
                          weekdays, at(10, 9, month=1), capacity=12)
        self.tool = offer(pole.b_admin, pole.org_b, OfferKind.TOOL, "Remorque", weekdays,
                          at(15, 11), quantity=2)
        self.skill = offer(pole.a_admin, pole.org_a, OfferKind.SKILL, "Comptabilité",
                           [WeeklySlot(0, time(14), time(18)), WeeklySlot(2, time(14), time(18))],
                           at(5, 9, month=1), max_hours_per_week=2)
        self.dormant = offer(pole.cell, pole.cell_org, OfferKind.PREMISES, "Salle des fêtes",
                             weekdays, at(5, 9, month=1))
        offer(pole.b_admin, pole.org_b, OfferKind.TOOL, "Perceuse", weekdays, None,
              status=OfferStatus.DRAFT, quantity=1)
        offer(pole.a_admin, pole.org_a, OfferKind.PREMISES, "Ancien local", weekdays,
              at(2, 9, month=1), status=OfferStatus.ARCHIVED, archived_at=at(20, 9, month=1))
        db.session.add_all([
            Closure(offer_id=self.room.id, starts_at=at(16, 0), ends_at=at(17, 0),
                    reason="Peinture"),
            Closure(offer_id=self.room.id, starts_at=at(17, 14), ends_at=at(17, 20),
                    reason="Assemblée générale"),
            Closure(offer_id=self.tool.id, starts_at=at(20, 0), ends_at=at(22, 0),
                    reason="Révision"),
        ])
        db.session.commit()
        a, b = pole.org_a, pole.org_b
        C, R, D, X, N = (BookingStatus.COMPLETED, BookingStatus.REQUESTED,
                         BookingStatus.DECLINED, BookingStatus.CANCELLED, BookingStatus.NO_SHOW)
        self.completed = book(self.room, b, pole.b_member, at(3, 9), at(3, 13), C)
        self.confirmed = book(self.room, b, pole.b_member, at(10, 14), at(10, 17),
                              BookingStatus.CONFIRMED)
        self.no_show = book(self.room, b, pole.b_member, at(12, 10), at(12, 12), N)
        self.late = book(self.room, b, pole.b_member, at(20, 10), at(20, 12), X,
                         events=[(None, BookingStatus.CONFIRMED, at(10, 9)),
                                 (BookingStatus.CONFIRMED, X, at(19, 20))])
        self.early = book(self.room, b, pole.b_member, at(24, 10), at(24, 12), X,
                          events=[(None, BookingStatus.CONFIRMED, at(10, 9)),
                                  (BookingStatus.CONFIRMED, X, at(20, 9))])
        self.declined = book(self.room, b, pole.b_member, at(25, 10), at(25, 12), D,
                             created_at=at(10, 9),
                             events=[(None, R, at(10, 9)), (R, D, at(20, 9))])
        self.january = book(self.room, b, pole.b_member, at(30, 10, month=1),
                            at(30, 12, month=1), C)
        self.long_loan = book(self.tool, a, pole.a_member, at(16, 9), at(18, 17), C)
        self.two_items = book(self.tool, a, pole.a_member, at(23, 10), at(23, 12), C,
                              quantity=2)
        self.lesson = book(self.skill, b, pole.b_member, at(4, 14), at(4, 16), C)
        self.waiting = book(self.skill, b, pole.b_member, at(25, 14), at(25, 16), R,
                            created_at=at(5, 9), events=[(None, R, at(5, 9))])
        self.newcomer = make_member(name="Coop C", legal_form=LegalForm.SCOP,
                                    joined_on=date(2026, 2, 10), staff_fte=Decimal("10"),
                                    domains=["eco-activities"])
        make_member(name="Org D", joined_on=date(2021, 5, 1), left_on=date(2026, 2, 15))
        make_member(name="Org E", joined_on=date(2021, 5, 1), left_on=date(2025, 6, 30))
        make_member(name="Org F", joined_on=date(2026, 3, 2))
