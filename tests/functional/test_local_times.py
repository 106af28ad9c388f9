"""Local times around daylight-saving changes: a time the clocks skip is refused with a
message that says so (API, booking page, recurrences), an ambiguous one is its first
occurrence, and a booking lasts exactly as long as the times typed say."""

from datetime import UTC, date, datetime, time, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pooling.bookings.models import Booking, BookingEvent
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import Category, OfferKind, OfferStatus
from pooling.extensions import db
from pooling.localtime import NonexistentTime, to_utc
from tests.conftest import snapshot

PARIS = ZoneInfo("Europe/Paris")
ALWAYS_OPEN = [WeeklySlot(d, time(0), time(23, 59)) for d in range(7)]
# The nights the clocks change in Europe/Paris: forward in March, back in October.
CHANGES = [date(2027, 3, 28), date(2027, 10, 31), date(2028, 3, 26), date(2028, 10, 29)]


@pytest.fixture
def room(pole):
    category = db.session.scalars(sa.select(Category.id).where(
        Category.name == "Salle de réunion")).one()
    offer = catalogue.create_offer(pole.a_member, pole.org_a.id, catalogue.OfferData(
        kind=OfferKind.PREMISES, title="Salle de nuit", capacity=10, category_id=category,
        opening_hours=ALWAYS_OPEN, min_duration_minutes=15))
    return catalogue.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)


def _post(client, headers, room, start, end, **extra):
    return client.post("/api/v1/bookings", headers=headers, json={
        "offer": room.id, "start": start, "end": end, "attendees": 2, **extra})


def test_a_start_the_clocks_skip_is_refused_as_such_not_as_taken(client, bearer, pole, room,
                                                                  english):
    headers = bearer(pole.b_member)
    before = snapshot()
    refused = _post(client, headers, room, "2027-03-28T02:30",
                    "2027-03-28T03:30")
    assert refused.status_code == 422, refused.json
    [message] = refused.json["error"]["fields"]["start"]
    assert "02:30 does not exist on March 28, 2027" in message
    assert snapshot() == before


def test_an_end_the_clocks_skip_is_refused_too(client, bearer, pole, room):
    headers = bearer(pole.b_member)
    before = snapshot()
    refused = _post(client, headers, room, "2027-03-28T01:00",
                    "2027-03-28T02:15")
    assert refused.status_code == 422
    assert "02:15" in refused.json["error"]["fields"]["end"][0]
    assert snapshot() == before


def test_a_booking_across_the_jump_lasts_the_real_time_between_its_ends(client, bearer,
                                                                       pole, room):
    made = _post(client, bearer(pole.b_member), room, "2027-03-28T01:30",
                 "2027-03-28T04:00")
    assert made.status_code == 201, made.json
    booking = db.session.get(Booking, made.json["id"])
    # 01:30 winter time is 00:30 UTC, 04:00 summer time is 02:00 UTC.
    assert booking.starts_at == datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    assert booking.ends_at - booking.starts_at == timedelta(minutes=90)


def test_an_ambiguous_autumn_time_is_its_first_occurrence(client, bearer, pole, room):
    made = _post(client, bearer(pole.b_member), room, "2027-10-31T02:30",
                 "2027-10-31T03:30")
    assert made.status_code == 201, made.json
    booking = db.session.get(Booking, made.json["id"])
    # 02:30 summer time (UTC+2), the first time the clocks show it; 03:30 is UTC+1.
    assert booking.starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert booking.ends_at - booking.starts_at == timedelta(hours=2)


def test_the_booking_page_says_which_time_does_not_exist(client, login_as, pole, room):
    login_as(pole.b_member)
    before = snapshot()
    page = client.post(f"/bookings/new?offer={room.id}", data={
        "start_day": "2027-03-28", "start_time": "02:30", "end_day": "2027-03-28",
        "end_time": "03:30", "quantity": "2"})
    assert page.status_code == 422
    text = unescape(page.get_data(as_text=True))
    assert "02:30 n'existe pas le 28 mars 2027" in text
    assert snapshot() == before


def test_a_recurring_booking_skips_the_occurrence_the_clocks_skip(client, bearer, pole, room):
    answer = _post(client, bearer(pole.b_member), room, "2027-03-21T02:30",
                   "2027-03-21T03:30", recurrence={"frequency": "weekly", "count": 3})
    assert answer.status_code == 207, answer.json
    occurrences = answer.json["occurrences"]
    assert [o["rule"] for o in occurrences] == ["nonexistent_time"]
    assert "02:30" in occurrences[0]["message"]
    booked = sorted(b["start"] for b in answer.json["bookings"])
    assert booked == ["2027-03-21T01:30:00+00:00", "2027-04-04T00:30:00+00:00"]


