"""Bad input, form by form and parameter by parameter.

Each refusal is a 4xx (never a 500) with a message a person can read, and leaves the
database exactly as it was. Duplicates answer 409, and what people typed is shown escaped.
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from markupsafe import escape

from pooling.accounts.models import Role
from pooling.extensions import db
from pooling.members.models import Member
from tests.conftest import PASSWORD, snapshot

LONG = "x" * 10_000

# WTForms' own messages.
REQUIRED = "This field is required."
NOT_A_NUMBER = "is not a number: write it such as 2,5 or 2.5."
INVALID_CHOICE = "Not a valid choice."
INVALID_EMAIL = "Enter a valid e-mail address."


def too_long(n: int) -> str:
    return f"Field cannot be longer than {n} characters."


# --- harness -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _in_english(english):
    """Messages in English, whether or not the French catalogue is compiled."""




def refused(client, method: str, path: str, status: int, message: str, **kwargs):
    """Send a request that must be refused with this status and message, changing nothing."""
    before = snapshot()
    response = client.open(path, method=method, **kwargs)
    body = response.get_data(as_text=True)
    assert response.status_code == status, body[-2000:]
    assert str(escape(message)) in body or message in body, body[-2000:]
    assert snapshot() == before
    return response


def with_changes(base: dict, changes: dict) -> dict:
    """The base form with some fields changed; a value of None drops the field."""
    data = {**base, **changes}
    return {k: v for k, v in data.items() if v is not None}


# --- organisations -------------------------------------------------------------------

MEMBER_FORM = {
    "name": "Atelier Vélo Solidaire", "legal_form": "association", "circle": "partner",
    "domains": ["food", "employment"], "description": "Réparation de vélos.",
    "address": "3 rue des Lilas", "postcode": "35000", "city": "Rennes",
    "email": "contact@atelier-velo.example.org", "phone": "02 99 00 00 00",
    "website": "https://atelier-velo.example.org", "staff_fte": "2.5",
    "joined_on": "2024-03-01",
}

MEMBER_CASES = [
    ({"name": None}, REQUIRED),
    ({"name": "   "}, REQUIRED),
    ({"name": LONG}, too_long(200)),
    ({"legal_form": None}, REQUIRED),
    ({"legal_form": "xyz"}, INVALID_CHOICE),
    ({"circle": None}, REQUIRED),
    ({"circle": "xyz"}, INVALID_CHOICE),
    ({"domains": ["food", "space-travel"]}, "is not a valid choice for this field"),
    ({"description": LONG}, too_long(5000)),
    ({"address": LONG}, too_long(300)),
    ({"postcode": "35000-35000"}, too_long(10)),
    ({"city": LONG}, too_long(100)),
    ({"email": "not-an-address"}, INVALID_EMAIL),
    ({"email": "contact@"}, INVALID_EMAIL),
    ({"email": LONG + "@example.org"}, too_long(254)),
    ({"phone": LONG}, too_long(30)),
    ({"website": "atelier-velo.example.org"}, "Enter a full address"),
    ({"website": "javascript:alert(1)"}, "Enter a full address"),
    ({"website": "https://" + LONG + ".org"}, too_long(300)),
    ({"staff_fte": "-1"}, "Between 0 and 100,000."),
    ({"staff_fte": "100001"}, "Between 0 and 100,000."),
    ({"staff_fte": "a lot"}, NOT_A_NUMBER),
    ({"staff_fte": "NaN"}, NOT_A_NUMBER),
    ({"staff_fte": "sNaN"}, NOT_A_NUMBER),  # no crash
    ({"staff_fte": "-Infinity"}, NOT_A_NUMBER),
    ({"joined_on": None}, REQUIRED),
    ({"joined_on": ""}, REQUIRED),
    ({"joined_on": "2021-02-30"}, "Not a valid date value."),  # not "required"
    ({"joined_on": "31/12/2020"}, "Not a valid date value."),
    ({"joined_on": "yesterday"}, "Not a valid date value."),
]


def _case_id(case) -> str:
    changes, _message = case
    field, value = next(iter(changes.items()))
    shown = "missing" if value is None else repr(value if len(str(value)) < 30 else "long")
    return f"{field}={shown}"


@pytest.fixture
def member_path(request, pole):
    """The two organisation forms: registering a new one, and editing organisation A."""
    return {"new": "/members/new", "edit": f"/members/{pole.org_a.id}/edit"}[request.param]


@pytest.mark.parametrize("member_path", ["new", "edit"], indirect=True)
@pytest.mark.parametrize("case", MEMBER_CASES, ids=_case_id)
def test_organisation_form_refuses_bad_input(client, login_as, pole, member_path, case):
    changes, message = case
    login_as(pole.cell)
    refused(client, "POST", member_path, 422, message,
            data=with_changes(MEMBER_FORM, changes))


@pytest.mark.parametrize("member_path", ["new", "edit"], indirect=True)
def test_organisation_form_accepts_the_valid_base_form(client, login_as, pole, member_path):
    """The bad-input cases above differ from a form that is accepted."""
    login_as(pole.cell)
    response = client.post(member_path, data=MEMBER_FORM)
    assert response.status_code == 302, response.get_data(as_text=True)
    member = db.session.scalars(sa.select(Member).where(Member.name == MEMBER_FORM["name"])).one()
    assert [d.code for d in member.domains] == ["employment", "food"]
    assert str(member.staff_fte) == "2.5"


@pytest.mark.parametrize("name", ["Théâtre du Réel", "  Théâtre du Réel  "])
def test_a_new_organisation_cannot_take_an_existing_name(client, login_as, pole, name):
    login_as(pole.cell)
    refused(client, "POST", "/members/new", 409,
            "An organisation with this name already exists.",
            data=with_changes(MEMBER_FORM, {"name": name}))


def test_an_organisation_cannot_be_renamed_to_an_existing_name(client, login_as, pole):
    login_as(pole.cell)
    refused(client, "POST", f"/members/{pole.org_a.id}/edit", 409,
            "An organisation with this name already exists.",
            data=with_changes(MEMBER_FORM, {"name": pole.org_b.name}))


# --- activity domains ----------------------------------------------------------------


@pytest.mark.parametrize("data, status, message", [
    ({}, 422, REQUIRED),
    ({"name": " "}, 422, REQUIRED),
    ({"name": LONG}, 422, too_long(100)),
    ({"name": "Mobilité", "name_en": LONG}, 422, too_long(100)),
    ({"name": "Industries culturelles et créatives"}, 409, "exists already"),
], ids=["missing", "blank", "long-name", "long-english-name", "duplicate"])
def test_domain_form_refuses_bad_input(client, login_as, pole, data, status, message):
    login_as(pole.cell)
    refused(client, "POST", "/members/domains", status, message, data=data)


# --- people --------------------------------------------------------------------------

PERSON_FORM = {"email": "nina.nouvelle@example.org", "full_name": "Nina Nouvelle",
               "job_title": "Coordinatrice", "phone": "06 00 00 00 00", "role": "member",
               "password": "a-long-password-1"}

PERSON_CASES = [
    ({"full_name": None}, REQUIRED),
    ({"full_name": "  "}, REQUIRED),
    ({"full_name": LONG}, too_long(120)),
    ({"job_title": LONG}, too_long(120)),
    ({"phone": LONG}, too_long(30)),
    ({"role": None}, INVALID_CHOICE),
    ({"role": "xyz"}, INVALID_CHOICE),
    ({"role": "cell"}, INVALID_CHOICE),  # not offered to an admin
]

NEW_PERSON_CASES = [
    *PERSON_CASES,
    ({"email": None}, REQUIRED),
    ({"email": "nina"}, INVALID_EMAIL),
    ({"email": "nina@"}, INVALID_EMAIL),
    ({"email": "nina nouvelle@example.org"}, INVALID_EMAIL),
    ({"email": LONG + "@example.org"}, too_long(254)),
    ({"password": "short"}, "Between 10 and 128 characters."),
    ({"password": LONG}, "Between 10 and 128 characters."),
    ({"password": "nina.nouvelle@example.org"}, "must not be your e-mail address"),
]


@pytest.mark.parametrize("case", NEW_PERSON_CASES, ids=_case_id)
def test_new_person_form_refuses_bad_input(client, login_as, pole, sent_mail, case):
    changes, message = case
    login_as(pole.a_admin)
    refused(client, "POST", f"/members/{pole.org_a.id}/people/new", 422, message,
            data=with_changes(PERSON_FORM, changes))
    assert sent_mail == []


@pytest.mark.parametrize("case", PERSON_CASES, ids=_case_id)
def test_person_edit_form_refuses_bad_input(client, login_as, pole, case):
    changes, message = case
    login_as(pole.a_admin)
    data = with_changes(PERSON_FORM, changes)
    data.pop("email", None)
    data.pop("password", None)
    refused(client, "POST", f"/people/{pole.a_member.id}/edit", 422, message, data=data)


def test_the_cell_role_is_refused_outside_the_cells_organisation(client, login_as, pole):
    login_as(pole.cell)
    refused(client, "POST", f"/members/{pole.org_a.id}/people/new", 422,
            "The animation cell role is for people of the animation cell's organisation.",
            data=with_changes(PERSON_FORM, {"role": "cell"}))


@pytest.mark.parametrize("email", ["member.b@example.org", "MEMBER.B@EXAMPLE.ORG"])
def test_a_person_email_cannot_be_taken_twice(client, login_as, pole, sent_mail, email):
    # Addresses are unique across the pole, whatever the case.
    login_as(pole.a_admin)
    response = refused(client, "POST", f"/members/{pole.org_a.id}/people/new", 409,
                       "A person with this e-mail address already exists.",
                       data=with_changes(PERSON_FORM, {"email": email, "password": None,
                                                       "send_invitation": "y"}))
    assert "Already taken." in response.get_data(as_text=True)
    assert sent_mail == []


# --- one's own profile, password and tokens ------------------------------------------

PROFILE_FORMS = {
    "/profile/": {"full_name": "Arnaud Membre", "job_title": "", "phone": "", "locale": "fr"},
    "/profile/password": {"current_password": PASSWORD, "password": "a-brand-new-secret",
                          "confirm": "a-brand-new-secret"},
    "/profile/tokens": {"name": "calendar script"},
}

PROFILE_CASES = [
    ("/profile/", {"full_name": None}, REQUIRED),
    ("/profile/", {"full_name": " "}, REQUIRED),
    ("/profile/", {"full_name": LONG}, too_long(120)),
    ("/profile/", {"job_title": LONG}, too_long(120)),
    ("/profile/", {"phone": LONG}, too_long(30)),
    ("/profile/", {"locale": "xyz"}, INVALID_CHOICE),
    ("/profile/password", {"current_password": None}, REQUIRED),
    ("/profile/password", {"current_password": "wrong-password"},
     "The current password is incorrect."),
    ("/profile/password", {"password": None, "confirm": None}, REQUIRED),
    ("/profile/password", {"confirm": "something-else"}, "The two passwords differ."),
    ("/profile/password", {"password": "short", "confirm": "short"},
     "Between 10 and 128 characters."),
    ("/profile/password", {"password": LONG, "confirm": LONG}, "Between 10 and 128 characters."),
    ("/profile/password", {"password": "member.a@example.org", "confirm": "member.a@example.org"},
     "must not be your e-mail address"),
    ("/profile/tokens", {"name": None}, REQUIRED),
    ("/profile/tokens", {"name": "   "}, REQUIRED),
    ("/profile/tokens", {"name": LONG}, too_long(100)),
]


@pytest.mark.parametrize("path, changes, message", [
    pytest.param(path, changes, message, id=f"{path} {_case_id((changes, message))}")
    for path, changes, message in PROFILE_CASES])
def test_profile_forms_refuse_bad_input(client, login_as, pole, path, changes, message):
    login_as(pole.a_member)
    refused(client, "POST", path, 422, message,
            data=with_changes(PROFILE_FORMS[path], changes))
    assert client.get("/").status_code == 200  # still signed in, with the old password


@pytest.mark.parametrize("path", PROFILE_FORMS)
def test_profile_forms_accept_their_valid_base_form(client, login_as, pole, path):
    login_as(pole.a_member)
    before = snapshot()
    response = client.post(path, data=PROFILE_FORMS[path])
    assert response.status_code in (201, 302)
    assert snapshot() != before


# --- signing in ----------------------------------------------------------------------


@pytest.mark.parametrize("path, data, message", [
    ("/login", {"password": PASSWORD}, REQUIRED),
    ("/login", {"email": "member.a@example.org"}, REQUIRED),
    ("/login", {"email": LONG, "password": PASSWORD}, too_long(254)),
    ("/login", {"email": "member.a@example.org", "password": LONG}, too_long(128)),
    ("/password/forgot", {}, REQUIRED),
    ("/password/forgot", {"email": "not-an-address"}, INVALID_EMAIL),
    ("/password/forgot", {"email": LONG + "@example.org"}, too_long(254)),
])
def test_sign_in_forms_refuse_bad_input(client, pole, sent_mail, path, data, message):
    refused(client, "POST", path, 422, message, data=data)
    assert sent_mail == []


@pytest.mark.parametrize("data, message", [
    ({}, REQUIRED),
    ({"password": "short", "confirm": "short"}, "Between 10 and 128 characters."),
    ({"password": "a-brand-new-secret", "confirm": "other"}, "The two passwords differ."),
])
def test_the_password_reset_form_refuses_bad_input(client, pole, data, message):
    from pooling.accounts.services import password_token

    refused(client, "POST", f"/password/reset/{password_token(pole.a_member)}", 422, message,
            data=data)


# --- the directory page --------------------------------------------------------------


@pytest.mark.parametrize("query, message", [
    ("legal_form=xyz", INVALID_CHOICE),
    ("circle=xyz", INVALID_CHOICE),
    ("domain=space-travel", INVALID_CHOICE),
    ("q=" + "x" * 101, too_long(100)),
])
def test_directory_refuses_unknown_filters(client, login_as, pole, query, message):
    login_as(pole.a_member)
    response = refused(client, "GET", f"/members/?{query}", 400, message)
    assert "Théâtre du Réel" not in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["abc", "0", "-3", "1.5", "99999999999999999999"])
def test_directory_treats_an_odd_page_number_gently(client, login_as, pole, page):
    """The page number comes from links, not people: an odd one shows a page, never a 500."""
    login_as(pole.a_member)
    before = snapshot()
    response = client.get(f"/members/?page={page}")
    assert response.status_code == 200
    assert "3 organisations" in response.get_data(as_text=True)
    assert snapshot() == before


# --- the API -------------------------------------------------------------------------


@pytest.mark.parametrize("query, field", [
    ("page=abc", "page"),
    ("page=0", "page"),
    ("page=-1", "page"),
    ("page=1.5", "page"),
    ("per_page=1000", "per_page"),
    ("per_page=0", "per_page"),
    ("per_page=many", "per_page"),
    ("legal_form=xyz", "legal_form"),
    ("circle=xyz", "circle"),
    ("domain=space-travel", "domain"),
    ("domain=" + "x" * 41, "domain"),
    ("q=" + "x" * 101, "q"),
])
def test_api_directory_refuses_bad_parameters(client, bearer, pole, query, field):
    headers = bearer(pole.a_member)
    response = refused(client, "GET", f"/api/v1/members?{query}", 422,
                       "Some fields are invalid.", headers=headers)
    error = response.json["error"]
    assert error["code"] == "invalid_input"
    assert list(error["fields"]) == [field]
    assert all(isinstance(m, str) and m for m in error["fields"][field])


def test_api_directory_accepts_the_limits(client, bearer, pole):
    response = client.get("/api/v1/members?page=1&per_page=100&legal_form=scic"
                          "&circle=founding-member&domain=culture&q=reel",
                          headers=bearer(pole.a_member))
    assert response.status_code == 200
    assert [m["name"] for m in response.json["items"]] == ["Théâtre du Réel"]


@pytest.mark.parametrize("path", ["/api/v1/members/abc", "/api/v1/members/-1",
                                  "/api/v1/nothing-here"])
def test_api_answers_unknown_paths_in_json(client, bearer, pole, path):
    response = client.get(path, headers=bearer(pole.a_member))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
    assert response.json["error"]["message"]


def test_api_refuses_other_methods_in_json(client, bearer, pole):
    response = client.post("/api/v1/members", json={"name": "Nope"},
                           headers=bearer(pole.a_member))
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"
    assert db.session.scalar(sa.select(sa.func.count(Member.id))) == 3


# --- escaping ------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def test_an_organisation_name_with_markup_is_shown_escaped(client, login_as, pole, make_user):
    login_as(pole.cell)
    response = client.post("/members/new", data=with_changes(MEMBER_FORM, {
        "name": SCRIPT, "description": '<img src=x onerror="alert(2)">', "city": SCRIPT}))
    assert response.status_code == 302
    member = db.session.scalars(sa.select(Member).where(Member.name == SCRIPT)).one()
    make_user(member, Role.MEMBER, full_name=SCRIPT, job_title=SCRIPT)

    for path in ["/members/", f"/members/{member.id}", f"/members/{member.id}/edit",
                 f"/members/?q={SCRIPT}"]:
        body = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in body, path
        assert "<img src=x" not in body, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, path


def test_a_person_name_with_markup_is_shown_escaped_on_their_home_page(
        client, login_as, pole, make_user):
    person = make_user(pole.org_a, Role.MEMBER, full_name=SCRIPT)
    login_as(person)
    for path in ["/", "/profile/"]:
        body = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in body, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, path


# --- characters a database may refuse ------------------------------------------------


@pytest.mark.parametrize("method, path, data", [
    ("POST", "/members/new", with_changes(MEMBER_FORM, {"name": "Atelier\x00Vélo"})),
    ("POST", "/profile/", with_changes(PROFILE_FORMS["/profile/"], {"full_name": "Arnaud\x00"})),
    ("POST", "/login", {"email": "member.a@example.org\x00", "password": PASSWORD}),
    ("GET", "/members/?q=a%00b", None),
], ids=["organisation-form", "profile-form", "sign-in", "directory-search"])
def test_a_nul_character_is_refused(client, login_as, pole, method, path, data):
    """PostgreSQL cannot hold NUL in text: refused up front, on SQLite as well."""
    if path != "/login":
        login_as(pole.cell)
    refused(client, method, path, 422, "forbidden character", data=data)


def test_a_nul_character_is_refused_by_the_api(client, bearer, pole):
    response = refused(client, "GET", "/api/v1/members?q=a%00b", 422, "forbidden character",
                       headers=bearer(pole.a_member))
    assert response.json["error"]["code"] == "invalid_input"
    assert list(response.json["error"]["fields"]) == ["q"]


# --- numbers, characters and dates no database holds ---------------------------------

HUGE = "99999999999999999999"


@pytest.fixture
def tool_and_room(pole):
    """A published tool and a published room of organisation A."""
    from datetime import time

    from pooling.catalogue import services as catalogue
    from pooling.catalogue.hours import WeeklySlot
    from pooling.catalogue.models import Category, OfferKind, OfferStatus

    def publish(kind: OfferKind, category: str, **fields):
        category_id = db.session.scalars(sa.select(Category.id).where(
            Category.kind == kind, Category.name == category)).one()
        offer = catalogue.create_offer(pole.a_member, pole.org_a.id, catalogue.OfferData(
            kind=kind, title=f"{category} A", category_id=category_id,
            opening_hours=[WeeklySlot(d, time(8), time(20)) for d in range(7)], **fields))
        return catalogue.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)

    return (publish(OfferKind.TOOL, "Véhicule", quantity=2),
            publish(OfferKind.PREMISES, "Salle de réunion", capacity=10))


def _tool_body(**changes) -> dict:
    from pooling.catalogue.models import Category, OfferKind

    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == OfferKind.TOOL, Category.name == "Véhicule")).one()
    return with_changes({"kind": "tool", "title": "Remorque", "category": category,
                         "quantity": 2}, changes)


def _room_body(**changes) -> dict:
    from pooling.catalogue.models import Category, OfferKind

    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == OfferKind.PREMISES, Category.name == "Salle de réunion")).one()
    return with_changes({"kind": "premises", "title": "Salle Vercors", "category": category,
                         "capacity": 10}, changes)


def _booking_body(target, **changes) -> dict:
    return with_changes({"offer": target.id, "start": "2030-06-03T10:00",
                         "end": "2030-06-03T12:00", "quantity": 1}, changes)


def _exchange_body(pole, **changes) -> dict:
    from pooling.pole.clock import pole_today

    return with_changes({"provider_id": pole.org_a.id, "beneficiary_id": pole.org_b.id,
                         "kind": "skill", "quantity": "3", "unit": "hour",
                         "occurred_on": pole_today().isoformat(),
                         "description": "Une aide"}, changes)


def assert_invalid(response, field: str | None = None) -> None:
    """A 422 in the API's format, naming the field when one is given."""
    assert response.status_code == 422, response.get_data(as_text=True)[-2000:]
    error = response.json["error"]
    assert error["code"] == "invalid_input" and error["message"]
    if field is not None:
        # A nested field is named by its path as sent: "recurrence.count".
        named = [k for k in error["fields"] if k == field or k.startswith(field + ".")]
        assert named, error
        assert all(isinstance(m, str) and m for k in named for m in error["fields"][k])


