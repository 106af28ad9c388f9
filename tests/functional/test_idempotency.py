"""`Idempotency-Key` on POST /api/v1/bookings and /api/v1/exchanges: a retry gets the first
answer instead of acting twice."""

from datetime import time, timedelta

import pytest
import sqlalchemy as sa

from pooling.api.models import IdempotencyKey
from pooling.bookings.models import Booking
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import Category, OfferKind, OfferStatus
from pooling.db import utcnow
from pooling.extensions import db
from pooling.ledger.models import Exchange
from pooling.pole.clock import pole_today
from tests.conftest import snapshot

ALWAYS_OPEN = [WeeklySlot(d, time(0), time(23, 59)) for d in range(7)]


def publish_room(pole):
    """A room of organisation A, open at all hours, published."""
    category = db.session.scalars(sa.select(Category.id).where(
        Category.name == "Salle de réunion")).one()
    offer = catalogue.create_offer(pole.a_member, pole.org_a.id, catalogue.OfferData(
        kind=OfferKind.PREMISES, title="Salle Belledonne", capacity=12, category_id=category,
        opening_hours=ALWAYS_OPEN))
    return catalogue.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)


@pytest.fixture
def room(pole):
    return publish_room(pole)


def _booking(room, **extra) -> dict:
    return {"offer": room.id, "start": "2030-06-03T10:00", "end": "2030-06-03T12:00",
            "attendees": 6, **extra}


def _exchange(pole, **extra) -> dict:
    return {"provider_id": pole.org_a.id, "beneficiary_id": pole.org_b.id, "kind": "skill",
            "quantity": "3", "unit": "hour", "occurred_on": pole_today().isoformat(),
            "description": "Aide à la clôture des comptes", **extra}


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_booking_sent_twice_with_one_key_is_made_once(client, bearer, pole, room):
    headers = {**bearer(pole.b_member), "Idempotency-Key": "0b7c4a4e-booking-1"}
    first = client.post("/api/v1/bookings", json=_booking(room), headers=headers)
    assert first.status_code == 201, first.json
    again = client.post("/api/v1/bookings", json=_booking(room), headers=headers)
    assert again.status_code == 201  # not 409 on its own booking
    assert again.json == first.json
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert _count(Booking) == 1


def test_the_same_body_written_otherwise_is_the_same_request(client, bearer, pole, room):
    headers = {**bearer(pole.b_member), "Idempotency-Key": "k-1"}
    first = client.post("/api/v1/bookings", json=_booking(room), headers=headers)
    body = _booking(room)
    reordered = (f'{{ "attendees": 6,  "end": "{body["end"]}", "start": "{body["start"]}",'
                 f' "offer": {body["offer"]} }}')
    again = client.post("/api/v1/bookings", data=reordered, headers=headers,
                        content_type="application/json")
    assert again.status_code == 201 and again.json == first.json
    assert _count(Booking) == 1


def test_a_recurring_booking_sent_twice_is_made_once(client, bearer, pole, room):
    headers = {**bearer(pole.b_member), "Idempotency-Key": "series-1"}
    body = _booking(room, recurrence={"frequency": "weekly", "count": 3})
    first = client.post("/api/v1/bookings", json=body, headers=headers)
    assert first.status_code == 207, first.json
    again = client.post("/api/v1/bookings", json=body, headers=headers)
    assert (again.status_code, again.json) == (207, first.json)
    assert _count(Booking) == 3


def test_an_exchange_declared_twice_with_one_key_is_declared_once(client, bearer, pole):
    headers = {**bearer(pole.a_member), "Idempotency-Key": "exchange-1"}
    first = client.post("/api/v1/exchanges", json=_exchange(pole), headers=headers)
    assert first.status_code == 201, first.json
    again = client.post("/api/v1/exchanges", json=_exchange(pole), headers=headers)
    assert (again.status_code, again.json) == (201, first.json)
    assert _count(Exchange) == 1


def test_without_a_key_each_request_acts(client, bearer, pole):
    headers = bearer(pole.a_member)
    for _ in range(2):
        assert client.post("/api/v1/exchanges", json=_exchange(pole),
                           headers=headers).status_code == 201
    assert _count(Exchange) == 2
    assert _count(IdempotencyKey) == 0


