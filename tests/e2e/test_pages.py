"""Every main page, as each role, at a laptop's and a phone's width, in a French and an
American browser: nothing wider than the screen, no serious or critical axe-core violation,
the whole menu from 992 px, and time fields that read whole."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from pooling.accounts.models import User
from pooling.accounts.services import hash_password
from pooling.bookings.models import Booking
from pooling.catalogue.models import Offer, OfferStatus
from pooling.demo.loader import DEMO_PASSWORD, demo_logins
from pooling.extensions import db
from pooling.ledger.models import Exchange
from pooling.needs.models import Need, NeedStatus
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE, LAPTOP = 390, 1366

# The pages every signed-in person uses; {own}, {offer}… are filled from the demo pole.
PAGES = ["/", "/offers/", "/offers/?q=locaux&day={day}&start=10:00&end=12:00", "/offers/mine",
         "/offers/new/premises", "/offers/{offer}", "/offers/valuation", "/bookings/",
         "/bookings/?side=received", "/bookings/requests", "/bookings/calendar",
         "/bookings/{booking}", "/bookings/new?offer={offer}", "/calendars/", "/exchanges/",
         "/exchanges/?tab=to-confirm", "/exchanges/new", "/exchanges/{exchange}",
         "/ledger/statement", "/members/", "/members/{own}", "/profile/", "/needs/",
         "/needs/?q=salle&kind=premises", "/needs/new", "/needs/{need}",
         "/needs/alerts/",
         "/offers/?q=professeur+de+FLE&kind=skill"]
OWN_OFFER = ["/offers/{own_offer}/edit"]
OWN_NEED = ["/needs/{own_need}/edit", "/needs/{own_need}/close"]
ADMIN = ["/members/{own}/people/new"]
CELL = ["/members/domains", "/offers/categories", "/offers/import", "/members/new",
        "/members/{other}/edit", "/pole/settings", "/pole/quotas", "/ledger/",
        "/ledger/closes", "/ledger/balances", "/ledger/members/{other}", "/review/",
        "/review/network",
        "/review/bookings?what=booked", "/review/audit",
        "/members/{other}/people/{other_person}/erase"]
# An organisation's own review and yearly summary; the pole's annual report for the cell.
PAGES += ["/review/member", "/review/member/report"]
CELL += ["/review/report", "/review/member?member={other}"]

# Each role at both widths, each width in both browser locales: every page is seen at a
# laptop's and a phone's width, in French and in American English, in one run of each.
VIEWS = {
    "member": [("fr-FR", LAPTOP), ("en-US", PHONE)],
    "member-admin": [("en-US", LAPTOP), ("fr-FR", PHONE)],
    "cell": [("fr-FR", LAPTOP), ("en-US", PHONE)],
}


@pytest.fixture
def demo(runner):
    """The demo pole, as `make run` loads it: every list has something in it."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    return dict(demo_logins())


def _pages(user) -> list[str]:
    """The main pages of this person, with the ids of things of the demo pole they may see."""
    mine = user.member_id
    own_offer = db.session.scalar(sa.select(Offer.id).where(Offer.member_id == mine).limit(1))
    own_need = db.session.scalar(sa.select(Need.id).where(
        Need.member_id == mine, Need.status == NeedStatus.OPEN).limit(1))
    ids = {
        "own": mine, "own_offer": own_offer, "own_need": own_need, "day": "2030-06-04",
        "need": db.session.scalar(sa.select(Need.id).where(
            Need.member_id != mine, Need.status == NeedStatus.OPEN).limit(1)),
        "offer": db.session.scalar(sa.select(Offer.id).where(
            Offer.member_id != mine, Offer.status == OfferStatus.PUBLISHED).limit(1)),
        "booking": db.session.scalar(sa.select(Booking.id).join(Offer).where(sa.or_(
            Booking.member_id == mine, Offer.member_id == mine)).limit(1)),
        "exchange": db.session.scalar(sa.select(Exchange.id).where(sa.or_(
            Exchange.provider_id == mine, Exchange.beneficiary_id == mine)).limit(1)),
        "other": db.session.scalar(sa.select(Offer.member_id).where(
            Offer.member_id != mine).limit(1)),
    }
    ids["other_person"] = db.session.scalar(sa.select(User.id).where(
        User.member_id == ids["other"]).order_by(User.id).limit(1))
    pages = PAGES + (OWN_OFFER if own_offer else []) + (OWN_NEED if own_need else [])
    if user.role.value == "member-admin":
        pages += ADMIN
    if user.role.value == "cell":
        pages += ADMIN + CELL
    if ids["booking"] is None:
        pages = [p for p in pages if "{booking}" not in p]
    if ids["exchange"] is None:
        pages = [p for p in pages if "{exchange}" not in p]
    return [p.format(**ids) for p in pages]


