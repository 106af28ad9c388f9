"""The alerts' pages: each person chooses their own alerts; the link of a message stops
them without signing in, after a button (a GET changes nothing), and a link altered or
made up is refused."""

from __future__ import annotations

import re

import pytest

from pooling import create_app
from pooling.alerts import services as alerts
from pooling.alerts.models import AlertPreference, Frequency
from pooling.extensions import db
from tests.conftest import PASSWORD, base_config, snapshot

CHOICE = {"offers": "daily", "needs": "immediately"}


def test_anonymous_visitors_are_sent_to_sign_in(client, pole):
    for response in (client.get("/needs/alerts/"), client.post("/needs/alerts/", data=CHOICE)):
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.get(AlertPreference, pole.a_member.id) is None


def test_a_person_sees_the_defaults_and_saves_their_own_choice(client, login_as, pole, english):
    login_as(pole.a_member)
    page = client.get("/needs/alerts/").get_data(as_text=True)
    assert '<option selected value="weekly">' in page.split('name="offers"')[1].split(
        "</select>")[0]
    assert '<option selected value="never">' in page.split('name="needs"')[1].split(
        "</select>")[0]

    response = client.post("/needs/alerts/", data=CHOICE)
    assert response.status_code == 302
    assert alerts.preferences_of(pole.a_member.id) == alerts.Preferences(
        Frequency.DAILY, Frequency.IMMEDIATELY)


def test_one_cannot_change_anothers_alerts(client, login_as, pole):
    alerts.set_preferences(pole.b_member.id, alerts.Preferences(Frequency.WEEKLY,
                                                                Frequency.DAILY))
    for actor in (pole.a_member, pole.a_admin, pole.cell):
        client.post("/logout")
        login_as(actor)
        # An id slipped into the form names nobody: the page is always one's own.
        client.post("/needs/alerts/", data={**CHOICE, "user_id": pole.b_member.id,
                                            "user": pole.b_member.id})
        client.post(f"/needs/alerts/?user_id={pole.b_member.id}", data=CHOICE)
    assert alerts.preferences_of(pole.b_member.id) == alerts.Preferences(Frequency.WEEKLY,
                                                                         Frequency.DAILY)
    assert alerts.preferences_of(pole.a_member.id).offers == Frequency.DAILY


def test_an_unknown_frequency_is_refused_and_nothing_changes(client, login_as, pole, english):
    login_as(pole.a_member)
    before = snapshot()
    response = client.post("/needs/alerts/", data={"offers": "hourly", "needs": "never"})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert snapshot() == before


def test_the_form_needs_its_csrf_token(pole):
    app = create_app(base_config(WTF_CSRF_ENABLED=True))
    browser = app.test_client()
    login_page = browser.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    assert browser.post("/login", data={"email": pole.a_member.email, "password": PASSWORD,
                                        "csrf_token": token}).status_code == 302
    assert browser.post("/needs/alerts/", data=CHOICE).status_code == 400
    assert db.session.get(AlertPreference, pole.a_member.id) is None
    page = browser.get("/needs/alerts/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert browser.post("/needs/alerts/", data={**CHOICE, "csrf_token": token}
                        ).status_code == 302
    db.session.rollback()  # see what the other application committed
    assert alerts.preferences_of(pole.a_member.id).offers == Frequency.DAILY
    with app.app_context():
        db.engine.dispose()


def test_the_profile_and_the_needs_board_link_to_the_alerts(client, login_as, pole):
    login_as(pole.a_member)
    for path in ("/profile/", "/needs/"):
        assert 'href="/needs/alerts/"' in client.get(path).get_data(as_text=True)


def test_the_link_of_a_message_stops_the_alerts_without_signing_in(client, pole, english):
    alerts.set_preferences(pole.a_member.id, alerts.Preferences(Frequency.DAILY,
                                                                Frequency.WEEKLY))
    path = f"/needs/alerts/unsubscribe/{alerts.unsubscribe_token(pole.a_member.id)}"

    # Opening the link (as a mail scanner does) only asks.
    page = client.get(path)
    assert page.status_code == 200
    assert "member.a@example.org" in page.get_data(as_text=True)
    assert f'action="{path}"' in page.get_data(as_text=True)
    assert alerts.preferences_of(pole.a_member.id).offers == Frequency.DAILY

    done = client.post(path)
    assert done.status_code == 200
    assert "no more alerts" in done.get_data(as_text=True)
    assert alerts.preferences_of(pole.a_member.id) == alerts.OFF
    assert alerts.preferences_of(pole.b_member.id) == alerts.Preferences()


def test_a_mail_clients_one_click_post_works_with_csrf_on(pole):
    """RFC 8058: the mail client posts `List-Unsubscribe=One-Click`, with no CSRF token."""
    app = create_app(base_config(WTF_CSRF_ENABLED=True))
    token = alerts.unsubscribe_token(pole.a_member.id)
    response = app.test_client().post(f"/needs/alerts/unsubscribe/{token}",
                                      data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    db.session.rollback()  # see what the other application committed
    assert db.session.get(AlertPreference, pole.a_member.id).offers == Frequency.NEVER
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_altered_or_made_up_link_is_refused(client, pole, english, method):
    token = alerts.unsubscribe_token(pole.a_member.id)
    other = alerts.unsubscribe_token(pole.b_member.id)
    before = snapshot()
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
                other.split(".")[0] + "." + token.split(".")[1], "made-up", "e30.xxxx"):
        response = getattr(client, method)(f"/needs/alerts/unsubscribe/{bad}")
        assert response.status_code == 400, bad
        assert "not valid" in response.get_data(as_text=True)
    assert snapshot() == before
