"""The review's running totals agree with the bookings they are summed from, whatever wrote
them: bookings made by the engine (its driver fast path on PostgreSQL), changed in place,
moved across months, cancelled, deleted, updated several at a time, steps added to their
history; and the usage figures read from them equal the same figures summed from the
bookings alone."""

from datetime import UTC, date, datetime, time, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pooling.bookings import lifecycle, services
from pooling.bookings.models import Booking, BookingEvent, BookingStatus
from pooling.bookings.services import BookingRequest
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import BookingPolicy, Category, OfferKind, OfferStatus
from pooling.extensions import db
from pooling.ledger.statements import Period
from pooling.review import members, totals, usage
from pooling.review.bounds import day_bounds
from pooling.review.models import BookerMonth, OfferMonth
from pooling.review.occupancy import booked_by_offer
from tests.review_pole import offer

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = [WeeklySlot(d, time(0), time(23, 59)) for d in range(7)]
# Bookings start from 1 December 2025 for 100 days: over three turns of a month, the first
# and last hours of a month in Paris falling in the month before in UTC.
BASE = datetime(2025, 12, 1, tzinfo=UTC)
PERIODS = (Period(date(2025, 12, 1), date(2026, 3, 31)),  # whole months only
           Period(date(2026, 1, 1), date(2026, 1, 31)),
           Period(date(2025, 12, 15), date(2026, 2, 10)),  # edges on both sides
           Period(date(2026, 1, 1), date(2026, 12, 31)),
           Period(date(2026, 2, 3), date(2026, 2, 20)))  # no whole month
STATUSES = st.sampled_from(list(BookingStatus))
STARTS = st.integers(0, 100 * 24 * 4)  # quarter hours after BASE
LENGTHS = st.integers(1, 4 * 24 * 4)  # quarter hours, up to four days
INDEX = st.integers(0, 10_000)
OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("book"), st.integers(0, 2), st.integers(0, 1), STARTS, LENGTHS,
              st.integers(1, 3), STATUSES),
    st.tuples(st.just("status"), INDEX, STATUSES),
    st.tuples(st.just("move"), INDEX, STARTS, LENGTHS),
    st.tuples(st.just("delete"), INDEX),
    st.tuples(st.just("bulk status"), STARTS, STATUSES),
    st.tuples(st.just("bulk book"), st.integers(0, 2), STARTS, st.integers(2, 5)),
    st.tuples(st.just("step"), INDEX, st.sampled_from([None, *BookingStatus]), STATUSES,
              STARTS)),
    min_size=1, max_size=12)


def totals_rows() -> tuple[set, set]:
    """The rows of both totals that hold something."""
    offers = {tuple(row) for row in db.session.execute(sa.select(
        OfferMonth.month, OfferMonth.offer_id, OfferMonth.bookings, OfferMonth.seconds,
        OfferMonth.item_days))
        if any(row[2:])}
    bookers = {tuple(row) for row in db.session.execute(sa.select(
        BookerMonth.month, BookerMonth.member_id, BookerMonth.kind, BookerMonth.bookings,
        BookerMonth.seconds)) if any(row[3:])}
    return offers, bookers


def steps() -> set:
    """What each booking keeps from its history."""
    return set(db.session.execute(sa.select(Booking.id, Booking.decided_after,
                                            Booking.cancelled_at)))


def rebuilt_rows() -> tuple[set, set, set]:
    db.session.commit()
    db.session.execute(sa.update(Booking).values(decided_after=None, cancelled_at=None))
    totals.rebuild(db.session.connection(), PARIS)
    db.session.commit()
    db.session.expire_all()
    return (*totals_rows(), steps())


def figures(period: Period) -> tuple:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    return (booked_by_offer(period), usage.uses_by_kind(period, usage.booking_use(period)),
            usage.incidents(period, 3, now), members.figures(period))


def raw_figures(period: Period) -> tuple:
    """The same figures summed from the bookings alone."""
    with mock.patch.object(totals, "split", lambda p: ([], [day_bounds(p)])):
        return figures(period)


