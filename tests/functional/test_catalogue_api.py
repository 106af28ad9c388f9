"""The catalogue's API: offers and the valuation grid, with their permissions and errors."""

import pytest
import sqlalchemy as sa

from pooling.catalogue.models import Category, OfferKind, OfferStatus, ValuationRate
from pooling.extensions import db
from tests.conftest import snapshot


def _category_id(kind: str, name: str) -> int:
    return db.session.scalar(sa.select(Category.id).where(
        Category.kind == OfferKind(kind), Category.name == name))


def _room(**overrides) -> dict:
    body = {"kind": "premises", "title": "Salle Vercors",
            "category": _category_id("premises", "Salle de réunion"), "capacity": 14,
            "tags": ["visio"], "opening_hours": [
                {"weekday": d, "opens_at": "09:00", "closes_at": "18:00"} for d in range(5)]}
    body.update(overrides)
    return body


def test_a_member_creates_publishes_finds_patches_and_archives_an_offer(client, pole, bearer):
    headers = bearer(pole.a_member)
    created = client.post("/api/v1/offers", json=_room(), headers=headers)
    assert created.status_code == 201, created.json
    offer = created.json
    assert (offer["status"], offer["member"]["id"], offer["capacity"]) == (
        "draft", pole.org_a.id, 14)
    assert offer["opening_hours"][0] == {"weekday": 0, "opens_at": "09:00", "closes_at": "18:00"}
    # A draft is not in the catalogue; publishing goes through the page's service.
    from pooling.catalogue import services

    services.change_status(pole.a_member, offer["id"], OfferStatus.PUBLISHED)
    other = bearer(pole.b_member)
    found = client.get("/api/v1/offers?q=VERCORS&kind=premises&min_capacity=10", headers=other)
    assert [o["title"] for o in found.json["items"]] == ["Salle Vercors"]
    available = client.get("/api/v1/offers?available_from=2026-06-01T10:00"
                           "&available_to=2026-06-01T12:00", headers=other)
    assert available.json["total"] == 1
    sunday = client.get("/api/v1/offers?available_from=2026-06-07T10:00:00%2B02:00"
                        "&available_to=2026-06-07T12:00:00%2B02:00", headers=other)
    assert sunday.json["total"] == 0
    patched = client.patch(f"/api/v1/offers/{offer['id']}", json={"capacity": 16},
                           headers=headers)
    assert patched.status_code == 200 and patched.json["capacity"] == 16
    assert patched.json["title"] == "Salle Vercors"  # absent fields keep their value
    archived = client.post(f"/api/v1/offers/{offer['id']}/archive", headers=headers)
    assert archived.json["status"] == "archived"
    assert client.get("/api/v1/offers", headers=other).json["total"] == 0


def test_another_organisation_cannot_change_or_see_drafts(client, pole, bearer):
    offer = client.post("/api/v1/offers", json=_room(), headers=bearer(pole.a_member)).json
    other = bearer(pole.b_admin)
    before = snapshot()
    assert client.get(f"/api/v1/offers/{offer['id']}", headers=other).status_code == 404
    assert client.patch(f"/api/v1/offers/{offer['id']}", json={"title": "Volée"},
                        headers=other).status_code == 404
    assert client.post(f"/api/v1/offers/{offer['id']}/archive",
                       headers=other).status_code == 404
    refused = client.post("/api/v1/offers", json=_room(member=pole.org_a.id), headers=other)
    assert refused.status_code == 403
    assert snapshot() == before
    assert client.get("/api/v1/offers").status_code == 401


def test_access_instructions_are_for_the_owner_only(client, pole, bearer):
    from pooling.catalogue import services

    offer = client.post("/api/v1/offers", json=_room(access_instructions="Code 4521"),
                        headers=bearer(pole.a_member)).json
    services.change_status(pole.a_member, offer["id"], OfferStatus.PUBLISHED)
    mine = client.get(f"/api/v1/offers/{offer['id']}", headers=bearer(pole.a_admin)).json
    theirs = client.get(f"/api/v1/offers/{offer['id']}", headers=bearer(pole.b_member)).json
    assert mine["access_instructions"] == "Code 4521"
    assert theirs["access_instructions"] == ""


