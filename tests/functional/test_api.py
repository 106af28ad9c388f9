"""The JSON API: the person, the directory, errors and the OpenAPI document."""

import re

import sqlalchemy as sa

from pooling.accounts.models import ApiToken
from pooling.extensions import db


def test_me_describes_the_token_owner(client, pole, bearer):
    response = client.get("/api/v1/me", headers=bearer(pole.a_admin))
    assert response.status_code == 200
    assert response.json["email"] == pole.a_admin.email
    assert response.json["role"] == "member-admin"
    assert response.json["member"] == {"id": pole.org_a.id, "name": "Ressourcerie La Remise"}


def test_missing_or_wrong_token_is_a_json_401(client, pole):
    for headers in ({}, {"Authorization": "Bearer pool_nope"}, {"Authorization": "Basic x"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.json["error"]["code"] == "unauthorized"
        assert response.json["error"]["message"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_session_cookie_does_not_authenticate_the_api(client, pole, login_as):
    login_as(pole.a_member)
    assert client.get("/api/v1/me").status_code == 401


def test_token_use_is_recorded(client, pole, bearer):
    client.get("/api/v1/me", headers=bearer(pole.a_member))
    assert db.session.scalars(sa.select(ApiToken)).one().last_used_at is not None


def test_members_are_filtered_like_the_directory(client, pole, bearer):
    headers = bearer(pole.a_member)
    everyone = client.get("/api/v1/members", headers=headers).json
    assert everyone["total"] == 3
    assert [m["name"] for m in everyone["items"]] == sorted(m["name"] for m in everyone["items"])
    scic = client.get("/api/v1/members?legal_form=scic", headers=headers).json
    assert [m["name"] for m in scic["items"]] == ["Théâtre du Réel"]
    culture = client.get("/api/v1/members?domain=culture", headers=headers).json
    assert [m["name"] for m in culture["items"]] == ["Théâtre du Réel"]
    cell = client.get("/api/v1/members?circle=animation-cell", headers=headers).json
    assert [m["name"] for m in cell["items"]] == ["Coopér'Actions"]
    searched = client.get("/api/v1/members?q=THEATRE%20du%20reel", headers=headers).json
    assert [m["name"] for m in searched["items"]] == ["Théâtre du Réel"]
    paged = client.get("/api/v1/members?per_page=2&page=2", headers=headers).json
    assert (paged["total"], paged["pages"], len(paged["items"])) == (3, 2, 1)


def test_member_detail_lists_people_with_emails_for_its_admins_only(client, pole, bearer):
    url = f"/api/v1/members/{pole.org_a.id}"
    for viewer, sees_emails in [(pole.a_admin, True), (pole.cell, True),
                                (pole.a_member, False), (pole.b_admin, False)]:
        response = client.get(url, headers=bearer(viewer))
        assert response.status_code == 200
        people = {p["full_name"]: p["email"] for p in response.json["people"]}
        assert set(people) == {"Aline Admin", "Arnaud Membre"}
        if sees_emails:
            assert people["Arnaud Membre"] == "member.a@example.org"
        else:
            assert set(people.values()) == {None}
            assert "@example.org" not in response.get_data(as_text=True).replace(
                "contact", "")


def test_unknown_member_is_a_json_404(client, pole, bearer):
    response = client.get("/api/v1/members/99999", headers=bearer(pole.a_member))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_invalid_filters_are_a_json_422_naming_the_field(client, pole, bearer):
    response = client.get("/api/v1/members?legal_form=cooperative&page=0",
                          headers=bearer(pole.a_member))
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"legal_form", "page"}


def test_openapi_document_describes_every_api_route(client, app):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    documented = {(path, method.upper()) for path, ops in spec["paths"].items()
                  for method in ops if method != "parameters"}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("api-docs"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, f"{method} {path} is not in openapi.json"
    members = spec["paths"]["/api/v1/members"]["get"]
    assert {p["name"] for p in members["parameters"]} >= {
        "q", "legal_form", "circle", "domain", "page", "per_page"}
    assert "422" in members["responses"] and "401" in members["responses"]
