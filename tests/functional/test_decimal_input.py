"""Every decimal field reads « 2,5 » and « 2.5 » alike whatever the browser's language; the
declaration shows its value before it is sent and says what was recorded."""

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
import sqlalchemy as sa

from pooling.catalogue import services as catalogue
from pooling.catalogue.models import Offer, OfferKind, Unit, ValuationRate
from pooling.extensions import db
from pooling.ledger.models import Exchange
from pooling.members.models import Member
from tests.conftest import snapshot


@pytest.fixture
def rates(pole):
    catalogue.set_rate(pole.cell, OfferKind.SKILL, None, Unit.HOUR, Decimal("30"),
                       date(2024, 1, 1))


def _declaration(pole, quantity: str) -> dict:
    return {"direction": "given", "counterpart_id": str(pole.org_b.id), "kind": "skill",
            "offer_id": "", "quantity": quantity, "unit": "hour",
            "occurred_on": (date.today() - timedelta(days=1)).isoformat(),
            "description": "Animation d'un atelier", "cooperation": "strategic"}


def _input(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


@pytest.mark.parametrize("typed", ["2,5", "2.5"])
def test_two_and_a_half_hours_are_recorded_as_typed(client, login_as, pole, rates, english,
                                                    typed):
    login_as(pole.a_member)
    response = client.post("/exchanges/new", data=_declaration(pole, typed),
                           follow_redirects=True)
    exchange = db.session.scalars(sa.select(Exchange)).one()
    assert (exchange.quantity, exchange.value) == (Decimal("2.50"), Decimal("75.00"))
    assert "Recorded: 2.5 hours, worth 75.00 crédits." in unescape(
        response.get_data(as_text=True))


@pytest.mark.parametrize("typed", ["1.234,5", "2,5,1"])
def test_a_quantity_read_two_ways_is_refused(client, login_as, pole, rates, english, typed):
    login_as(pole.a_member)
    before = snapshot()
    response = client.post("/exchanges/new", data=_declaration(pole, typed))
    assert response.status_code == 422
    assert "can be read in more than one way" in unescape(response.get_data(as_text=True))
    assert snapshot() == before


def test_the_declaration_form_gives_its_script_the_rates(client, login_as, pole, rates,
                                                         english):
    own = catalogue.create_offer(pole.b_member, pole.org_b.id, catalogue.OfferData(
        kind=OfferKind.SKILL, title="Régie son", unit=Unit.HALF_DAY,
        value_per_unit=Decimal("70"),
        category_id=catalogue.list_categories(OfferKind.SKILL)[0].id))
    catalogue.change_status(pole.b_member, own.id, "published")
    login_as(pole.a_member)
    page = client.get("/exchanges/new").get_data(as_text=True)
    quantity = _input(page, "quantity")
    assert 'type="text"' in quantity and 'inputmode="decimal"' in quantity
    assert 'src="/static/js/exchange-preview.js"' in page
    data = json.loads(unescape(re.search(r"data-rates='([^']*)'", page).group(1)))
    assert data["kinds"]["skill"] == ["30.00", "hour"]
    assert data["offers"][str(own.id)] == ["70.00", "half-day"]
    assert data["hours"] == {"hour": "1", "half-day": "3.5", "day": "7"}
    assert data["units"]["hour"] == ["hour", "hours"]


def test_the_offer_form_reads_surface_and_value_with_a_comma(client, login_as, pole):
    login_as(pole.a_member)
    page = client.get("/offers/new/premises").get_data(as_text=True)
    for name in ("surface_m2", "value_per_unit"):
        assert 'type="text"' in _input(page, name) and 'inputmode="decimal"' in _input(
            page, name)
    category = catalogue.list_categories(OfferKind.PREMISES)[0]
    response = client.post("/offers/new/premises", data={
        "title": "Salle Vercors", "category_id": str(category.id), "booking_policy": "automatic",
        "unit": "hour", "min_duration_minutes": "60", "capacity": "10",
        "surface_m2": "42,5", "value_per_unit": "12.5"})
    assert response.status_code == 302
    offer = db.session.scalars(sa.select(Offer)).one()
    assert (offer.surface_m2, offer.value_per_unit) == (Decimal("42.5"), Decimal("12.50"))


def test_the_valuation_grid_and_the_staff_read_a_comma(client, login_as, pole):
    login_as(pole.cell)
    assert 'inputmode="decimal"' in _input(client.get("/offers/valuation").get_data(
        as_text=True), "value")
    response = client.post("/offers/valuation", data={
        "kind": "skill", "category_id": "0", "unit": "hour", "value": "27,5",
        "valid_from": "2026-01-01"})
    assert response.status_code == 302
    assert db.session.scalars(sa.select(ValuationRate.value)).one() == Decimal("27.50")
    page = client.get(f"/members/{pole.org_a.id}/edit").get_data(as_text=True)
    assert 'inputmode="decimal"' in _input(page, "staff_fte")


def test_french_pages_show_decimals_with_a_comma(client, login_as, pole):
    db.session.get(Member, pole.org_a.id).staff_fte = Decimal("2.5")
    db.session.commit()
    login_as(pole.cell)
    page = client.get(f"/members/{pole.org_a.id}/edit").get_data(as_text=True)
    assert 'value="2,5"' in _input(page, "staff_fte")