def assert_totals_hold() -> None:
    db.session.expire_all()
    kept = (*totals_rows(), steps())
    assert kept == rebuilt_rows()
    for period in PERIODS:
        assert figures(period) == raw_figures(period), period


def booking_values(offer, member, user, start: datetime, length: int, quantity: int,
                   status: BookingStatus) -> dict:
    end = start + timedelta(minutes=15 * length)
    return dict(offer_id=offer.id, member_id=member.id, requested_by_id=user.id,
                status=status, exclusive=False, starts_at=start, ends_at=end,
                busy_from=start, busy_until=end, quantity=quantity,
                created_at=start - timedelta(days=3))


def test_totals_equal_the_bookings_after_any_writes(pole):
    kinds = (OfferKind.PREMISES, OfferKind.TOOL, OfferKind.SKILL)
    offers = [offer(pole.a_admin, pole.org_a, kind, f"Offre {kind}", WEEKDAYS,
                    datetime(2025, 1, 1, tzinfo=UTC), quantity=3) for kind in kinds]
    members = [(pole.org_a, pole.a_member), (pole.org_b, pole.b_member)]

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(OPERATIONS)
    def check(operations):
        for operation in operations:
            kind, *args = operation
            ids = list(db.session.scalars(sa.select(Booking.id).order_by(Booking.id)))
            if kind == "book":
                which, who, start, length, quantity, status = args
                member, user = members[who]
                db.session.add(Booking(**booking_values(
                    offers[which], member, user, BASE + timedelta(minutes=15 * start),
                    length, quantity, status)))
            elif kind == "bulk book":
                which, start, count = args
                db.session.execute(sa.insert(Booking), [booking_values(
                    offers[which], *members[n % 2], BASE + timedelta(minutes=15 * start + n),
                    4 + n, 1, BookingStatus.CONFIRMED) for n in range(count)])
            elif kind == "bulk status":
                start, status = args
                db.session.execute(sa.update(Booking).where(
                    Booking.starts_at >= BASE + timedelta(minutes=15 * start))
                    .values(status=status))
            elif ids and kind == "status":
                db.session.get(Booking, ids[args[0] % len(ids)]).status = args[1]
            elif ids and kind == "move":
                booking = db.session.get(Booking, ids[args[0] % len(ids)])
                start = BASE + timedelta(minutes=15 * args[1])
                end = start + timedelta(minutes=15 * args[2])
                booking.starts_at, booking.ends_at = start, end
                booking.busy_from, booking.busy_until = start, end
            elif ids and kind == "step":
                which, old, new, at = args
                db.session.add(BookingEvent(booking_id=ids[which % len(ids)], from_status=old,
                                            to_status=new,
                                            at=BASE + timedelta(minutes=15 * at)))
            elif ids and kind == "delete":
                # As an offer's deletion cascades: its history goes with it.
                db.session.execute(sa.delete(Booking).where(
                    Booking.id == ids[args[0] % len(ids)]))
            db.session.commit()
        assert_totals_hold()

    check()


def publish(user, member, policy: BookingPolicy = BookingPolicy.AUTOMATIC) -> int:
    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == OfferKind.PREMISES).order_by(Category.id)).first()
    created = catalogue.create_offer(user, member.id, catalogue.OfferData(
        kind=OfferKind.PREMISES, title="Salle Belledonne", capacity=12, category_id=category,
        opening_hours=[WeeklySlot(d, time(8), time(20)) for d in range(5)],
        booking_policy=policy))
    return catalogue.change_status(user, created.id, OfferStatus.PUBLISHED).id


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


def offer_month(offer_id: int, month: date) -> tuple:
    row = db.session.execute(sa.select(OfferMonth.bookings, OfferMonth.seconds).where(
        OfferMonth.offer_id == offer_id, OfferMonth.month == month)).first()
    return tuple(row) if row else (0, 0)


