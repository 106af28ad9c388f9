"""The booking pages: who may do what, the booking form, the lists and the calendars."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from pooling.accounts.models import Role, User
from pooling.bookings import lifecycle, services
from pooling.bookings.models import Booking, BookingStatus
from pooling.bookings.services import BookingRequest
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import BookingPolicy, Category, OfferKind, OfferStatus
from pooling.extensions import db
from tests.conftest import fresh, snapshot

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


def _category(kind: OfferKind, name: str) -> int:
    return db.session.scalars(sa.select(Category.id).where(
        Category.kind == kind, Category.name == name)).one()


def _offer(user, member, publish=True, **fields):
    data = dict(kind=OfferKind.PREMISES, title="Salle Belledonne", capacity=12,
                category_id=_category(OfferKind.PREMISES, "Salle de réunion"),
                opening_hours=[WeeklySlot(d, time(9), time(18)) for d in range(5)])
    data.update(fields)
    offer = catalogue.create_offer(user, member.id, catalogue.OfferData(**data))
    if publish:
        offer = catalogue.change_status(user, offer.id, OfferStatus.PUBLISHED)
    return offer


@pytest.fixture
def third(make_member, make_user):
    """A member of an organisation that has nothing to do with the bookings."""
    return make_user(make_member(name="Compagnie Tierce"), Role.MEMBER,
                     email="member.c@example.org", full_name="Camille Tierce")


@pytest.fixture
def bookings(pole):
    """Organisation A shares a room (automatic) and a workshop (approval), and has a draft;
    organisation B booked the room, asked for the workshop, and used the room in 2021."""
    room = _offer(pole.a_member, pole.org_a)
    workshop = _offer(pole.a_member, pole.org_a, title="Atelier bois",
                      booking_policy=BookingPolicy.APPROVAL)
    draft = _offer(pole.a_member, pole.org_a, publish=False, title="Salle en travaux")
    held = services.create_booking(pole.b_member, BookingRequest(
        room.id, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12), 8, purpose="Conseil secret"))
    asked = services.create_booking(pole.b_member, BookingRequest(
        workshop.id, paris(2030, 6, 4, 10), paris(2030, 6, 4, 12), 3, purpose="Ponçage"))
    past = services.create_booking(pole.b_member, BookingRequest(
        room.id, paris(2021, 3, 1, 10), paris(2021, 3, 1, 11), 2),
        now=datetime(2021, 1, 1, tzinfo=UTC))
    assert held.status == BookingStatus.CONFIRMED and asked.status == BookingStatus.REQUESTED
    return {"room": room.id, "workshop": workshop.id, "draft": draft.id, "booking": held.id,
            "request": asked.id, "past": past.id}


def _booking_form(**overrides) -> dict:
    form = {"start_day": "2030-06-05", "start_time": "14:00", "end_day": "2030-06-05",
            "end_time": "16:00", "quantity": "4", "purpose": "Réunion d'équipe"}
    form.update(overrides)
    return form


ALL = {"owner", "beneficiary", "other", "cell"}
DECIDERS = {"owner", "cell"}
PARTIES = {"owner", "beneficiary", "cell"}

ROUTES = [
    # method, path, who may, status when allowed, form
    ("GET", "/bookings/", ALL, 200, None),
    ("GET", "/bookings/requests", ALL, 200, None),
    ("GET", "/bookings/calendar", ALL, 200, None),
    ("GET", "/bookings/calendar.json?start=2030-06-03T00:00:00&end=2030-06-10T00:00:00", ALL,
     200, None),
    ("GET", "/bookings/new?offer={room}", ALL, 200, None),
    ("POST", "/bookings/new?offer={room}", ALL, 302, _booking_form()),
    ("GET", "/bookings/new?offer={draft}", DECIDERS, 200, None),
    ("GET", "/bookings/{booking}", PARTIES, 200, None),
    ("POST", "/bookings/{request}/confirm", DECIDERS, 302, {}),
    ("POST", "/bookings/{request}/decline", DECIDERS, 302, {"reason": "Complet"}),
    ("POST", "/bookings/{booking}/cancel", PARTIES, 302, {"reason": "Travaux"}),
    ("POST", "/bookings/{booking}/change", {"beneficiary", "cell"}, 302,
     {"starts": "13:00", "ends": "15:00"}),
    ("POST", "/bookings/{past}/complete", DECIDERS, 302, {}),
    ("POST", "/bookings/{past}/no-show", DECIDERS, 302, {}),
]


@pytest.mark.parametrize("actor", ["anonymous", "owner", "beneficiary", "other", "cell"])
@pytest.mark.parametrize("method, path, allowed, ok, form", ROUTES,
                         ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_booking_route_permissions(client, login_as, pole, third, bookings, actor, method,
                                   path, allowed, ok, form):
    user = {"owner": pole.a_member, "beneficiary": pole.b_member, "other": third,
            "cell": pole.cell}.get(actor)
    if user:
        login_as(user)
    before = snapshot()
    response = client.open(path.format(**bookings), method=method, data=form)
    if user is None:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    elif actor in allowed:
        assert response.status_code == ok, response.get_data(as_text=True)[:2000]
        assert (snapshot() != before) == (method == "POST")
        return
    elif actor == "other" or "{draft}" in path:
        # Someone else's booking, or someone else's draft, does not exist.
        assert response.status_code == 404
    else:
        assert response.status_code == 403  # the beneficiary does not decide
    assert snapshot() == before


def test_every_booking_route_is_in_the_matrix(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/bookings")}
    matrix = {p.split("?")[0].replace("{booking}", "<int:booking_id>")
              .replace("{request}", "<int:booking_id>").replace("{past}", "<int:booking_id>")
              for _m, p, *_rest in ROUTES}
    assert rules == matrix


def switch(client, login_as, user) -> None:
    """Sign out whoever is signed in, and sign another person in."""
    client.post("/logout")
    login_as(user)


def _bookings_of(offer_id: int) -> list[Booking]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(Booking).where(Booking.offer_id == offer_id)
                                   .order_by(Booking.id)))


# --- the booking form ---------------------------------------------------------------------


def test_the_form_is_filled_in_from_the_query_string(client, login_as, pole, bookings,
                                                     english):
    login_as(pole.b_member)
    page = client.get(f"/bookings/new?offer={bookings['room']}&start=2030-06-05T14:00"
                      "&end=2030-06-05T16:30&quantity=5&purpose=%3Cb%3EAG%3C/b%3E")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for value in ('value="2030-06-05"', 'value="14:00"', 'value="16:30"', 'value="5"'):
        assert value in html
    assert "&lt;b&gt;AG&lt;/b&gt;" in html and "<b>AG</b>" not in html
    assert 'name="member_id"' not in html  # members book for their own organisation
    assert 'name="csrf_token"' in html or not client.application.config["WTF_CSRF_ENABLED"]


def test_booking_in_local_time_confirms_and_redirects(client, login_as, pole, bookings,
                                                      english):
    login_as(pole.b_member)
    response = client.post(f"/bookings/new?offer={bookings['room']}", data=_booking_form())
    assert response.status_code == 302
    booking = _bookings_of(bookings["room"])[-1]
    assert response.headers["Location"].endswith(f"/bookings/{booking.id}")
    # 14:00 in Paris in June is 12:00 UTC.
    assert booking.starts_at == datetime(2030, 6, 5, 12, tzinfo=UTC)
    assert booking.ends_at == datetime(2030, 6, 5, 14, tzinfo=UTC)
    assert (booking.member_id, booking.quantity, booking.purpose) == (
        pole.org_b.id, 4, "Réunion d'équipe")
    assert booking.status == BookingStatus.CONFIRMED
    page = client.get(response.headers["Location"])
    assert "Your booking is confirmed." in page.get_data(as_text=True)


def test_a_request_says_it_is_sent(client, login_as, pole, bookings, english):
    login_as(pole.b_member)
    response = client.post(f"/bookings/new?offer={bookings['workshop']}",
                           data=_booking_form(), follow_redirects=True)
    assert response.status_code == 200
    assert "Your request is sent to" in response.get_data(as_text=True)
    assert _bookings_of(bookings["workshop"])[-1].status == BookingStatus.REQUESTED


def test_the_cell_books_for_another_organisation(client, login_as, pole, bookings):
    login_as(pole.cell)
    page = client.get(f"/bookings/new?offer={bookings['room']}")
    assert 'name="member_id"' in page.get_data(as_text=True)
    response = client.post(f"/bookings/new?offer={bookings['room']}",
                           data=_booking_form(member_id=str(pole.org_b.id)))
    assert response.status_code == 302
    booking = _bookings_of(bookings["room"])[-1]
    assert booking.member_id == pole.org_b.id and booking.requested_by_id == pole.cell.id


def test_a_member_cannot_book_for_another_organisation(client, login_as, pole, bookings):
    login_as(pole.a_member)
    response = client.post(f"/bookings/new?offer={bookings['room']}",
                           data=_booking_form(member_id=str(pole.org_b.id)))
    assert response.status_code == 302  # the field is not theirs: ignored
    assert _bookings_of(bookings["room"])[-1].member_id == pole.org_a.id


def test_a_taken_time_is_refused_with_alternatives(client, login_as, pole, bookings, english):
    other_room = _offer(pole.a_admin, pole.org_a, title="Salle Chartreuse <b>",
                        capacity=20)
    login_as(pole.b_member)
    before = snapshot()
    response = client.post(f"/bookings/new?offer={bookings['room']}", data=_booking_form(
        start_day="2030-06-03", start_time="11:00", end_day="2030-06-03", end_time="12:00"))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert snapshot() == before
    assert "This time is already booked." in html
    # The nearest free times of the same room, as links to the form filled in again.
    assert (f'/bookings/new?offer={bookings["room"]}&amp;start=2030-06-03T12:00'
            f'&amp;end=2030-06-03T13:00&amp;quantity=4') in html
    # A similar room free at that time, with the same times; its title is escaped.
    assert (f'/bookings/new?offer={other_room.id}&amp;start=2030-06-03T11:00'
            f'&amp;end=2030-06-03T12:00') in html
    assert "Salle Chartreuse &lt;b&gt;" in html
    # The link leads to a form that books.
    followed = client.get(f"/bookings/new?offer={other_room.id}&start=2030-06-03T11:00"
                          "&end=2030-06-03T12:00&quantity=4")
    assert 'value="11:00"' in followed.get_data(as_text=True)


def test_too_many_people_are_refused(client, login_as, pole, bookings, english):
    login_as(pole.b_member)
    response = client.post(f"/bookings/new?offer={bookings['room']}",
                           data=_booking_form(quantity="13"))
    assert response.status_code == 409
    assert "This place holds at most 12 people." in response.get_data(as_text=True)


@pytest.mark.parametrize("overrides", [
    {"start_day": ""},
    {"start_time": "25:00"},
    {"end_day": "not a day"},
    {"end_time": "13:00"},  # before the start
    {"quantity": "0"},
    {"quantity": "many"},
    {"purpose": "x" * 501},
])
def test_invalid_input_creates_nothing(client, login_as, pole, bookings, overrides):
    login_as(pole.b_member)
    before = snapshot()
    response = client.post(f"/bookings/new?offer={bookings['room']}",
                           data=_booking_form(**overrides))
    assert response.status_code == 422
    assert 'is-invalid' in response.get_data(as_text=True)
    assert snapshot() == before


def test_the_form_needs_an_existing_offer(client, login_as, pole, bookings):
    login_as(pole.b_member)
    assert client.get("/bookings/new").status_code == 404
    assert client.get("/bookings/new?offer=999999").status_code == 404
    assert client.post("/bookings/new?offer=abc", data=_booking_form()).status_code == 404


def test_the_offer_page_has_a_book_button_when_published(client, login_as, pole, bookings):
    login_as(pole.b_member)
    html = client.get(f"/offers/{bookings['room']}").get_data(as_text=True)
    assert f'href="/bookings/new?offer={bookings["room"]}"' in html
    assert f'data-book-url="/bookings/new?offer={bookings["room"]}"' in html
    switch(client, login_as, pole.a_member)
    html = client.get(f"/offers/{bookings['draft']}").get_data(as_text=True)
    assert "/bookings/new" not in html


# --- the offer's calendar --------------------------------------------------------------


def _offer_feed(client, offer_id):
    response = client.get(f"/offers/{offer_id}/calendar.json"
                          "?start=2030-06-03T00:00:00&end=2030-06-10T00:00:00")
    assert response.status_code == 200
    return [e for e in response.get_json() if "booking" in e.get("classNames", [])]


def test_the_offer_calendar_hides_other_organisations_bookings(client, login_as, pole, third,
                                                                bookings, english):
    login_as(third)
    room_events = _offer_feed(client, bookings["room"])
    assert room_events == [{
        "start": "2030-06-03T10:00", "end": "2030-06-03T12:00", "title": "Booked",
        "classNames": ["booking", "booking-held"], "extendedProps": {"blocking": True}}]
    workshop_events = _offer_feed(client, bookings["workshop"])
    assert [(e["title"], e["classNames"]) for e in workshop_events] == [
        ("Pending request", ["booking", "booking-requested"])]
    assert "url" not in workshop_events[0]
    assert "Conseil secret" not in client.get(
        f"/offers/{bookings['room']}/calendar.json?start=2030-06-03&end=2030-06-10"
    ).get_data(as_text=True)


@pytest.mark.parametrize("who", ["owner", "beneficiary", "cell"])
def test_the_offer_calendar_shows_details_to_the_parties(client, login_as, pole, bookings,
                                                         who, english):
    login_as({"owner": pole.a_member, "beneficiary": pole.b_member, "cell": pole.cell}[who])
    [event] = _offer_feed(client, bookings["room"])
    assert event["title"] == "Théâtre du Réel · Conseil secret"
    assert event["url"] == f"/bookings/{bookings['booking']}"
    [pending] = _offer_feed(client, bookings["workshop"])
    assert pending["title"] == "Request: Théâtre du Réel · Ponçage"
    assert pending["extendedProps"] == {"blocking": False}


def test_cancelled_and_declined_bookings_leave_the_offer_calendar(client, login_as, pole,
                                                                  bookings):
    lifecycle.cancel(pole.b_member, bookings["booking"])
    lifecycle.decline(pole.a_member, bookings["request"])
    login_as(pole.a_member)
    assert _offer_feed(client, bookings["room"]) == []
    assert _offer_feed(client, bookings["workshop"]) == []


# --- my organisation's bookings ----------------------------------------------------------


def test_the_lists_show_each_side(client, login_as, pole, third, bookings, english):
    login_as(pole.b_member)
    made = client.get("/bookings/").get_data(as_text=True)
    assert f"/bookings/{bookings['booking']}" in made and f"/bookings/{bookings['request']}" \
        in made
    assert f"/bookings/{bookings['past']}" not in made  # upcoming by default
    past = client.get("/bookings/?period=past").get_data(as_text=True)
    assert f"/bookings/{bookings['past']}" in past and f"/bookings/{bookings['booking']}" \
        not in past
    received = client.get("/bookings/?side=received").get_data(as_text=True)
    assert "/bookings/" + str(bookings["booking"]) not in received
    switch(client, login_as, pole.a_member)
    received = client.get("/bookings/?side=received&status=requested").get_data(as_text=True)
    assert f"/bookings/{bookings['request']}" in received
    assert f"/bookings/{bookings['booking']}\"" not in received
    dated = client.get("/bookings/?side=received&period=all&start=2030-06-04&end=2030-06-04")
    assert f"/bookings/{bookings['request']}\"" in dated.get_data(as_text=True)
    assert f"/bookings/{bookings['booking']}\"" not in dated.get_data(as_text=True)
    switch(client, login_as, third)
    for side in ("made", "received"):
        html = client.get(f"/bookings/?side={side}&period=all").get_data(as_text=True)
        assert "Conseil secret" not in html and "Ponçage" not in html


def test_the_list_is_paginated(client, login_as, pole, bookings):
    days = [1, 2, 3, 4, 5, 8, 9, 10, 11, 12]  # weekdays of July 2030
    for i in range(22):
        day, hour = days[i % 10], 9 + i // 10
        services.create_booking(pole.b_member, BookingRequest(
            bookings["room"], paris(2030, 7, day, hour), paris(2030, 7, day, hour + 1)))
    login_as(pole.b_member)
    first = client.get("/bookings/?period=all")
    assert first.status_code == 200
    assert "page=2" in first.get_data(as_text=True)
    second = client.get("/bookings/?period=all&page=2").get_data(as_text=True)
    assert second.count('<tr>') == 1 + 5  # a header, and 25 - 20 rows


def test_bad_filters_answer_400(client, login_as, pole, bookings):
    login_as(pole.b_member)
    assert client.get("/bookings/?status=lost").status_code == 400
    assert client.get("/bookings/?start=yesterday").status_code == 400
    assert client.get("/bookings/?page=-3").status_code == 200


def test_requests_wait_for_the_owner_and_the_cell(client, login_as, pole, third, bookings,
                                                  english):
    login_as(pole.a_member)
    html = client.get("/bookings/requests").get_data(as_text=True)
    assert f'action="/bookings/{bookings["request"]}/confirm"' in html
    assert f'action="/bookings/{bookings["request"]}/decline"' in html
    # The menu's badge counts them.
    assert "1 request to decide" in client.get("/").get_data(as_text=True)
    switch(client, login_as, pole.cell)
    assert f'/bookings/{bookings["request"]}/confirm' in client.get(
        "/bookings/requests?for=pole").get_data(as_text=True)
    for user in (pole.b_member, third):
        switch(client, login_as, user)
        html = client.get("/bookings/requests").get_data(as_text=True)
        assert f'/bookings/{bookings["request"]}/confirm' not in html
        assert "request to decide" not in client.get("/").get_data(as_text=True)


def test_accepting_from_the_requests_page(client, login_as, pole, bookings):
    login_as(pole.a_member)
    response = client.post(f"/bookings/{bookings['request']}/confirm")
    assert response.status_code == 302
    assert fresh(Booking, bookings["request"]).status == BookingStatus.CONFIRMED
    html = client.get("/bookings/requests").get_data(as_text=True)
    assert f'/bookings/{bookings["request"]}/confirm' not in html


def test_my_calendar_feed_has_both_sides_in_wall_clock_time(client, login_as, pole, third,
                                                             bookings, english):
    mine = _offer(pole.b_admin, pole.org_b, title="Studio son")
    services.create_booking(pole.a_member, BookingRequest(
        mine.id, paris(2030, 6, 6, 9), paris(2030, 6, 6, 10), 1))
    login_as(pole.b_member)
    url = "/bookings/calendar.json?start=2030-06-03T00:00:00&end=2030-06-10T00:00:00"
    events = client.get(url).get_json()
    assert [(e["start"], e["end"], e["classNames"][1:]) for e in events] == [
        ("2030-06-03T10:00", "2030-06-03T12:00", ["booking-confirmed", "booking-made"]),
        ("2030-06-04T10:00", "2030-06-04T12:00", ["booking-requested", "booking-made"]),
        ("2030-06-06T09:00", "2030-06-06T10:00", ["booking-confirmed", "booking-received"]),
    ]
    assert events[0]["url"] == f"/bookings/{bookings['booking']}"
    assert events[2]["title"] == "Studio son · for Ressourcerie La Remise"
    switch(client, login_as, third)
    assert client.get(url).get_json() == []


@pytest.mark.parametrize("query", ["", "?start=2030-06-03", "?start=x&end=y",
                                   "?start=2030-06-10&end=2030-06-03",
                                   "?start=2030-01-01&end=2031-01-01"])
def test_my_calendar_feed_refuses_bad_periods(client, login_as, pole, query):
    login_as(pole.b_member)
    response = client.get("/bookings/calendar.json" + query)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid_input"


# --- the profile ---------------------------------------------------------------------------


def _profile(**overrides) -> dict:
    form = {"full_name": "Berthe Membre", "job_title": "", "phone": "", "locale": "en"}
    form.update(overrides)
    return form


def test_reminders_are_chosen_on_the_profile(client, login_as, pole, english):
    login_as(pole.b_member)
    html = client.get("/profile/").get_data(as_text=True)
    assert "Send me a reminder e-mail the day before my bookings" in html
    assert 'name="booking_reminders"' in html and "checked" in html  # on by default
    assert client.post("/profile/", data=_profile()).status_code == 302
    assert fresh(User, pole.b_member.id).booking_reminders is False
    html = client.get("/profile/").get_data(as_text=True)
    assert 'id="booking_reminders" name="booking_reminders" type="checkbox" value="y">' in html
    assert client.post("/profile/", data=_profile(booking_reminders="y")).status_code == 302
    user = fresh(User, pole.b_member.id)
    assert user.booking_reminders is True and user.full_name == "Berthe Membre"
    # A refused profile changes nothing.
    client.post("/profile/", data=_profile(full_name=""))
    assert fresh(User, pole.b_member.id).booking_reminders is True


def test_a_recurring_booking_is_previewed_then_its_free_occurrences_booked(client, login_as,
                                                                           pole, bookings):
    from pooling.bookings.models import BookingSeries

    login_as(pole.b_member)
    # Mondays 10:00-12:00 from 27 May 2030: the 3 June one is taken already.
    form = _booking_form(start_day="2030-05-27", start_time="10:00", end_day="2030-05-27",
                         end_time="12:00", repeat="weekly", count="3")
    preview = client.post(f"/bookings/new?offer={bookings['room']}", data=form)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert page.count("occurrence-free") == 2 and page.count("occurrence-taken") == 1
    assert db.session.scalar(sa.select(sa.func.count(BookingSeries.id))) == 0

    booked = client.post(f"/bookings/new?offer={bookings['room']}",
                         data={**form, "action": "book"})
    # The result shows the whole series: two occurrences booked, one left out and why.
    assert booked.status_code == 200
    result = booked.get_data(as_text=True)
    assert result.count("occurrence-booked") == 2 and result.count("occurrence-skipped") == 1
    series = db.session.scalars(sa.select(BookingSeries)).one()
    days = [b.starts_at.date().isoformat() for b in db.session.scalars(
        sa.select(Booking).where(Booking.series_id == series.id).order_by(Booking.starts_at))]
    assert days == ["2030-05-27", "2030-06-10"]


def test_occurrences_are_moved_and_cancelled_from_one_on(client, login_as, pole, bookings):
    from pooling.bookings import series as booking_series
    from pooling.bookings.recurrence import Recurrence

    result = booking_series.book_series(pole.b_member, BookingRequest(
        bookings["room"], paris(2030, 7, 1, 9), paris(2030, 7, 1, 10)),
        Recurrence("weekly", count=4))
    ids = [b.id for b in result.bookings]
    login_as(pole.b_member)
    moved = client.post(f"/bookings/{ids[1]}/change",
                        data={"starts": "14:00", "ends": "15:30", "scope": "following"})
    assert moved.status_code == 302
    hours = [db.session.get(Booking, i).starts_at.astimezone(PARIS).hour for i in ids]
    assert hours == [9, 14, 14, 14]
    client.post(f"/bookings/{ids[2]}/cancel", data={"scope": "all"})
    statuses = [db.session.get(Booking, i).status for i in ids]
    assert statuses == [BookingStatus.CANCELLED] * 4
