"""Signing in and out, throttling, sessions, passwords, invitations and CSRF."""

import re

import pytest
import sqlalchemy as sa

from pooling.accounts.models import LoginFailure, User
from pooling.extensions import db
from tests.conftest import PASSWORD


def _login(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


def test_sign_in_leads_to_the_organisation_home_page(client, pole):
    response = _login(client, "MEMBER.A@example.org ", PASSWORD)
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "Ressourcerie La Remise" in home.get_data(as_text=True)


def test_sign_in_follows_a_local_next_but_never_another_site(client, pole):
    response = client.post("/login?next=/members/", data={"email": pole.a_member.email,
                                                          "password": PASSWORD})
    assert response.headers["Location"] == "/members/"
    client.post("/logout")
    response = client.post("/login?next=//evil.example/x", data={"email": pole.a_member.email,
                                                                "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_wrong_password_and_unknown_email_get_the_same_answer(client, pole):
    wrong = _login(client, pole.a_member.email, "not-the-password")
    unknown = _login(client, "nobody@example.org", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    message = "Adresse e-mail ou mot de passe incorrect"
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_repeated_failures_lock_the_address_for_a_while(client, pole, app):
    limit = app.config["LOGIN_MAX_FAILURES_PER_EMAIL"]
    for _ in range(limit):
        assert _login(client, pole.a_member.email, "guess-guess").status_code == 401
    # Even the right password is refused until the window has passed.
    locked = _login(client, pole.a_member.email, PASSWORD)
    assert locked.status_code == 429
    assert "Trop de tentatives" in locked.get_data(as_text=True)
    # Another person is not affected.
    assert _login(client, pole.b_member.email, PASSWORD).status_code == 302


def test_lock_expires_after_the_window(client, pole, app):
    from datetime import timedelta

    from pooling.db import utcnow

    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_EMAIL"]):
        _login(client, pole.a_member.email, "guess-guess")
    db.session.execute(sa.update(LoginFailure).values(at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    assert _login(client, pole.a_member.email, PASSWORD).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(LoginFailure.id))) == 0


def test_the_session_is_regenerated_at_sign_in(client, pole):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    _login(client, pole.a_member.email, PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_session_cookie_is_httponly_and_samesite(client, pole):
    response = _login(client, pole.a_member.email, PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_over_https(client, pole):
    response = client.post("/login", data={"email": pole.a_member.email, "password": PASSWORD},
                           base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]


def test_sign_out_ends_the_session(client, pole, login_as):
    login_as(pole.a_member)
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_sign_out_is_not_possible_with_get(client, pole, login_as):
    login_as(pole.a_member)
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


def test_deactivated_person_cannot_sign_in(client, pole):
    pole.a_member.active = False
    db.session.commit()
    assert _login(client, pole.a_member.email, PASSWORD).status_code == 401


def test_changing_the_password_signs_out_other_sessions(app, pole, login_as):
    other_browser = app.test_client()
    other_browser.post("/login", data={"email": pole.a_member.email, "password": PASSWORD})
    assert other_browser.get("/").status_code == 200
    client = app.test_client()
    client.post("/login", data={"email": pole.a_member.email, "password": PASSWORD})
    response = client.post("/profile/password", data={
        "current_password": PASSWORD, "password": "a-brand-new-secret", "confirm":
        "a-brand-new-secret"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this browser stays signed in
    assert other_browser.get("/").status_code == 302
    assert _login(app.test_client(), pole.a_member.email, "a-brand-new-secret").status_code == 302


@pytest.mark.parametrize("current, new, confirm, message", [
    ("wrong-password", "a-brand-new-secret", "a-brand-new-secret", "mot de passe actuel"),
    (PASSWORD, "short", "short", "Entre 10 et 128"),
    (PASSWORD, "a-brand-new-secret", "something-else", "diffèrent"),
])
def test_password_change_refuses_bad_input_and_keeps_the_old_password(
        client, pole, login_as, current, new, confirm, message):
    login_as(pole.a_member)
    before = pole.a_member.password_hash
    response = client.post("/profile/password", data={
        "current_password": current, "password": new, "confirm": confirm})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, pole.a_member.id).password_hash == before


@pytest.fixture
def app_config(request):
    if "smtp_server" in request.fixturenames:
        return request.getfixturevalue("mail_app_config")
    return {}


def _link(body: str) -> str:
    return re.search(r"http://127.0.0.1:5000(/password/reset/\S+)", body).group(1)


def test_forgotten_password_sends_a_single_use_link_over_smtp(client, pole, smtp_server):
    response = client.post("/password/forgot", data={"email": pole.a_member.email})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == pole.a_member.email
    link = _link(smtp_server.body())
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": "my-new-password-1",
                                       "confirm": "my-new-password-1"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    # The link works once.
    assert client.get(link).status_code == 400


def test_forgotten_password_for_an_unknown_address_says_the_same_and_sends_nothing(
        client, smtp_server, pole):
    response = client.post("/password/forgot", data={"email": "nobody@example.org"},
                           follow_redirects=True)
    assert "Si cette adresse" in response.get_data(as_text=True)
    assert smtp_server.messages == []


def test_a_tampered_reset_link_is_refused(client, pole):
    response = client.get("/password/reset/not-a-valid-token")
    assert response.status_code == 400
    assert "lien" in response.get_data(as_text=True)


def test_invitation_lets_the_new_person_choose_a_password(client, pole, login_as, smtp_server):
    login_as(pole.a_admin)
    response = client.post(f"/members/{pole.org_a.id}/people/new", data={
        "email": "new.person@example.org", "full_name": "Nouvelle Personne",
        "role": "member", "send_invitation": "y"})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    body = smtp_server.body()
    assert "Aline Admin" in body and "Ressourcerie La Remise" in body
    client.post("/logout")
    link = _link(body)
    response = client.post(link, data={"password": "welcome-to-the-pole",
                                       "confirm": "welcome-to-the-pole"})
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Nouvelle Personne" in home


def test_csrf_token_is_required_on_forms(app_config, pole):
    from pooling import create_app
    from tests.conftest import base_config

    app = create_app(base_config(WTF_CSRF_ENABLED=True))
    client = app.test_client()
    response = client.post("/login", data={"email": pole.a_member.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "formulaire" in response.get_data(as_text=True)
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": pole.a_member.email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        db.engine.dispose()


def test_pages_carry_security_headers(client):
    response = client.get("/login")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_cookie_copied_before_sign_out_no_longer_signs_in(app, client, pole, login_as):
    login_as(pole.a_member)
    with client.session_transaction() as session:
        copied = dict(session)
    client.post("/logout")
    thief = app.test_client()
    with thief.session_transaction() as session:
        session.update(copied)
    assert thief.get("/").status_code == 302


def test_password_reset_mails_are_not_sent_in_a_burst(client, pole, smtp_server):
    for _ in range(3):
        client.post("/password/forgot", data={"email": pole.a_member.email})
    assert len(smtp_server.messages) == 1


def test_reset_links_ignore_a_forged_host_header(client, pole, smtp_server):
    client.post("/password/forgot", data={"email": pole.a_member.email},
                headers={"Host": "attacker.example"})
    body = smtp_server.body()
    assert "attacker.example" not in body
    assert "http://127.0.0.1:5000/password/reset/" in body







def test_signed_in_pages_are_not_cached_and_https_gets_hsts(client, pole, login_as):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    login_as(pole.a_member)
    assert client.get("/profile/").headers["Cache-Control"] == "no-store"
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
