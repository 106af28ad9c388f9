"""Sign-in limits: guessing is slowed down per address and per network, but an attacker
cannot lock out people who sign in from a browser they used before (device cookies)."""

import logging

import pytest

from pooling import create_app
from pooling.extensions import db
from tests.conftest import PASSWORD, base_config

OFFICE = "192.0.2.10"  # one address for a whole office, or a proxy's
DEVICE = "pooling_device"


def _client(app, address=OFFICE):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _login(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


def _trusted_browser(app, user, address=OFFICE):
    """A browser where the person signed in once, then signed out: it keeps its device
    cookie."""
    client = _client(app, address)
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 302
    cookie = client.get_cookie(DEVICE, path="/login")
    assert cookie is not None and cookie.http_only and cookie.path == "/login"
    client.post("/logout")
    return client


def _attack_the_network(app, pole):
    attacker = _client(app)
    for n in range(app.config["LOGIN_MAX_FAILURES_PER_IP"]):
        assert _login(attacker, f"guess{n % 7}@example.org", "guess-guess").status_code == 401
    return attacker


def test_an_attack_from_the_office_does_not_lock_out_a_trusted_browser(app, pole):
    trusted = _trusted_browser(app, pole.a_member)
    _attack_the_network(app, pole)
    # A newcomer at the office is slowed down like the attacker...
    assert _login(_client(app), pole.b_member.email, PASSWORD).status_code == 429
    # ...but the person on their own browser signs in with the right password.
    assert _login(trusted, pole.a_member.email, PASSWORD).status_code == 302


def test_a_locked_address_still_opens_from_a_trusted_browser(app, pole):
    trusted = _trusted_browser(app, pole.a_member)
    attacker = _client(app, "198.51.100.7")
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_EMAIL"]):
        _login(attacker, pole.a_member.email, "guess-guess")
    assert _login(attacker, pole.a_member.email, PASSWORD).status_code == 429
    assert _login(_client(app), pole.a_member.email, PASSWORD).status_code == 429
    assert _login(trusted, pole.a_member.email, PASSWORD).status_code == 302


def test_a_device_cookie_is_the_person_s_own(app, pole):
    trusted = _trusted_browser(app, pole.a_member)
    _attack_the_network(app, pole)
    # Someone else's address from that browser: an untrusted attempt.
    assert _login(trusted, pole.b_member.email, PASSWORD).status_code == 429
    forged = _client(app)
    forged.set_cookie(DEVICE, "eyJ1c2VyIjoxfQ.forged.signature", path="/login")
    assert _login(forged, pole.a_member.email, PASSWORD).status_code == 429


def test_a_stolen_device_cookie_used_for_guessing_is_locked(app, pole):
    owner = _trusted_browser(app, pole.a_member)
    victim = _trusted_browser(app, pole.a_member, "203.0.113.5")
    stolen = victim.get_cookie(DEVICE, path="/login").value
    thief = _client(app, "198.51.100.7")
    thief.set_cookie(DEVICE, stolen, path="/login")
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_DEVICE"]):
        assert _login(thief, pole.a_member.email, "guess-guess").status_code == 401
    # Its failures counted against the cookie, not the address: others still sign in.
    assert _login(_client(app, "203.0.113.9"), pole.a_member.email, PASSWORD).status_code \
        == 302
    # The cookie is trusted no more: its next guesses count against the address, and once
    # the address is locked, even the right password with it is refused.
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_EMAIL"]):
        assert _login(thief, pole.a_member.email, "guess-guess").status_code == 401
    assert _login(thief, pole.a_member.email, PASSWORD).status_code == 429
    # The owner's other browser, whose cookie was never abused, still gets in.
    assert _login(owner, pole.a_member.email, PASSWORD).status_code == 302


def test_the_log_warns_once_when_a_proxy_is_not_trusted(app, pole, caplog):
    app.extensions.pop("pooling.forwarded_for_warned", None)
    client = app.test_client()
    with caplog.at_level(logging.WARNING):
        client.get("/login", headers={"X-Forwarded-For": "203.0.113.1"})
        client.get("/login", headers={"X-Forwarded-For": "203.0.113.2"})
        client.get("/login")
    warnings = [r for r in caplog.records if "X-Forwarded-For" in r.getMessage()]
    assert len(warnings) == 1 and "BEHIND_PROXY" in warnings[0].getMessage()


@pytest.mark.usefixtures("pole")
def test_no_warning_behind_a_trusted_proxy(app, caplog):
    proxied = create_app(base_config(BEHIND_PROXY=True))
    with caplog.at_level(logging.WARNING), proxied.app_context():
        proxied.test_client().get("/login", headers={"X-Forwarded-For": "203.0.113.1"})
        db.session.remove()
        db.engine.dispose()  # this app's own pool: close its connections now
    assert not [r for r in caplog.records if "X-Forwarded-For" in r.getMessage()]
