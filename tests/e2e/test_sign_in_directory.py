"""A person signs in, opens the directory, filters it, and signs out, in a real browser."""

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_sign_in_open_the_directory_and_sign_out(live_server, page, pole):
    page.goto(f"{live_server}/members/")
    assert "/login" in page.url  # the directory needs a signed-in person
    page.get_by_label("Adresse e-mail").fill(pole.a_member.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server}/members/")
    assert page.get_by_role("heading", name="Annuaire des membres").is_visible()
    assert page.get_by_role("link", name="Théâtre du Réel").is_visible()

    page.get_by_label("Forme juridique").select_option("scic")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**legal_form=scic**")
    assert page.get_by_role("link", name="Théâtre du Réel").is_visible()
    assert page.get_by_role("link", name="Ressourcerie La Remise").count() == 0

    page.get_by_role("link", name="Théâtre du Réel").click()
    assert page.get_by_role("heading", name="Théâtre du Réel").is_visible()

    page.get_by_role("button", name="Arnaud Membre").click()  # the person's menu
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{live_server}/login")
    page.goto(f"{live_server}/members/")
    assert "/login" in page.url


def test_the_menu_works_on_a_phone(live_server, browser, pole):
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, live_server, pole.a_member)
    directory_link = page.get_by_role("link", name="Annuaire")
    assert not directory_link.is_visible()  # folded behind the menu button
    page.get_by_role("button", name="Ouvrir le menu").click()
    # Bootstrap slides the menu open: click once it has settled, not while it moves.
    page.locator("#nav-main.collapse.show").wait_for(state="visible")
    directory_link.click()
    page.wait_for_url(f"{live_server}/members/")
    context.close()


def test_keyboard_users_can_skip_to_the_content(live_server, page):
    page.goto(f"{live_server}/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("el => el === document.activeElement")