@pytest.mark.parametrize("body_changes, field", [
    ({"quantity": 1.5}, "quantity"),
    ({"quantity": "1.5"}, "quantity"),
    ({"quantity": 10**12}, "quantity"),
    ({"quantity": True}, "quantity"),
    ({"category": 4407595791}, "category"),
    ({"category": 10**30}, "category"),
    ({"category": 2.5}, "category"),
    ({"min_duration_minutes": 30.5}, "min_duration_minutes"),
    ({"buffer_minutes": 0.25}, "buffer_minutes"),
])
def test_api_refuses_a_non_integral_or_huge_number_in_a_new_tool(client, bearer, pole,
                                                                   body_changes, field):
    """Never truncated to an integer, never passed on to a database that overflows."""
    headers = bearer(pole.a_member)
    before = snapshot()
    response = client.post("/api/v1/offers", json=_tool_body(**body_changes), headers=headers)
    assert_invalid(response, field)
    assert snapshot() == before


@pytest.mark.parametrize("body_changes, field", [
    ({"capacity": 12.5}, "capacity"),
    ({"capacity": 10**12}, "capacity"),
    ({"surface_m2": 1e-9}, "surface_m2"),
    ({"surface_m2": "0.01"}, "surface_m2"),
    ({"member": 10**12}, "member"),
    ({"provider_id": 10**12}, "provider_id"),
    ({"opening_hours": [{"weekday": 1.5, "opens_at": "09:00", "closes_at": "10:00"}]},
     "opening_hours"),
])
def test_api_refuses_a_non_integral_huge_or_vanishing_number_in_a_new_room(
        client, bearer, pole, body_changes, field):
    headers = bearer(pole.cell)
    before = snapshot()
    response = client.post("/api/v1/offers", json=_room_body(**body_changes), headers=headers)
    assert_invalid(response, field)
    assert snapshot() == before


