"""A need's matches on its page, booked in one step and linked to the need; the open needs
an offer can serve on its page and in "our offers"; who sees what."""

import html
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from pooling.bookings.models import Booking, BookingStatus
from pooling.catalogue.models import BookingPolicy, OfferKind
from pooling.extensions import db
from pooling.needs import services as needs
from pooling.needs.models import Need, NeedStatus
from tests.conftest import fresh, publish, snapshot

PARIS = ZoneInfo("Europe/Paris")


def _next_monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday() + 7)


def _paris(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), PARIS).astimezone(UTC)


@pytest.fixture
def matched(pole):
    """Organisation B shares a training room and a payroll skill on approval; organisation A
    needs a room for 12 people next week, and help with its payroll."""
    monday = _next_monday()
    room = publish(pole.b_member, pole.org_b, OfferKind.PREMISES, "Salle de formation",
                   "Vingt places, vidéoprojecteur, pour vos formations.", capacity=20)
    payroll = publish(pole.b_member, pole.org_b, OfferKind.SKILL, "Paie et bulletins de salaire",
                      "Bulletins de paie, déclarations sociales.",
                      booking_policy=BookingPolicy.APPROVAL)
    room_need = needs.create_need(pole.a_member, needs.NeedData(
        kind=OfferKind.PREMISES, text="Une salle de formation pour 12 personnes",
        window_from=_paris(monday, 9), window_to=_paris(monday + timedelta(days=4), 18),
        duration_minutes=120, capacity=12))
    payroll_need = needs.create_need(pole.a_member, needs.NeedData(
        kind=OfferKind.SKILL, text="Aide pour faire la paie de nos salariés",
        window_from=_paris(monday, 9), window_to=_paris(monday + timedelta(days=4), 18),
        duration_minutes=120))
    return {"room": room, "payroll": payroll, "room_need": room_need,
            "payroll_need": payroll_need, "monday": monday}


def _page(client, need_id: int) -> str:
    response = client.get(f"/needs/{need_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["a_member", "a_admin", "cell"])
def test_the_needs_organisation_and_the_cell_see_its_matches(client, login_as, pole, matched,
                                                             who):
    login_as(getattr(pole, who))
    page = _page(client, matched["room_need"].id)
    assert "Salle de formation" in page and 'class="card h-100 match"' in page
    assert f'/offers/{matched["room"].id}"' in page
    assert f'/bookings/new?offer={matched["room"].id}&amp;need={matched["room_need"].id}' in page


def test_another_organisation_sees_the_need_without_its_matches(client, login_as, pole,
                                                                 matched):
    login_as(pole.b_member)
    page = _page(client, matched["room_need"].id)
    assert "Une salle de formation pour 12 personnes" in page
    assert "match-list" not in page and "match-empty" not in page
    assert "/bookings/new" not in page


def test_an_anonymous_visitor_is_sent_to_sign_in(client, matched):
    response = client.get(f"/needs/{matched['room_need'].id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_need_nothing_can_serve_says_how_to_widen_it(client, login_as, pole, english):
    need = needs.create_need(pole.a_member, needs.NeedData(
        kind=OfferKind.TOOL, text="Une nacelle élévatrice de 12 mètres", quantity=1))
    login_as(pole.a_member)
    page = _page(client, need.id)
    assert "No offer can serve this need in its window yet" in page
    assert f"/needs/{need.id}/edit" in page


def test_the_book_button_opens_the_form_filled_in_from_the_need(client, login_as, pole,
                                                                 matched):
    login_as(pole.a_member)
    page = _page(client, matched["room_need"].id)
    url = re.search(r'btn-book-match" href="([^"]+)"', page)[1]
    form = client.get(html.unescape(url)).get_data(as_text=True)
    assert f'name="need_id" type="hidden" value="{matched["room_need"].id}"' in form
    assert 'name="quantity"' in form and 'value="12"' in form
    assert "Une salle de formation pour 12 personnes</textarea>" in form
    assert 'name="start_day"' in form and 'name="start_day" required type="date" value=""' \
        not in form
    assert "answers-need" in form


def _book(client, offer_id: int, need_id, day: date, **extra):
    data = {"start_day": day.isoformat(), "start_time": "10:00", "end_day": day.isoformat(),
            "end_time": "12:00", "quantity": "12", "purpose": "Formation",
            "need_id": str(need_id), **extra}
    return client.post(f"/bookings/new?offer={offer_id}", data=data)


def test_booking_from_a_match_links_the_need_and_lists_it_there(client, login_as, pole,
                                                                matched, english):
    login_as(pole.a_member)
    response = _book(client, matched["room"].id, matched["room_need"].id, matched["monday"])
    assert response.status_code == 302, response.get_data(as_text=True)
    booking = db.session.scalar(sa.select(Booking))
    assert booking.need_id == matched["room_need"].id
    landing = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your booking is confirmed" in landing and "It is linked to your need" in landing
    assert f'/needs/{matched["room_need"].id}"' in landing
    page = _page(client, matched["room_need"].id)
    assert "Booked for this need" in page and f"/bookings/{booking.id}" in page
    assert "Close as fulfilled" in page
    closed = client.post(f"/needs/{matched['room_need'].id}/close",
                         data={"outcome": "fulfilled"})
    assert closed.status_code == 302
    assert fresh(Need, matched["room_need"].id).status == NeedStatus.FULFILLED


def test_a_skill_on_approval_sends_a_request_with_the_needs_text(client, login_as, pole,
                                                                 matched):
    login_as(pole.a_member)
    need = matched["payroll_need"]
    form = client.get(f"/bookings/new?offer={matched['payroll'].id}&need={need.id}"
                      ).get_data(as_text=True)
    assert "Aide pour faire la paie de nos salariés</textarea>" in form
    response = _book(client, matched["payroll"].id, need.id, matched["monday"],
                     purpose=need.text, quantity="")
    assert response.status_code == 302, response.get_data(as_text=True)
    booking = db.session.scalar(sa.select(Booking))
    assert (booking.status, booking.purpose, booking.need_id) == (
        BookingStatus.REQUESTED, need.text, need.id)


def test_a_need_of_another_organisation_is_refused_and_nothing_booked(client, login_as, pole,
                                                                      matched, english):
    theirs = needs.create_need(pole.b_member, needs.NeedData(
        kind=OfferKind.PREMISES, text="Une salle pour notre AG"))
    login_as(pole.a_member)
    before = snapshot()
    response = _book(client, matched["room"].id, theirs.id, matched["monday"])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "not an open need of the organisation you book for" in page
    assert 'name="need_id" type="hidden" value=""' in page  # sent again, books without it
    assert snapshot() == before


def test_a_closed_need_is_refused(client, login_as, pole, matched):
    need = matched["room_need"]
    needs.close_need(pole.a_member, need.id, NeedStatus.WITHDRAWN)
    login_as(pole.a_member)
    before = snapshot()
    assert _book(client, matched["room"].id, need.id, matched["monday"]).status_code == 422
    assert _book(client, matched["room"].id, "abc", matched["monday"]).status_code == 422
    assert snapshot() == before


def test_a_link_with_another_organisations_need_fills_in_nothing_of_it(client, login_as, pole,
                                                                        matched):
    login_as(pole.b_member)
    form = client.get(f"/bookings/new?offer={matched['payroll'].id}"
                      f"&need={matched['room_need'].id}").get_data(as_text=True)
    assert 'name="need_id" type="hidden" value=""' in form
    assert "Une salle de formation pour 12 personnes" not in form


def test_the_cell_books_for_the_needs_organisation(client, login_as, pole, matched):
    login_as(pole.cell)
    need = matched["room_need"]
    form = client.get(f"/bookings/new?offer={matched['room'].id}&need={need.id}"
                      ).get_data(as_text=True)
    assert f'<option selected value="{pole.org_a.id}">' in form
    response = _book(client, matched["room"].id, need.id, matched["monday"],
                     member_id=str(pole.org_a.id))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Booking.need_id)) == need.id


