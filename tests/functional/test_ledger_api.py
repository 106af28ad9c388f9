"""The ledger's API: declaring exchanges and their life cycle, statements, the pole's
totals, who may read and do what, and bad input."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from pooling.catalogue import services as catalogue
from pooling.catalogue.models import OfferKind, Unit
from pooling.extensions import db
from pooling.ledger.models import Exchange, ExchangeStatus, LedgerEntry
from pooling.pole.clock import pole_today
from pooling.pole.models import SETTINGS_ID, PoleSettings
from tests.conftest import fresh, snapshot


@pytest.fixture
def rates(pole):
    catalogue.set_rate(pole.cell, OfferKind.SKILL, None, Unit.HOUR, Decimal("40"),
                       date(2000, 1, 1))


def _body(pole, **fields) -> dict:
    body = {"provider_id": pole.org_a.id, "beneficiary_id": pole.org_b.id, "kind": "skill",
            "quantity": "3", "unit": "hour", "occurred_on": pole_today().isoformat(),
            "description": "Notre comptable a aidé à clore les comptes"}
    body.update(fields)
    return body


def _declare(client, headers, pole, **fields) -> dict:
    response = client.post("/api/v1/exchanges", json=_body(pole, **fields), headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def _entries() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry))


def _confirmed(client, bearer, pole) -> dict:
    exchange = _declare(client, bearer(pole.a_member), pole)
    response = client.post(f"/api/v1/exchanges/{exchange['id']}/confirm",
                           headers=bearer(pole.b_member))
    assert response.status_code == 200, response.json
    return response.json


# --- the life cycle -----------------------------------------------------------------------


def test_declare_then_confirm_posts_it_in_both_statements(client, bearer, pole, rates):
    a, b = bearer(pole.a_member), bearer(pole.b_member)
    declared = _declare(client, a, pole, quantity=1.5)
    assert declared["status"] == "pending"
    assert (declared["quantity"], declared["value"]) == ("1.50", "60.00")  # Decimals: strings
    assert declared["provider"] == {"id": pole.org_a.id, "name": "Ressourcerie La Remise"}
    assert declared["declared_for_id"] == pole.org_a.id
    assert declared["occurred_on"] == pole_today().isoformat()
    assert _entries() == 0

    # The other party has it to decide; the declaring one does not.
    to_decide = client.get("/api/v1/exchanges?to_decide=true", headers=b).json
    assert [e["id"] for e in to_decide["items"]] == [declared["id"]]
    assert client.get("/api/v1/exchanges?to_decide=true", headers=a).json["total"] == 0
    assert client.post(f"/api/v1/exchanges/{declared['id']}/confirm",
                       headers=a).status_code == 403

    confirmed = client.post(f"/api/v1/exchanges/{declared['id']}/confirm", headers=b)
    assert confirmed.status_code == 200
    assert confirmed.json["status"] == "confirmed"
    assert confirmed.json["decided_by_id"] == pole.b_member.id
    assert client.get(f"/api/v1/exchanges/{declared['id']}",
                      headers=a).json["status"] == "confirmed"
    assert _entries() == 2

    given = client.get(f"/api/v1/ledger/members/{pole.org_a.id}", headers=a).json
    year = pole_today().year
    assert given["period"] == {"from": f"{year}-01-01", "to": f"{year}-12-31"}
    assert given["detailed"] is True
    assert given["given"] == [{"kind": "skill", "unit": "hour", "quantity": "1.50",
                               "value": "60.00", "count": 1}]
    assert given["received"] == []
    assert (given["given_value"], given["received_value"], given["balance"],
            given["opening_balance"], given["closing_balance"]) == (
        "60.00", "0.00", "60.00", "0.00", "60.00")
    assert (given["given_to"], given["received_from"]) == (1, 0)
    assert given["counterparts"] == [{
        "id": pole.org_b.id, "name": "Théâtre du Réel", "given_value": "60.00",
        "received_value": "0.00", "given_count": 1, "received_count": 0, "balance": "60.00"}]
    [entry] = given["entries"]
    assert (entry["exchange_id"], entry["side"], entry["counterpart"]["id"],
            entry["quantity"], entry["value"]) == (
        declared["id"], "given", pole.org_b.id, "1.50", "60.00")

    received = client.get(f"/api/v1/ledger/members/{pole.org_b.id}", headers=b).json
    assert received["received"][0]["value"] == "60.00"
    assert received["balance"] == "-60.00" and received["received_from"] == 1
    assert received["entries"][0]["counterpart"]["id"] == pole.org_a.id


def test_the_list_filters_by_side_kind_status_and_period(client, bearer, pole):
    a = bearer(pole.a_member)
    today = pole_today()
    given = _declare(client, a, pole)
    received = _declare(client, a, pole, provider_id=pole.org_b.id,
                        beneficiary_id=pole.org_a.id, kind="tool", unit="item",
                        occurred_on=(today - timedelta(days=40)).isoformat(),
                        description="Deux tables prêtées")

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/v1/exchanges?{query}", headers=a)
        assert response.status_code == 200, response.json
        return [e["id"] for e in response.json["items"]]

    assert ids("") == [given["id"], received["id"]]  # the latest first
    assert ids("side=given") == [given["id"]]
    assert ids("side=received") == [received["id"]]
    assert ids("kind=tool") == [received["id"]]
    assert ids("status=confirmed") == []
    assert ids(f"member={pole.org_b.id}&status=pending") == [given["id"], received["id"]]
    assert ids(f"from={(today - timedelta(days=10)).isoformat()}") == [given["id"]]
    assert ids(f"to={(today - timedelta(days=10)).isoformat()}") == [received["id"]]
    paged = client.get("/api/v1/exchanges?per_page=1&page=2", headers=a).json
    assert (paged["total"], paged["pages"], paged["page"], paged["per_page"]) == (2, 2, 2, 1)
    assert [e["id"] for e in paged["items"]] == [received["id"]]
    assert received["value"] is None  # no rate per item: it counts participation


def test_either_party_rejects_with_a_reason_and_nothing_is_posted(client, bearer, pole):
    exchange = _declare(client, bearer(pole.a_member), pole)
    b = bearer(pole.b_admin)
    before = snapshot()
    for body in ({}, {"reason": "   "}, {"reason": "x" * 501}):
        response = client.post(f"/api/v1/exchanges/{exchange['id']}/reject", json=body,
                               headers=b)
        assert response.status_code == 422, body
        assert "reason" in response.json["error"]["fields"]
    assert snapshot() == before
    rejected = client.post(f"/api/v1/exchanges/{exchange['id']}/reject",
                           json={"reason": "Ce n'était pas nous"}, headers=b)
    assert rejected.status_code == 200
    assert (rejected.json["status"], rejected.json["reason"]) == (
        "rejected", "Ce n'était pas nous")
    again = client.post(f"/api/v1/exchanges/{exchange['id']}/confirm", headers=b)
    assert again.status_code == 409 and again.json["error"]["rule"] == "transition"
    assert _entries() == 0


def test_the_cell_reverses_at_once_and_a_reversal_cannot_be_reversed(client, bearer, pole,
                                                                     rates):
    exchange = _confirmed(client, bearer, pole)
    cell = bearer(pole.cell)
    reversed_ = client.post(f"/api/v1/exchanges/{exchange['id']}/reverse",
                            json={"reason": "Déclaré deux fois"}, headers=cell)
    assert reversed_.status_code == 200, reversed_.json
    reversal = reversed_.json
    assert reversal["id"] != exchange["id"] and reversal["reverses_id"] == exchange["id"]
    assert (reversal["status"], reversal["reason"]) == ("confirmed", "Déclaré deux fois")
    assert client.get(f"/api/v1/exchanges/{exchange['id']}",
                      headers=cell).json["status"] == "reversed"
    assert _entries() == 4

    before = snapshot()
    for target in (reversal["id"], exchange["id"]):
        refused = client.post(f"/api/v1/exchanges/{target}/reverse", json={"reason": "Encore"},
                              headers=cell)
        assert refused.status_code == 409, refused.json
        assert refused.json["error"]["rule"] == "transition"
    assert snapshot() == before

    statement = client.get(f"/api/v1/ledger/members/{pole.org_a.id}",
                           headers=bearer(pole.a_member)).json
    assert statement["given"] == [{"kind": "skill", "unit": "hour", "quantity": "0.00",
                                   "value": "0.00", "count": 0}]
    assert statement["balance"] == "0.00"
    assert [(e["quantity"], e["reverses_id"]) for e in statement["entries"]] == [
        ("3.00", None), ("-3.00", exchange["id"])]


@pytest.mark.parametrize("agreement", ["reverse", "confirm"])
def test_a_reversal_asked_by_one_party_is_posted_when_the_other_agrees(client, bearer, pole,
                                                                       agreement):
    exchange = _confirmed(client, bearer, pole)
    url = f"/api/v1/exchanges/{exchange['id']}/reverse"
    asked = client.post(url, json={"reason": "Erreur de quantité"},
                        headers=bearer(pole.a_admin))
    assert asked.status_code == 200
    assert asked.json["status"] == "pending" and asked.json["reverses_id"] == exchange["id"]
    assert _entries() == 2
    same_side = client.post(url, json={"reason": "Encore"}, headers=bearer(pole.a_member))
    assert same_side.status_code == 409 and same_side.json["error"]["rule"] == "transition"

    b = bearer(pole.b_member)
    if agreement == "reverse":
        agreed = client.post(url, json={"reason": "D'accord"}, headers=b)
    else:
        agreed = client.post(f"/api/v1/exchanges/{asked.json['id']}/confirm", headers=b)
    assert agreed.status_code == 200, agreed.json
    assert agreed.json["id"] == asked.json["id"] and agreed.json["status"] == "confirmed"
    assert fresh(Exchange, exchange["id"]).status == ExchangeStatus.REVERSED
    assert _entries() == 4


# --- statements and the pole's ledger -----------------------------------------------------


def _publish_balances():
    db.session.add(PoleSettings(id=SETTINGS_ID, name="Pôle", unit_name="crédits",
                                balances_public=True))
    db.session.commit()


def test_public_balances_show_other_members_the_totals_only(client, bearer, pole, rates,
                                                            make_member, make_user):
    _confirmed(client, bearer, pole)
    stranger = bearer(make_user(make_member(name="Tiers-Lieu du Vercors")))
    url = f"/api/v1/ledger/members/{pole.org_a.id}"
    assert client.get(url, headers=stranger).status_code == 403
    _publish_balances()
    for headers in (stranger, bearer(pole.b_member)):
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        totals = response.json
        assert totals["detailed"] is False
        assert "entries" not in totals and "counterparts" not in totals
        assert "Théâtre" not in response.get_data(as_text=True)  # nor the counterpart's name
        assert (totals["given_value"], totals["balance"]) == ("120.00", "120.00")
        assert (totals["given_to"], totals["received_from"]) == (1, 0)
    own = client.get(url, headers=bearer(pole.a_member)).json
    assert own["detailed"] is True and len(own["entries"]) == 1


def test_a_statement_of_a_period_brings_the_balance_forward(client, bearer, pole, rates):
    today = pole_today()
    earlier = (today - timedelta(days=30)).isoformat()
    exchange = _declare(client, bearer(pole.a_member), pole, occurred_on=earlier)
    client.post(f"/api/v1/exchanges/{exchange['id']}/confirm", headers=bearer(pole.cell))
    start = (today - timedelta(days=29)).isoformat()
    later = client.get(f"/api/v1/ledger/members/{pole.org_b.id}?from={start}"
                       f"&to={today.isoformat()}", headers=bearer(pole.b_member)).json
    assert later["period"] == {"from": start, "to": today.isoformat()}
    assert (later["opening_balance"], later["balance"], later["closing_balance"]) == (
        "-120.00", "0.00", "-120.00")
    assert later["entries"] == [] and later["received"] == []


def test_the_pole_ledger_is_for_the_cell_only(client, bearer, pole, rates):
    exchange = _confirmed(client, bearer, pole)
    for member in (pole.a_admin, pole.b_member):
        response = client.get("/api/v1/ledger", headers=bearer(member))
        assert response.status_code == 403
        assert response.json["error"]["code"] == "forbidden"
    totals = client.get("/api/v1/ledger", headers=bearer(pole.cell)).json
    assert totals["by_kind"] == [{"kind": "skill", "unit": "hour", "quantity": "3.00",
                                  "value": "120.00", "count": 1}]
    assert (totals["exchanges"], totals["commercial"], totals["members"], totals["pairs"],
            totals["value"]) == (1, 0, 2, 1, "120.00")
    balances = {b["id"]: (b["balance"], b["partners"]) for b in totals["balances"]}
    assert balances == {pole.org_a.id: ("120.00", 1), pole.org_b.id: ("-120.00", 1)}
    assert exchange["occurred_on"][:4] == totals["period"]["from"][:4]


@pytest.mark.parametrize("url", [
    "/api/v1/ledger/members/{a}?from=2026-06-01&to=2026-05-31",
    "/api/v1/ledger/members/{a}?from=demain",
    "/api/v1/ledger/members/{a}?from=2000-01-01&to=2030-12-31",
    "/api/v1/ledger?from=2026-06-01&to=2026-05-31",
    "/api/v1/exchanges?from=2026-06-01&to=2026-05-31",
    "/api/v1/exchanges?side=both",
    "/api/v1/exchanges?status=done",
])
def test_bad_periods_and_filters_are_422(client, bearer, pole, url):
    response = client.get(url.format(a=pole.org_a.id), headers=bearer(pole.cell))
    assert response.status_code == 422, response.json
    assert response.json["error"]["fields"]


def test_the_statement_of_an_unknown_organisation_is_404(client, bearer, pole):
    response = client.get("/api/v1/ledger/members/999999", headers=bearer(pole.cell))
    assert response.status_code == 404


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("change, field", [
    ({"provider_id": None}, "provider_id"),
    ({"kind": None}, "kind"),
    ({"quantity": None}, "quantity"),
    ({"unit": None}, "unit"),
    ({"occurred_on": None}, "occurred_on"),
    ({"description": None}, "description"),
    ({"quantity": 0}, "quantity"),
    ({"quantity": -1}, "quantity"),
    ({"quantity": "1.234"}, "quantity"),
    ({"quantity": 1.234}, "quantity"),
    ({"quantity": "abc"}, "quantity"),
    ({"quantity": "NaN"}, "quantity"),
    ({"quantity": 100001}, "quantity"),
    ({"unit": "litre"}, "unit"),
    ({"kind": "food"}, "kind"),
    ({"cooperation": "gift"}, "cooperation"),
    ({"occurred_on": "tomorrow"}, "occurred_on"),
    ({"occurred_on": "2026-02-30"}, "occurred_on"),
    ({"description": "  "}, "description"),
    ({"provider_id": 999_999, "beneficiary_id": "mine"}, "provider_id"),
    ({"beneficiary_id": "same"}, "beneficiary_id"),
    ({"offer_id": 999_999}, "offer_id"),
])
def test_a_bad_declaration_is_422_naming_the_field_and_writes_nothing(client, bearer, pole,
                                                                      change, field):
    body = _body(pole)
    if change.get("occurred_on") == "tomorrow":
        change = {"occurred_on": (pole_today() + timedelta(days=1)).isoformat()}
    if change.get("beneficiary_id") == "same":
        change = {"beneficiary_id": pole.org_a.id}
    if change.get("beneficiary_id") == "mine":  # a party: the refusal is about the input
        change = {**change, "beneficiary_id": pole.org_a.id}
    for name, value in change.items():
        if value is None:
            del body[name]  # missing
        else:
            body[name] = value
    headers = bearer(pole.a_member)
    before = snapshot()
    response = client.post("/api/v1/exchanges", json=body, headers=headers)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    assert response.json["error"]["message"]
    assert snapshot() == before


def test_a_member_declares_only_for_its_own_organisation(client, bearer, pole, make_member):
    other = make_member(name="Ailleurs")
    headers = bearer(pole.b_member)
    before = snapshot()
    response = client.post("/api/v1/exchanges", json=_body(
        pole, provider_id=other.id, beneficiary_id=pole.org_a.id), headers=headers)
    assert response.status_code == 403
    assert snapshot() == before
    # The cell declares for any two organisations.
    assert client.post("/api/v1/exchanges", json=_body(pole, provider_id=other.id),
                       headers=bearer(pole.cell)).status_code == 201


# --- who may do what ----------------------------------------------------------------------

LEDGER_API = {
    "/api/v1/exchanges", "/api/v1/exchanges/<int:exchange_id>",
    "/api/v1/exchanges/<int:exchange_id>/confirm", "/api/v1/exchanges/<int:exchange_id>/reject",
    "/api/v1/exchanges/<int:exchange_id>/reverse", "/api/v1/ledger",
    "/api/v1/ledger/members/<int:member_id>",
}


def test_every_ledger_api_route_is_in_the_matrix(app):
    rules = {(r.rule, m) for r in app.url_map.iter_rules()
             if r.rule.startswith(("/api/v1/exchanges", "/api/v1/ledger"))
             for m in r.methods - {"HEAD", "OPTIONS"}}
    assert {rule for rule, _method in rules} == LEDGER_API
    covered = {(path.split("?")[0], method) for method, path, _ in MATRIX}
    assert {(rule.replace("<int:exchange_id>", "{id}").replace("<int:member_id>", "{member}"),
             method) for rule, method in rules} == covered


@pytest.fixture
def pending(client, bearer, pole):
    """An exchange org A declared, that org B must confirm."""
    return _declare(client, bearer(pole.a_member), pole)


# declarer = a member of org A (the provider, who declared it), other = a member of org B
# (the beneficiary), stranger = a member of a third organisation, cell. Statements are org A's.
MATRIX = [
    ("POST", "/api/v1/exchanges", {"declarer": 201, "other": 201, "stranger": 403,
                                   "cell": 201}),
    ("GET", "/api/v1/exchanges", {"declarer": 200, "other": 200, "stranger": 200,
                                  "cell": 200}),
    ("GET", "/api/v1/exchanges/{id}", {"declarer": 200, "other": 200, "stranger": 404,
                                       "cell": 200}),
    ("POST", "/api/v1/exchanges/{id}/confirm", {"declarer": 403, "other": 200,
                                                "stranger": 404, "cell": 200}),
    ("POST", "/api/v1/exchanges/{id}/reject", {"declarer": 200, "other": 200,
                                               "stranger": 404, "cell": 200}),
    ("POST", "/api/v1/exchanges/{id}/reverse", {"declarer": 409, "other": 409,
                                                "stranger": 404, "cell": 409}),
    ("GET", "/api/v1/ledger/members/{member}", {"declarer": 200, "other": 403,
                                                "stranger": 403, "cell": 200}),
    ("GET", "/api/v1/ledger", {"declarer": 403, "other": 403, "stranger": 403, "cell": 200}),
]


@pytest.mark.parametrize("actor", ["anonymous", "declarer", "other", "stranger", "cell"])
@pytest.mark.parametrize("method, path, expected", MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX])
def test_ledger_api_permissions(client, bearer, pole, pending, make_member, make_user, actor,
                                method, path, expected):
    users = {"declarer": pole.a_member, "other": pole.b_member, "cell": pole.cell,
             "stranger": make_user(make_member(name="Tiers-Lieu du Vercors"))}
    headers = bearer(users[actor]) if actor in users else {}
    url = path.format(id=pending["id"], member=pole.org_a.id)
    body = (_body(pole) if url == "/api/v1/exchanges" else {"reason": "Pour voir"}
            ) if method == "POST" else None
    before = snapshot()
    response = client.open(url, method=method, json=body, headers=headers)
    status = 401 if actor == "anonymous" else expected[actor]
    assert response.status_code == status, response.json
    if status >= 400 or method == "GET":
        assert snapshot() == before
    if actor == "stranger" and method == "GET" and url == "/api/v1/exchanges":
        assert response.json["total"] == 0  # sees nobody else's exchanges


def test_the_ledger_api_is_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").json
    paths = spec["paths"]
    assert {"/api/v1/exchanges", "/api/v1/exchanges/{exchange_id}",
            "/api/v1/exchanges/{exchange_id}/confirm", "/api/v1/exchanges/{exchange_id}/reject",
            "/api/v1/exchanges/{exchange_id}/reverse", "/api/v1/ledger",
            "/api/v1/ledger/members/{member_id}"} <= set(paths)
    post = paths["/api/v1/exchanges"]["post"]
    assert {"201", "401", "403", "422"} <= set(post["responses"])
    assert post["summary"] and post["description"]
    params = {p["name"] for p in paths["/api/v1/exchanges"]["get"]["parameters"]}
    assert {"member", "kind", "status", "from", "to", "side", "to_decide", "page",
            "per_page"} <= params
    statement = paths["/api/v1/ledger/members/{member_id}"]["get"]
    assert {p["name"] for p in statement["parameters"]} >= {"from", "to"}
    assert {"200", "403", "404", "422"} <= set(statement["responses"])
    assert "409" in paths["/api/v1/exchanges/{exchange_id}/reverse"]["post"]["responses"]
    schemas = spec["components"]["schemas"]
    assert {"Exchange", "ExchangeIn", "ExchangePage", "Statement", "PoleTotals"} <= set(schemas)
    assert schemas["Exchange"]["properties"]["quantity"]["type"] == "string"
    assert set(schemas["ExchangeIn"]["properties"]["unit"]["enum"]) == {
        "hour", "half-day", "day", "item"}
