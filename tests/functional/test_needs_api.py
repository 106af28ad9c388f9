"""The needs API: post, find, read, change and close a need, with its permissions and the
refusals of bad input."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from pooling.catalogue.models import Category, OfferKind
from pooling.extensions import db
from pooling.needs.models import Need, NeedStatus
from pooling.pole.clock import pole_today
from tests.conftest import fresh, snapshot


def _category_id(kind: str, name: str) -> int:
    return db.session.scalar(sa.select(Category.id).where(
        Category.kind == OfferKind(kind), Category.name == name))


def _room(**overrides) -> dict:
    body = {"kind": "premises", "text": "Une salle pour une formation de 12 personnes",
            "category": _category_id("premises", "Salle de réunion"), "tags": ["Formation"],
            "window_from": "2030-06-06T09:00", "window_to": "2030-06-06T17:00",
            "duration_hours": "2.5", "capacity": 12, "town": "Grenoble"}
    body.update(overrides)
    return body


@pytest.fixture
def posted(client, pole, bearer):
    """A need of organisation A, posted through the API."""
    response = client.post("/api/v1/needs", json=_room(), headers=bearer(pole.a_member))
    assert response.status_code == 201, response.json
    return response.json


def test_a_member_posts_a_need_that_everyone_finds(client, pole, bearer, posted):
    assert (posted["member"]["id"], posted["status"], posted["capacity"]) == (
        pole.org_a.id, "open", 12)
    # Read in the pole's time (Paris, summer): 9:00 there is 7:00 UTC.
    assert posted["window_from"].startswith("2030-06-06T07:00")
    assert posted["duration_hours"] == "2.50" and posted["tags"] == ["formation"]
    assert fresh(Need, posted["id"]).duration_minutes == 150
    assert posted["open_until"] == (pole_today() + timedelta(days=30)).isoformat()
    other = bearer(pole.b_member)
    found = client.get("/api/v1/needs?q=FORMATION&kind=premises&town=grenoble",
                       headers=other)
    assert [n["id"] for n in found.json["items"]] == [posted["id"]]
    assert client.get("/api/v1/needs?kind=tool", headers=other).json["total"] == 0
    assert client.get(f"/api/v1/needs/{posted['id']}", headers=other).json["text"] == (
        posted["text"])


def test_the_owner_patches_then_closes_a_need(client, pole, bearer, posted):
    headers = bearer(pole.a_admin)  # another person of the same organisation
    patched = client.patch(f"/api/v1/needs/{posted['id']}",
                           json={"capacity": 15, "window_from": None, "window_to": None},
                           headers=headers)
    assert patched.status_code == 200, patched.json
    assert (patched.json["capacity"], patched.json["window_from"]) == (15, None)
    assert patched.json["text"] == posted["text"]  # absent fields keep their value
    closed = client.post(f"/api/v1/needs/{posted['id']}/close",
                         json={"outcome": "fulfilled"}, headers=headers)
    assert closed.status_code == 200 and closed.json["status"] == "fulfilled"
    need = fresh(Need, posted["id"])
    assert need.closed_by_id == pole.a_admin.id and need.closed_at is not None
    again = client.post(f"/api/v1/needs/{posted['id']}/close",
                        json={"outcome": "withdrawn"}, headers=headers)
    assert again.status_code == 409
    # A closed need leaves the board, and others no longer see it.
    other = bearer(pole.b_member)
    assert client.get("/api/v1/needs", headers=other).json["total"] == 0
    assert client.get(f"/api/v1/needs/{posted['id']}", headers=other).status_code == 404
    ours = client.get("/api/v1/needs?ours=true", headers=headers)
    assert [n["status"] for n in ours.json["items"]] == ["fulfilled"]


def test_the_cell_may_close_any_need(client, pole, bearer, posted):
    closed = client.post(f"/api/v1/needs/{posted['id']}/close",
                         json={"outcome": "withdrawn"}, headers=bearer(pole.cell))
    assert closed.status_code == 200 and closed.json["status"] == "withdrawn"


@pytest.mark.parametrize(("method", "suffix", "body"), [
    ("PATCH", "", {"text": "Autre chose"}),
    ("POST", "/close", {"outcome": "withdrawn"}),
])
def test_another_organisation_cannot_change_a_need(client, pole, bearer, posted, method,
                                                    suffix, body):
    others = [bearer(pole.b_member), bearer(pole.b_admin)]
    before = snapshot()
    for headers in others:
        response = client.open(f"/api/v1/needs/{posted['id']}{suffix}", method=method,
                               json=body, headers=headers)
        assert response.status_code == 403, response.json
    anonymous = client.open(f"/api/v1/needs/{posted['id']}{suffix}", method=method, json=body)
    assert anonymous.status_code == 401
    assert snapshot() == before
    assert fresh(Need, posted["id"]).status == NeedStatus.OPEN


def test_who_may_act_is_decided_before_the_body_is_read(client, pole, bearer, posted):
    response = client.patch(f"/api/v1/needs/{posted['id']}", json={"capacity": 0},
                            headers=bearer(pole.b_member))
    assert response.status_code == 403


def test_an_expired_need_leaves_the_board_and_reads_as_expired(client, pole, bearer, posted):
    need = db.session.get(Need, posted["id"])
    need.open_until = pole_today() - timedelta(days=1)
    db.session.commit()
    assert client.get("/api/v1/needs", headers=bearer(pole.b_member)).json["total"] == 0
    own = client.get(f"/api/v1/needs/{posted['id']}", headers=bearer(pole.a_member))
    assert own.json["status"] == "expired"
    # A later date reopens it.
    later = (pole_today() + timedelta(days=5)).isoformat()
    reopened = client.patch(f"/api/v1/needs/{posted['id']}", json={"open_until": later},
                            headers=bearer(pole.a_member))
    assert reopened.json["status"] == "open"


BAD_INPUT = [
    ("empty text", {"text": "   "}, "text"),
    ("no text", {"text": ""}, "text"),
    ("a text of 100,000 characters", {"text": "a" * 100_000}, "text"),
    ("a window ending before it starts",
     {"window_from": "2030-06-06T17:00", "window_to": "2030-06-06T09:00"}, "window_to"),
    ("half a window", {"window_to": None}, "window_to"),
    ("a skipped local time", {"window_from": "2030-03-31T02:30"}, "window_from"),
    ("quantity 0", {"kind": "tool", "quantity": 0, "capacity": None,
                    "category": None}, "quantity"),
    ("capacity 0", {"capacity": 0}, "capacity"),
    ("an unknown kind", {"kind": "spaceship"}, "kind"),
    ("no hours", {"duration_hours": "0"}, "duration_hours"),
    ("a length longer than the window", {"duration_hours": "9"}, "duration_hours"),
    ("a category of another kind", {"category": "tool"}, "category"),
    ("a date already past", {"open_until": "2020-01-01"}, "open_until"),
    ("too many tags", {"tags": [f"t{n}" for n in range(11)]}, "tags"),
]


@pytest.mark.parametrize(("case", "change", "field"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_is_refused_naming_the_field(client, pole, bearer, english, case, change,
                                               field):
    if change.get("category") == "tool":
        change = {"category": _category_id("tool", "Véhicule")}
    headers = bearer(pole.a_member)
    before = snapshot()
    response = client.post("/api/v1/needs", json=_room(**change), headers=headers)
    assert response.status_code == 422, response.json
    assert list(response.json["error"]["fields"]) == [field]
    assert all(m for m in response.json["error"]["fields"][field])
    assert snapshot() == before


def test_a_missing_need_is_not_found(client, pole, bearer):
    for path in ("/api/v1/needs/999", ):
        assert client.get(path, headers=bearer(pole.a_member)).status_code == 404
    response = client.post("/api/v1/needs/999/close", json={"outcome": "withdrawn"},
                           headers=bearer(pole.a_member))
    assert response.status_code == 404


NEEDS_API = {"/api/v1/needs", "/api/v1/needs/<int:need_id>", "/api/v1/needs/<int:need_id>/close",
             "/api/v1/needs/<int:need_id>/matches"}  # matches: in test_matching_api


def test_every_needs_api_route_is_tested_here(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1/needs")}
    assert rules == NEEDS_API


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/v1/needs"), ("POST", "/api/v1/needs"), ("GET", "/api/v1/needs/1"),
    ("PATCH", "/api/v1/needs/1"), ("POST", "/api/v1/needs/1/close"),
])
def test_an_anonymous_caller_gets_401(client, method, path):
    before = snapshot()
    assert client.open(path, method=method, json={}).status_code == 401
    assert snapshot() == before