@pytest.mark.parametrize("body", [{"quantity": 1.5}, {"quantity": 10**12},
                                  {"max_hours_per_week": 2.5}])
def test_api_patch_refuses_a_non_integral_or_huge_number(client, bearer, pole, tool_and_room,
                                                         body):
    tool, _room = tool_and_room
    headers = bearer(pole.a_member)
    before = snapshot()
    response = client.patch(f"/api/v1/offers/{tool.id}", json=body, headers=headers)
    assert_invalid(response, next(iter(body)))
    assert snapshot() == before


def test_api_accepts_an_integral_number_written_with_a_decimal_point(client, bearer, pole):
    """2.0 is the integer 2: JSON does not tell them apart."""
    response = client.post("/api/v1/offers", json=_tool_body(quantity=2.0),
                           headers=bearer(pole.a_member))
    assert response.status_code == 201, response.json
    assert response.json["quantity"] == 2


@pytest.mark.parametrize("quantity", ["1.5", "1,5", HUGE])
def test_the_offer_form_refuses_a_non_integral_or_huge_quantity(client, login_as, pole,
                                                                tool_and_room, quantity):
    tool, _room = tool_and_room
    login_as(pole.a_member)
    before = snapshot()
    response = client.post(f"/offers/{tool.id}/edit", data={
        "title": "Remorque", "category_id": str(tool.category_id), "booking_policy": "automatic",
        "unit": "day", "min_duration_minutes": "30", "min_notice_minutes": "0",
        "buffer_minutes": "0", "quantity": quantity})
    assert response.status_code == 422, response.get_data(as_text=True)[-2000:]
    assert snapshot() == before


