"""The bookings API: availability, booking, refusals with alternatives, the life cycle,
recurring series, and who may do what."""

from datetime import time

import pytest
import sqlalchemy as sa

from pooling.bookings.models import Booking, BookingSeries, BookingStatus
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import BookingPolicy, Category, OfferKind, OfferStatus
from pooling.extensions import db
from pooling.ledger.models import Exchange
from tests.conftest import snapshot

WEEKDAYS = [WeeklySlot(d, time(8), time(20)) for d in range(5)]


def publish_room(user, member, **fields):
    """A published room of that organisation, open on weekdays from 8:00 to 20:00."""
    category = db.session.scalars(sa.select(Category.id).where(
        Category.name == "Salle de réunion")).one()
    data = dict(kind=OfferKind.PREMISES, title="Salle Belledonne", capacity=12,
                category_id=category, opening_hours=WEEKDAYS)
    data.update(fields)
    offer = catalogue.create_offer(user, member.id, catalogue.OfferData(**data))
    return catalogue.change_status(user, offer.id, OfferStatus.PUBLISHED)


@pytest.fixture
def room(pole):
    return publish_room(pole.a_member, pole.org_a)


def _body(room, start="2030-06-03T10:00", end="2030-06-03T12:00", **extra):
    return {"offer": room.id, "start": start, "end": end, "attendees": 6,
            "purpose": "Réunion d'équipe", **extra}


def test_book_then_see_it_and_its_availability(client, bearer, pole, room):
    headers = bearer(pole.b_member)
    created = client.post("/api/v1/bookings", json=_body(room), headers=headers)
    assert created.status_code == 201, created.json
    booking = created.json
    assert booking["status"] == "confirmed"
    assert booking["start"] == "2030-06-03T08:00:00+00:00"  # 10:00 in Paris, summer time
    assert booking["member"]["id"] == pole.org_b.id and booking["quantity"] == 6
    assert [e["to_status"] for e in booking["events"]] == ["requested", "confirmed"]

    assert client.get(f"/api/v1/bookings/{booking['id']}", headers=headers).json["id"] == \
        booking["id"]
    listed = client.get("/api/v1/bookings?status=confirmed&from=2030-06-01&to=2030-07-01",
                        headers=headers).json
    assert [b["id"] for b in listed["items"]] == [booking["id"]]
    free = client.get(f"/api/v1/offers/{room.id}/availability?from=2030-06-03T00:00"
                      "&to=2030-06-04T00:00", headers=headers).json
    assert [(f["start"][11:16], f["end"][11:16], f["remaining"]) for f in free] == [
        ("06:00", "08:00", 12), ("10:00", "18:00", 12)]  # UTC


def test_a_conflict_answers_409_with_the_rule_and_alternatives(client, bearer, pole, room):
    publish_room(pole.b_admin, pole.org_b, title="Salle Chartreuse")
    client.post("/api/v1/bookings", json=_body(room), headers=bearer(pole.b_member))
    headers = bearer(pole.a_admin)
    before = snapshot()
    refused = client.post("/api/v1/bookings", json=_body(room, "2030-06-03T11:00",
                                                         "2030-06-03T13:00"), headers=headers)
    assert refused.status_code == 409
    error = refused.json["error"]
    assert error["code"] == "conflict" and error["rule"] == "overlap"
    assert error["message"]
    assert error["alternatives"]["slots"]
    assert [o["title"] for o in error["alternatives"]["offers"]] == ["Salle Chartreuse"]
    assert snapshot() == before


@pytest.mark.parametrize("body", [
    {"start": "2030-06-03T12:00", "end": "2030-06-03T10:00"},
    {"start": "demain", "end": "2030-06-03T10:00"},
    {"attendees": 0},
    {"offer": None},
    {"recurrence": {"frequency": "hourly", "count": 3}},
    {"recurrence": {"frequency": "weekly"}},  # neither an end nor a count
])
def test_invalid_input_is_422_and_changes_nothing(client, bearer, pole, room, body):
    headers = bearer(pole.b_member)
    before = snapshot()
    response = client.post("/api/v1/bookings", json={**_body(room), **body}, headers=headers)
    assert response.status_code == 422, response.json
    assert response.json["error"]["message"]
    assert snapshot() == before


def test_approval_life_cycle_through_the_api(client, bearer, pole):
    room = publish_room(pole.a_member, pole.org_a, booking_policy=BookingPolicy.APPROVAL)
    requester, owner = bearer(pole.b_member), bearer(pole.a_admin)
    booking = client.post("/api/v1/bookings", json=_body(room), headers=requester).json
    assert booking["status"] == "requested"
    assert client.post(f"/api/v1/bookings/{booking['id']}/confirm",
                       headers=requester).status_code == 403
    confirmed = client.post(f"/api/v1/bookings/{booking['id']}/confirm", headers=owner)
    assert confirmed.json["status"] == "confirmed"
    again = client.post(f"/api/v1/bookings/{booking['id']}/confirm", headers=owner)
    assert again.status_code == 409 and again.json["error"]["rule"] == "transition"
    not_over = client.post(f"/api/v1/bookings/{booking['id']}/complete", headers=owner)
    assert not_over.status_code == 409
    no_reason = client.post(f"/api/v1/bookings/{booking['id']}/cancel", json={},
                            headers=owner)
    assert no_reason.status_code == 422
    cancelled = client.post(f"/api/v1/bookings/{booking['id']}/cancel",
                            json={"reason": "Inondation"}, headers=owner)
    assert cancelled.json["status"] == "cancelled"
    assert cancelled.json["events"][-1]["note"] == "Inondation"


