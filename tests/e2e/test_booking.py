"""A member selects free time in an offer's calendar, books it, and sees it confirmed."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from pooling.bookings.models import Booking, BookingStatus
from pooling.catalogue import services
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import Category, OfferKind, OfferStatus
from pooling.extensions import db
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def room(pole):
    category = db.session.scalars(sa.select(Category).where(
        Category.name == "Salle de réunion")).one()
    offer = services.create_offer(pole.a_member, pole.org_a.id, services.OfferData(
        kind=OfferKind.PREMISES, title="Salle Chartreuse", capacity=10,
        category_id=category.id, description="Au calme, sur cour.",
        opening_hours=[WeeklySlot(d, time(9), time(18)) for d in range(5)]))
    return services.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)


def _drag(page, calendar, day: str, start: str, end: str) -> None:
    """Press on a day's start slot and release on its end slot, as a person does."""
    column = calendar.locator(f"td.fc-timegrid-col[data-date='{day}']")
    first = calendar.locator(f"td.fc-timegrid-slot-lane[data-time='{start}']")
    last = calendar.locator(f"td.fc-timegrid-slot-lane[data-time='{end}']")
    last.scroll_into_view_if_needed()
    x = column.bounding_box()["x"] + column.bounding_box()["width"] / 2
    page.mouse.move(x, first.bounding_box()["y"] + 4)
    page.mouse.down()
    page.mouse.move(x, first.bounding_box()["y"] + 20, steps=4)
    page.mouse.move(x, last.bounding_box()["y"] + 8, steps=8)
    page.mouse.up()


def test_select_free_time_in_the_calendar_and_book_it(live_server, page, pole, room):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, pole.b_member)
    page.goto(f"{live_server}/offers/{room.id}")
    assert page.locator("a#book").get_attribute("href") == f"/bookings/new?offer={room.id}"

    # Next week's Wednesday, from 14:00 to 15:30, the pole's time.
    today = datetime.now(PARIS).date()
    wednesday = today - timedelta(days=today.weekday()) + timedelta(days=9)
    calendar = page.locator("#offer-calendar")
    calendar.locator(".fc-timegrid").wait_for()
    calendar.locator(".fc-next-button").click()
    calendar.locator(f"td.fc-timegrid-col[data-date='{wednesday}']").wait_for()
    _drag(page, calendar, wednesday.isoformat(), "14:00:00", "15:00:00")

    # The booking form opens, filled in with the selected time.
    page.wait_for_url(f"{live_server}/bookings/new?*")
    assert page.locator("#start_day").input_value() == wednesday.isoformat()
    assert page.locator("#start_time").input_value() == "14:00"
    assert page.locator("#end_day").input_value() == wednesday.isoformat()
    assert page.locator("#end_time").input_value() == "15:30"
    page.locator("#quantity").fill("6")
    page.locator("#purpose").fill("Atelier « zéro déchet »")
    page.locator("form.card button[type=submit]").click()

    # The booking's page, with its confirmation.
    page.wait_for_url(f"{live_server}/bookings/*")
    assert page.locator(".alert-success").is_visible()
    db.session.rollback()
    booking = db.session.scalars(sa.select(Booking)).one()
    assert page.url == f"{live_server}/bookings/{booking.id}"
    assert booking.status == BookingStatus.CONFIRMED
    assert (booking.member_id, booking.quantity) == (pole.org_b.id, 6)
    assert booking.starts_at == datetime.combine(wednesday, time(14), PARIS).astimezone(UTC)
    assert booking.ends_at == datetime.combine(wednesday, time(15, 30), PARIS).astimezone(UTC)
    assert page.get_by_text("Atelier « zéro déchet »").is_visible()

    # Back on the offer, the booking holds its time in the calendar.
    page.goto(f"{live_server}/offers/{room.id}")
    calendar.locator(".fc-timegrid").wait_for()
    calendar.locator(".fc-next-button").click()
    event = calendar.locator(".fc-event.booking-held")
    event.wait_for()
    assert "zéro déchet" in event.inner_text()
    assert problems == []  # no script or Content-Security-Policy error
