"""A member finds an offer in the catalogue and reads its week calendar, in a real browser."""

from datetime import time

import pytest
import sqlalchemy as sa

from pooling.catalogue import services
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import Category, OfferKind, OfferStatus
from pooling.extensions import db
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def room(pole):
    category = db.session.scalars(sa.select(Category).where(
        Category.name == "Salle de réunion")).one()
    offer = services.create_offer(pole.a_member, pole.org_a.id, services.OfferData(
        kind=OfferKind.PREMISES, title="Salle de Réunion « Vercors »", capacity=14,
        category_id=category.id, description="Lumineuse, avec écran.",
        opening_hours=[WeeklySlot(d, time(9), time(17)) for d in range(5)]))
    return services.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)


def test_find_an_offer_and_browse_its_weeks(live_server, page, pole, room):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server, pole.b_member)

    page.get_by_role("link", name="Catalogue").first.click()
    # Typed without accents nor capitals.
    page.get_by_role("searchbox", name="Rechercher").fill("reunion vercors")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Salle de Réunion « Vercors »").click()
    assert page.get_by_role("heading", name="Salle de Réunion « Vercors »").is_visible()

    # The calendar library draws the week, with the closed hours greyed out.
    calendar = page.locator("#offer-calendar")
    calendar.locator(".fc-timegrid").wait_for()
    assert calendar.locator(".fc-col-header-cell").count() == 7
    calendar.locator(".closed").first.wait_for()  # the events come from the JSON feed
    title = calendar.locator(".fc-toolbar-title").inner_text()
    page.get_by_role("button", name="Suivant").click()
    page.wait_for_function(
        "t => document.querySelector('#offer-calendar .fc-toolbar-title').innerText != t",
        arg=title)
    assert problems == []  # no script or Content-Security-Policy error
