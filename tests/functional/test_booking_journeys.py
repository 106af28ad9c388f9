"""From the catalogue to a booking and back: the search's period carried into the form, the
rules of each offer said before booking, alternatives to any refusal, the cell's requests
and the calendar feeds within reach."""

import re
from datetime import time
from html import unescape

import pytest

from pooling.catalogue.hours import WeeklySlot
from tests.functional.test_bookings_api import publish_room

WEEKDAYS = [WeeklySlot(d, time(8), time(20)) for d in range(5)]
MONDAY = "2030-06-03"


def _value(html: str, name: str) -> str | None:
    """The value of the form's input of that name."""
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    value = tag and re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


def _text(page) -> str:
    return unescape(page.get_data(as_text=True))


def test_book_from_a_filtered_catalogue_fills_the_form_with_the_search(client, login_as,
                                                                      pole):
    room = publish_room(pole.a_member, pole.org_a)
    login_as(pole.b_member)
    found = _text(client.get(f"/offers/?day={MONDAY}&start=10:00&end=12:00&min_capacity=6"))
    link = f"/bookings/new?offer={room.id}&amp;start={MONDAY}T10:00&amp;end={MONDAY}T12:00" \
           "&amp;quantity=6"
    assert link.replace("&amp;", "&") in found.replace("&amp;", "&")
    form = _text(client.get(link.replace("&amp;", "&")))
    assert _value(form, "start_day") == MONDAY and _value(form, "end_day") == MONDAY
    assert _value(form, "start_time") == "10:00" and _value(form, "end_time") == "12:00"
    assert _value(form, "quantity") == "6"


def test_the_catalogue_says_why_an_offer_cannot_be_booked_then(client, login_as, pole):
    publish_room(pole.a_member, pole.org_a, title="Salle à préavis",
             min_notice_minutes=60 * 24 * 365 * 10)
    publish_room(pole.a_member, pole.org_a, title="Salle longue", min_duration_minutes=240)
    publish_room(pole.a_member, pole.org_a, title="Salle libre")
    login_as(pole.b_member)
    page = _text(client.get(f"/offers/?day={MONDAY}&start=10:00&end=12:00"))
    cards = {title: page[page.index(title):][:1500] for title in
             ("Salle à préavis", "Salle longue", "Salle libre")}
    assert "book-then" not in cards["Salle à préavis"].split("</article>")[0]
    assert "booking-refused" in cards["Salle à préavis"].split("</article>")[0]
    assert "booking-refused" in cards["Salle longue"].split("</article>")[0]
    assert "book-then" in cards["Salle libre"].split("</article>")[0]
    assert "booking-refused" not in cards["Salle libre"].split("</article>")[0]


@pytest.mark.parametrize("query", ["", "?q=salle"])
def test_without_a_period_the_catalogue_offers_no_booking_button(client, login_as, pole,
                                                                  query):
    publish_room(pole.a_member, pole.org_a)
    login_as(pole.b_member)
    page = _text(client.get(f"/offers/{query}"))
    assert "book-then" not in page and "booking-refused" not in page


@pytest.mark.parametrize("path", ["/bookings/", "/bookings/?side=received",
                                  "/bookings/requests", "/bookings/calendar",
                                  "/profile/"])
def test_the_calendar_subscriptions_are_linked_from_bookings_and_the_profile(
        client, login_as, pole, path):
    login_as(pole.b_member)
    page = client.get(path)
    assert page.status_code == 200
    assert 'href="/calendars/"' in page.get_data(as_text=True)


def _request(user, offer, day: int):
    from datetime import UTC, datetime, timedelta

    from pooling.bookings import services

    start = datetime(2030, 6, 3, 8, tzinfo=UTC) + timedelta(days=day)
    return services.create_booking(user, services.BookingRequest(
        offer.id, start, start + timedelta(hours=1)))


def _request_rows(html: str) -> int:
    return html.count('action="/bookings/') // 2  # accept and decline per request


def test_the_cell_sees_requests_for_its_own_offers_apart_from_the_poles(client, login_as,
                                                                        pole):
    from pooling.catalogue.models import BookingPolicy

    own = publish_room(pole.cell, pole.cell_org, title="Salle de la cellule",
                   booking_policy=BookingPolicy.APPROVAL)
    theirs = publish_room(pole.a_admin, pole.org_a, title="Salle de La Remise",
                      booking_policy=BookingPolicy.APPROVAL)
    _request(pole.b_member, own, 0)
    for day in range(3):
        _request(pole.b_member, theirs, day)
    login_as(pole.cell)
    ours = _text(client.get("/bookings/requests"))
    assert "1 demande pour nos offres" in ours
    assert "Salle de la cellule" in ours and "Salle de La Remise" not in ours
    assert _request_rows(ours) == 1
    others = _text(client.get("/bookings/requests?for=pole"))
    assert "3 demandes pour les offres des autres structures" in others
    assert "Salle de La Remise" in others and "Salle de la cellule" not in others
    assert _request_rows(others) == 3
    # The menu's badge counts both.
    assert '<span aria-hidden="true">4</span>' in ours