def test_the_api_books_for_a_need_and_refuses_anothers(client, bearer, pole, matched):
    body = {"offer": matched["room"].id, "start": f"{matched['monday']}T14:00",
            "end": f"{matched['monday']}T16:00", "attendees": 12}
    theirs = needs.create_need(pole.b_member, needs.NeedData(
        kind=OfferKind.PREMISES, text="Une salle pour notre AG"))
    refused = client.post("/api/v1/bookings", json={**body, "need": theirs.id},
                          headers=bearer(pole.a_member))
    assert refused.status_code == 422
    assert "need" in refused.get_json()["error"]["fields"]
    made = client.post("/api/v1/bookings", json={**body, "need": matched["room_need"].id},
                       headers=bearer(pole.a_member))
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["need"] == matched["room_need"].id


@pytest.mark.parametrize("who", ["b_member", "cell"])
def test_the_offers_owner_and_the_cell_see_the_open_needs_it_can_serve(client, login_as, pole,
                                                                       matched, who):
    login_as(getattr(pole, who))
    page = client.get(f"/offers/{matched['room'].id}").get_data(as_text=True)
    assert 'id="matching-needs"' in page
    assert "Une salle de formation pour 12 personnes" in page
    assert f'/needs/{matched["room_need"].id}"' in page and pole.org_a.name in page


def test_others_see_the_offer_without_the_needs_it_can_serve(client, login_as, pole, matched,
                                                             make_user, make_member):
    anonymous = client.get(f"/offers/{matched['room'].id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    login_as(make_user(make_member(name="Compagnie Tierce")))
    page = client.get(f"/offers/{matched['room'].id}")
    assert page.status_code == 200
    assert 'id="matching-needs"' not in page.get_data(as_text=True)
    client.post("/logout")
    login_as(pole.a_member)  # the need's own organisation: the offer, not who else needs it
    assert 'id="matching-needs"' not in client.get(f"/offers/{matched['room'].id}").get_data(
        as_text=True)


def test_our_offers_count_the_open_needs_each_can_serve(client, login_as, pole, matched,
                                                        english):
    login_as(pole.b_member)
    page = client.get("/offers/mine").get_data(as_text=True)
    assert "Open needs it can serve" in page
    count_url = f'/offers/{matched["room"].id}/matching-needs.json'
    assert f'data-matching-needs="{count_url}"' in page
    assert client.get(count_url).get_json() == {
        "count": 1, "label": "1 need", "url": f'/offers/{matched["room"].id}#matching-needs'}


def test_only_the_offers_owner_and_the_cell_count_its_needs(client, login_as, pole, matched):
    count_url = f'/offers/{matched["room"].id}/matching-needs.json'
    login_as(pole.a_member)
    assert client.get(count_url).status_code == 403
    client.post("/logout")
    login_as(pole.cell)
    cell = client.get(count_url)
    assert cell.get_json()["count"] == 1, cell.get_data(as_text=True)
