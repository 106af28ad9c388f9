"""The migration that links bookings to needs goes down and up again, keeping the bookings,
and a deleted need leaves its bookings without a link."""

import importlib
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from pooling import mail
from pooling.bookings import services as bookings
from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.needs import services as needs
from tests.conftest import publish

MIGRATION = importlib.import_module("migrations.versions.0013_booking_need")


def _linked_booking(pole) -> int:
    room = publish(pole.b_member, pole.org_b, OfferKind.PREMISES, "Salle", capacity=20)
    need = needs.create_need(pole.a_member, needs.NeedData(kind=OfferKind.PREMISES,
                                                           text="Une salle", capacity=5))
    day = datetime.now(UTC).date() + timedelta(days=30)
    while day.weekday() > 4:
        day += timedelta(days=1)
    booking = bookings.create_booking(pole.a_member, bookings.BookingRequest(
        room.id, datetime.combine(day, time(10), UTC), datetime.combine(day, time(11), UTC), 5,
        need_id=need.id))
    return booking.id


def _columns() -> set[str]:
    return {c["name"] for c in sa.inspect(db.engine).get_columns("bookings")}


def test_the_migration_downgrades_and_upgrades_keeping_the_bookings(app, pole):
    booking_id = _linked_booking(pole)
    mail.flush()  # the booking's e-mail reads the database in the background
    db.session.remove()
    db.engine.dispose()
    downgrade(revision=MIGRATION.down_revision)
    db.engine.dispose()
    assert "need_id" not in _columns()
    upgrade()
    db.engine.dispose()
    assert "need_id" in _columns()
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT id, need_id FROM bookings")).all() == [
            (booking_id, None)]


def test_deleting_a_need_keeps_its_bookings(app, pole):
    booking_id = _linked_booking(pole)
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM need_tags"))
        conn.execute(sa.text("DELETE FROM needs"))
        assert conn.execute(sa.text("SELECT id, need_id FROM bookings")).all() == [
            (booking_id, None)]