def test_a_member_sees_only_the_requests_for_its_offers(client, login_as, pole):
    from pooling.catalogue.models import BookingPolicy

    theirs = publish_room(pole.a_admin, pole.org_a, title="Salle de La Remise",
                      booking_policy=BookingPolicy.APPROVAL)
    _request(pole.b_member, theirs, 0)
    login_as(pole.b_member)
    for path in ("/bookings/requests", "/bookings/requests?for=pole"):
        page = _text(client.get(path))
        assert "Salle de La Remise" not in page and "0 demande pour nos offres" in page
        assert "requests-sections" not in page
    client.post("/logout")
    login_as(pole.a_member)
    page = _text(client.get("/bookings/requests?for=pole"))
    assert "1 demande pour nos offres" in page and _request_rows(page) == 1


def test_the_requests_page_needs_a_sign_in(client):
    assert client.get("/bookings/requests?for=pole").status_code == 302


def test_a_refusal_for_capacity_proposes_rooms_big_enough(client, bearer, pole):
    """Among many rooms too small, the one that holds the group is proposed; none of the
    booker's own organisation, and none without the step-free access the room has."""
    small = publish_room(pole.a_admin, pole.org_a, title="Petite salle", capacity=4,
                     step_free_access=True)
    for number in range(45):
        publish_room(pole.a_admin, pole.org_a, title=f"Bureau {number}", capacity=2,
                 step_free_access=True)
    publish_room(pole.b_admin, pole.org_b, title="Grande salle du Théâtre", capacity=30,
             step_free_access=True)
    publish_room(pole.a_admin, pole.org_a, title="Grande salle à l'étage", capacity=30)
    publish_room(pole.cell, pole.cell_org, title="Grande salle de la cellule", capacity=30,
             step_free_access=True)
    refused = client.post("/api/v1/bookings", headers=bearer(pole.b_member), json={
        "offer": small.id, "start": f"{MONDAY}T10:00", "end": f"{MONDAY}T12:00",
        "attendees": 10})
    assert refused.status_code == 409
    error = refused.json["error"]
    assert error["rule"] == "capacity"
    assert [o["title"] for o in error["alternatives"]["offers"]] == [
        "Grande salle de la cellule"]


def test_a_refusal_for_capacity_on_the_page_links_to_a_room_big_enough(client, login_as,
                                                                       pole):
    small = publish_room(pole.a_admin, pole.org_a, title="Petite salle", capacity=4)
    big = publish_room(pole.cell, pole.cell_org, title="Grande salle de la cellule", capacity=30)
    login_as(pole.b_member)
    # The browser lets a larger group through, for the server to propose what holds it.
    form = _text(client.get(f"/bookings/new?offer={small.id}"))
    assert 'max="4"' not in re.search(r'<input[^>]*name="quantity"[^>]*>', form).group(0)
    page = client.post(f"/bookings/new?offer={small.id}", data={
        "start_day": MONDAY, "start_time": "10:00", "end_day": MONDAY, "end_time": "12:00",
        "quantity": "10"})
    assert page.status_code == 409
    assert (f"/bookings/new?offer={big.id}&amp;start={MONDAY}T10:00&amp;end={MONDAY}T12:00"
            "&amp;quantity=10") in page.get_data(as_text=True)


def _series_with_a_taken_monday(pole):
    """A room of La Remise whose 10 June 2030 is taken, and another room free then."""
    room = publish_room(pole.a_admin, pole.org_a)
    other = publish_room(pole.cell, pole.cell_org, title="Salle de la cellule")
    from datetime import UTC, datetime, timedelta

    from pooling.bookings import services

    start = datetime(2030, 6, 10, 8, tzinfo=UTC)
    services.create_booking(pole.a_admin, services.BookingRequest(
        room.id, start, start + timedelta(hours=2)))
    return room, other


def test_a_series_taken_occurrence_gets_alternatives_in_the_api(client, bearer, pole):
    room, other = _series_with_a_taken_monday(pole)
    answer = client.post("/api/v1/bookings", headers=bearer(pole.b_member), json={
        "offer": room.id, "start": f"{MONDAY}T10:00", "end": f"{MONDAY}T12:00",
        "attendees": 2, "recurrence": {"frequency": "weekly", "count": 3}})
    assert answer.status_code == 207, answer.json
    [taken] = answer.json["occurrences"]
    assert taken["rule"] == "overlap"
    assert taken["alternatives"]["slots"]
    assert [o["id"] for o in taken["alternatives"]["offers"]] == [other.id]


def test_a_series_result_page_shows_every_occurrence_with_alternatives(client, login_as,
                                                                      pole):
    room, other = _series_with_a_taken_monday(pole)
    login_as(pole.b_member)
    form = {"start_day": MONDAY, "start_time": "10:00", "end_day": MONDAY,
            "end_time": "12:00", "quantity": "2", "repeat": "weekly", "interval": "1",
            "count": "3"}
    preview = _text(client.post(f"/bookings/new?offer={room.id}", data=form))
    assert preview.count("occurrence-alternatives") == 1
    assert f"/bookings/new?offer={other.id}&start=2030-06-10T10:00&end=2030-06-10T12:00" \
        in preview
    done = client.post(f"/bookings/new?offer={room.id}", data={**form, "action": "book"})
    assert done.status_code == 200
    page = _text(done)
    assert page.count("occurrence-booked") == 2 and page.count("occurrence-skipped") == 1
    assert page.index("3 juin") < page.index("10 juin") < page.index("17 juin")
    assert "occurrence-alternatives" in page
    assert f"/bookings/new?offer={other.id}&start=2030-06-10T10:00" in page
