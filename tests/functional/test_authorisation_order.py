"""Who may act is decided before what they sent is read: someone who may not act gets
403 or 404, never field errors that tell them how to shape a request they cannot make."""

from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
import sqlalchemy as sa

from pooling.bookings import services as bookings
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import Category, OfferKind, OfferStatus
from pooling.extensions import db
from pooling.ledger import services as ledger
from pooling.ledger.models import ExchangeUnit
from tests.conftest import snapshot

WEEKDAYS = [WeeklySlot(d, time(8), time(20)) for d in range(5)]


@pytest.fixture
def world(pole):
    """Organisation A's draft and published room, B's booking of it (a request), and an
    exchange between A and B."""
    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == OfferKind.PREMISES).limit(1)).one()

    def room(title):
        return catalogue.create_offer(pole.a_member, pole.org_a.id, catalogue.OfferData(
            kind=OfferKind.PREMISES, title=title, category_id=category, capacity=10,
            opening_hours=WEEKDAYS, booking_policy="approval"))

    draft = room("Brouillon")
    published = catalogue.change_status(pole.a_member, room("Salle").id,
                                        OfferStatus.PUBLISHED)
    booking = bookings.create_booking(pole.b_member, bookings.BookingRequest(
        offer_id=published.id, starts_at=datetime(2030, 6, 3, 8, tzinfo=UTC),
        ends_at=datetime(2030, 6, 3, 10, tzinfo=UTC), quantity=2))
    exchange = ledger.declare(pole.a_member, ledger.Declaration(
        provider_id=pole.org_a.id, beneficiary_id=pole.org_b.id, kind=OfferKind.SKILL,
        quantity=Decimal("2"), unit=ExchangeUnit.HOUR, occurred_on=date(2026, 1, 5),
        description="Aide"))
    pole.draft, pole.published, pole.booking, pole.exchange = (
        draft, published, booking, exchange)
    return pole


LONG = "x" * 1000

# (who, method, path, invalid body or query, expected status)
API_CASES = [
    ("a_member", "POST", "/api/v1/valuation", {"kind": "skill"}, 403),
    ("b_admin", "PATCH", "/api/v1/offers/{published}", {"title": ""}, 403),
    ("b_admin", "PATCH", "/api/v1/offers/{draft}", {"capacity": "many"}, 404),
    ("b_member", "POST", "/api/v1/offers", {"member": "{org_a}", "kind": "x"}, 403),
    ("a_member", "POST", "/api/v1/bookings", {"member": "{org_b}", "offer": "x"}, 403),
    ("b_member", "POST", "/api/v1/bookings/{booking}/decline", {"reason": LONG}, 403),
    ("cell_stranger", "POST", "/api/v1/bookings/{booking}/cancel", {"scope": "x"}, 404),
    ("cell_stranger", "POST", "/api/v1/exchanges",
     {"provider_id": "{org_a}", "beneficiary_id": "{org_b}", "quantity": "x"}, 403),
    ("cell_stranger", "POST", "/api/v1/exchanges/{exchange}/reject", {}, 404),
    ("cell_stranger", "POST", "/api/v1/exchanges/{exchange}/reverse", {"reason": 3}, 404),
    ("b_member", "GET", "/api/v1/offers/{draft}/availability?from=x", None, 404),
    ("a_member", "GET", "/api/v1/ledger?from=x", None, 403),
    ("b_member", "GET", "/api/v1/ledger/members/{org_a}?from=x", None, 403),
    ("a_member", "POST", "/api/v1/categories", {"kind": "x"}, 403),
]


def _fill(text: str, world) -> str:
    return text.format(published=world.published.id, draft=world.draft.id,
                       booking=world.booking.id, exchange=world.exchange.id,
                       org_a=world.org_a.id, org_b=world.org_b.id)


def _body(body, world):
    if body is None:
        return None
    return {k: int(_fill(v, world)) if isinstance(v, str) and v.startswith("{") else v
            for k, v in body.items()}


@pytest.mark.parametrize("who, method, path, body, status", API_CASES,
                         ids=[f"{c[1]} {c[2]}" for c in API_CASES])
def test_the_api_refuses_who_may_not_act_before_reading_the_input(
        client, bearer, world, make_user, who, method, path, body, status):
    headers = bearer(make_user() if who == "cell_stranger" else getattr(world, who))
    before = snapshot()
    response = client.open(_fill(path, world), method=method, json=_body(body, world),
                           headers=headers)
    assert response.status_code == status, response.json
    assert "fields" not in response.json["error"]
    assert snapshot() == before


PAGE_CASES = [
    ("a_member", "/offers/valuation", {"kind": "skill"}, 403),
    ("b_admin", "/offers/{published}/status", {"status": "nonsense"}, 403),
    ("b_admin", "/offers/{draft}/status", {"status": "nonsense"}, 404),
    ("b_admin", "/offers/{published}/closures", {"reason": ""}, 403),
    ("b_admin", "/offers/{published}/photos", {}, 403),
    ("b_member", "/bookings/{booking}/decline", {"reason": LONG}, 403),
    ("b_member", "/bookings/{booking}/confirm", {"reason": LONG}, 403),
    ("cell_stranger", "/bookings/{booking}/cancel", {"reason": LONG}, 404),
]


@pytest.mark.parametrize("who, path, data, status", PAGE_CASES,
                         ids=[c[1] for c in PAGE_CASES])
def test_pages_refuse_who_may_not_act_before_reading_the_form(
        client, login_as, world, make_user, english, who, path, data, status):
    login_as(make_user() if who == "cell_stranger" else getattr(world, who))
    before = snapshot()
    response = client.post(_fill(path, world), data=data)
    assert response.status_code == status
    assert snapshot() == before


def test_an_anonymous_visitor_is_sent_to_sign_in_first(client, world):
    response = client.post(f"/offers/{world.published.id}/status", data={"status": "x"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/api/v1/valuation", json={}).status_code == 401