def test_the_recurrence_preview_on_the_page_shows_the_skipped_occurrence(client, login_as,
                                                                         pole, room):
    login_as(pole.b_member)
    page = client.post(f"/bookings/new?offer={room.id}", data={
        "start_day": "2027-03-21", "start_time": "02:30", "end_day": "2027-03-21",
        "end_time": "03:30", "quantity": "2", "repeat": "weekly", "interval": "1",
        "count": "3"})
    assert page.status_code == 200
    assert "02:30 n'existe pas le 28 mars 2027" in unescape(page.get_data(as_text=True))


def test_the_catalogue_refuses_a_time_the_clocks_skip(client, login_as, bearer, pole, room):
    api = client.get("/api/v1/offers?available_from=2027-03-28T02:30"
                     "&available_to=2027-03-28T04:00", headers=bearer(pole.b_member))
    assert api.status_code == 422
    assert "02:30" in api.json["error"]["fields"]["available_from"][0]
    login_as(pole.b_member)
    page = client.get("/offers/?day=2027-03-28&start=02:30&end=04:00")
    assert page.status_code == 400
    assert "02:30 n'existe pas" in unescape(page.get_data(as_text=True))


def test_occurrences_moved_into_the_skipped_hour_are_refused(client, bearer, pole, room):
    headers = bearer(pole.b_member)
    made = _post(client, headers, room, "2027-03-21T10:00", "2027-03-21T11:00",
                 recurrence={"frequency": "weekly", "count": 3})
    assert made.status_code == 207
    from pooling.bookings import lifecycle, series

    first = min(made.json["bookings"], key=lambda b: b["start"])["id"]
    before = snapshot()
    with pytest.raises(series.BookingRefused) as refused:
        lifecycle.change_occurrences(pole.b_member, first, "all", time(2, 30), time(3, 30))
    assert refused.value.rule == "nonexistent_time"
    assert snapshot() == before


def _walls():
    """Wall-clock times within five hours of a change of the clocks, by quarter hours."""
    return st.builds(lambda day, quarter: datetime.combine(day, time(0))
                     + timedelta(minutes=15 * quarter),
                     st.sampled_from(CHANGES), st.integers(min_value=0, max_value=4 * 5))


def _exists(wall: datetime) -> bool:
    try:
        to_utc(wall, PARIS)
    except NonexistentTime:
        return False
    return True


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(datetime(2027, 3, 28, 2, 30), 60)
@example(datetime(2027, 3, 28, 1, 30), 150)
@example(datetime(2027, 10, 31, 2, 30), 60)
@given(_walls(), st.integers(min_value=1, max_value=4 * 4).map(lambda q: 15 * q))
def test_a_booking_lasts_as_long_as_its_typed_ends_say(client, bearer, pole, room, start,
                                                      minutes):
    """Whenever both typed ends exist, the booking stored starts and ends at them (the first
    of an ambiguous time), so its length is the real time between them; otherwise 422."""
    end = start + timedelta(minutes=minutes)
    answer = _post(client, bearer(pole.b_member), room, start.isoformat(), end.isoformat())
    try:
        if not (_exists(start) and _exists(end)):
            assert answer.status_code == 422, answer.json
            assert set(answer.json["error"]["fields"]) <= {"start", "end"}
            assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0
            return
        # Equal ends (an autumn hour read twice) are refused as an empty booking.
        if to_utc(end, PARIS) <= to_utc(start, PARIS):
            assert answer.status_code == 422
            return
        assert answer.status_code == 201, answer.json
        booking = db.session.get(Booking, answer.json["id"])
        assert booking.starts_at.astimezone(PARIS).replace(tzinfo=None) == start
        assert booking.ends_at.astimezone(PARIS).replace(tzinfo=None) == end
        offsets = (end.replace(tzinfo=PARIS).utcoffset()
                   - start.replace(tzinfo=PARIS).utcoffset())
        assert booking.ends_at - booking.starts_at == end - start - offsets
    finally:
        db.session.rollback()
        db.session.execute(sa.delete(BookingEvent))
        db.session.execute(sa.delete(Booking))
        db.session.commit()