@pytest.mark.parametrize("overrides, field", [
    ({"kind": "spaceship"}, "kind"),
    ({"capacity": 0}, "capacity"),
    ({"title": ""}, "title"),
    ({"title": "<b>" * 100}, "title"),
    ({"category": 999999}, "category"),  # the request's name, not the column's
    ({"opening_hours": [{"weekday": 7, "opens_at": "09:00", "closes_at": "10:00"}]},
     "opening_hours"),
    ({"opening_hours": [{"weekday": 1, "opens_at": "18:00", "closes_at": "10:00"}]},
     "opening_hours"),
    ({"value_per_unit": "NaN"}, "value_per_unit"),
    ({"tags": ["x"] * 11}, "tags"),
])
def test_malformed_offers_get_a_422_naming_the_field(client, pole, bearer, overrides, field):
    headers = bearer(pole.a_member)
    before = snapshot()
    response = client.post("/api/v1/offers", json=_room(**overrides), headers=headers)
    assert response.status_code == 422, response.json
    # Keyed as sent; a list's items as `opening_hours.0.weekday`.
    assert any(name.split(".")[0] == field for name in response.json["error"]["fields"])
    assert snapshot() == before


def test_bad_filters_are_a_422(client, pole, bearer):
    headers = bearer(pole.a_member)
    for query in ("kind=spaceship", "min_capacity=0", "available_from=yesterday",
                  "sort=price", "per_page=1000"):
        assert client.get(f"/api/v1/offers?{query}", headers=headers).status_code == 422


def test_the_valuation_grid_is_read_by_all_and_set_by_the_cell(client, pole, bearer):
    body = {"kind": "skill", "category": None, "unit": "hour", "value": "30.00",
            "valid_from": "2026-01-01"}
    refused = client.post("/api/v1/valuation", json=body, headers=bearer(pole.a_admin))
    assert refused.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(ValuationRate.id))) == 0
    created = client.post("/api/v1/valuation", json=body, headers=bearer(pole.cell))
    assert created.status_code == 201
    grid = client.get("/api/v1/valuation?on=2026-06-01", headers=bearer(pole.a_member)).json
    assert grid == [{"kind": "skill", "category": None, "unit": "hour", "value": "30.00",
                     "valid_from": "2026-01-01"}]
    assert client.get("/api/v1/valuation?on=2025-06-01",
                      headers=bearer(pole.a_member)).json == []
    bad = client.post("/api/v1/valuation", json={**body, "value": "-1"},
                      headers=bearer(pole.cell))
    assert bad.status_code == 422


def test_offers_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/api/v1/offers", "/api/v1/offers/{offer_id}", "/api/v1/offers/{offer_id}/archive",
            "/api/v1/valuation"} <= set(paths)
    params = {p["name"] for p in paths["/api/v1/offers"]["get"]["parameters"]}
    assert {"kind", "q", "category", "member", "min_capacity", "min_quantity",
            "available_from", "available_to", "page", "per_page"} <= params


CATALOGUE_API = {"/api/v1/offers", "/api/v1/offers/<int:offer_id>",
                 "/api/v1/offers/<int:offer_id>/archive", "/api/v1/offers/<int:offer_id>/publish",
                 "/api/v1/offers/<int:offer_id>/unpublish", "/api/v1/valuation",
                 "/api/v1/categories"}


def test_every_catalogue_api_route_is_tested_here(app):
    rules = {r.rule for r in app.url_map.iter_rules()
             if r.rule.startswith(("/api/v1/offers", "/api/v1/valuation", "/api/v1/categories"))
             and not r.rule.endswith(("/availability",  # in test_bookings_api
                                      "/matching-needs"))}  # in test_matching_api
    assert rules == CATALOGUE_API


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/v1/offers"), ("POST", "/api/v1/offers"), ("GET", "/api/v1/offers/1"),
    ("PATCH", "/api/v1/offers/1"), ("POST", "/api/v1/offers/1/archive"),
    ("GET", "/api/v1/valuation"), ("POST", "/api/v1/valuation"),
])
def test_anonymous_callers_get_a_json_401(client, method, path):
    response = client.open(path, method=method, json={})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