@pytest.mark.parametrize("changes, field", [
    ({"quantity": 1.5}, "quantity"),
    ({"quantity": 10**12}, "quantity"),
    ({"attendees": 2.5}, "attendees"),
    ({"offer": 10**12}, "offer"),
    ({"offer": 1.5}, "offer"),
    ({"member": 10**12}, "member"),
    ({"start": "0001-01-01T00:00"}, "start"),
    ({"end": "9999-12-31T23:59"}, "end"),
    ({"start": "9999-12-31T23:00", "end": "9999-12-31T23:59"}, "start"),
    ({"recurrence": {"frequency": "daily", "count": 2.5}}, "recurrence"),
    ({"recurrence": {"frequency": "daily", "until": "9999-12-31"}}, "recurrence"),
])
def test_api_refuses_bad_numbers_and_dates_in_a_booking(client, bearer, pole, tool_and_room,
                                                        changes, field):
    tool, _room = tool_and_room
    headers = bearer(pole.b_member)
    before = snapshot()
    response = client.post("/api/v1/bookings", json=_booking_body(tool, **changes),
                           headers=headers)
    assert_invalid(response, field)
    assert snapshot() == before


@pytest.mark.parametrize("changes, field", [
    ({"provider_id": 10**12}, "provider_id"),
    ({"offer_id": 4407595791}, "offer_id"),
    ({"occurred_on": "0001-01-01"}, "occurred_on"),
    ({"occurred_on": "9999-12-31"}, "occurred_on"),
])
def test_api_refuses_bad_numbers_and_dates_in_an_exchange(client, bearer, pole, changes,
                                                          field):
    headers = bearer(pole.a_member)
    before = snapshot()
    response = client.post("/api/v1/exchanges", json=_exchange_body(pole, **changes),
                           headers=headers)
    assert_invalid(response, field)
    assert snapshot() == before


