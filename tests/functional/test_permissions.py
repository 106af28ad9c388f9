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

from pooling.accounts import services
from pooling.accounts.models import ApiToken, Role, User
from pooling.bookings.models import Quota, QuotaPeriod
from pooling.catalogue.models import OfferKind
from pooling.errors import Forbidden
from pooling.extensions import db
from pooling.search import thesaurus
from tests.conftest import PASSWORD, fresh, snapshot

ANONYMOUS, MEMBER, OTHER_ADMIN, SAME_ADMIN, CELL = (
    "anonymous", "member", "other-admin", "same-admin", "cell")
ACTORS = (ANONYMOUS, MEMBER, OTHER_ADMIN, SAME_ADMIN, CELL)
SIGNED_IN = frozenset(ACTORS) - {ANONYMOUS}
MANAGERS = frozenset({SAME_ADMIN, CELL})
CELL_ONLY = frozenset({CELL})



# --- harness -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _in_english(english):
    """Messages in English, whether or not the French catalogue is compiled."""





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
    quota: int  # a booking quota of the cell
    entry: int  # an entry the cell added to the search thesaurus
    tokens: dict[str, ApiToken] = field(default_factory=dict)

    def ids(self, actor: str) -> dict[str, int]:
        return {
            "org": self.pole.org_a.id, "person": self.person.id,
            "inactive": self.inactive.id, "invited": self.invited.id,
            "token": self.tokens[actor].id, "quota": self.quota,
            "entry": self.entry,
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
    quota = Quota(kind=OfferKind.TOOL, circle=None, period=QuotaPeriod.WEEK, max_hours=40)
    db.session.add(quota)
    db.session.commit()
    entry = thesaurus.add_entry(pole.cell, "ponceuse", "meuleuse")
    cast = Cast(pole, actors, person, inactive, invited, quota.id, entry.id)
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
    # Members' data: the organisation's export, the erasure of a person.
    Route("GET", "/members/{org}/export.zip", MANAGERS),
    Route("GET", "/members/{org}/people/{person}/erase", CELL_ONLY),
    Route("POST", "/members/{org}/people/{person}/erase", CELL_ONLY, 302, {}, "db"),
    Route("GET", "/pole/settings", CELL_ONLY),
    Route("POST", "/pole/settings", CELL_ONLY, 302,
          {"name": "Pôle des Trois Vallées", "unit_name": "heures"}, "db"),
    Route("GET", "/pole/quotas", CELL_ONLY),
    Route("POST", "/pole/quotas", CELL_ONLY, 302,
          {"kind": "premises", "circle": "partner", "period": "month", "max_hours": "20"}, "db"),
    Route("POST", "/pole/quotas/{quota}/delete", CELL_ONLY, 302, {}, "db"),
    Route("GET", "/pole/thesaurus", CELL_ONLY),
    Route("POST", "/pole/thesaurus", CELL_ONLY, 302, {"term": "AMAP", "equivalent": "panier"},
          "db"),
    Route("POST", "/pole/thesaurus/{entry}/delete", CELL_ONLY, 302, {}, "db"),
    Route("GET", "/profile/", SIGNED_IN),
    Route("POST", "/profile/", SIGNED_IN, 302,
          {"full_name": "Nouveau Nom", "job_title": "", "phone": "", "locale": "en"}, "db"),
    Route("POST", "/profile/password", SIGNED_IN, 302,
          {"current_password": PASSWORD, "password": "another-long-secret",
           "confirm": "another-long-secret"}, "db"),
    Route("POST", "/profile/tokens", SIGNED_IN, 201, {"name": "spreadsheet"}, "db"),
    Route("POST", "/profile/tokens/{token}/revoke", SIGNED_IN, 302, {}, "db"),
    # The review of usage: the cell's.
    Route("GET", "/review/", CELL_ONLY),
    Route("GET", "/review/cooperation.csv", CELL_ONLY),
    Route("GET", "/review/balance.csv", CELL_ONLY),
    Route("GET", "/review/network", CELL_ONLY),
    Route("GET", "/review/network.csv", CELL_ONLY),
    Route("GET", "/review/network.gexf", CELL_ONLY),
    Route("GET", "/review/network.graphml", CELL_ONLY),
    Route("GET", "/review/members.csv", CELL_ONLY),
    Route("GET", "/review/usage.csv", CELL_ONLY),
    Route("GET", "/review/bookings", CELL_ONLY),
    Route("GET", "/review/audit", CELL_ONLY),
    Route("GET", "/review/audit.csv", CELL_ONLY),
    Route("GET", "/review/report", CELL_ONLY),
    Route("GET", "/review/report.pdf", CELL_ONLY),
    # An organisation's own review: every signed-in person, about their own organisation.
    Route("GET", "/review/member", SIGNED_IN),
    Route("GET", "/review/member/report", SIGNED_IN),
    Route("GET", "/review/member/report.pdf", SIGNED_IN),
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
    body = response.get_data(as_text=response.mimetype not in ("application/pdf",
                                                                "application/zip"))
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
              .replace("{invited}", "<int:user_id>").replace("{quota}", "<int:quota_id>")
              .replace("{entry}", "<int:entry_id>") for r in HTML_ROUTES}
    rules = {r.rule for r in app.url_map.iter_rules()
             # Offers, bookings, calendars, the ledger and needs have matrices of their own.
             if not r.rule.startswith(("/api/", "/offers", "/bookings", "/calendars",
                                       "/exchanges", "/ledger", "/needs"))}
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