def test_completing_a_past_booking_records_its_exchange(client, bearer, pole, room):
    from datetime import UTC, datetime

    from pooling.bookings import services

    booking = services.create_booking(pole.b_member, services.BookingRequest(
        room.id, datetime(2030, 6, 3, 8, tzinfo=UTC), datetime(2030, 6, 3, 10, tzinfo=UTC)))
    db.session.execute(sa.update(Booking).values(
        starts_at=datetime(2020, 6, 1, 8, tzinfo=UTC), ends_at=datetime(2020, 6, 1, 10, tzinfo=UTC),
        busy_from=datetime(2020, 6, 1, 8, tzinfo=UTC),
        busy_until=datetime(2020, 6, 1, 10, tzinfo=UTC)))
    db.session.commit()
    done = client.post(f"/api/v1/bookings/{booking.id}/complete", headers=bearer(pole.a_member))
    assert done.status_code == 200 and done.json["status"] == "completed"
    exchange = db.session.scalars(sa.select(Exchange)).one()
    assert (exchange.provider_id, exchange.beneficiary_id, str(exchange.quantity)) == (
        pole.org_a.id, pole.org_b.id, "2.00")


def test_a_weekly_series_keeps_its_local_time_across_both_changes(client, bearer, pole, room):
    headers = bearer(pole.b_member)
    # Mondays from 18 March to 4 November 2030: the clocks change on 31 March and 27 October.
    body = _body(room, "2030-03-18T09:00", "2030-03-18T10:00",
                 recurrence={"frequency": "weekly", "weekdays": [0], "until": "2030-11-04"})
    preview = client.post("/api/v1/bookings", json={
        **body, "recurrence": {**body["recurrence"], "preview": True}}, headers=headers)
    assert preview.status_code == 200
    assert len(preview.json["occurrences"]) == 34 and all(
        o["free"] for o in preview.json["occurrences"])
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0

    booked = client.post("/api/v1/bookings", json=body, headers=headers)
    assert booked.status_code == 207, booked.json
    assert booked.json["rule"] == "RRULE:FREQ=WEEKLY;UNTIL=20301104T235959;BYDAY=MO"
    starts = [b["start"] for b in booked.json["bookings"]]
    assert starts[1] == "2030-03-25T08:00:00+00:00"  # winter time: UTC+1
    assert starts[2] == "2030-04-01T07:00:00+00:00"  # summer time: UTC+2
    assert starts[-2] == "2030-10-28T08:00:00+00:00"  # winter again
    assert db.session.scalar(sa.select(sa.func.count(BookingSeries.id))) == 1


def test_a_series_books_the_free_occurrences_and_reports_the_others(client, bearer, pole,
                                                                    room):
    client.post("/api/v1/bookings", json=_body(room, "2030-06-10T09:00", "2030-06-10T12:00"),
                headers=bearer(pole.a_member))
    body = _body(room, "2030-06-03T09:00", "2030-06-03T10:00",
                 recurrence={"frequency": "weekly", "count": 3})
    strict = client.post("/api/v1/bookings", json={
        **body, "recurrence": {**body["recurrence"], "only_free": False}},
        headers=bearer(pole.b_member))
    assert strict.status_code == 409
    booked = client.post("/api/v1/bookings", json=body, headers=bearer(pole.b_member)).json
    assert [b["start"][:10] for b in booked["bookings"]] == ["2030-06-03", "2030-06-17"]
    assert [(o["start"][:10], o["rule"]) for o in booked["occurrences"]] == [
        ("2030-06-10", "overlap")]


def test_cancelling_this_and_the_following_occurrences(client, bearer, pole, room):
    headers = bearer(pole.b_member)
    body = _body(room, "2030-06-03T09:00", "2030-06-03T10:00",
                 recurrence={"frequency": "weekly", "count": 4})
    ids = [b["id"] for b in client.post("/api/v1/bookings", json=body,
                                        headers=headers).json["bookings"]]
    response = client.post(f"/api/v1/bookings/{ids[2]}/cancel", json={"scope": "following"},
                           headers=headers)
    assert response.status_code == 200
    statuses = [db.session.get(Booking, i).status for i in ids]
    assert statuses == [BookingStatus.CONFIRMED] * 2 + [BookingStatus.CANCELLED] * 2


