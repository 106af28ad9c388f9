"""The matching API: the offers that can serve a need, and the needs an offer can serve,
best first, with their first free time and reasons; for the need's (or the offer's)
organisation and the cell only."""

from datetime import UTC, datetime, time

import pytest

from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import OfferKind, OfferStatus
from pooling.needs import services as needs
from pooling.needs.models import NeedStatus
from pooling.needs.schemas import MatchListSchema, NeedMatchListSchema
from tests.conftest import publish, snapshot

# Thursday 6 June 2030, in the pole's time (Paris, summer: UTC+2).
WINDOW = (datetime(2030, 6, 6, 7, tzinfo=UTC), datetime(2030, 6, 6, 15, tzinfo=UTC))


@pytest.fixture
def matched(pole):
    """Organisation A's need of a training room for 12; B's rooms that fit it, one a
    better match than the other; B's room too small; and A's own room."""
    pole.training = publish(pole.b_member, pole.org_b, OfferKind.PREMISES, "Salle de formation",
                            "Vidéoprojecteur, tables, 20 places pour vos formations.",
                            ["formation"], capacity=20)
    pole.hall = publish(pole.b_member, pole.org_b, OfferKind.PREMISES, "Salle polyvalente",
                        "Grande salle pour vos fêtes, réunions et formations.", capacity=40)
    pole.tiny = publish(pole.b_member, pole.org_b, OfferKind.PREMISES,
                        "Petite salle de formation", "Pour les formations en petit groupe.",
                        ["formation"], capacity=4)
    pole.own = publish(pole.a_member, pole.org_a, OfferKind.PREMISES,
                       "Salle de formation de la Remise", "Pour vos formations.", capacity=30)
    pole.need = needs.create_need(pole.a_member, needs.NeedData(
        kind=OfferKind.PREMISES, text="Une salle pour une formation de 12 personnes",
        tags=["formation"], window_from=WINDOW[0], window_to=WINDOW[1],
        duration_minutes=150, capacity=12))
    return pole


def _matches(client, headers, need_id, query=""):
    return client.get(f"/api/v1/needs/{need_id}/matches{query}", headers=headers)


def test_matches_keep_the_contract_best_first(client, matched, bearer):
    response = _matches(client, bearer(matched.a_member), matched.need.id)
    assert response.status_code == 200, response.json
    items = response.json["items"]
    assert [i["offer"]["id"] for i in items][:2] == [matched.training.id, matched.hall.id]
    # Not the organisation's own room, nor one too small for 12.
    assert {i["offer"]["id"] for i in items}.isdisjoint({matched.own.id, matched.tiny.id})
    first = items[0]
    assert set(first) == {"offer", "score", "first_free", "reasons"}
    assert first["offer"] == {"id": matched.training.id, "title": "Salle de formation",
                              "kind": "premises", "member": matched.org_b.name}
    # The first time of the length wanted, in the pole's time with its offset.
    assert first["first_free"] == {"start": "2030-06-06T09:00:00+02:00",
                                   "end": "2030-06-06T11:30:00+02:00"}
    assert first["reasons"] and all(isinstance(r, str) and r for r in first["reasons"])
    scores = [i["score"] for i in items]
    assert scores == sorted(scores, reverse=True)


def test_the_needs_organisation_and_the_cell_see_the_matches(client, matched, bearer):
    seen = [_matches(client, bearer(user), matched.need.id)
            for user in (matched.a_member, matched.a_admin, matched.cell)]
    assert [r.status_code for r in seen] == [200, 200, 200]
    assert seen[0].json == seen[1].json == seen[2].json


def test_others_may_not_see_a_needs_matches(client, matched, bearer):
    others = [bearer(matched.b_member), bearer(matched.b_admin)]
    before = snapshot()
    for headers in others:
        refused = _matches(client, headers, matched.need.id)
        assert refused.status_code == 403, refused.json
        assert refused.json["error"]["message"]
    assert _matches(client, {}, matched.need.id).status_code == 401
    # Who may look is decided before the query is read.
    assert _matches(client, others[0], matched.need.id, "?limit=0").status_code == 403
    assert snapshot() == before


def test_an_unknown_need_is_not_found(client, matched, bearer):
    response = _matches(client, bearer(matched.cell), matched.need.id + 1000)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_a_closed_need_has_no_matches(client, matched, bearer):
    needs.close_need(matched.a_member, matched.need.id, NeedStatus.FULFILLED)
    response = _matches(client, bearer(matched.a_member), matched.need.id)
    assert response.status_code == 200 and response.json == {"items": []}


