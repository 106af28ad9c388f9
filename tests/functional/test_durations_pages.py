"""Pages say durations and times as people say them: « 14 jours de préavis », not « 20160
minutes »; a booking's time in one format, without seconds or the zone's name."""

from datetime import UTC, datetime, time
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from pooling.bookings import services
from pooling.bookings.services import BookingRefused, BookingRequest
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import Category, OfferKind, OfferStatus
from pooling.extensions import db

NB = "\u00a0"
PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


@pytest.fixture
def room(pole):
    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == OfferKind.PREMISES, Category.name == "Salle de réunion")).one()
    offer = catalogue.create_offer(pole.a_member, pole.org_a.id, catalogue.OfferData(
        kind=OfferKind.PREMISES, title="Salle Belledonne", capacity=12, category_id=category,
        min_duration_minutes=150, max_duration_minutes=2880, min_notice_minutes=20160,
        buffer_minutes=30,
        opening_hours=[WeeklySlot(d, time(8), time(20)) for d in range(7)]))
    return catalogue.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_the_offer_and_the_booking_form_say_durations(client, login_as, pole, room):
    login_as(pole.b_member)
    detail = _text(client.get(f"/offers/{room.id}"))
    assert f"de 2{NB}h{NB}30 à 2{NB}jours" in detail
    assert f"14{NB}jours de préavis" in detail and "20160" not in detail
    form = _text(client.get(f"/bookings/new?offer={room.id}"))
    assert f"14{NB}jours" in form and "30 minutes" in form and "20160" not in form
    assert "min" not in form.split("Bon à savoir")[1].split("</dl>")[0].replace(
        "minutes", "")


def test_a_refusal_says_the_notice_in_days(client, login_as, pole, room):
    with pytest.raises(BookingRefused) as refused:
        services.create_booking(pole.b_member, BookingRequest(
            room.id, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12, 30), 4),
            now=paris(2030, 6, 1, 9))
    assert refused.value.message == "Book at least 14 days ahead."  # not 20160 minutes
    login_as(pole.b_member)
    response = client.post(f"/bookings/new?offer={room.id}", data={
        "start_day": "2030-06-03", "start_time": "10:00", "end_day": "2030-06-03",
        "end_time": "11:00", "quantity": "4", "purpose": "Réunion"})
    assert f"Une réservation dure au moins 2{NB}h{NB}30." in _text(response)


def test_the_booking_page_says_its_time_in_one_format(client, login_as, pole, room):
    booking = services.create_booking(pole.b_member, BookingRequest(
        room.id, paris(2030, 6, 4, 14), paris(2030, 6, 4, 16, 30), 4),
        now=paris(2030, 1, 1, 9))
    login_as(pole.b_member)
    page = _text(client.get(f"/bookings/{booking.id}"))
    assert f"mardi 4 juin 2030, 14{NB}h–16{NB}h{NB}30" in page
    assert "14:00:00" not in page and "heure d’été" not in page and "UTC" not in page
    listing = _text(client.get("/bookings/"))
    assert f"mardi 4 juin 2030, 14{NB}h–16{NB}h{NB}30" in listing


def test_the_offer_form_reads_its_minutes_back_as_durations(client, login_as, pole, room):
    login_as(pole.a_member)
    form = _text(client.get(f"/offers/{room.id}/edit"))
    assert f"Soit 14{NB}jours." in form and f"Soit 2{NB}h{NB}30." in form