def test_monthly_on_the_second_tuesday(client, bearer, pole, room):
    body = _body(room, "2030-06-11T14:00", "2030-06-11T15:00",
                 recurrence={"frequency": "monthly", "monthly_by": "weekday", "count": 3})
    booked = client.post("/api/v1/bookings", json=body, headers=bearer(pole.b_member)).json
    assert [b["start"][:10] for b in booked["bookings"]] == [
        "2030-06-11", "2030-07-09", "2030-08-13"]


# --- who may do what ----------------------------------------------------------------------

BOOKINGS_API = {
    "/api/v1/bookings", "/api/v1/bookings/<int:booking_id>",
    "/api/v1/bookings/<int:booking_id>/confirm", "/api/v1/bookings/<int:booking_id>/decline",
    "/api/v1/bookings/<int:booking_id>/cancel", "/api/v1/bookings/<int:booking_id>/complete",
    "/api/v1/offers/<int:offer_id>/availability",
}


def test_every_bookings_api_route_is_in_the_matrix(app):
    rules = {r.rule for r in app.url_map.iter_rules()
             if r.rule.startswith("/api/v1/bookings") or r.rule.endswith("/availability")}
    assert rules == BOOKINGS_API


@pytest.fixture
def pending(pole):
    from pooling.bookings import services

    room = publish_room(pole.a_member, pole.org_a, booking_policy=BookingPolicy.APPROVAL)
    from datetime import UTC, datetime

    return services.create_booking(pole.b_member, services.BookingRequest(
        room.id, datetime(2030, 6, 3, 8, tzinfo=UTC), datetime(2030, 6, 3, 10, tzinfo=UTC)))


# (method, path, who gets what): owner = org A (the offer's), beneficiary = org B,
# stranger = a third organisation, cell.
MATRIX = [
    ("GET", "/api/v1/bookings/{id}", {"owner": 200, "beneficiary": 200, "stranger": 404,
                                      "cell": 200}),
    ("POST", "/api/v1/bookings/{id}/confirm", {"owner": 200, "beneficiary": 403,
                                               "stranger": 404, "cell": 200}),
    ("POST", "/api/v1/bookings/{id}/decline", {"owner": 200, "beneficiary": 403,
                                               "stranger": 404, "cell": 200}),
    ("POST", "/api/v1/bookings/{id}/cancel", {"owner": 422, "beneficiary": 200,
                                              "stranger": 404, "cell": 200}),
    ("POST", "/api/v1/bookings/{id}/complete", {"owner": 409, "beneficiary": 403,
                                                "stranger": 404, "cell": 409}),
    ("GET", "/api/v1/offers/{offer}/availability?from=2030-06-03&to=2030-06-04",
     {"owner": 200, "beneficiary": 200, "stranger": 200, "cell": 200}),
    ("GET", "/api/v1/bookings", {"owner": 200, "beneficiary": 200, "stranger": 200,
                                 "cell": 200}),
]


@pytest.mark.parametrize("actor", ["anonymous", "owner", "beneficiary", "stranger", "cell"])
@pytest.mark.parametrize("method, path, expected", MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX])
def test_bookings_api_permissions(client, bearer, pole, pending, make_member, make_user, actor,
                                  method, path, expected):
    users = {"owner": pole.a_member, "beneficiary": pole.b_member, "cell": pole.cell,
             "stranger": make_user(make_member(name="Tiers-Lieu du Vercors"))}
    headers = bearer(users[actor]) if actor in users else {}
    url = path.format(id=pending.id, offer=pending.offer_id)
    before = snapshot()
    response = client.open(url, method=method, json={} if method == "POST" else None,
                           headers=headers)
    status = 401 if actor == "anonymous" else expected[actor]
    assert response.status_code == status, response.json
    if status != 200 or method == "GET":
        assert snapshot() == before
    if actor == "stranger" and url == "/api/v1/bookings":
        assert response.json["total"] == 0  # sees nobody else's bookings


def test_a_member_cannot_book_for_another_organisation(client, bearer, pole, room):
    response = client.post("/api/v1/bookings", json=_body(room, member=pole.org_a.id),
                           headers=bearer(pole.b_member))
    assert response.status_code == 403


def test_bookings_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/bookings", "/api/v1/bookings/{booking_id}",
            "/api/v1/bookings/{booking_id}/confirm", "/api/v1/bookings/{booking_id}/decline",
            "/api/v1/bookings/{booking_id}/cancel", "/api/v1/bookings/{booking_id}/complete",
            "/api/v1/offers/{offer_id}/availability"} <= set(paths)
    post = paths["/api/v1/bookings"]["post"]
    assert {"201", "409", "422"} <= set(post["responses"])
    params = {p["name"] for p in paths["/api/v1/bookings"]["get"]["parameters"]}
    assert {"offer", "member", "status", "from", "to"} <= params


@pytest.mark.parametrize("period", ["from=2030-06-04&to=2030-06-03",
                                    "from=2030-01-01&to=2031-01-01", "from=demain&to=2030-06-03"])
def test_availability_refuses_bad_periods(client, bearer, pole, room, period):
    response = client.get(f"/api/v1/offers/{room.id}/availability?{period}",
                          headers=bearer(pole.b_member))
    assert response.status_code == 422
    assert response.json["error"]["message"]
