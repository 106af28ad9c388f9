"""Member admins and the cell manage people; a person manages their profile and tokens."""

import sqlalchemy as sa

from pooling.accounts.models import ApiToken, Role, User
from pooling.extensions import db


def _user(user_id) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def test_admin_adds_a_person_with_a_password(client, pole, login_as):
    login_as(pole.a_admin)
    response = client.post(f"/members/{pole.org_a.id}/people/new", data={
        "email": "Zoe.Roux@Example.org", "full_name": "Zoé Roux", "role": "member-admin",
        "password": "a-good-long-password"})
    assert response.status_code == 302
    person = db.session.scalars(sa.select(User).where(
        User.email == "zoe.roux@example.org")).one()
    assert person.member_id == pole.org_a.id and person.role == Role.MEMBER_ADMIN
    client.post("/logout")
    assert client.post("/login", data={"email": "zoe.roux@example.org",
                                       "password": "a-good-long-password"}).status_code == 302


def test_admin_edits_a_person_and_changes_their_role(client, pole, login_as):
    login_as(pole.a_admin)
    response = client.post(f"/people/{pole.a_member.id}/edit", data={
        "full_name": "Arnaud Membre-Dupont", "job_title": "Comptable", "role": "member-admin"})
    assert response.status_code == 302
    person = _user(pole.a_member.id)
    assert (person.full_name, person.job_title, person.role) == (
        "Arnaud Membre-Dupont", "Comptable", Role.MEMBER_ADMIN)


def test_deactivation_keeps_the_person_and_ends_their_sessions(app, pole, login_as, client):
    their_browser = app.test_client()
    their_browser.post("/login", data={"email": pole.a_member.email,
                                       "password": "correct-horse-42"})
    assert their_browser.get("/").status_code == 200
    login_as(pole.a_admin)
    assert client.post(f"/people/{pole.a_member.id}/deactivate").status_code == 302
    person = _user(pole.a_member.id)
    assert person.active is False and person.deactivated_at is not None
    assert their_browser.get("/").status_code == 302
    page = client.get(f"/members/{pole.org_a.id}").get_data(as_text=True)
    assert "Arnaud Membre" in page and "Désactivé" in page  # history stays visible to admins
    assert client.post(f"/people/{pole.a_member.id}/reactivate").status_code == 302
    assert _user(pole.a_member.id).active is True


def test_deactivated_people_are_hidden_from_other_organisations(client, pole, login_as):
    pole.a_member.active = False
    db.session.commit()
    login_as(pole.b_member)
    page = client.get(f"/members/{pole.org_a.id}").get_data(as_text=True)
    assert "Arnaud Membre" not in page


def test_profile_saves_details_and_language(client, pole, login_as):
    login_as(pole.a_member)
    response = client.post("/profile/", data={"full_name": "Arnaud M.", "job_title": "Trésorier",
                                               "phone": "04 76 00 00 00", "locale": "en"})
    assert response.status_code == 302
    person = _user(pole.a_member.id)
    assert (person.full_name, person.locale) == ("Arnaud M.", "en")
    assert "My profile" in client.get("/profile/").get_data(as_text=True)


def test_tokens_are_shown_once_and_can_be_revoked(client, pole, login_as):
    login_as(pole.a_member)
    response = client.post("/profile/tokens", data={"name": "tableur"})
    assert response.status_code == 201
    body = response.get_data(as_text=True)
    import re

    plain = re.search(r'value="(pool_[^"]+)"', body).group(1)
    token = db.session.scalars(sa.select(ApiToken)).one()
    assert token.digest != plain and plain not in token.digest
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}).status_code \
        == 200
    assert plain not in client.get("/profile/").get_data(as_text=True)
    assert client.post(f"/profile/tokens/{token.id}/revoke").status_code == 302
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"}).status_code \
        == 401