@pytest.mark.parametrize("path, field", [
    ("/api/v1/offers?category=4407595791", "category"),
    ("/api/v1/offers?member=" + HUGE, "member"),
    ("/api/v1/offers?min_capacity=" + HUGE, "min_capacity"),
    ("/api/v1/offers?min_quantity=1.5", "min_quantity"),
    ("/api/v1/offers?available_from=0001-01-01T00:00&available_to=0001-01-02T00:00",
     "available_from"),
    ("/api/v1/offers?available_from=9999-12-31T00:00&available_to=9999-12-31T23:59",
     "available_to"),
    ("/api/v1/bookings?offer=" + HUGE, "offer"),
    ("/api/v1/bookings?member=4407595791", "member"),
    ("/api/v1/bookings?from=0001-01-01T00:00", "from"),
    ("/api/v1/bookings?to=9999-12-31T23:59", "to"),
    ("/api/v1/bookings?per_page=2.5", "per_page"),
    ("/api/v1/exchanges?member=" + HUGE, "member"),
    ("/api/v1/exchanges?from=0001-01-01", "from"),
    ("/api/v1/exchanges?to=9999-12-31", "to"),
    ("/api/v1/valuation?on=9999-12-31", "on"),
    ("/api/v1/ledger/members/{a}?from=0001-01-01", "from"),
    ("/api/v1/ledger/members/{a}?to=9999-12-31", "to"),
    ("/api/v1/offers/{room}/availability?from=0001-01-01T00:00&to=0001-01-02T00:00", "from"),
    ("/api/v1/offers/{room}/availability?from=9999-12-30T00:00&to=9999-12-31T23:59", "to"),
])
def test_api_refuses_huge_numbers_and_far_dates_in_filters(client, bearer, pole,
                                                           tool_and_room, path, field):
    _tool, room = tool_and_room
    response = refused(client, "GET", path.format(a=pole.org_a.id, room=room.id), 422,
                       "Some fields are invalid.", headers=bearer(pole.cell))
    assert_invalid(response, field)