@pytest.mark.parametrize("action, data, status, message", [
    # A cell person may not be changed by an admin at all, even keeping the role.
    ("edit", {"full_name": "Claire Renamed", "role": "cell"}, 403, "Only the animation cell"),
    ("edit", {"full_name": "Claire Demoted", "role": "member"}, 403, "Only the animation cell"),
    ("deactivate", {}, 403, "Only the animation cell"),
], ids=["edit-keeping-the-role", "edit-demoting", "deactivate"])
def test_an_admin_of_the_cells_organisation_cannot_touch_a_cell_person(
        client, login_as, pole, make_user, action, data, status, message):
    admin = make_user(pole.cell_org, Role.MEMBER_ADMIN, email="cell.org.admin@example.org")
    login_as(admin)
    before = snapshot()
    response = client.post(f"/people/{pole.cell.id}/{action}", data=data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
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


def _sign_in(browser, user) -> None:
    response = browser.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_deactivated_person_loses_their_session_sign_in_and_api_token(
        app, client, login_as, pole, bearer):
    person_browser = app.test_client()
    _sign_in(person_browser, pole.a_member)
    assert person_browser.get("/").status_code == 200
    headers = bearer(pole.a_member)
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 200

    login_as(pole.a_admin)
    assert client.post(f"/people/{pole.a_member.id}/deactivate").status_code == 302
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
    assert pole.a_member.email not in api.get_data(as_text=True)


def test_reactivation_restores_sign_in_but_not_the_revoked_tokens(
        app, client, login_as, pole, bearer):
    headers = bearer(pole.a_member)
    login_as(pole.a_admin)
    client.post(f"/people/{pole.a_member.id}/deactivate")
    assert client.post(f"/people/{pole.a_member.id}/reactivate").status_code == 302

    _sign_in(app.test_client(), pole.a_member)
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 401


def test_a_revoked_token_is_refused(client, login_as, pole):
    token, plain = services.create_api_token(pole.a_member.id, "calendar script")
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/me", headers=headers).status_code == 200

    login_as(pole.a_member)
    assert client.post(f"/profile/tokens/{token.id}/revoke").status_code == 302
    assert fresh(ApiToken, token.id).revoked_at is not None

    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "revoked" in response.json["error"]["message"]


# --- who sees people's e-mail addresses ------------------------------------------------

VIEWERS = {
    # viewer: the organisations whose people's addresses they may see
    "member of A": ("a_member", set()),
    "member of B": ("b_member", set()),
    "admin of A": ("a_admin", {"A"}),
    "admin of B": ("b_admin", {"B"}),
    "cell": ("cell", {"A", "B"}),
}


@pytest.fixture
def deactivated(pole, make_user) -> dict[str, User]:
    """A deactivated person in each organisation: listed for its managers only."""
    return {
        "A": make_user(pole.org_a, email="gone.a@example.org", full_name="Gaston Parti",
                       active=False),
        "B": make_user(pole.org_b, email="gone.b@example.org", full_name="Gisèle Partie",
                       active=False),
    }


def _org_people(pole, deactivated, org: str) -> tuple[list[User], User]:
    active = [pole.a_admin, pole.a_member] if org == "A" else [pole.b_admin, pole.b_member]
    return active, deactivated[org]


@pytest.mark.parametrize("org", ["A", "B"])
@pytest.mark.parametrize("viewer", VIEWERS)
def test_emails_on_the_organisation_page(client, login_as, pole, deactivated, viewer, org):
    attribute, visible_orgs = VIEWERS[viewer]
    login_as(getattr(pole, attribute))
    member = pole.org_a if org == "A" else pole.org_b
    active, gone = _org_people(pole, deactivated, org)

    response = client.get(f"/members/{member.id}")
    body = response.get_data(as_text=True)

    assert response.status_code == 200
    for person in active:
        assert person.full_name in body
    if org in visible_orgs:
        for person in [*active, gone]:
            assert person.email in body
        assert gone.full_name in body
    else:
        assert_no_email_leaks(body)
        assert gone.full_name not in body


@pytest.mark.parametrize("org", ["A", "B"])
@pytest.mark.parametrize("viewer", VIEWERS)
def test_emails_in_the_api_organisation_detail(
        client, bearer, pole, deactivated, viewer, org):
    attribute, visible_orgs = VIEWERS[viewer]
    member = pole.org_a if org == "A" else pole.org_b
    active, gone = _org_people(pole, deactivated, org)

    response = client.get(f"/api/v1/members/{member.id}",
                          headers=bearer(getattr(pole, attribute)))

    assert response.status_code == 200
    people = {p["id"]: p for p in response.json["people"]}
    if org in visible_orgs:
        assert {p["email"] for p in people.values()} == {p.email for p in [*active, gone]}
    else:
        assert set(people) == {p.id for p in active}
        assert all(p["email"] is None for p in people.values())
        assert_no_email_leaks(response.get_data(as_text=True))


@pytest.mark.parametrize("actor", sorted(SIGNED_IN))
@pytest.mark.parametrize("path", ["/", "/members/"])
def test_pages_without_people_details_show_no_email_address(
        client, login_as, cast, actor, path):
    login_as(cast.actors[actor])
    response = client.get(path)
    assert response.status_code == 200
    assert_no_email_leaks(response.get_data(as_text=True))


def test_the_edit_form_of_a_person_is_not_shown_to_another_organisation(
        client, login_as, pole):
    login_as(pole.b_admin)
    response = client.get(f"/people/{pole.a_member.id}/edit")
    assert response.status_code == 403
    assert_no_email_leaks(response.get_data(as_text=True))
    assert pole.a_member.full_name not in response.get_data(as_text=True)


# --- the API matrix --------------------------------------------------------------------

API_ROUTES = ["/api/v1/me", "/api/v1/members", "/api/v1/members/{org}", "/api/v1/domains"]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("path", API_ROUTES)
def test_api_route_permissions(client, bearer, cast, actor, path):
    user = cast.actors[actor]
    headers = bearer(user) if user else {}
    path = path.format(org=cast.pole.org_a.id)
    before = snapshot()

    response = client.get(path, headers=headers)
    body = response.get_data(as_text=True)

    assert snapshot() == before
    if user is None:
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="pooling"'
        assert response.json["error"]["code"] == "unauthorized"
        assert "Bearer" in response.json["error"]["message"]
        assert_no_email_leaks(body)
        return
    assert response.status_code == 200
    assert response.is_json
    visible = {user.email}  # /me
    if actor in MANAGERS and path.startswith("/api/v1/members/"):
        org_a_people = services.people_of(cast.pole.org_a.id, include_inactive=True)
        visible |= {p.email for p in org_a_people}
    assert_no_email_leaks(body, allowed=visible)


def test_the_api_matrix_covers_every_api_route(app):
    # The catalogue, bookings, ledger, needs, review and audit APIs have their own
    # matrices (test_*_api, test_audit_pages).
    rules = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/")
             and not r.rule.startswith(("/api/v1/offers", "/api/v1/valuation", "/api/v1/categories",
                                        "/api/v1/bookings", "/api/v1/exchanges",
                                        "/api/v1/ledger", "/api/v1/needs",
                                        "/api/v1/audit", "/api/v1/stats"))
             # The export of an organisation's data: tests/integration/test_privacy.py.
             and not r.rule.endswith("/export")}
    matrix = {p.replace("{org}", "<int:member_id>") for p in API_ROUTES}
    assert rules == matrix | {"/api/v1/openapi.json"}


