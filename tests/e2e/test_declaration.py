"""Declaring an exchange from an English browser: « 2,5 » hours stay 2.5 hours."""

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from pooling.catalogue import services as catalogue
from pooling.catalogue.models import OfferKind, Unit
from pooling.extensions import db
from pooling.ledger.models import Exchange
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_an_english_browser_declares_two_and_a_half_hours(live_server, browser, pole):
    catalogue.set_rate(pole.cell, OfferKind.SKILL, None, Unit.HOUR, Decimal("30"),
                       date(2024, 1, 1))
    # The browser's own language is English: a number input would have read « 2,5 » as 25.
    context = browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, pole.a_member)

    page.goto(f"{live_server}/exchanges/new")
    page.get_by_label("L'autre structure").select_option(label="Théâtre du Réel")
    quantity = page.get_by_label("Quantité")
    quantity.fill("")
    quantity.press_sequentially("2,5")
    preview = page.locator("#exchange-preview")
    preview.get_by_text("2,5 heures = 75,00 crédits").wait_for()
    page.get_by_label("Description").fill("Animation d'un atelier")
    page.get_by_role("button", name="Déclarer").click()
    page.wait_for_url("**/exchanges/*")
    page.get_by_text("Enregistré : 2,5 heures, d'une valeur de 75,00 crédits.").wait_for()

    db.session.rollback()  # end the test's snapshot: read what the server committed
    exchange = db.session.scalars(sa.select(Exchange)).one()
    assert (exchange.quantity, exchange.value) == (Decimal("2.50"), Decimal("75.00"))
    context.close()