@pytest.mark.parametrize("path", [
    "/api/v1/offers/" + HUGE, "/api/v1/offers/4407595791", "/api/v1/bookings/" + HUGE,
    "/api/v1/exchanges/" + HUGE, "/api/v1/members/" + HUGE, "/api/v1/ledger/members/" + HUGE,
    "/api/v1/offers/" + HUGE + "/availability?from=2030-01-01&to=2030-01-02",
])
def test_api_answers_404_for_an_id_beyond_the_database(client, bearer, pole, path):
    response = client.get(path, headers=bearer(pole.cell))
    assert response.status_code == 404, response.get_data(as_text=True)[-2000:]
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", [f"/api/v1/offers/{HUGE}", f"/api/v1/bookings/{HUGE}/cancel",
                                  f"/api/v1/exchanges/{HUGE}/confirm"])
def test_api_writes_to_an_id_beyond_the_database_are_404(client, bearer, pole, path):
    method = "PATCH" if path.startswith("/api/v1/offers/") else "POST"
    response = refused(client, method, path, 404, "", json={}, headers=bearer(pole.cell))
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", [
    f"/offers/{HUGE}", f"/offers/{HUGE}/edit", f"/offers/{HUGE}/calendar.json"
    "?start=2030-01-01&end=2030-01-02", f"/bookings/{HUGE}", f"/ledger/members/{HUGE}",
    f"/ledger/members/{HUGE}.csv", f"/members/{HUGE}", f"/exchanges/{HUGE}",
    f"/people/{HUGE}/edit",
])
def test_pages_answer_404_for_an_id_beyond_the_database(client, login_as, pole, path):
    login_as(pole.cell)
    response = client.get(path)
    assert response.status_code == 404, response.get_data(as_text=True)[-2000:]