def test_the_same_key_with_another_body_is_refused(client, bearer, pole, room):
    headers = {**bearer(pole.b_member), "Idempotency-Key": "k-2"}
    client.post("/api/v1/bookings", json=_booking(room), headers=headers)
    before = snapshot()
    other = client.post("/api/v1/bookings", json=_booking(room, attendees=7), headers=headers)
    assert other.status_code == 422
    assert other.json["error"]["code"] == "invalid_input"
    assert "Idempotency-Key" in other.json["error"]["fields"]
    assert snapshot() == before


def test_the_same_key_on_another_route_is_refused(client, bearer, pole, room):
    headers = {**bearer(pole.b_member), "Idempotency-Key": "k-3"}
    client.post("/api/v1/bookings", json=_booking(room), headers=headers)
    other = client.post("/api/v1/exchanges", json=_exchange(pole), headers=headers)
    assert other.status_code == 422
    assert _count(Exchange) == 0


def test_keys_belong_to_their_person(client, bearer, pole, room):
    """Another person's same key is another key: nothing of the first answer leaks."""
    key = {"Idempotency-Key": "shared-key"}
    first = client.post("/api/v1/bookings", json=_booking(room),
                        headers={**bearer(pole.b_member), **key})
    second = client.post("/api/v1/bookings", json=_booking(room),
                         headers={**bearer(pole.b_admin), **key})
    assert first.status_code == 201
    assert second.status_code == 409  # its own request: the slot is taken
    assert "Idempotent-Replayed" not in second.headers


def test_a_refused_request_keeps_nothing_and_may_be_sent_again(client, bearer, pole, room):
    headers = {**bearer(pole.b_member), "Idempotency-Key": "k-4"}
    too_many = client.post("/api/v1/bookings", json=_booking(room, attendees=40),
                           headers=headers)
    assert too_many.status_code == 409
    assert _count(IdempotencyKey) == 0
    invalid = client.post("/api/v1/bookings", json=_booking(room, attendees=0),
                          headers=headers)
    assert invalid.status_code == 422
    assert _count(IdempotencyKey) == 0


def test_a_key_older_than_24_hours_acts_again(client, bearer, pole, room):
    headers = {**bearer(pole.a_member), "Idempotency-Key": "k-5"}
    client.post("/api/v1/exchanges", json=_exchange(pole), headers=headers)
    db.session.execute(sa.update(IdempotencyKey).values(
        created_at=utcnow() - timedelta(hours=24, minutes=1)))
    db.session.commit()
    again = client.post("/api/v1/exchanges", json=_exchange(pole, quantity="2"),
                        headers=headers)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert _count(Exchange) == 2
    assert _count(IdempotencyKey) == 1


def test_the_tick_forgets_keys_older_than_24_hours(client, bearer, pole, runner):
    headers = bearer(pole.a_member)
    for key in ("old", "new"):
        client.post("/api/v1/exchanges", json=_exchange(pole),
                    headers={**headers, "Idempotency-Key": key})
    db.session.execute(sa.update(IdempotencyKey).where(IdempotencyKey.key == "old").values(
        created_at=utcnow() - timedelta(hours=25)))
    db.session.commit()
    result = runner.invoke(args=["bookings", "tick"])
    assert "Forgot 1 idempotency key older than 24 hours." in result.output
    assert db.session.scalars(sa.select(IdempotencyKey.key)).all() == ["new"]


@pytest.mark.parametrize("key", ["", "   ", "x" * 256, "tab\there"])
def test_a_malformed_key_is_refused(client, bearer, pole, room, key):
    headers = {**bearer(pole.b_member), "Idempotency-Key": key}
    before = snapshot()
    response = client.post("/api/v1/bookings", json=_booking(room), headers=headers)
    assert response.status_code == 422
    assert snapshot() == before


def test_the_header_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/api/v1/bookings", "/api/v1/exchanges"):
        names = [p["name"] for p in paths[path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names, path