@pytest.mark.parametrize("limit", ["0", "51", "-3", "many", "2.5"])
def test_a_bad_limit_is_refused_with_a_message(client, matched, bearer, english, limit):
    response = _matches(client, bearer(matched.a_member), matched.need.id, f"?limit={limit}")
    assert response.status_code == 422
    assert response.json["error"]["fields"]["limit"][0]


def test_the_limit_caps_the_list(client, matched, bearer):
    response = _matches(client, bearer(matched.a_member), matched.need.id, "?limit=1")
    assert response.status_code == 200
    assert [i["offer"]["id"] for i in response.json["items"]] == [matched.training.id]


# --- the needs an offer can serve --------------------------------------------------


def _matching_needs(client, headers, offer_id, query=""):
    return client.get(f"/api/v1/offers/{offer_id}/matching-needs{query}", headers=headers)


def test_the_offers_organisation_and_the_cell_see_the_needs_it_can_serve(client, matched,
                                                                          bearer):
    for user in (matched.b_member, matched.b_admin, matched.cell):
        response = _matching_needs(client, bearer(user), matched.training.id)
        assert response.status_code == 200, response.json
        items = response.json["items"]
        assert [i["need"]["id"] for i in items] == [matched.need.id]
        assert set(items[0]) == {"need", "score", "first_free", "reasons"}
        assert items[0]["need"] == {
            "id": matched.need.id, "text": "Une salle pour une formation de 12 personnes",
            "kind": "premises", "member": matched.org_a.name}
        assert items[0]["first_free"] == {"start": "2030-06-06T09:00:00+02:00",
                                          "end": "2030-06-06T11:30:00+02:00"}
        assert items[0]["reasons"]


def test_an_offer_too_small_serves_no_need(client, matched, bearer):
    response = _matching_needs(client, bearer(matched.b_member), matched.tiny.id)
    assert response.status_code == 200 and response.json == {"items": []}


def test_others_may_not_see_which_needs_an_offer_serves(client, matched, bearer):
    for user in (matched.a_member, matched.a_admin):
        refused = _matching_needs(client, bearer(user), matched.training.id)
        assert refused.status_code == 403, refused.json
    assert _matching_needs(client, bearer(matched.a_member), matched.training.id,
                           "?limit=99").status_code == 403
    assert _matching_needs(client, {}, matched.training.id).status_code == 401


def test_an_unknown_or_hidden_offer_is_not_found(client, matched, bearer):
    draft = catalogue.create_offer(matched.b_member, matched.org_b.id, catalogue.OfferData(
        kind=OfferKind.PREMISES, title="Salle en travaux", capacity=30,
        category_id=matched.training.category_id,
        opening_hours=[WeeklySlot(3, time(9), time(18))]))
    assert draft.status == OfferStatus.DRAFT
    assert _matching_needs(client, bearer(matched.a_member), draft.id).status_code == 404
    assert _matching_needs(client, bearer(matched.cell), 999_999).status_code == 404


def test_a_bad_limit_for_matching_needs_is_a_422(client, matched, bearer):
    response = _matching_needs(client, bearer(matched.b_member), matched.training.id,
                               "?limit=51")
    assert response.status_code == 422 and response.json["error"]["fields"]["limit"]


def test_both_routes_are_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json
    for path in ("/api/v1/needs/{need_id}/matches", "/api/v1/offers/{offer_id}/matching-needs"):
        operation = document["paths"][path]["get"]
        assert {"200", "401", "403", "404", "422"} <= set(operation["responses"])
        assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["limit"]
    schemas = document["components"]["schemas"]
    assert set(schemas["Match"]["properties"]) == {"offer", "score", "first_free", "reasons"}
    assert set(schemas["NeedMatch"]["properties"]) == {"need", "score", "first_free",
                                                       "reasons"}


def test_both_lists_are_what_their_schemas_would_write(client, matched, bearer):
    """Written without marshmallow, the lists are what their OpenAPI schemas say, as their
    schemas would have written them from the engine's matches."""
    from_need = _matches(client, bearer(matched.a_member), matched.need.id).json
    from_offer = _matching_needs(client, bearer(matched.b_member), matched.training.id).json
    for body, schema, key in ((from_need, MatchListSchema(), "offer"),
                              (from_offer, NeedMatchListSchema(), "need")):
        assert body["items"] and all(item["first_free"] for item in body["items"])
        assert schema.validate(body) == {}
        assert schema.dump(schema.load(body)) == body
        for item in body["items"]:
            assert isinstance(item["score"], float) and isinstance(item[key]["kind"], str)
