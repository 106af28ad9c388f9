"""A request never waits forever for a lock: after `DB_LOCK_TIMEOUT` it answers 503 with
Retry-After, having written nothing, and the next request works. A connection that dies
in the middle of a request gives 503 too, never a 500."""

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import time as clock

import pytest
import sqlalchemy as sa

from pooling.bookings.models import Booking
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import Category, OfferKind, OfferStatus
from pooling.extensions import db
from pooling.ledger.models import Exchange, ExchangeStatus, LedgerEntry
from pooling.pole.clock import pole_today
from tests.conftest import database_url, is_postgres, snapshot

WAIT = 0.5  # seconds: short, so that the tests do not wait long


@pytest.fixture
def app_config():
    return {"DB_LOCK_TIMEOUT": WAIT}


@pytest.fixture
def room(pole):
    category = db.session.scalars(sa.select(Category.id).where(
        Category.name == "Salle de réunion")).one()
    data = catalogue.OfferData(kind=OfferKind.PREMISES, title="Salle Belledonne", capacity=12,
                               category_id=category,
                               opening_hours=[WeeklySlot(d, clock(8), clock(20))
                                              for d in range(5)])
    offer = catalogue.create_offer(pole.a_member, pole.org_a.id, data)
    return catalogue.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)


def _booking(room, hour: int = 10) -> dict:
    return {"offer": room.id, "start": f"2030-06-03T{hour}:00",
            "end": f"2030-06-03T{hour + 1}:00", "attendees": 4}


@contextmanager
def holding(table: str, row_id: int) -> Iterator[None]:
    """Another connection holds the row's lock (on SQLite, the database's write lock) until
    the block ends."""
    if is_postgres():
        engine = sa.create_engine(database_url(), poolclass=sa.pool.NullPool)
        with engine.connect() as connection:
            connection.execute(sa.text(f"SELECT id FROM {table} WHERE id = :id FOR UPDATE"),
                               {"id": row_id})
            yield
            connection.rollback()
        engine.dispose()
    else:
        connection = sqlite3.connect(sa.make_url(database_url()).database,
                                     isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        yield
        connection.execute("ROLLBACK")
        connection.close()


def _busy(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) >= 1


def test_a_booking_that_cannot_get_the_offers_lock_answers_503_and_writes_nothing(
        client, bearer, pole, room):
    headers = bearer(pole.b_member)
    before = snapshot()
    with holding("offers", room.id):
        response = client.post("/api/v1/bookings", json=_booking(room), headers=headers)
    _busy(response)
    assert response.json["error"]["code"] == "busy"
    assert "réessayez dans quelques secondes" in response.json["error"]["message"]
    assert snapshot() == before

    again = client.post("/api/v1/bookings", json=_booking(room), headers=headers)
    assert again.status_code == 201, again.json
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 1


def test_with_an_idempotency_key_the_lock_wait_still_applies(client, bearer, pole, room):
    """The key's own wait is longer; once it is claimed, the booking waits no longer than
    any other statement."""
    headers = {**bearer(pole.b_member), "Idempotency-Key": "booking-1"}
    before = snapshot()
    with holding("offers", room.id):
        response = client.post("/api/v1/bookings", json=_booking(room), headers=headers)
    _busy(response)
    assert snapshot() == before
    again = client.post("/api/v1/bookings", json=_booking(room), headers=headers)
    assert again.status_code == 201, again.json


def test_a_booking_page_that_cannot_get_the_lock_answers_a_503_page(
        client, login_as, english, pole, room):
    login_as(pole.b_member)
    form = {"start_day": "2030-06-03", "start_time": "10:00", "end_day": "2030-06-03",
            "end_time": "11:00", "quantity": "4", "purpose": "Réunion"}
    before = snapshot()
    with holding("offers", room.id):
        response = client.post(f"/bookings/new?offer={room.id}", data=form)
    _busy(response)
    assert response.mimetype == "text/html"
    assert "Someone else is changing the same thing right now" in \
        response.get_data(as_text=True)
    assert snapshot() == before
    assert client.post(f"/bookings/new?offer={room.id}", data=form).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 1


def test_confirming_an_exchange_that_another_request_holds_answers_503(client, bearer, pole):
    declared = client.post("/api/v1/exchanges", headers=bearer(pole.a_member), json={
        "provider_id": pole.org_a.id, "beneficiary_id": pole.org_b.id, "kind": "skill",
        "quantity": "3", "unit": "hour", "occurred_on": pole_today().isoformat(),
        "description": "Clôture des comptes", "valued": False})
    assert declared.status_code == 201, declared.json
    exchange_id, headers = declared.json["id"], bearer(pole.b_member)
    before = snapshot()
    with holding("exchanges", exchange_id):
        response = client.post(f"/api/v1/exchanges/{exchange_id}/confirm", headers=headers)
    _busy(response)
    assert snapshot() == before

    again = client.post(f"/api/v1/exchanges/{exchange_id}/confirm", headers=headers)
    assert again.status_code == 200, again.json
    db.session.rollback()
    assert db.session.get(Exchange, exchange_id).status == ExchangeStatus.CONFIRMED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) == 2