def test_a_page_form_sent_to_an_id_beyond_the_database_is_404(client, login_as, pole):
    login_as(pole.cell)
    refused(client, "POST", f"/bookings/{HUGE}/cancel", 404, "does not exist",
            data={"reason": "x"})


@pytest.mark.parametrize("query", [
    "start=0001-01-01T00:00:00%2B01:00&end=0001-01-08T00:00:00%2B01:00",
    "start=9999-12-25T00:00:00&end=9999-12-31T23:59:00",
    "start=0001-01-01&end=0001-01-08",
])
@pytest.mark.parametrize("feed", ["/bookings/calendar.json", "/offers/{room}/calendar.json"])
def test_the_calendar_feeds_refuse_dates_at_the_ends_of_time(client, login_as, pole,
                                                             tool_and_room, feed, query):
    _tool, room = tool_and_room
    login_as(pole.a_member)
    response = refused(client, "GET", feed.format(room=room.id) + "?" + query, 422, "")
    assert response.json["error"]["code"] == "invalid_input"


@pytest.mark.parametrize("query", ["day=0001-01-01&start=00:00&end=01:00",
                                   "day=9999-12-31&start=23:00&end=23:30",
                                   "min_capacity=" + HUGE])
def test_the_catalogue_page_refuses_far_dates_and_huge_numbers(client, login_as, pole, query):
    login_as(pole.a_member)
    response = client.get("/offers/?" + query)
    assert 400 <= response.status_code < 500, response.get_data(as_text=True)[-2000:]


@pytest.mark.parametrize("start_day", ["0001-01-01", "9999-12-31"])
def test_the_booking_form_refuses_dates_at_the_ends_of_time(client, login_as, pole,
                                                            tool_and_room, start_day):
    _tool, room = tool_and_room
    login_as(pole.b_member)
    before = snapshot()
    response = client.post(f"/bookings/new?offer={room.id}", data={
        "start_day": start_day, "start_time": "23:00", "end_day": start_day,
        "end_time": "23:30", "quantity": "2", "purpose": "Réunion"})
    assert response.status_code == 422, response.get_data(as_text=True)[-2000:]
    assert snapshot() == before


@pytest.mark.parametrize("path", ["/bookings/new?offer={room}&start=0001-01-01T00:00",
                                  "/bookings/new?offer={room}&end=9999-12-31T23:59",
                                  "/bookings/new?offer=" + HUGE, "/bookings/?page=" + HUGE])
def test_the_booking_pages_treat_odd_query_strings_gently(client, login_as, pole,
                                                           tool_and_room, path):
    _tool, room = tool_and_room
    login_as(pole.b_member)
    response = client.get(path.format(room=room.id))
    assert response.status_code in (200, 404, 422), response.get_data(as_text=True)[-2000:]


