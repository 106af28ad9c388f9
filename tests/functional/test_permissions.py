"""Who may do what: a route-by-route matrix of the HTML pages and of the JSON API.

The actors are an anonymous visitor, a member, a member admin of ANOTHER organisation,
a member admin of the SAME organisation and the animation cell; every HTML route acts on
organisation A (or one of its people). A refusal is checked three ways: the status, the
database left as it was, and no private data (people's e-mail addresses) in the body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from flask import g, request_started

from pooling.accounts import services
from pooling.accounts.models import ApiToken, Role, User
from pooling.errors import Forbidden
from pooling.extensions import db
from pooling.members.models import Circle, Member
from tests.conftest import PASSWORD

ANONYMOUS, MEMBER, OTHER_ADMIN, SAME_ADMIN, CELL = (
    "anonymous", "member", "other-admin", "same-admin", "cell")
ACTORS = (ANONYMOUS, MEMBER, OTHER_ADMIN, SAME_ADMIN, CELL)
SIGNED_IN = frozenset(ACTORS) - {ANONYMOUS}
MANAGERS = frozenset({SAME_ADMIN, CELL})
CELL_ONLY = frozenset({CELL})

# Columns that record activity rather than data: reading the API or signing in sets them.
VOLATILE_COLUMNS = {"last_login_at", "last_used_at"}


# --- harness -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_g_per_request(app):
    """Give every request its own `g`, as in production.

    The `app` fixture keeps one application context for the whole test and Flask reuses
    it for each request, so `g` (Flask-Login's cached user, Flask-Babel's locale) would
    otherwise leak from one request, and one person, to the next.
    """

    def forget(_sender, **_extra):
        vars(g._get_current_object()).clear()

    request_started.connect(forget, app)
    yield
    request_started.disconnect(forget, app)


@pytest.fixture(autouse=True)
def english(client):
    """Messages in English, whether or not the French catalogue is compiled."""
    with client.session_transaction() as session:
        session["lang"] = "en"


@pytest.fixture
def sent_mail(monkeypatch) -> list:
    """The e-mails the application hands over for delivery."""
    sent = []
    monkeypatch.setattr("pooling.mail.deliver", sent.append)
    return sent


def snapshot() -> dict[str, list[tuple]]:
    """Every committed row of every table (but sign-in failures and activity timestamps)."""
    db.session.rollback()  # end the transaction the last request left open
    state = {}
    for table in db.metadata.sorted_tables:
        if table.name == "login_failures":
            continue
        columns = [c for c in table.columns if c.name not in VOLATILE_COLUMNS]
        rows = db.session.execute(sa.select(*columns).order_by(*table.primary_key.columns))
        state[table.name] = [tuple(row) for row in rows]
    return state


def fresh(model, object_id):
    db.session.expire_all()
    return db.session.get(model, object_id)


def people_emails() -> set[str]:
    return set(db.session.scalars(sa.select(User.email)))


def assert_no_email_leaks(body: str, allowed: set[str] = frozenset()) -> None:
    leaked = {email for email in people_emails() - set(allowed) if email in body}
    assert not leaked, f"private e-mail addresses in the answer: {leaked}"


def assert_sends_to_login(response, path: str) -> None:
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [path]


# --- the cast --------------------------------------------------------------------------


@dataclass
class Cast:
    """The pole, the actors by name and the people of organisation A that routes act on."""

    pole: type
    actors: dict[str, User | None]
    person: User  # an active member of organisation A, with a password
    inactive: User  # a deactivated member of organisation A
    invited: User  # an invited member of organisation A who has no password yet
    tokens: dict[str, ApiToken] = field(default_factory=dict)

    def ids(self, actor: str) -> dict[str, int]:
        return {
            "org": self.pole.org_a.id, "person": self.person.id,
            "inactive": self.inactive.id, "invited": self.invited.id,
            "token": self.tokens[actor].id,
        }


@pytest.fixture
def cast(pole, make_user) -> Cast:
    person = make_user(pole.org_a, Role.MEMBER, email="paul.personne@example.org",
                       full_name="Paul Personne")
    inactive = make_user(pole.org_a, Role.MEMBER, email="ines.inactive@example.org",
                         full_name="Inès Inactive", active=False)
    invited = make_user(pole.org_a, Role.MEMBER, email="ivan.invite@example.org",
                        full_name="Ivan Invité", password_hash=None)
    actors = {ANONYMOUS: None, MEMBER: pole.a_member, OTHER_ADMIN: pole.b_admin,
              SAME_ADMIN: pole.a_admin, CELL: pole.cell}
    cast = Cast(pole, actors, person, inactive, invited)
    # Each actor's own API token; the anonymous visitor "owns" the person's.
    for name, user in actors.items():
        token, _plain = services.create_api_token((user or person).id, f"token of {name}")
        cast.tokens[name] = token
    return cast


# --- the HTML matrix -------------------------------------------------------------------


MEMBER_FORM = {"name": "Atelier Vélo Solidaire", "legal_form": "association",
               "circle": "partner", "joined_on": "2024-03-01", "staff_fte": "2.5"}


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # with {org}, {person}, {inactive}, {invited}, {token}
    allowed: frozenset[str]
    ok_status: int = 200
    data: dict | None = None
    effect: str = "none"  # what an allowed request does: "none", "db" or "mail"

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


HTML_ROUTES = [
    Route("GET", "/", SIGNED_IN),
    Route("GET", "/members/", SIGNED_IN),
    Route("GET", "/members/{org}", SIGNED_IN),
    Route("GET", "/members/new", CELL_ONLY),
    Route("POST", "/members/new", CELL_ONLY, 302, MEMBER_FORM, "db"),
    Route("GET", "/members/{org}/edit", CELL_ONLY),
    Route("POST", "/members/{org}/edit", CELL_ONLY, 302, MEMBER_FORM, "db"),
    Route("GET", "/members/domains", CELL_ONLY),
    Route("POST", "/members/domains", CELL_ONLY, 302, {"name": "Mobilité douce"}, "db"),
    Route("GET", "/members/{org}/people/new", MANAGERS),
    Route("POST", "/members/{org}/people/new", MANAGERS, 302,
          {"email": "nina.nouvelle@example.org", "full_name": "Nina Nouvelle",
           "role": "member", "password": "a-long-password-1"}, "db"),
    Route("GET", "/people/{person}/edit", MANAGERS),
    Route("POST", "/people/{person}/edit", MANAGERS, 302,
          {"full_name": "Paul Renommé", "role": "member"}, "db"),
    Route("POST", "/people/{person}/deactivate", MANAGERS, 302, {}, "db"),
    Route("POST", "/people/{inactive}/reactivate", MANAGERS, 302, {}, "db"),
    Route("POST", "/people/{invited}/invite", MANAGERS, 302, {}, "mail"),
    Route("GET", "/profile/", SIGNED_IN),
    Route("POST", "/profile/", SIGNED_IN, 302,
          {"full_name": "Nouveau Nom", "job_title": "", "phone": "", "locale": "en"}, "db"),
    Route("POST", "/profile/password", SIGNED_IN, 302,
          {"current_password": PASSWORD, "password": "another-long-secret",
           "confirm": "another-long-secret"}, "db"),
    Route("POST", "/profile/tokens", SIGNED_IN, 201, {"name": "spreadsheet"}, "db"),
    Route("POST", "/profile/tokens/{token}/revoke", SIGNED_IN, 302, {}, "db"),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", HTML_ROUTES, ids=str)
def test_html_route_permissions(client, login_as, cast, sent_mail, route, actor):
    user = cast.actors[actor]
    if user is not None:
        login_as(user)
    path = route.path.format(**cast.ids(actor))
    before = snapshot()

    response = client.open(path, method=route.method, data=route.data)
    body = response.get_data(as_text=True)
    after = snapshot()

    if actor not in route.allowed:
        if user is None:
            assert_sends_to_login(response, path)
        else:
            assert response.status_code == 403, body
            assert "You are not allowed" in body or "Only the animation cell" in body
        assert after == before
        assert sent_mail == []
        assert_no_email_leaks(body)
        return

    assert response.status_code == route.ok_status, body
    if route.effect == "db":
        assert after != before
    else:
        assert after == before
    assert len(sent_mail) == (1 if route.effect == "mail" else 0)


def test_the_matrix_covers_every_html_route(app):
    """A new page must be added to the matrix above (or to the public pages below)."""
    public = {"/login", "/logout", "/language", "/healthz", "/password/forgot",
              "/password/reset/<token>", "/static/<path:filename>"}
    matrix = {r.path.replace("{org}", "<int:member_id>").replace("{token}", "<int:token_id>")
              .replace("{person}", "<int:user_id>").replace("{inactive}", "<int:user_id>")
              .replace("{invited}", "<int:user_id>") for r in HTML_ROUTES}
    rules = {r.rule for r in app.url_map.iter_rules() if not r.rule.startswith("/api/")}
    assert rules - public == matrix


# --- refusals of particular actions ----------------------------------------------------


@pytest.mark.parametrize("actor", sorted(SIGNED_IN))
def test_revoking_someone_elses_token_is_not_found_and_leaves_it_working(
        client, login_as, cast, actor):
    # The person's token: even their admin and the cell may not revoke it.
    token, plain = services.create_api_token(cast.person.id, "the person's script")
    login_as(cast.actors[actor])
    before = snapshot()

    response = client.post(f"/profile/tokens/{token.id}/revoke")

    assert response.status_code == 404
    assert "This token does not exist" in response.get_data(as_text=True)
    assert snapshot() == before
    assert fresh(ApiToken, token.id).revoked_at is None
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plain}"})
    assert me.status_code == 200 and me.json["id"] == cast.person.id


@pytest.mark.parametrize("actor, path", [
    (CELL, "/members/999999"),
    (CELL, "/members/999999/edit"),
    (CELL, "/members/999999/people/new"),
    (CELL, "/people/999999/edit"),
    (MEMBER, "/members/999999"),
    (MEMBER, "/profile/tokens/999999/revoke"),
])
def test_missing_objects_are_not_found(client, login_as, cast, actor, path):
    login_as(cast.actors[actor])
    method = "POST" if path.endswith("revoke") else "GET"
    response = client.open(path, method=method)
    assert response.status_code == 404
    assert "does not exist" in response.get_data(as_text=True)


@pytest.mark.parametrize("action", ["deactivate", "reactivate", "invite"])
def test_actions_on_a_missing_person_are_not_found(client, login_as, cast, sent_mail, action):
    login_as(cast.pole.cell)
    before = snapshot()
    response = client.post(f"/people/999999/{action}")
    assert response.status_code == 404
    assert "This person does not exist" in response.get_data(as_text=True)
    assert snapshot() == before
    assert sent_mail == []


@pytest.mark.parametrize("via", ["create", "edit"])
@pytest.mark.parametrize("admin_of", ["organisation", "cell's organisation"])
def test_an_admin_cannot_give_the_cell_role(client, login_as, pole, make_user, via, admin_of):
    org = pole.org_a if admin_of == "organisation" else pole.cell_org
    admin = make_user(org, Role.MEMBER_ADMIN, email="another.admin@example.org")
    someone = make_user(org, Role.MEMBER, email="someone@example.org")
    login_as(admin)
    before = snapshot()

    if via == "create":
        response = client.post(f"/members/{org.id}/people/new", data={
            "email": "would.be.cell@example.org", "full_name": "Would Be",
            "role": "cell", "password": "a-long-password-1"})
    else:
        response = client.post(f"/people/{someone.id}/edit", data={
            "full_name": someone.full_name, "role": "cell"})

    # The role is not even offered to them: the form refuses the choice.
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert snapshot() == before
    assert fresh(User, someone.id).role == Role.MEMBER


def test_the_form_offers_the_cell_role_to_the_cell_only(client, login_as, pole):
    login_as(pole.a_admin)
    assert 'value="cell"' not in client.get(
        f"/members/{pole.org_a.id}/people/new").get_data(as_text=True)
    client.post("/logout")
    login_as(pole.cell)
    assert 'value="cell"' in client.get(
        f"/members/{pole.cell_org.id}/people/new").get_data(as_text=True)


def test_the_services_refuse_the_cell_role_to_an_admin_too(app, pole):
    """The rule holds below the forms, for any future caller of the services."""
    cell_org_admin = services.create_person(
        pole.cell, pole.cell_org.id,
        services.PersonData("cell.admin@example.org", "Cell Admin", Role.MEMBER_ADMIN),
        password="a-long-password-1")
    before = snapshot()
    with pytest.raises(Forbidden):
        services.create_person(
            cell_org_admin, pole.cell_org.id,
            services.PersonData("new.cell@example.org", "New Cell", Role.CELL),
            password="a-long-password-1")
    with pytest.raises(Forbidden):
        services.update_person(pole.a_admin, pole.a_member.id, services.PersonData(
            pole.a_member.email, pole.a_member.full_name, Role.CELL))
    assert snapshot() == before


@pytest.mark.parametrize("actor", [SAME_ADMIN, CELL])
def test_nobody_can_deactivate_themselves(client, login_as, cast, actor):
    user = cast.actors[actor]
    login_as(user)
    before = snapshot()
    response = client.post(f"/people/{user.id}/deactivate")
    assert response.status_code == 409
    assert "You cannot deactivate yourself" in response.get_data(as_text=True)
    assert snapshot() == before
    assert client.get("/").status_code == 200


def test_an_admin_cannot_change_their_own_role(client, login_as, pole):
    login_as(pole.a_admin)
    before = snapshot()
    response = client.post(f"/people/{pole.a_admin.id}/edit", data={
        "full_name": pole.a_admin.full_name, "role": "member"})
    assert response.status_code == 409
    assert "You cannot change your own role" in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize("action, data", [
    ("edit", {"full_name": "Claire Renamed", "role": "cell"}),
    ("edit", {"full_name": "Claire Demoted", "role": "member"}),
    ("deactivate", {}),
])
def test_an_admin_of_the_cells_organisation_cannot_touch_a_cell_person(
        client, login_as, pole, make_user, action, data):
    admin = make_user(pole.cell_org, Role.MEMBER_ADMIN, email="cell.org.admin@example.org")
    login_as(admin)
    before = snapshot()
    response = client.post(f"/people/{pole.cell.id}/{action}", data=data)
    assert response.status_code in (403, 422)
    assert snapshot() == before
    cell = fresh(User, pole.cell.id)
    assert (cell.role, cell.active, cell.full_name) == (Role.CELL, True, "Claire Cell")


def test_an_admin_of_the_cells_organisation_sees_no_buttons_for_a_cell_person(
        client, login_as, pole, make_user):
    admin = make_user(pole.cell_org, Role.MEMBER_ADMIN, email="cell.org.admin@example.org")
    login_as(admin)
    body = client.get(f"/members/{pole.cell_org.id}").get_data(as_text=True)
    assert f"/people/{pole.cell.id}/edit" not in body
    assert f"/people/{pole.cell.id}/deactivate" not in body


# --- deactivation and tokens -----------------------------------------------------------


def test_a_deactivated_person_loses_sign_in_session_and_api_token(app, pole, login_as, bearer):
    person_browser = app.test_client()
    person_browser.post("/login", data={"email": pole.a_member.email, "password": PASSWORD})
    assert person_browser.get("/").status_code == 200
    headers = bearer(pole.a_member)
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 200

    login_as(pole.a_admin)
    admin_browser_response = app.test_client()  # noqa: F841 (a third, unrelated browser)
    from flask import current_app  # noqa: F401

    response = _deactivate(login_as, pole.a_admin, pole.a_member)
    assert response.status_code == 302
    assert fresh(User, pole.a_member.id).active is False

    # The open session is over...
    assert_sends_to_login(person_browser.get("/"), "/")
    # ...signing in again is refused...
    again = app.test_client().post("/login", data={"email": pole.a_member.email,
                                                   "password": PASSWORD})
    assert again.status_code == 401
    # ...and the API token no longer works.
    api = app.test_client().get("/api/v1/me", headers=headers)
    assert api.status_code == 401
    assert api.json["error"]["code"] == "unauthorized"


def _deactivate(login_as, admin, person):
    raise NotImplementedError
