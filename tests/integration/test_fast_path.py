"""The booking path's statements give the same rows, and a booking the same outcome, whether
they go straight to the driver (`DRIVER_FAST_PATH` on) or through SQLAlchemy (off)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import g

from pooling.bookings.models import (
    HOLDING,
    Booking,
    BookingEvent,
    BookingStatus,
    Quota,
    QuotaPeriod,
)
from pooling.bookings.services import BookingRefused, BookingRequest, create_booking
from pooling.catalogue import services as catalogue
from pooling.catalogue.models import Closure, Offer, OfferKind, OfferStatus, OpeningHours
from pooling.db import UTCDateTime, driver_batch, driver_rows, utcnow
from pooling.extensions import db
from pooling.members.models import Circle, Member
from tests.conftest import is_postgres
from tests.functional.test_bookings_api import publish_room

pytestmark = pytest.mark.postgres_only

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def _on_postgresql(app):
    if not is_postgres():
        pytest.skip("the setting changes nothing on SQLite, which always goes through SQLAlchemy")


@pytest.fixture
def both_ways(app, monkeypatch):
    """Run a function with the fast path on, then off: what each gave."""

    def run(action):
        outcomes = []
        for fast in (True, False):
            monkeypatch.setitem(app.config, "DRIVER_FAST_PATH", fast)
            outcomes.append(action())
        return outcomes

    return run


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS).astimezone(UTC)


# The three shapes of statement the booking path sends to the driver, built once each as
# the booking path builds its own.


def state_statement() -> sa.CompoundSelect:
    """Held bookings, closures and weekly opening hours of an offer, in one union."""
    offer_id = sa.bindparam("offer_id")
    start, end = sa.bindparam("start", type_=UTCDateTime), sa.bindparam("end", type_=UTCDateTime)
    no_time = sa.cast(sa.null(), sa.Time)
    held = sa.select(
        Booking.id, Booking.busy_from, Booking.busy_until, Booking.quantity, Booking.status,
        sa.cast(sa.null(), sa.Integer), no_time, no_time,
    ).where(Booking.offer_id == offer_id, sa.or_(*(Booking.status == s for s in HOLDING)),
            Booking.busy_from < end, Booking.busy_until > start)
    closures = sa.select(
        sa.null(), Closure.starts_at, Closure.ends_at, sa.null(), sa.null(), sa.null(),
        sa.null(), sa.null(),
    ).where(Closure.offer_id == offer_id, Closure.starts_at < end, Closure.ends_at > start)
    hours = sa.select(
        sa.null(), sa.null(), sa.null(), sa.null(), sa.null(), OpeningHours.weekday,
        OpeningHours.opens_at, OpeningHours.closes_at,
    ).where(OpeningHours.offer_id == offer_id)
    return sa.union_all(held, closures, hours)


def lock_statement() -> sa.Select:
    """The offer and the beneficiary locked, with the quotas that apply to it."""
    offers = Offer.__table__
    return (sa.select(*offers.c, Quota.period, Quota.max_hours).select_from(offers)
            .join(Member, Member.id == sa.bindparam("member_id"))
            .outerjoin(Quota, sa.and_(Quota.kind == offers.c.kind,
                                      sa.or_(Quota.circle == Member.circle,
                                             Quota.circle.is_(None))))
            .where(offers.c.id == sa.bindparam("offer_id"))
            .with_for_update(of=(offers, Member.__table__)))


def insert_statement() -> sa.Select:
    """A booking and the first step of its history, in one INSERT … RETURNING in a CTE."""
    bookings, events = Booking.__table__, BookingEvent.__table__
    new = (sa.insert(bookings).values({c.name: sa.bindparam(c.name, type_=c.type)
                                       for c in bookings.c if c.name != "id"})
           .returning(bookings.c.id, bookings.c.status).cte("new_booking"))
    history = events.insert().from_select(
        ["booking_id", "from_status", "to_status", "actor_id", "note", "at"],
        sa.select(new.c.id, sa.null(), new.c.status, sa.bindparam("actor_id"),
                  sa.bindparam("note"), sa.bindparam("at", type_=events.c.at.type)),
    ).cte("new_history")
    return sa.select(new.c.id, new.c.status).add_cte(history)


STATE, LOCK, INSERT = state_statement(), lock_statement(), insert_statement()


@pytest.fixture
def busy_room(pole):
    """A room with opening hours, a closure, two held bookings and a declined one, and a
    quota for its kind."""
    room = publish_room(pole.a_member, pole.org_a, buffer_minutes=30)
    catalogue.add_closure(pole.a_member, room.id, at(date(2030, 6, 6), 0),
                          at(date(2030, 6, 7), 0), "Travaux")
    db.session.add(Quota(kind=room.kind, circle=Circle.FOUNDING_MEMBER,
                         period=QuotaPeriod.MONTH, max_hours=40))
    db.session.add(Quota(kind=room.kind, circle=None, period=QuotaPeriod.WEEK, max_hours=20))
    db.session.commit()
    for hour in (9, 14):
        create_booking(pole.b_member, BookingRequest(room.id, at(date(2030, 6, 3), hour),
                                                     at(date(2030, 6, 3), hour + 2)))
    return room


def test_the_union_of_held_bookings_closures_and_hours_reads_the_same(both_ways, busy_room):
    params = {"offer_id": busy_room.id, "start": at(date(2030, 6, 1), 0),
              "end": at(date(2030, 6, 8), 0)}
    fast, slow = both_ways(lambda: sorted(driver_rows(db.session, STATE, params), key=repr))
    assert fast == slow
    assert len(fast) == 2 + 1 + 5  # two bookings, the closure, five opening days
    booked = [row for row in fast if row[0] is not None]
    assert {row[4] for row in booked} == {BookingStatus.CONFIRMED.value}
    assert all(type(row[4]) is str for row in booked)  # the enum's value, as a plain str
    instants = [value for row in fast for value in row if isinstance(value, datetime)]
    assert instants and all(value.tzinfo is UTC for value in instants)


def test_the_lock_joined_with_quotas_reads_the_same(both_ways, busy_room, pole):
    params = {"offer_id": busy_room.id, "member_id": pole.org_b.id}

    def lock():
        rows = sorted(driver_rows(db.session, LOCK, params), key=repr)
        db.session.commit()  # releases the locks, as the end of a booking does
        return rows

    fast, slow = both_ways(lock)
    assert fast == slow
    assert sorted(row[-2:] for row in fast) == [
        (QuotaPeriod.MONTH.value, 40), (QuotaPeriod.WEEK.value, 20)]


def test_a_batch_of_the_lock_and_the_state_reads_the_same(both_ways, busy_room, pole):
    lock = (LOCK, {"offer_id": busy_room.id, "member_id": pole.org_a.id})
    state = (STATE, {"offer_id": busy_room.id, "start": at(date(2030, 6, 2), 0),
                     "end": at(date(2030, 6, 4), 0)})

    def batch():
        rows = [sorted(rows, key=repr) for rows in driver_batch(db.session, lock, state)]
        db.session.commit()
        return rows

    fast, slow = both_ways(batch)
    assert fast == slow and all(fast)


def test_an_insert_returning_in_a_cte_writes_the_same(both_ways, busy_room, pole):
    days = iter([date(2030, 6, 10), date(2030, 6, 11)])

    def insert():
        day, now = next(days), utcnow()
        values = {
            "offer_id": busy_room.id, "member_id": pole.org_b.id,
            "requested_by_id": pole.b_member.id, "series_id": None, "need_id": None,
            "status": BookingStatus.CONFIRMED, "exclusive": True,
            "starts_at": at(day, 10), "ends_at": at(day, 12),
            "busy_from": at(day, 9, 30), "busy_until": at(day, 12, 30), "quantity": 3,
            "purpose": "Réunion", "sequence": 0, "reminded_at": None,
            "created_at": now, "updated_at": now, "decided_after": None, "cancelled_at": None,
            "actor_id": pole.b_member.id, "note": "Confirmée", "at": now}
        [(booking_id, status)] = driver_rows(db.session, INSERT, values, writes=True)
        db.session.commit()
        booking = db.session.get(Booking, booking_id)
        return (status, day, [
            (booking.starts_at - at(day, 0), booking.ends_at - at(day, 0), booking.status,
             booking.member_id, booking.quantity, booking.purpose, booking.created_at == now)],
            [(e.from_status, e.to_status, e.actor_id, e.note, e.at == now)
             for e in booking.events])

    (fast_status, _, *fast), (slow_status, _, *slow) = both_ways(insert)
    assert fast_status == slow_status == BookingStatus.CONFIRMED.value
    assert fast == slow
    assert fast[1] == [(None, BookingStatus.CONFIRMED, pole.b_member.id, "Confirmée", True)]


# --- a booking scenario, through the services and the API, both ways ----------------------


def normalised(value, base: date, labels: dict[int, str]):
    """The answer with times as offsets from the scenario's first day and the scenario's
    own offers named by their role, so that two runs on other days and offers compare."""
    if isinstance(value, dict):
        return {key: labels.get(item, item) if key == "id" else normalised(item, base, labels)
                for key, item in value.items()}
    if isinstance(value, list):
        return [normalised(item, base, labels) for item in value]
    if isinstance(value, str):
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            return value
        if instant.tzinfo is not None:
            return str(instant - at(base, 0))
    if isinstance(value, datetime):
        return str(value - at(base, 0))
    return value


def scenario(pole, client, bearer, monday: date) -> dict:
    """A room and a similar one, booked, refused by each rule in turn, over the services
    and the API; the outcomes, and the rows written."""
    room = publish_room(pole.a_member, pole.org_a, buffer_minutes=30,
                        max_duration_minutes=480)
    similar = publish_room(pole.b_admin, pole.org_b, title="Salle Chartreuse")
    labels = {room.id: "room", similar.id: "similar"}
    catalogue.add_closure(pole.a_member, room.id, at(monday + timedelta(days=3), 0),
                          at(monday + timedelta(days=4), 0), "Travaux")
    outcomes = []
    # Texts written by the services follow the language of the last request this context
    # served (cached in `g`): each run starts afresh, as the first did.
    for name in list(vars(g)):
        delattr(g, name)

    def book(user, day, start, end, **kw):
        try:
            booking = create_booking(user, BookingRequest(
                room.id, at(monday + timedelta(days=day), start),
                at(monday + timedelta(days=day), end), **kw))
        except BookingRefused as refused:
            outcomes.append(("refused", refused.rule, refused.status,
                             normalised(refused.alternatives.as_json(), monday, labels)))
        else:
            outcomes.append(("booked", booking.status.value))

    def post(user, day, start, end, **kw):
        start_at = datetime.combine(monday + timedelta(days=day), datetime.min.time())
        response = client.post("/api/v1/bookings", headers=bearer(user), json={
            "offer": room.id, "start": (start_at + timedelta(hours=start)).isoformat(),
            "end": (start_at + timedelta(hours=end)).isoformat(), **kw})
        body = response.get_json()
        answer = body.get("error", {}).get("rule") or body.get("status")
        outcomes.append(("http", response.status_code, answer,
                         normalised(body.get("error", {}).get("alternatives"), monday, labels)))

    book(pole.b_member, 0, 10, 12, quantity=8, purpose="Conseil")  # booked
    book(pole.a_member, 0, 12, 13)  # within the buffer: overlap, with alternatives
    book(pole.b_member, 1, 9, 12)  # over the founding members' quota of 4 h a month
    book(pole.a_member, 3, 10, 12)  # closed for works
    book(pole.a_member, 5, 10, 12)  # a Saturday: not open
    book(pole.a_member, 1, 10, 12, quantity=13)  # more people than the room holds
    book(pole.cell, 4, 10, 12, member_id=pole.org_a.id)  # the cell, for organisation A
    post(pole.b_member, 2, 14, 16, attendees=4)  # within the quota: booked
    post(pole.a_member, 2, 15, 17, attendees=4)  # overlap, with alternatives
    post(pole.a_member, 0, 8, 9, attendees=2)  # booked, just before the buffer

    db.session.rollback()
    bookings = db.session.scalars(sa.select(Booking).where(Booking.offer_id == room.id)
                                  .order_by(Booking.starts_at)).all()
    rows = [(b.member_id, b.requested_by_id, b.status, normalised(b.starts_at, monday, {}),
             normalised(b.ends_at, monday, {}), normalised(b.busy_from, monday, {}),
             normalised(b.busy_until, monday, {}), b.quantity, b.purpose, b.exclusive,
             b.series_id, b.sequence,
             [(e.from_status, e.to_status, e.actor_id, e.note) for e in b.events])
            for b in bookings]
    for offer in (room, similar):  # out of the next run's alternatives
        catalogue.change_status(pole.cell, offer.id, OfferStatus.ARCHIVED)
    return {"outcomes": outcomes, "rows": rows}


def test_a_booking_scenario_has_the_same_outcome_both_ways(app, monkeypatch, pole, client,
                                                           bearer):
    db.session.add(Quota(kind=OfferKind.PREMISES, circle=Circle.FOUNDING_MEMBER,
                         period=QuotaPeriod.MONTH, max_hours=4))
    db.session.commit()
    runs = []
    # Two Mondays in months of their own, so that one run's hours leave the other's quota.
    for fast, monday in ((True, date(2030, 6, 3)), (False, date(2030, 9, 2))):
        monkeypatch.setitem(app.config, "DRIVER_FAST_PATH", fast)
        runs.append(scenario(pole, client, bearer, monday))
    fast, slow = runs
    assert fast["outcomes"] == slow["outcomes"]
    assert fast["rows"] == slow["rows"]
    assert [outcome[:3] for outcome in fast["outcomes"]] == [
        ("booked", "confirmed"), ("refused", "overlap", 409), ("refused", "quota", 409),
        ("refused", "closure", 409), ("refused", "opening_hours", 409),
        ("refused", "capacity", 409), ("booked", "confirmed"), ("http", 201, "confirmed"),
        ("http", 409, "overlap"), ("http", 201, "confirmed")]
    assert fast["outcomes"][1][3]["offers"] and fast["outcomes"][1][3]["slots"]
    assert len(fast["rows"]) == 4