def test_the_api_says_who_owns_the_token(client, bearer, pole):
    for user in (pole.a_member, pole.b_admin, pole.cell):
        me = client.get("/api/v1/me", headers=bearer(user)).json
        assert (me["id"], me["email"], me["role"]) == (user.id, user.email, user.role.value)
        assert me["member"] == {"id": user.member_id, "name": user.member.name}


def test_the_openapi_document_is_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json["info"]["title"] == "pooling"
    assert "/api/v1/members/{member_id}" in response.json["paths"]


@pytest.mark.parametrize("authorization", [
    "Bearer pool_not-a-real-token",
    "Bearer ",
    "Basic bWVtYmVyLmFAZXhhbXBsZS5vcmc6Y29ycmVjdC1ob3JzZS00Mg==",
    "pool_no-scheme-at-all",
])
def test_the_api_refuses_invalid_credentials(client, pole, authorization):
    response = client.get("/api/v1/members", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.json["error"]["message"]


def test_the_api_ignores_a_signed_in_browser_session(client, login_as, pole):
    """A session cookie is no API credential (and so no way around CSRF protection)."""
    login_as(pole.cell)
    response = client.get(f"/api/v1/members/{pole.org_a.id}")
    assert response.status_code == 401
    assert_no_email_leaks(response.get_data(as_text=True))


def test_the_api_answers_a_missing_organisation_with_a_json_404(client, bearer, pole):
    response = client.get("/api/v1/members/999999", headers=bearer(pole.cell))
    assert response.status_code == 404
    assert response.json["error"] == {"code": "not_found",
                                      "message": "This organisation does not exist."}


def test_an_admin_of_the_cells_organisation_cannot_open_a_cell_persons_form(
        client, login_as, pole, make_user):
    admin = make_user(pole.cell_org, Role.MEMBER_ADMIN, email="cell.org.admin@example.org")
    login_as(admin)
    assert client.get(f"/people/{pole.cell.id}/edit").status_code == 403


def test_an_invitation_is_not_sent_again_to_someone_with_a_password(
        client, login_as, pole, sent_mail):
    login_as(pole.a_admin)
    response = client.post(f"/people/{pole.a_member.id}/invite")
    assert response.status_code == 409
    assert sent_mail == []


def test_an_admin_of_the_cells_organisation_cannot_invite_a_cell_person(
        client, login_as, pole, make_user, sent_mail):
    admin = make_user(pole.cell_org, Role.MEMBER_ADMIN, email="cell.org.admin@example.org")
    pole.cell.password_hash = None
    db.session.commit()
    login_as(admin)
    assert client.post(f"/people/{pole.cell.id}/invite").status_code == 403
    assert sent_mail == []