# --- PostgreSQL: connections that die ------------------------------------------------------

postgres_only = pytest.mark.skipif(not is_postgres(), reason="PostgreSQL's connections")


def _other_backends(admin: sa.Connection, where: str = "true") -> list[int]:
    return list(admin.scalars(sa.text(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        f"AND pid <> pg_backend_pid() AND {where}")))


@postgres_only
@pytest.mark.parametrize("app_config", [{"DRIVER_FAST_PATH": True, "DB_LOCK_TIMEOUT": 30},
                                        {"DRIVER_FAST_PATH": False, "DB_LOCK_TIMEOUT": 30}],
                         ids=["driver", "sqlalchemy"])
@pytest.mark.parametrize("cut", ["pg_terminate_backend", "pg_cancel_backend"])
def test_a_connection_that_dies_during_a_booking_gives_503_then_the_next_one_works(
        app, client, bearer, pole, room, cut):
    """The connection closed (terminated) or the statement cancelled (query_canceled)."""
    headers = bearer(pole.b_member)
    before = snapshot()
    answers = []
    admin_engine = sa.create_engine(database_url(), poolclass=sa.pool.NullPool,
                                    isolation_level="AUTOCOMMIT")
    with holding("offers", room.id), admin_engine.connect() as admin:
        request = threading.Thread(target=lambda: answers.append(client.post(
            "/api/v1/bookings", json=_booking(room), headers=headers)))
        request.start()
        # The booking waits for the offer's lock: its connection is cut there.
        deadline = time.monotonic() + 20
        while not (waiting := _other_backends(admin, "wait_event_type = 'Lock'")):
            assert time.monotonic() < deadline, "the booking never waited for the lock"
            time.sleep(0.05)
        admin.execute(sa.text(f"SELECT {cut}(:pid)"), {"pid": waiting[0]})
        request.join(timeout=30)
    admin_engine.dispose()
    [response] = answers
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.json["error"]["code"] == "unavailable"
    assert snapshot() == before

    again = client.post("/api/v1/bookings", json=_booking(room), headers=headers)
    assert again.status_code == 201, again.json


@postgres_only
def test_connections_the_database_dropped_while_idle_are_replaced(app, client, bearer, pole,
                                                                  room):
    """As after a restart of the database: the pool's connections are dead, the next
    requests get new ones."""
    headers = bearer(pole.b_member)
    assert client.post("/api/v1/bookings", json=_booking(room, 10),
                       headers=headers).status_code == 201
    db.session.remove()  # as at the end of every request: its connection back in the pool
    admin_engine = sa.create_engine(database_url(), poolclass=sa.pool.NullPool,
                                    isolation_level="AUTOCOMMIT")
    with admin_engine.connect() as admin:
        for pid in _other_backends(admin):
            admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin_engine.dispose()
    response = client.post("/api/v1/bookings", json=_booking(room, 12), headers=headers)
    assert response.status_code == 201, response.json
    assert client.get("/api/v1/bookings", headers=headers).json["total"] == 2


@postgres_only
def test_every_new_connection_waits_for_locks_no_longer_than_the_setting(app):
    with db.engine.connect() as connection:
        assert connection.scalar(sa.text("SHOW lock_timeout")) == "500ms"
