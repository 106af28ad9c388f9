"""The booking engine's invariants hold when many clients book at the same instant, each on
its own database connection: the database, not the order of arrival, keeps them."""

import threading
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from time import sleep

import pytest
import sqlalchemy as sa

from pooling.accounts.models import User
from pooling.bookings import lifecycle, series, services
from pooling.bookings.models import Booking, BookingEvent, BookingStatus, Quota, QuotaPeriod
from pooling.bookings.recurrence import Recurrence
from pooling.bookings.services import BookingRefused, BookingRequest
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import BookingPolicy, Category, OfferKind, OfferStatus, Unit
from pooling.errors import Conflict
from pooling.extensions import db
from pooling.ledger.models import Exchange
from tests.races import race as race_together

CLIENTS = 20
ALWAYS_OPEN = [WeeklySlot(d, time(0), time(23, 59)) for d in range(7)]
MONDAY = datetime(2030, 6, 3, 8, tzinfo=UTC)


def race(app, action, clients: int = CLIENTS) -> list:
    return race_together(app, action, clients)


def _publish(user, member, kind=OfferKind.PREMISES, **fields):
    names = {OfferKind.PREMISES: "Salle de réunion", OfferKind.TOOL: "Véhicule"}
    category = db.session.scalars(sa.select(Category.id).where(
        Category.name == names[kind])).one()
    data = dict(kind=kind, title="Salle", category_id=category, opening_hours=ALWAYS_OPEN,
                capacity=10 if kind == OfferKind.PREMISES else None, min_duration_minutes=30)
    data.update(fields)
    offer = catalogue.create_offer(user, member.id, catalogue.OfferData(**data))
    return catalogue.change_status(user, offer.id, OfferStatus.PUBLISHED).id


def _booker(pole, offer_id, slot_of=lambda index: 0, quantity=1):
    """Each client books half an hour as a person of organisation B, on its own session."""
    user_id = pole.b_member.id

    def book(index):
        user = db.session.get(User, user_id)
        start = MONDAY + timedelta(minutes=30 * slot_of(index))
        return services.create_booking(user, BookingRequest(
            offer_id, start, start + timedelta(minutes=30), quantity))
    return book


def _holding(offer_id) -> int:
    return db.session.scalar(sa.select(sa.func.count(Booking.id)).where(
        Booking.offer_id == offer_id, Booking.status == BookingStatus.CONFIRMED))


def test_twenty_requests_for_the_last_free_slot_make_exactly_one_booking(app, pole):
    room = _publish(pole.a_member, pole.org_a)
    outcomes = race(app, _booker(pole, room))
    winners = [o for o in outcomes if isinstance(o, Booking)]
    refused = [o for o in outcomes if isinstance(o, BookingRefused)]
    assert len(winners) == 1, outcomes
    assert len(refused) == CLIENTS - 1, outcomes
    assert all(r.rule == "overlap" and r.status == 409 for r in refused)
    assert _holding(room) == 1


def test_twenty_bookings_of_twenty_free_slots_all_succeed(app, pole):
    room = _publish(pole.a_member, pole.org_a)
    outcomes = race(app, _booker(pole, room, slot_of=lambda index: index))
    assert all(isinstance(o, Booking) for o in outcomes), [o for o in outcomes
                                                           if not isinstance(o, Booking)]
    assert _holding(room) == CLIENTS


def test_a_tool_is_never_lent_beyond_its_stock(app, pole):
    vans = _publish(pole.a_member, pole.org_a, kind=OfferKind.TOOL, title="Vélos", quantity=3)
    outcomes = race(app, _booker(pole, vans))
    assert sum(isinstance(o, Booking) for o in outcomes) == 3, outcomes
    assert all(o.rule == "stock" for o in outcomes if isinstance(o, BookingRefused))


def test_a_quota_holds_across_offers_booked_at_once(app, pole):
    db.session.add(Quota(kind=OfferKind.PREMISES, circle=None, period=QuotaPeriod.MONTH,
                         max_hours=4))
    db.session.commit()
    rooms = [_publish(pole.a_member, pole.org_a, title=f"Salle {i}") for i in range(CLIENTS)]
    user_id = pole.b_member.id

    def book(index):
        user = db.session.get(User, user_id)
        return services.create_booking(user, BookingRequest(
            rooms[index], MONDAY, MONDAY + timedelta(hours=1)))

    outcomes = race(app, book)
    assert sum(isinstance(o, Booking) for o in outcomes) == 4, outcomes
    assert all(o.rule == "quota" for o in outcomes if isinstance(o, BookingRefused))


def test_completion_triggered_twice_at_once_records_one_exchange(app, pole):
    vans = _publish(pole.a_member, pole.org_a, kind=OfferKind.TOOL, title="Camion", quantity=1,
                    unit=Unit.DAY, value_per_unit=Decimal("30"))
    booking = services.create_booking(pole.b_member, BookingRequest(
        vans, MONDAY, MONDAY + timedelta(hours=2))).id
    owner_id = pole.a_member.id
    after_end = MONDAY + timedelta(days=1)

    def complete(index):
        if index % 2:
            return lifecycle.complete_due(now=after_end)
        return lifecycle.complete(db.session.get(User, owner_id), booking, now=after_end)

    outcomes = race(app, complete, clients=10)
    assert not [o for o in outcomes if isinstance(o, Exception)
                and not isinstance(o, Conflict)], outcomes
    assert db.session.scalar(sa.select(sa.func.count(Exchange.id))) == 1
    assert db.session.get(Booking, booking).status == BookingStatus.COMPLETED


