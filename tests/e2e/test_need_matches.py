"""A member opens their organisation's need, books its first suggestion in one step, lands
on the booking, and closes the need as fulfilled; the pages are screenshot at 1366 and 390
pixels when SCREENSHOTS names a folder."""

import os
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from pooling.bookings.models import Booking, BookingStatus
from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.needs import services as needs
from pooling.needs.models import Need, NeedStatus
from tests.conftest import publish
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

PARIS = ZoneInfo("Europe/Paris")
SHOTS = os.environ.get("SCREENSHOTS")


def _paris(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), PARIS).astimezone(UTC)


def _shoot(page, name: str) -> None:
    """The page as it is, full length, at a laptop's and a phone's width."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


@pytest.fixture
def need(pole):
    """Organisation B shares two rooms; organisation A needs one for 12 people next week."""
    publish(pole.b_member, pole.org_b, OfferKind.PREMISES, "Salle de formation Belledonne",
            "Vingt places, vidéoprojecteur, pour vos formations.", ["formation"], capacity=20)
    publish(pole.b_member, pole.org_b, OfferKind.PREMISES, "Salle de réunion du Vercors",
            "Quinze places autour d'une grande table.", capacity=15)
    monday = date.today() + timedelta(days=14 - date.today().weekday())
    return needs.create_need(pole.a_member, needs.NeedData(
        kind=OfferKind.PREMISES, text="Une salle de formation pour 12 personnes, avec "
                                      "vidéoprojecteur", tags=["formation"],
        window_from=_paris(monday, 9), window_to=_paris(monday + timedelta(days=4), 18),
        duration_minutes=180, capacity=12))


def test_book_the_first_suggestion_then_close_the_need(live_server, page, pole, need):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, pole.a_member)
    page.goto(f"{live_server}/needs/{need.id}")
    first = page.locator(".match").first
    assert "Salle de formation Belledonne" in first.inner_text()
    _shoot(page, "need-matches")

    first.get_by_role("link", name="Réserver ce créneau").click()
    page.wait_for_url("**/bookings/new?**")
    assert page.get_by_label("Nombre de personnes").input_value() == "12"
    assert "vidéoprojecteur" in page.get_by_label("Objet").input_value()
    assert page.locator("input[name=need_id]").input_value() == str(need.id)
    start_day = page.get_by_label("Jour de début").input_value()
    assert start_day and page.get_by_label("Heure de début").input_value()
    _shoot(page, "booking-form-from-need")

    page.get_by_role("button", name="Réserver", exact=True).click()
    page.wait_for_url(re.compile(r"/bookings/\d+$"))
    assert "reliée à votre besoin" in page.locator(".alert").all_inner_texts().__str__()
    db.session.rollback()  # read what the server committed
    booking = db.session.scalars(sa.select(Booking)).one()
    assert (booking.need_id, booking.status) == (need.id, BookingStatus.CONFIRMED)

    page.get_by_role("link", name="Le besoin auquel répond cette réservation").click()
    page.wait_for_url(f"**/needs/{need.id}")
    page.get_by_role("button", name="Clore : besoin satisfait").click()
    page.wait_for_url(f"**/needs/{need.id}")
    db.session.rollback()
    assert db.session.get(Need, need.id).status == NeedStatus.FULFILLED
    assert "Réservé pour ce besoin" in page.content()
    _shoot(page, "need-fulfilled")
    assert problems == []


def test_the_offer_page_shows_its_owner_the_needs_it_can_serve(live_server, page, pole, need):
    sign_in(page, live_server, pole.b_member)
    page.goto(f"{live_server}/offers/mine")
    counted = page.locator("[data-matching-needs][data-count]")
    counted.first.wait_for()
    _shoot(page, "our-offers")
    page.get_by_role("link", name="1 besoin").first.click()
    section = page.locator("section.matching-needs")
    assert "Une salle de formation pour 12 personnes" in section.inner_text()
    _shoot(page, "offer-matching-needs")