def test_a_booking_changed_in_place_moves_its_totals(pole):
    room = publish(pole.a_admin, pole.org_a)
    booking = services.create_booking(pole.b_member, BookingRequest(
        room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12)))
    june = date(2030, 6, 1)
    assert booking.status == BookingStatus.CONFIRMED
    assert offer_month(room, june) == (1, 2 * 3600)
    booker = db.session.execute(sa.select(BookerMonth.kind, BookerMonth.bookings,
                                          BookerMonth.seconds)
                                .where(BookerMonth.member_id == pole.org_b.id)).one()
    assert tuple(booker) == ("premises", 1, 2 * 3600)

    # New times on the same day: three hours instead of two.
    lifecycle.change_occurrences(pole.b_member, booking.id, "one", time(9), time(12))
    assert offer_month(room, june) == (1, 3 * 3600)

    # Moved to July in place (the cell's correction): June loses it, July has it.
    row = db.session.get(Booking, booking.id)
    row.starts_at, row.ends_at = paris(2030, 7, 1, 0, 30), paris(2030, 7, 1, 2, 30)
    row.busy_from, row.busy_until = row.starts_at, row.ends_at
    db.session.commit()
    assert offer_month(room, june) == (0, 0)
    assert offer_month(room, date(2030, 7, 1)) == (1, 2 * 3600)

    lifecycle.cancel(pole.b_member, booking.id)
    assert offer_month(room, date(2030, 7, 1)) == (0, 0)
    late = db.session.get(Booking, booking.id)
    db.session.refresh(late)
    assert late.cancelled_at is not None  # from the history's cancellation
    assert (*totals_rows(), steps()) == rebuilt_rows()


def test_a_booking_confirmed_at_once_is_written_once(pole):
    """It is inserted with its wait for a decision (none): its history's trigger does not
    write the booking again, which rewrote its row and counted two more changes of its
    month. A request decided later still keeps its wait."""
    june = date(2030, 6, 1)

    def changes() -> int:
        return dict(db.session.execute(totals.changes_by_month()).all()).get(june, 0)

    room = publish(pole.a_admin, pole.org_a)
    booking = services.create_booking(pole.b_member, BookingRequest(
        room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12)))
    assert booking.decided_after == 0
    assert changes() == 1
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).decided_after == 0

    asked = publish(pole.a_admin, pole.org_a, BookingPolicy.APPROVAL)
    request = services.create_booking(pole.b_member, BookingRequest(
        asked, paris(2030, 6, 4, 10), paris(2030, 6, 4, 12)))
    assert request.status == BookingStatus.REQUESTED and request.decided_after is None
    assert changes() == 2
    lifecycle.confirm(pole.a_admin, request.id)
    db.session.expire_all()
    assert db.session.get(Booking, request.id).decided_after >= 0
    assert (*totals_rows(), steps()) == rebuilt_rows()


