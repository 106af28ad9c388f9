"""The home page says what to do now: bookings to come, requests and exchanges waiting."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from pooling.bookings import services as bookings
from pooling.bookings.services import BookingRequest
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import BookingPolicy, Category, OfferKind, OfferStatus
from pooling.extensions import db
from pooling.ledger import services as ledger
from pooling.ledger.models import ExchangeUnit
from pooling.ledger.services import Declaration

PARIS = ZoneInfo("Europe/Paris")


def _weekday_soon() -> date:
    """A working day two to four days from now: within the next two weeks."""
    day = datetime.now(PARIS).date() + timedelta(days=2)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS).astimezone(UTC)


def _room(user, member, title, policy=BookingPolicy.AUTOMATIC):
    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == OfferKind.PREMISES, Category.name == "Salle de réunion")).one()
    offer = catalogue.create_offer(user, member.id, catalogue.OfferData(
        kind=OfferKind.PREMISES, title=title, capacity=12, category_id=category,
        booking_policy=policy, opening_hours=[WeeklySlot(d, time(8), time(19)) for d in range(5)]))
    return catalogue.change_status(user, offer.id, OfferStatus.PUBLISHED)


@pytest.fixture
def to_do(pole):
    """A booked B's room soon; B asked for A's workshop; B declared hours given to A."""
    day = _weekday_soon()
    room = _room(pole.b_member, pole.org_b, "Salle Chartreuse")
    workshop = _room(pole.a_member, pole.org_a, "Atelier bois", BookingPolicy.APPROVAL)
    bookings.create_booking(pole.a_member, BookingRequest(
        room.id, _at(day, 10), _at(day, 12), 5, purpose="Assemblée"))
    bookings.create_booking(pole.b_member, BookingRequest(
        workshop.id, _at(day, 14), _at(day, 16), 3, purpose="Ponçage"))
    ledger.declare(pole.b_member, Declaration(
        provider_id=pole.org_b.id, beneficiary_id=pole.org_a.id, kind=OfferKind.SKILL,
        quantity=Decimal("2"), unit=ExchangeUnit.HOUR, occurred_on=date.today() - timedelta(days=3),
        description="Aide à la billetterie"))


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start:html.index("</section>", start)]


def test_a_member_sees_what_to_do_now(client, login_as, pole, to_do):
    login_as(pole.a_member)
    html = client.get("/").get_data(as_text=True)
    assert "Salle Chartreuse" in _section(html, "upcoming")
    requests = _section(html, "to-decide")
    assert "Atelier bois" in requests and pole.org_b.name in requests
    assert "Aide" not in requests
    assert pole.org_b.name in _section(html, "to-confirm")
    assert 'action="/offers/"' in html and 'name="q"' in html  # the catalogue's search


def test_the_other_side_sees_its_own_side_only(client, login_as, pole, to_do):
    login_as(pole.b_member)
    html = client.get("/").get_data(as_text=True)
    # B's room is booked by A, and B's request waits on A: both are coming up for B.
    upcoming = _section(html, "upcoming")
    assert "Salle Chartreuse" in upcoming and "Atelier bois" in upcoming
    assert "Atelier bois" not in _section(html, "to-decide")  # A decides, not B
    assert "Aucun échange n'attend votre confirmation." in _section(html, "to-confirm")


def test_an_organisation_outside_sees_nothing_of_it(client, login_as, pole, to_do, make_user,
                                                    make_member):
    outsider = make_user(make_member(name="Compagnie Tierce"))
    login_as(outsider)
    html = client.get("/").get_data(as_text=True)
    for heading in ("upcoming", "to-decide", "to-confirm"):
        section = _section(html, heading)
        assert "Salle Chartreuse" not in section and "Atelier bois" not in section
        assert pole.org_b.name not in section


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.demo
def test_the_demo_logins_land_on_a_busy_home_page(client, runner):
    from pooling.demo.loader import DEMO_PASSWORD, demo_logins

    assert runner.invoke(args=["demo"]).exit_code == 0
    logins = dict(demo_logins())
    for user in (logins["member"], logins["member-admin"]):
        client.post("/login", data={"email": user.email, "password": DEMO_PASSWORD})
        html = client.get("/").get_data(as_text=True)
        for heading in ("upcoming", "to-decide", "to-confirm"):
            assert "<li" in _section(html, heading), heading
        client.post("/logout")