@pytest.mark.parametrize("text", ["a\x00b", "a\ud800b", "\udfff", "nul\x00"])
@pytest.mark.parametrize("where", ["title", "tags", "key"])
def test_api_refuses_nul_and_unpaired_surrogates_in_json(client, bearer, pole, text, where):
    """No database stores them; refused before any view reads the body."""
    body = _tool_body()
    if where == "title":
        body["title"] = text
    elif where == "tags":
        body["tags"] = ["ok", text]
    else:
        body[text] = "x"
    headers = bearer(pole.a_member)
    before = snapshot()
    # json.dumps escapes both, as a client would send them: "\u0000", "\ud800".
    response = client.post("/api/v1/offers", data=json.dumps(body),
                           content_type="application/json", headers=headers)
    assert_invalid(response)
    assert snapshot() == before


def test_api_refuses_json_nested_too_deeply(client, bearer, pole):
    headers = bearer(pole.a_member)
    before = snapshot()
    body = "[" * 50_000 + "]" * 50_000
    response = client.post("/api/v1/bookings", data=body, content_type="application/json",
                           headers=headers)
    assert response.status_code == 400, response.get_data(as_text=True)[-2000:]
    assert response.json["error"]["code"] == "bad_request"
    assert response.json["error"]["message"]
    assert snapshot() == before


def test_api_refuses_json_that_is_not_json(client, bearer, pole):
    response = refused(client, "POST", "/api/v1/bookings", 400, "", data="{not json",
                       content_type="application/json", headers=bearer(pole.a_member))
    assert response.json["error"]["code"] == "bad_request"


# --- every error under /api/ answers JSON ---------------------------------------------


def test_api_refuses_a_body_too_large_in_json(app, client, bearer, pole):
    headers = bearer(pole.a_member)
    response = refused(client, "POST", "/api/v1/bookings", 413, "",
                       data="x" * (app.config["MAX_CONTENT_LENGTH"] + 1),
                       content_type="application/json", headers=headers)
    assert response.json["error"]["code"] == "payload_too_large"


def test_api_refuses_an_unsupported_media_type_in_json(client, bearer, pole):
    response = client.post("/api/v1/bookings", data="offer=1", headers=bearer(pole.a_member),
                           content_type="text/plain")
    assert 400 <= response.status_code < 500 and response.status_code != 404
    assert response.is_json
    assert response.json["error"]["code"] in ("unsupported_media_type", "invalid_input",
                                              "bad_request")


def test_api_answers_a_wrong_method_in_json(client, bearer, pole):
    response = client.delete("/api/v1/bookings", headers=bearer(pole.a_member))
    assert response.status_code == 405 and response.is_json
    assert response.json["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("path", ["/api/v1/offers?q=" + "x" * 9000, "/api/v1/" + "x" * 9000])
def test_api_answers_a_uri_too_long_in_json(client, bearer, pole, path):
    response = client.get(path, headers=bearer(pole.a_member))
    assert response.status_code == 414
    assert response.json["error"]["code"] == "uri_too_long"
    assert response.json["error"]["message"]


def test_a_page_answers_a_uri_too_long_with_a_page(client, login_as, pole):
    login_as(pole.a_member)
    response = client.get("/offers/?q=" + "x" * 9000)
    assert response.status_code == 414
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("path", [
    "/offers/?category=4407595791", "/offers/?category=" + HUGE, "/offers/?page=" + HUGE,
    "/bookings/?offer=" + HUGE, "/bookings/?member=" + HUGE,
    "/bookings/?start=0001-01-01&end=9999-12-31", "/exchanges/?member=" + HUGE,
    "/exchanges/?counterpart=" + HUGE, "/exchanges/new?offer=" + HUGE,
    "/exchanges/new?counterpart=" + HUGE, "/exchanges/?start=0001-01-01&end=9999-12-31",
    "/ledger/members/{a}?from=0001-01-01&to=9999-12-31", "/ledger/members/{a}?from=9999-12-31",
    "/ledger/members/{a}.csv?from=0001-01-01", "/ledger/?from=0001-01-01&to=0001-12-31",
    "/members/?page=" + HUGE,
])
def test_page_filters_with_huge_numbers_or_far_dates_never_fail(client, login_as, pole, path):
    """A filter the database cannot hold shows the page, or says what is wrong: never 500."""
    login_as(pole.cell)
    before = snapshot()
    response = client.get(path.format(a=pole.org_a.id))
    assert response.status_code in (200, 400, 404, 422), response.get_data(as_text=True)[-2000:]
    assert snapshot() == before


@pytest.mark.parametrize("quantity", ["1.5", HUGE])
def test_the_new_tool_form_refuses_a_non_integral_or_huge_quantity(client, login_as, pole,
                                                                   quantity):
    from pooling.catalogue.models import Category, OfferKind

    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == OfferKind.TOOL, Category.name == "Véhicule")).one()
    login_as(pole.a_member)
    refused(client, "POST", "/offers/new/tool", 422, "", data={
        "title": "Remorque", "category_id": str(category), "booking_policy": "automatic",
        "unit": "day", "min_duration_minutes": "30", "min_notice_minutes": "0",
        "buffer_minutes": "0", "quantity": quantity})
