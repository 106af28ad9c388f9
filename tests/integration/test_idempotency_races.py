"""Requests racing with the same `Idempotency-Key`, through the API, each on its own
database connection: one acts, the others get its answer."""

import threading

import pytest
import sqlalchemy as sa

from pooling.api import idempotency
from pooling.bookings.models import Booking
from pooling.db import utcnow
from pooling.extensions import db
from pooling.ledger.models import Exchange
from pooling.pole.clock import pole_today
from tests.conftest import is_postgres
from tests.functional.test_idempotency import publish_room
from tests.races import race

CLIENTS = 12


@pytest.fixture
def room(pole):
    return publish_room(pole)


def _poster(app, path: str, body: dict, headers: dict):
    """Each client sends the same request, as a program retrying would."""

    def post(_index):
        response = app.test_client().post(path, json=body, headers=headers)
        return response.status_code, response.get_json(), \
            response.headers.get("Idempotent-Replayed")

    return post


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_booking_sent_at_once_with_one_key_is_made_once(app, bearer, pole, room):
    headers = {**bearer(pole.b_member), "Idempotency-Key": "race-booking"}
    body = {"offer": room.id, "start": "2030-06-03T10:00", "end": "2030-06-03T12:00",
            "attendees": 4}
    outcomes = race(app, _poster(app, "/api/v1/bookings", body, headers), CLIENTS)
    assert all(not isinstance(o, Exception) for o in outcomes), outcomes
    assert {status for status, _body, _replayed in outcomes} == {201}, outcomes
    assert len({body["id"] for _status, body, _replayed in outcomes}) == 1
    assert sum(replayed is None for _status, _body, replayed in outcomes) == 1
    assert _count(Booking) == 1


def test_an_exchange_declared_at_once_with_one_key_is_declared_once(app, bearer, pole):
    headers = {**bearer(pole.a_member), "Idempotency-Key": "race-exchange"}
    body = {"provider_id": pole.org_a.id, "beneficiary_id": pole.org_b.id, "kind": "skill",
            "quantity": "3", "unit": "hour", "occurred_on": pole_today().isoformat(),
            "description": "Une aide"}
    outcomes = race(app, _poster(app, "/api/v1/exchanges", body, headers), CLIENTS)
    assert {status for status, _body, _replayed in outcomes} == {201}, outcomes
    assert len({body["id"] for _status, body, _replayed in outcomes}) == 1
    assert _count(Exchange) == 1


@pytest.mark.skipif(not is_postgres(), reason="SQLite lets one writer in at a time")
def test_a_request_whose_key_is_held_too_long_answers_in_progress(app, bearer, pole, room,
                                                                 monkeypatch):
    """Another transaction holds the key (uncommitted): the request waits, then says so."""
    monkeypatch.setattr(idempotency, "WAIT", "200ms")
    headers = {**bearer(pole.b_member), "Idempotency-Key": "held"}
    body = {"offer": room.id, "start": "2030-06-03T10:00", "end": "2030-06-03T12:00"}
    path = "/api/v1/bookings"
    fingerprint = {}
    with app.test_request_context(path, method="POST", json=body):
        fingerprint["value"] = idempotency.fingerprint()
    holder = db.engine.connect()
    holder.execute(idempotency.table.insert().values(
        user_id=pole.b_member.id, key="held", fingerprint=fingerprint["value"],
        created_at=utcnow()))
    answer = {}

    def send():
        with app.app_context():
            answer["response"] = app.test_client().post(path, json=body, headers=headers)

    thread = threading.Thread(target=send)
    thread.start()
    thread.join(timeout=60)
    holder.rollback()
    holder.close()
    response = answer["response"]
    assert response.status_code == 409, response.get_json()
    assert response.json["error"]["rule"] == "idempotency_in_progress"
    assert _count(Booking) == 0