def test_the_rebuild_command_sums_the_totals_afresh(pole, runner):
    room = offer(pole.a_admin, pole.org_a, OfferKind.PREMISES, "Salle", WEEKDAYS,
                 datetime(2025, 1, 1, tzinfo=UTC))
    db.session.add(Booking(**booking_values(room, pole.org_b, pole.b_member,
                                            paris(2026, 3, 2, 9), 8, 1,
                                            BookingStatus.COMPLETED)))
    db.session.commit()
    kept = totals_rows()
    db.session.execute(sa.delete(OfferMonth))  # lost, as after a restore without them
    db.session.commit()
    result = runner.invoke(args=["review", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Rows per offer and month: 1; per organisation, kind and month: 1;" in result.output
    db.session.expire_all()
    assert totals_rows() == kept
    assert offer_month(room.id, date(2026, 3, 1)) == (1, 2 * 3600)


def test_the_migration_fills_the_totals_from_the_bookings_there(app, pole):
    room = offer(pole.a_admin, pole.org_a, OfferKind.PREMISES, "Salle", WEEKDAYS,
                 datetime(2025, 1, 1, tzinfo=UTC))
    booking = Booking(**booking_values(room, pole.org_b, pole.b_member, paris(2026, 3, 2, 9),
                                       8, 1, BookingStatus.CANCELLED))
    db.session.add(booking)
    db.session.flush()
    db.session.add(BookingEvent(booking_id=booking.id, from_status=BookingStatus.CONFIRMED,
                                to_status=BookingStatus.CANCELLED, at=paris(2026, 3, 1, 20)))
    db.session.add(Booking(**booking_values(room, pole.org_b, pole.b_member,
                                            paris(2026, 3, 3, 9), 8, 1,
                                            BookingStatus.COMPLETED)))
    db.session.commit()
    room_id, booking_id = room.id, booking.id
    kept = (*totals_rows(), steps())
    db.session.remove()
    db.engine.dispose()
    downgrade(revision="0015_speed")
    db.engine.dispose()
    assert "review_offer_months" not in sa.inspect(db.engine).get_table_names()
    upgrade()
    db.engine.dispose()
    assert (*totals_rows(), steps()) == kept
    assert offer_month(room_id, date(2026, 3, 1)) == (1, 2 * 3600)
    assert db.session.get(Booking, booking_id).cancelled_at == paris(2026, 3, 1, 20)


def test_sqlite_sums_each_booking_into_its_month_by_one_seek(app, pole):
    """The rebuild and the migration, on SQLite before any ANALYZE: each booking finds its
    month through the months' index; neither the months nor the bookings are read once
    per row of the other (hours on a pole of half a million bookings)."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    source = f"SELECT {', '.join(totals.COLUMNS)}, 1 AS sign FROM bookings"  # nosec B608
    for statement in totals.grouped_upserts(source, postgres=False):
        plan = [row[3] for row in connection.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {statement}")]
        assert any(step.startswith("SEARCH m USING") and "(starts_at=?)" in step
                   for step in plan), plan
        assert not any(step.startswith("SCAN m") for step in plan), plan


MOMENTS = st.integers(-20 * 24, 120 * 24)  # hours after BASE
# Waits of whole days give or take a second, where "longer than" turns.
WAITS = st.builds(lambda days, second: days * 86400 + second, st.integers(0, 12),
                  st.integers(-1, 1))
BOOKINGS = st.lists(st.tuples(
    STARTS, STATUSES, MOMENTS, WAITS,  # created; updated that many seconds later
    st.one_of(st.none(), WAITS),  # the longest wait for a decision
    st.one_of(st.none(), st.integers(-3 * 24, 3 * 24))),  # cancelled, hours from the start
    max_size=25)


def test_incidents_equal_the_bookings_counted_one_by_one(pole):
    """The incidents read from the indexes of the statuses and of the waits equal the
    bookings behind each figure, counted one condition at a time."""
    room = offer(pole.a_admin, pole.org_a, OfferKind.PREMISES, "Salle", WEEKDAYS,
                 datetime(2025, 1, 1, tzinfo=UTC))

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(BOOKINGS, st.integers(1, 10), MOMENTS)
    # A request answered late, then asked again and left waiting: counted once.
    @example([(400, BookingStatus.REQUESTED, 0, 5 * 86400, 5 * 86400, None)], 1, 10 * 24)
    def check(bookings, waiting_days, now_hours):
        db.session.execute(sa.delete(Booking))
        for start, status, created, updated, decided, cancelled in bookings:
            values = booking_values(room, pole.org_b, pole.b_member,
                                    BASE + timedelta(minutes=15 * start), 4, 1, status)
            created_at = BASE + timedelta(hours=created)
            values.update(created_at=created_at,
                          updated_at=created_at + timedelta(seconds=updated),
                          decided_after=decided,
                          cancelled_at=None if cancelled is None
                          else values["starts_at"] + timedelta(hours=cancelled))
            db.session.execute(sa.insert(Booking), [values])
        db.session.commit()
        now = BASE + timedelta(hours=now_hours)
        for period in PERIODS:
            def counted(what: str, period=period) -> int:
                return db.session.scalar(sa.select(sa.func.count()).select_from(Booking)
                                         .where(usage.behind(what, period, waiting_days, now)))

            found = usage.incidents(period, waiting_days, now)
            assert (found.no_shows, found.late_cancellations, found.declined,
                    found.waiting) == tuple(counted(what) for what in (
                        "no_show", "late_cancel", "declined", "waiting")), period

    check()
