"""What the pages do, an API client does too: publish and unpublish, list and add
categories; places without a capacity; a skill's provider from its own organisation; the
fields of a refusal named as the request named them, in the request's language."""

import pytest
import sqlalchemy as sa

from pooling.accounts.models import Role
from pooling.catalogue.models import Category, Offer, OfferKind, OfferStatus
from pooling.extensions import db
from pooling.members.models import Member
from tests.conftest import fresh, snapshot


def _category_id(kind: str) -> int:
    return db.session.scalars(sa.select(Category.id).where(Category.kind == OfferKind(kind))
                              .order_by(Category.id).limit(1)).one()


def _room(**overrides) -> dict:
    return {"kind": "premises", "title": "Réserve du sous-sol", "category":
            _category_id("premises"), "opening_hours": [
                {"weekday": d, "opens_at": "08:00", "closes_at": "20:00"} for d in range(5)],
            **overrides}


def _draft(client, bearer, user, **overrides) -> dict:
    created = client.post("/api/v1/offers", json=_room(**overrides), headers=bearer(user))
    assert created.status_code == 201, created.json
    return created.json


# --- publish and unpublish ----------------------------------------------------------------


def test_a_member_publishes_and_unpublishes_an_offer_of_their_organisation(client, bearer,
                                                                           pole):
    offer = _draft(client, bearer, pole.a_member, capacity=10)
    colleague = bearer(pole.a_admin)
    published = client.post(f"/api/v1/offers/{offer['id']}/publish", headers=colleague)
    assert published.status_code == 200, published.json
    assert published.json["status"] == "published" and published.json["published_at"]
    found = client.get("/api/v1/offers", headers=bearer(pole.b_member)).json["items"]
    assert [o["id"] for o in found] == [offer["id"]]

    unpublished = client.post(f"/api/v1/offers/{offer['id']}/unpublish", headers=colleague)
    assert unpublished.status_code == 200 and unpublished.json["status"] == "draft"
    assert client.get("/api/v1/offers", headers=bearer(pole.b_member)).json["items"] == []

    again = client.post(f"/api/v1/offers/{offer['id']}/unpublish", headers=colleague)
    assert again.status_code == 409
    assert again.json["error"]["rule"] == "transition"


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_only_the_offers_organisation_and_the_cell_publish_or_unpublish(client, bearer, pole,
                                                                        action):
    offer = _draft(client, bearer, pole.a_member, capacity=10)
    if action == "unpublish":
        client.post(f"/api/v1/offers/{offer['id']}/publish", headers=bearer(pole.a_member))
    other_headers = bearer(pole.b_admin)
    before = snapshot()
    path = f"/api/v1/offers/{offer['id']}/{action}"
    # Another organisation: a draft is as absent as a missing offer, a published one is 403.
    other = client.post(path, headers=other_headers)
    assert other.status_code == (404 if action == "publish" else 403)
    assert client.post(path).status_code == 401
    assert client.post(path, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert snapshot() == before
    assert client.post(path, headers=bearer(pole.cell)).status_code == 200


# --- categories ---------------------------------------------------------------------------


def test_everyone_lists_the_categories_and_the_cell_adds_one(client, bearer, pole):
    listed = client.get("/api/v1/categories?kind=tool", headers=bearer(pole.b_member))
    assert listed.status_code == 200
    assert listed.json and {c["kind"] for c in listed.json} == {"tool"}
    assert {"id", "kind", "name", "name_en"} <= set(listed.json[0])

    body = {"kind": "tool", "name": "Matériel de sonorisation", "name_en": "Sound system"}
    added = client.post("/api/v1/categories", json=body, headers=bearer(pole.cell))
    assert added.status_code == 201, added.json
    assert (added.json["name"], added.json["name_en"]) == (body["name"], body["name_en"])
    names = [c["name"] for c in client.get("/api/v1/categories?kind=tool",
                                           headers=bearer(pole.a_member)).json]
    assert body["name"] in names
    twice = client.post("/api/v1/categories", json=body, headers=bearer(pole.cell))
    assert twice.status_code == 409 and "name" in twice.json["error"]["fields"]


def test_only_the_cell_adds_a_category(client, bearer, pole):
    tokens = [bearer(user) for user in (pole.a_member, pole.a_admin, pole.b_admin)]
    before = snapshot()
    body = {"kind": "tool", "name": "Outillage"}
    for headers in tokens:
        refused = client.post("/api/v1/categories", json=body, headers=headers)
        assert refused.status_code == 403
    assert client.post("/api/v1/categories", json=body).status_code == 401
    assert client.get("/api/v1/categories").status_code == 401
    assert snapshot() == before


# --- the command line ---------------------------------------------------------------------


def test_the_command_line_registers_an_organisation_with_its_town(runner):
    result = runner.invoke(args=["members", "create", "Jardins de Cocagne", "--town",
                                 "Saint-Martin-d'Hères"])
    assert result.exit_code == 0, result.output
    member = db.session.scalars(sa.select(Member).where(
        Member.name == "Jardins de Cocagne")).one()
    assert member.city == "Saint-Martin-d'Hères"


# --- places without a capacity ------------------------------------------------------------


def test_a_storage_room_has_no_capacity_and_is_booked_for_any_number(client, bearer, pole):
    offer = _draft(client, bearer, pole.a_member)
    assert offer["capacity"] is None
    client.post(f"/api/v1/offers/{offer['id']}/publish", headers=bearer(pole.a_member))
    headers = bearer(pole.b_member)
    free = client.get(f"/api/v1/offers/{offer['id']}/availability?from=2030-06-03T00:00"
                      "&to=2030-06-04T00:00", headers=headers)
    assert free.status_code == 200 and free.json[0]["remaining"] is None
    booked = client.post("/api/v1/bookings", json={
        "offer": offer["id"], "start": "2030-06-03T10:00", "end": "2030-06-03T12:00",
        "attendees": 3}, headers=headers)
    assert booked.status_code == 201, booked.json
    none = client.post("/api/v1/bookings", json={
        "offer": offer["id"], "start": "2030-06-04T10:00", "end": "2030-06-04T12:00",
        "attendees": 0}, headers=headers)
    assert none.status_code == 422 and "attendees" in none.json["error"]["fields"]


def test_the_offer_form_saves_a_place_without_capacity(client, login_as, pole):
    from tests.functional.test_catalogue_pages import _room_form

    login_as(pole.a_member)
    response = client.post("/offers/new/premises", data=_room_form(capacity=""))
    assert response.status_code == 302, response.get_data(as_text=True)
    offer = db.session.scalars(sa.select(Offer)).one()
    assert (offer.kind, offer.capacity) == (OfferKind.PREMISES, None)


def test_the_database_still_refuses_a_capacity_of_zero(app, pole):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        db.session.execute(sa.insert(Offer).values(
            member_id=pole.org_a.id, kind=OfferKind.PREMISES, status=OfferStatus.DRAFT,
            category_id=_category_id("premises"), title="Salle", capacity=0,
            title_key="salle", search_key="salle"))
    db.session.rollback()


# --- a skill's provider -------------------------------------------------------------------


def _skill(**overrides) -> dict:
    return {"kind": "skill", "title": "Aide à la comptabilité", "category":
            _category_id("skill"), **overrides}


@pytest.mark.parametrize("who", ["another organisation", "deactivated"])
def test_a_skill_is_provided_by_an_active_person_of_its_organisation(client, bearer, pole,
                                                                     make_user, who):
    headers = bearer(pole.a_member)
    if who == "deactivated":
        provider = make_user(pole.org_a, Role.MEMBER, active=False)
    else:
        provider = pole.b_member
    before = snapshot()
    created = client.post("/api/v1/offers", json=_skill(provider_id=provider.id),
                          headers=headers)
    assert created.status_code == 422, created.json
    assert list(created.json["error"]["fields"]) == ["provider_id"]
    assert snapshot() == before

    offer = _draft(client, bearer, pole.a_member, **_skill(provider_id=pole.a_admin.id))
    patched = client.patch(f"/api/v1/offers/{offer['id']}", json={"provider_id": provider.id},
                           headers=headers)
    assert patched.status_code == 422 and "provider_id" in patched.json["error"]["fields"]
    assert fresh(Offer, offer["id"]).provider_id == pole.a_admin.id


def test_the_offer_form_refuses_a_provider_of_another_organisation(client, login_as, pole):
    login_as(pole.a_member)
    data = {"title": "Comptabilité", "category_id": str(_category_id("skill")),
            "booking_policy": "automatic", "unit": "hour", "min_duration_minutes": "30",
            "min_notice_minutes": "0", "buffer_minutes": "0",
            "provider_id": str(pole.b_member.id)}
    before = snapshot()
    response = client.post("/offers/new/skill", data=data)
    assert response.status_code == 422
    assert snapshot() == before


# --- fields as the request named them, messages in its language ---------------------------


def test_refused_fields_carry_the_requests_names(client, bearer, pole):
    offer = _draft(client, bearer, pole.a_member, capacity=10)
    client.post(f"/api/v1/offers/{offer['id']}/publish", headers=bearer(pole.a_member))
    headers = bearer(pole.b_member)
    backwards = client.post("/api/v1/bookings", json={
        "offer": offer["id"], "start": "2030-06-03T12:00", "end": "2030-06-03T10:00"},
        headers=headers)
    assert backwards.status_code == 422
    assert list(backwards.json["error"]["fields"]) == ["end"]
    crowd = client.post("/api/v1/bookings", json={
        "offer": offer["id"], "start": "2030-06-03T10:00", "end": "2030-06-03T12:00",
        "attendees": 200_000}, headers=headers)
    assert list(crowd.json["error"]["fields"]) == ["attendees"]
    wrong_kind = client.patch(f"/api/v1/offers/{offer['id']}",
                              json={"category": _category_id("tool")},
                              headers=bearer(pole.a_member))
    assert list(wrong_kind.json["error"]["fields"]) == ["category"]
    rate = client.post("/api/v1/valuation", json={
        "kind": "skill", "category": _category_id("tool"), "unit": "hour", "value": "30",
        "valid_from": "2026-01-01"}, headers=bearer(pole.cell))
    assert list(rate.json["error"]["fields"]) == ["category"]


def test_field_messages_speak_the_language_of_the_message(client, bearer, pole):
    """The API speaks French by default: the libraries' messages too."""
    refused = client.post("/api/v1/offers", json=_room(title="x" * 300, capacity="many"),
                          headers=bearer(pole.a_member))
    assert refused.status_code == 422
    error = refused.json["error"]
    assert error["message"] == "Certains champs ne sont pas valides."
    assert error["fields"] == {"title": ["Longueur comprise entre 1 et 200 caractères."],
                               "capacity": ["Nombre entier non valide."]}


def test_pages_show_and_book_a_place_without_capacity(client, login_as, pole, english):
    from pooling.catalogue import services

    offer = services.create_offer(pole.a_member, pole.org_a.id, services.OfferData(
        kind=OfferKind.PREMISES, title="Réserve", category_id=_category_id("premises")))
    services.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)
    login_as(pole.b_member)
    catalogue = client.get("/offers/")
    assert catalogue.status_code == 200 and "no capacity" in catalogue.get_data(as_text=True)
    form = client.get(f"/bookings/new?offer={offer.id}")
    assert form.status_code == 200 and "At most" not in form.get_data(as_text=True)
