"""GET /api/v1/stats: the review's figures as data, for the animation cell only."""

import pytest

from tests import cooperation_pole
from tests.review_pole import ReviewPole

FEB = "from=2026-02-01&to=2026-02-28"


@pytest.fixture
def review(pole, make_member):
    return ReviewPole(pole, make_member)


def test_the_cell_reads_the_figures_of_a_period(client, bearer, review, pole):
    response = client.get(f"/api/v1/stats?{FEB}", headers=bearer(pole.cell))
    assert response.status_code == 200
    data = response.json
    assert set(data) == {"period", "members", "offers", "bookings", "occupancy", "cooperation",
                         "balance"}
    assert data["period"] == {"from": "2026-02-01", "to": "2026-02-28"}
    members = data["members"]
    # The cell, A, B and C; 3 × 3.5 + 10 FTE; 3 of 4 pool something.
    assert (members["members"], members["staff_fte"], members["pooling_share"]) == \
        (4, "20.5", 0.75)
    assert {"key": "scop", "name": "", "count": 1, "share": 0.25} in members["by_legal_form"]
    assert {k["kind"]: k["count"] for k in data["offers"]["by_kind"]} == \
        {"skill": 1, "premises": 2, "tool": 1}
    bookings = data["bookings"]
    # 3 room bookings (9 h), 2 loans (58 h), 1 lesson (2 h), by A and B.
    assert bookings["total"] == {"kind": None, "month": None, "bookings": 6, "hours": 69.0,
                                 "organisations": 2}
    assert {"kind": "premises", "month": "2026-02-01", "bookings": 3, "hours": 9.0,
            "organisations": 1} in bookings["by_month"]
    # The request made on 5 Feb still waits; the one of 10 Feb was answered after 10 days.
    assert bookings["incidents"] == {"no_shows": 1, "late_cancellations": 1, "declined": 1,
                                     "waiting": 2, "waiting_days": 3}
    room = next(u for u in data["occupancy"] if u["title"] == "Salle Jaurès")
    # 9 h booked of 149 h open (160 h less 8 h and 3 h closed).
    assert (room["used"], room["available"], room["unit"]) == (9.0, 149.0, "hours")
    assert room["rate"] == pytest.approx(9 / 149)


def test_the_period_defaults_to_this_year(client, bearer, pole):
    data = client.get("/api/v1/stats", headers=bearer(pole.cell)).json
    assert data["period"]["from"].endswith("-01-01") and data["period"]["to"].endswith("-12-31")


@pytest.mark.parametrize("who", ["a_member", "a_admin", "b_admin"])
def test_others_than_the_cell_are_refused(client, bearer, pole, who):
    response = client.get(f"/api/v1/stats?{FEB}", headers=bearer(getattr(pole, who)))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_without_a_token_the_api_asks_for_one(client):
    response = client.get(f"/api/v1/stats?{FEB}")
    assert response.status_code == 401


@pytest.mark.parametrize("query", ["from=2026-13-01", "from=2026-03-01&to=2026-02-01",
                                   "from=0001-01-01"])
def test_a_wrong_period_is_explained(client, bearer, pole, query):
    response = client.get(f"/api/v1/stats?{query}", headers=bearer(pole.cell))
    assert response.status_code == 422
    assert response.json["error"]["message"]


def test_the_stats_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "get" in paths["/api/v1/stats"]


def test_the_stats_give_partners_and_balance_per_member(client, bearer, pole, make_member):
    # The small pole of tests/cooperation_pole.py, worked out by hand in
    # tests/integration/test_review_cooperation.py.
    small = cooperation_pole.small_pole(pole, make_member)
    body = client.get("/api/v1/stats?from=2026-01-01&to=2026-12-31",
                      headers=bearer(pole.cell)).get_json()
    partners = {m["member_id"]: m["partners"] for m in body["cooperation"]["per_member"]}
    # A has B, D and F; B has A (C's exchange was reversed); C and I none; D and F two each.
    assert partners == {small.a.id: 3, small.b.id: 1, small.c.id: 0, small.d.id: 2,
                        small.f.id: 2, small.i.id: 0}
    assert body["cooperation"]["partners_average"] == pytest.approx(8 / 6)
    assert body["cooperation"]["new_partnerships"] == 3
    flows = {f["member_id"]: f for f in body["balance"]["flows"]}
    # F gave 1 h of skill (40) and 4 h of premises (48), and received nothing.
    assert (flows[small.f.id]["given_value"], flows[small.f.id]["received_value"]) == \
        ("88.00", "0.00")
    assert body["balance"]["only_give"] == [small.f.id]
    assert body["balance"]["only_receive"] == [small.d.id]
    assert body["balance"]["concentration"]["top"] == 2
    assert body["balance"]["concentration"]["exchange_share"] == pytest.approx(5 / 6)