@pytest.mark.postgres_only
def test_the_database_itself_refuses_overlapping_bookings(app, pole):
    """Even a write that skips the services cannot double-book a room on PostgreSQL."""
    from tests.conftest import is_postgres

    if not is_postgres():
        pytest.skip("the exclusion constraint is PostgreSQL's")
    room = _publish(pole.a_member, pole.org_a)
    services.create_booking(pole.b_member, BookingRequest(room, MONDAY,
                                                          MONDAY + timedelta(hours=1)))
    row = db.session.scalars(sa.select(Booking)).one()
    copy = {c.name: getattr(row, c.name) for c in Booking.__table__.columns if c.name != "id"}
    copy["starts_at"] += timedelta(minutes=30)
    copy["ends_at"] += timedelta(minutes=30)
    copy["busy_from"] += timedelta(minutes=30)
    copy["busy_until"] += timedelta(minutes=30)
    with pytest.raises(sa.exc.IntegrityError, match="ex_bookings_no_overlap"):
        db.session.execute(sa.insert(Booking.__table__).values(**copy))
    db.session.rollback()


def test_the_state_is_read_once_the_offer_is_locked(app, pole):
    """A booking waits for the offer's lock, then judges with what the holder of the lock
    committed meanwhile: the last van lent while it waited is not lent twice. (The state
    travels in the lock's round trip, but is read by a statement of its own.)"""
    vans = _publish(pole.a_member, pole.org_a, kind=OfferKind.TOOL, title="Camion", quantity=1)
    services.create_booking(pole.b_member, BookingRequest(vans, MONDAY,
                                                          MONDAY + timedelta(hours=1)))
    lent = {c.name: v for c, v in zip(Booking.__table__.c, db.session.execute(
        sa.select(Booking.__table__)).one(), strict=True) if c.name != "id"}
    later = {name: value + timedelta(days=7) if isinstance(value, datetime) else value
             for name, value in lent.items()}
    holder = db.engine.connect()
    holder.begin()
    holder.execute(sa.text("SELECT id FROM offers WHERE id = :id" + (
        " FOR UPDATE" if db.engine.dialect.name == "postgresql" else "")), {"id": vans})
    outcome = []
    book = _booker(pole, vans, slot_of=lambda _index: 7 * 48)  # a week after the first

    def book_waiting():
        with app.test_request_context():
            try:
                outcome.append(book(0))
            except BookingRefused as refused:
                outcome.append(refused)
            finally:
                db.session.remove()

    waiting = threading.Thread(target=book_waiting)
    if db.engine.dialect.name == "postgresql":
        waiting.start()
        sleep(0.5)  # the booking now waits for the lock
        holder.execute(sa.insert(Booking.__table__).values(**later))
        holder.commit()
    else:  # one writer at a time: the holder's transaction ends before the booking starts
        holder.execute(sa.insert(Booking.__table__).values(**later))
        holder.commit()
        waiting.start()
    waiting.join(timeout=60)
    holder.close()
    [refused] = outcome
    assert isinstance(refused, BookingRefused) and refused.rule == "stock", outcome


def _history_is_one_path(booking_id: int) -> list[BookingStatus]:
    """The statuses a booking went through, checked to follow one another."""
    events = db.session.scalars(sa.select(BookingEvent).where(
        BookingEvent.booking_id == booking_id).order_by(BookingEvent.id)).all()
    path = [events[0].to_status]
    assert events[0].from_status is None
    for event in events[1:]:
        assert event.from_status == path[-1], [(e.from_status, e.to_status) for e in events]
        path.append(event.to_status)
    assert db.session.get(Booking, booking_id).status == path[-1]
    return path


def test_confirming_and_cancelling_a_series_at_once_writes_one_history(app, pole):
    """The owner confirms occurrences while the beneficiary cancels them all: each
    occurrence ends confirmed or cancelled, and its history says how, once."""
    room = _publish(pole.a_member, pole.org_a, booking_policy=BookingPolicy.APPROVAL)
    made = series.book_series(pole.b_member, BookingRequest(
        room, MONDAY, MONDAY + timedelta(hours=1)), Recurrence("weekly", count=4))
    ids = [b.id for b in made.bookings]
    owner_id, beneficiary_id = pole.a_admin.id, pole.b_member.id

    def act(index):
        if index % 2:
            return lifecycle.cancel_occurrences(db.session.get(User, beneficiary_id), ids[0],
                                             "all", now=MONDAY - timedelta(days=1))
        return lifecycle.confirm(db.session.get(User, owner_id), ids[index // 2 % len(ids)],
                                now=MONDAY - timedelta(days=1))

    outcomes = race(app, act, clients=12)
    assert not [o for o in outcomes if isinstance(o, Exception)
                and not isinstance(o, Conflict)], outcomes
    for booking_id in ids:
        path = _history_is_one_path(booking_id)
        assert path in ([BookingStatus.REQUESTED, BookingStatus.CONFIRMED],
                        [BookingStatus.REQUESTED, BookingStatus.CANCELLED],
                        [BookingStatus.REQUESTED, BookingStatus.CONFIRMED,
                         BookingStatus.CANCELLED]), path
    # Some cancellation won: every occurrence ends cancelled, once.
    assert {db.session.get(Booking, i).status for i in ids} == {BookingStatus.CANCELLED}
