"""The review's cooperation and balance sections, their exports and the network's API: the
cell's alone. The figures are those of tests/cooperation_pole.py, worked out by hand in
tests/integration/test_review_cooperation.py."""

import csv
import html
import io
import json
import re

import networkx as nx
import pytest
from flask import request
from hypothesis import given
from hypothesis import strategies as st

from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.ledger.schemas import amount_json
from pooling.ledger.statements import Period
from pooling.pole.clock import pole_today
from pooling.review import network
from pooling.review.network_schemas import NetworkEdgeSchema, NetworkSchema
from tests import cooperation_pole

YEAR = "from=2026-01-01&to=2026-12-31"
EXPORTS = ["/review/cooperation.csv", "/review/balance.csv", "/review/network.csv",
           "/review/network.gexf", "/review/network.graphml"]


@pytest.fixture
def small_pole(pole, make_member):
    return cooperation_pole.small_pole(pole, make_member)


def network_of(client, query: str) -> str:
    """The network the dashboard of `query` fetches into its page, as its script does."""
    page = client.get(f"/review/?{query}").get_data(as_text=True)
    source = html.unescape(re.search(r'data-network-src="([^"]+)"', page).group(1))
    part = client.get(source)
    assert part.status_code == 200 and "<html" not in part.get_data(as_text=True)
    return part.get_data(as_text=True)


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_dashboard_shows_cooperation_balance_and_the_network(client, login_as, pole,
                                                                 small_pole):
    login_as(pole.cell)
    page = client.get(f"/review/?{YEAR}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'id="cooperation"' in text and 'id="balance"' in text and 'id="network"' in text
    # Only gives / only receives, by name.
    assert "Jardins du Trièves" in text and "Fournil d&#39;Eybens" in text
    # The average of 8/6 partners, in French.
    assert "1,3" in text
    # The network comes after the page: 6 members, 4 pairs, the isolated ones named.
    assert "<circle" not in text
    text = network_of(client, YEAR)
    assert text.count("<circle") == 6 and text.count("<line") == 4
    assert 'role="img"' in text
    # Each line and circle says what it stands for, in words and in the unit of account.
    lines = re.findall(r"<line [^>]*><title>([^<]*)</title>", text)
    circles = re.findall(r"<circle [^>]*><title>([^<]*)</title>", text)
    assert len(lines) == 4 and all(
        re.fullmatch(r".+ – .+: [\d\u202f]+,\d\d .+, \d+ échanges?", t) for t in lines), lines
    assert len(circles) == 6 and all(
        re.fullmatch(r".+: \d+ partenaires?, [\d\u202f]+,\d\d .+", t) for t in circles), circles
    isolated = text.split("review-isolated")[1].split("</ul>")[0]
    assert "Coopér&#39;Actions" in isolated and "Recyclerie du Vercors" in isolated


def test_the_network_has_a_page_of_its_own(client, login_as, pole, small_pole):
    """For a browser without scripts: the dashboard's link, and the kinds."""
    login_as(pole.cell)
    dashboard = client.get(f"/review/?{YEAR}&kind=tool").get_data(as_text=True)
    assert f'href="/review/network?{YEAR.replace("&", "&amp;")}&amp;kind=tool"' in dashboard
    page = client.get(f"/review/network?{YEAR}&kind=tool")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<title>" in text and text.count("<line") == 2
    assert re.search(r'aria-current="true" href="/review/network\?[^"]*kind=tool', text)


def test_the_network_of_one_kind_on_the_page(client, login_as, pole, small_pole):
    login_as(pole.cell)
    assert network_of(client, f"{YEAR}&kind=tool").count("<line") == 2  # B → A and A → D


def test_an_unknown_kind_is_explained(client, login_as, pole):
    login_as(pole.cell)
    page = client.get(f"/review/?{YEAR}&kind=boat")
    assert page.status_code == 400
    assert "Choisissez" in page.get_data(as_text=True)
    assert client.get(f"/review/network.csv?{YEAR}&kind=boat").status_code in (400, 422)
    for part in ("", "&part=1"):
        page = client.get(f"/review/network?{YEAR}&kind=boat{part}")
        assert page.status_code == 400 and "Choisissez" in page.get_data(as_text=True)
    page = client.get("/review/network?from=2026-13-01&part=1")
    assert page.status_code == 400 and 'role="alert"' in page.get_data(as_text=True)


def test_the_cooperation_csv_puts_the_period_beside_the_one_before(client, login_as, pole,
                                                                   small_pole):
    login_as(pole.cell)
    response = client.get(f"/review/cooperation.csv?{YEAR}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    table = {(r[0], r[1]): r[2:] for r in rows(response)[1:]}
    assert table["Nouveaux partenariats", ""] == ["3", "1"]  # 2026 beside 2025
    assert table["Membres", ""] == ["6", "6"]


def test_the_balance_csv_in_the_french_excel_dialect(client, login_as, pole, small_pole):
    login_as(pole.cell)
    response = client.get(f"/review/balance.csv?{YEAR}&dialect=excel-fr")
    text = response.get_data().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    totals = {r[0]: r for r in lines if len(r) > 1 and r[1] == "Tous les types"}
    assert totals["Ressourcerie La Remise"][2:6] == ["135,00", "118,00", "17,00", "2"]
    assert totals["Jardins du Trièves"][7] == "donne"
    assert totals["Fournil d'Eybens"][7] == "reçoit"


def test_the_edge_list_neutralises_formulas_in_names(client, login_as, pole, small_pole):
    small_pole.d.name = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    login_as(pole.cell)
    lines = rows(client.get(f"/review/network.csv?{YEAR}"))
    assert len(lines) == 1 + 4
    assert any(cell.startswith("'=HYPERLINK") for line in lines for cell in line)


@pytest.mark.parametrize("path, read", [("/review/network.gexf", nx.read_gexf),
                                        ("/review/network.graphml", nx.read_graphml)])
def test_gephi_downloads_read_back(client, login_as, pole, small_pole, path, read):
    login_as(pole.cell)
    response = client.get(f"{path}?{YEAR}&kind=tool")
    assert response.status_code == 200 and "reseau-tool-2026" in \
        response.headers["Content-Disposition"]
    graph = read(io.BytesIO(response.get_data()))
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 2


@pytest.mark.parametrize("path", ["/review/", "/review/network", *EXPORTS])
@pytest.mark.parametrize("who", ["a_member", "a_admin", "b_member"])
def test_members_are_refused_every_page_and_export(client, login_as, pole, who, path):
    login_as(getattr(pole, who))
    assert client.get(f"{path}?{YEAR}").status_code == 403


@pytest.mark.parametrize("path", ["/review/network", *EXPORTS])
def test_a_visitor_is_asked_to_sign_in_for_the_exports(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_network_api_gives_nodes_and_weighted_edges(client, bearer, pole, small_pole):
    s = small_pole
    response = client.get(f"/api/v1/stats/network?{YEAR}", headers=bearer(pole.cell))
    assert response.status_code == 200
    data = response.json
    assert (data["from"], data["to"], data["kind"]) == ("2026-01-01", "2026-12-31", None)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert len(nodes) == 6
    assert nodes[s.a.id] == {"id": s.a.id, "name": "Ressourcerie La Remise", "degree": 3,
                                  "strength": "253.00", "given": "135.00",
                                  "received": "118.00", "exchanges": 5}
    assert nodes[s.i.id]["degree"] == 0
    assert data["edges"][0] == {"source": min(s.a.id, s.b.id), "target": max(s.a.id, s.b.id),
                                "value": "190.00", "exchanges": 3}
    tools = client.get(f"/api/v1/stats/network?{YEAR}&kind=tool", headers=bearer(pole.cell))
    assert len(tools.json["edges"]) == 2


def test_the_network_api_answers_exactly_as_its_schema_dumps(client, bearer, pole, small_pole,
                                                             app):
    for query in (YEAR, f"{YEAR}&kind=tool", "from=2001-01-01&to=2001-12-31"):
        response = client.get(f"/api/v1/stats/network?{query}", headers=bearer(pole.cell))
        with app.test_request_context(f"/?{query}"):
            period = Period.parse(request.args["from"], request.args["to"], pole_today())
            kind = OfferKind(request.args["kind"]) if "kind" in request.args else None
            dumped = NetworkSchema().dump(network.network(period, kind))
        assert response.get_data() == json.dumps(dumped, ensure_ascii=False).encode()


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4,
                   min_value=-10**9, max_value=10**9))
def test_a_network_value_is_written_as_its_schema_writes_it(value):
    assert amount_json(value) == NetworkEdgeSchema().dump({"value": value})["value"]


def test_the_network_api_is_the_cells(client, bearer, pole):
    assert client.get("/api/v1/stats/network").status_code == 401
    for who in (pole.a_member, pole.a_admin):
        response = client.get("/api/v1/stats/network", headers=bearer(who))
        assert response.status_code == 403


def test_the_network_api_refuses_an_unknown_kind(client, bearer, pole):
    response = client.get("/api/v1/stats/network?kind=boat", headers=bearer(pole.cell))
    assert response.status_code == 422
    assert "kind" in response.json["error"]["fields"]


def test_the_network_is_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json
    assert "/api/v1/stats/network" in document["paths"]


def test_a_period_before_anyone_joined_shows_empty_sections(client, login_as, pole, small_pole):
    login_as(pole.cell)
    page = client.get("/review/?from=2001-01-01&to=2001-12-31&kind=skill")
    assert page.status_code == 200
    assert "Aucun échange pendant cette période." in network_of(
        client, "from=2001-01-01&to=2001-12-31&kind=skill")
    assert network_of(client, "from=2001-01-01&to=2001-12-31").count("<circle") == 0
    for path in EXPORTS:
        assert client.get(f"{path}?from=2001-01-01&to=2001-12-31").status_code == 200


def test_the_remembered_drawing_speaks_each_readers_language(client, login_as, pole,
                                                             small_pole):
    login_as(pole.cell)

    def drawing() -> str:
        text = network_of(client, YEAR)
        return text.split('<svg class="review-network"')[1].split("</svg>")[0]

    assert "3 échanges" in drawing()  # A–B
    with client.session_transaction() as session:
        session["lang"] = "en"
    assert "3 exchanges" in drawing()