def _sign_in(browser, live_server, user, locale: str, width: int):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, user, DEMO_PASSWORD)
    return context, page


def _serious_violations(page) -> list[str]:
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(AXE.read_text())  # through the debugger: the page's CSP does not apply
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ' ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
    return violations


def _unnamed_scrolling_regions(page) -> list[str]:
    """Tables scroll in their own box, which keyboards focus and screen readers name."""
    return page.evaluate("""[...document.querySelectorAll('.table-responsive')].filter(box =>
        box.tabIndex !== 0 || box.getAttribute('role') !== 'region' || !(
            box.getAttribute('aria-label') || document.getElementById(
                box.getAttribute('aria-labelledby'))?.innerText.trim()))
        .map(box => 'unnamed or unfocusable table: ' + box.outerHTML.slice(0, 80))""")


@pytest.mark.demo
@pytest.mark.parametrize("role", VIEWS)
def test_every_main_page_fits_the_screen_and_passes_axe(live_server, browser, demo, role):
    user = demo[role]
    pages = _pages(user)
    problems = []
    for locale, width in VIEWS[role]:
        context, page = _sign_in(browser, live_server, user, locale, width)
        for path in pages:
            response = page.goto(f"{live_server}{path}")
            where = f"{locale} {width}px {path}"
            if response.status != 200:
                problems.append(f"{where}: status {response.status}")
                continue
            if page.locator(".fc").count():  # the calendars draw their toolbar by script
                page.locator(".fc .fc-toolbar-title").first.wait_for()
            if page.locator("[data-network-src]").count():  # the review's network comes after
                page.locator("[data-network-src] svg.review-network").wait_for()
                if page.locator("[data-network-src] circle").count() == 0:
                    problems.append(f"{where}: the network has no member")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{where}: {scroll_width}px wide")
            problems += [f"{where}: {v}" for v in _serious_violations(page)]
            problems += [f"{where}: {r}" for r in _unnamed_scrolling_regions(page)]
        context.close()
    assert problems == []


@pytest.mark.demo
def test_the_whole_menu_shows_from_992_pixels(live_server, browser, demo):
    # The longest menus: the cell's, and a member admin's with both badges.
    for role, locale in (("cell", "fr-FR"), ("member-admin", "fr-FR"), ("cell", "en-US")):
        for width in (992, 1200, LAPTOP):
            context, page = _sign_in(browser, live_server, demo[role], locale, width)
            assert not page.get_by_role("button", name="Ouvrir le menu").is_visible()
            menu = page.locator("#nav-main")
            for name in ("Catalogue", "Annuaire"):
                assert menu.get_by_role("link", name=name).is_visible()
            assert menu.locator(".badge").first.is_visible()  # requests to decide
            # One line, inside the page: the last item ends within the menu's container.
            overflow = page.evaluate(
                "Math.max(...[...document.querySelectorAll('#nav-main .nav-item')]"
                ".map(e => e.getBoundingClientRect().right))"
                " - document.querySelector('nav.navbar > .container')"
                ".getBoundingClientRect().right")
            assert overflow <= 0, (role, width)
            tops = page.evaluate("[...new Set([...document.querySelectorAll('#nav-main .nav-item')]"
                                 ".map(e => Math.round(e.getBoundingClientRect().top)))]")
            assert len(tops) == 1, (role, width)
            context.close()
    context, page = _sign_in(browser, live_server, demo["cell"], "fr-FR", PHONE)
    assert page.get_by_role("button", name="Ouvrir le menu").is_visible()
    context.close()


def test_the_catalogue_time_fields_show_their_whole_value(live_server, browser, pole):
    pole.a_member.password_hash = hash_password(DEMO_PASSWORD)
    db.session.commit()
    for locale, width in (("fr-FR", LAPTOP), ("en-US", LAPTOP), ("fr-FR", PHONE)):
        context, page = _sign_in(browser, live_server, pole.a_member, locale, width)
        page.goto(f"{live_server}/offers/?day=2030-06-04&start=14:00&end_day=2030-06-05"
                  "&end=16:00")
        for field in ("day", "start", "end_day", "end"):
            # The width the browser needs for the value and its picker, and the one it has.
            has, needs = page.evaluate("""id => {
                const field = document.getElementById(id), copy = field.cloneNode();
                copy.removeAttribute('id');
                copy.style.width = 'max-content';
                copy.style.position = 'absolute';
                field.parentNode.appendChild(copy);
                const needs = copy.getBoundingClientRect().width;
                copy.remove();
                return [field.getBoundingClientRect().width, needs];
            }""", field)
            assert has >= needs, (locale, width, field, has, needs)
        context.close()
