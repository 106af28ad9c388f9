"""The ledger's pages: who may do what, declaring, deciding, statements, their CSV, the
pole's ledger and closing periods."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from pooling import csv_safe
from pooling.accounts.models import Role
from pooling.catalogue import services as catalogue
from pooling.catalogue.models import OfferKind, Unit
from pooling.extensions import db
from pooling.ledger import services
from pooling.ledger.models import Exchange, ExchangeStatus, ExchangeUnit, LedgerClose
from pooling.ledger.services import Declaration
from pooling.pole import clock
from pooling.pole.models import SETTINGS_ID, PoleSettings
from tests.conftest import fresh, snapshot

DAY = date(2025, 3, 10)  # the exchanges' day: in a month that has ended
PERIOD = "from=2025-01-01&to=2025-12-31"


def _declare(pole, user=None, **fields) -> Exchange:
    data = dict(provider_id=pole.org_a.id, beneficiary_id=pole.org_b.id, kind=OfferKind.SKILL,
                quantity=Decimal("3"), unit=ExchangeUnit.HOUR, occurred_on=DAY,
                description="Notre comptable a aidé à clore les comptes")
    data.update(fields)
    return services.declare(user or pole.a_member, Declaration(**data))


@pytest.fixture
def rates(pole):
    catalogue.set_rate(pole.cell, OfferKind.SKILL, None, Unit.HOUR, Decimal("40"),
                       date(2024, 1, 1))


@pytest.fixture
def third(make_member, make_user):
    """A member of an organisation that took part in none of the exchanges."""
    return make_user(make_member(name="Compagnie Tierce"), Role.MEMBER,
                     email="member.c@example.org", full_name="Camille Tierce")


@pytest.fixture
def exchanges(pole, rates):
    """A gave B three hours of accounting (confirmed, 120) and one of a pending declaration;
    both were declared by A."""
    confirmed = _declare(pole)
    services.confirm(pole.b_member, confirmed.id)
    pending = _declare(pole, quantity=Decimal("1"), description="Relecture du budget")
    return {"confirmed": confirmed.id, "pending": pending.id, "org_a": pole.org_a.id,
            "org_b": pole.org_b.id, "cell_org": pole.cell_org.id}


def _declaration_form(**overrides) -> dict:
    form = {"direction": "given", "counterpart_id": "{cell_org}", "provider_id": "{org_a}",
            "beneficiary_id": "{org_b}", "kind": "skill", "offer_id": "", "quantity": "2,5",
            "unit": "hour", "occurred_on": (date.today() - timedelta(days=1)).isoformat(),
            "description": "Prêt d'une animatrice", "cooperation": "strategic"}
    form.update(overrides)
    return form


ALL = {"provider", "beneficiary", "other", "cell"}
PARTIES = {"provider", "beneficiary", "cell"}
CELL = {"cell"}
OWN_A = {"provider", "cell"}

ROUTES = [
    # method, path, who may, status when allowed, form
    ("GET", "/exchanges/", ALL, 200, None),
    ("GET", "/exchanges/new", ALL, 200, None),
    ("POST", "/exchanges/new", ALL, 302, _declaration_form()),
    ("GET", "/exchanges/{pending}", PARTIES, 200, None),
    ("POST", "/exchanges/{pending}/confirm", {"beneficiary", "cell"}, 302, {}),
    ("POST", "/exchanges/{pending}/reject", PARTIES, 302, {"reason": "Pas chez nous"}),
    ("POST", "/exchanges/{confirmed}/reverse", PARTIES, 302, {"reason": "Déclaré deux fois"}),
    ("GET", "/ledger/statement", ALL, 200, None),
    ("GET", "/ledger/members/{org_a}", OWN_A, 200, None),
    ("GET", "/ledger/members/{org_a}.csv", OWN_A, 200, None),
    ("GET", "/ledger/", CELL, 200, None),
    ("GET", "/ledger/exchanges.csv", CELL, 200, None),
    ("GET", "/ledger/balances", CELL, 200, None),
    ("GET", "/ledger/closes", CELL, 200, None),
    ("POST", "/ledger/closes", CELL, 302,
     {"starts_on": "2025-03-01", "ends_on": "2025-03-31", "confirm": "y"}),
]


@pytest.mark.parametrize("actor", ["anonymous", "provider", "beneficiary", "other", "cell"])
@pytest.mark.parametrize("method, path, allowed, ok, form", ROUTES,
                         ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_ledger_route_permissions(client, login_as, pole, third, exchanges, actor, method,
                                  path, allowed, ok, form):
    user = {"provider": pole.a_member, "beneficiary": pole.b_member, "other": third,
            "cell": pole.cell}.get(actor)
    if user:
        login_as(user)
    data = {k: v.format(**exchanges) for k, v in form.items()} if form else None
    before = snapshot()
    response = client.open(path.format(**exchanges), method=method, data=data)
    if user is None:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    elif actor in allowed:
        assert response.status_code == ok, response.get_data(as_text=True)[:3000]
        assert (snapshot() != before) == (method == "POST")
        return
    elif "{pending}" in path or "{confirmed}" in path:
        # Someone else's exchange does not exist for an outsider; the declaring side
        # sees it but does not confirm it.
        assert response.status_code == (404 if actor == "other" else 403)
    else:
        assert response.status_code == 403
    assert snapshot() == before


def test_every_ledger_route_is_in_the_matrix(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("ledger.")}
    matrix = {p.split("?")[0].replace("{pending}", "<int:exchange_id>")
              .replace("{confirmed}", "<int:exchange_id>").replace("{org_a}", "<int:member_id>")
              for _m, p, *_rest in ROUTES}
    assert rules == matrix


def switch(client, login_as, user) -> None:
    client.post("/logout")
    login_as(user)


def _exchanges() -> list[Exchange]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(Exchange).order_by(Exchange.id)))


# --- declaring ----------------------------------------------------------------------------


def test_a_member_declares_what_it_received_and_the_other_side_confirms(
        client, login_as, pole, rates, english):
    login_as(pole.b_member)
    page = client.get("/exchanges/new").get_data(as_text=True)
    assert 'name="direction"' in page and 'name="provider_id"' not in page
    assert f'<option value="{pole.org_b.id}"' not in page  # not with ourselves
    response = client.post("/exchanges/new", data=_declaration_form(
        direction="received", counterpart_id=str(pole.org_a.id), quantity="1,5"))
    assert response.status_code == 302
    exchange = _exchanges()[-1]
    assert response.headers["Location"].endswith(f"/exchanges/{exchange.id}")
    assert (exchange.provider_id, exchange.beneficiary_id, exchange.status) == (
        pole.org_a.id, pole.org_b.id, ExchangeStatus.PENDING)
    assert (exchange.quantity, exchange.value) == (Decimal("1.50"), Decimal("60.00"))
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The exchange is declared" in detail
    assert "Confirm the exchange" not in detail and "Withdraw the declaration" in detail

    switch(client, login_as, pole.a_admin)
    menu = client.get("/exchanges/?tab=to-confirm").get_data(as_text=True)
    assert "1 exchange to confirm" in menu and "Prêt d&#39;une animatrice" in menu
    detail = client.get(f"/exchanges/{exchange.id}").get_data(as_text=True)
    assert "Confirm the exchange" in detail
    response = client.post(f"/exchanges/{exchange.id}/confirm", follow_redirects=True)
    assert "The exchange is confirmed" in response.get_data(as_text=True)
    assert fresh(Exchange, exchange.id).status == ExchangeStatus.CONFIRMED
    assert "exchange to confirm" not in client.get("/exchanges/").get_data(as_text=True)


def test_the_cell_picks_both_sides_and_participation_only(client, login_as, pole, rates):
    login_as(pole.cell)
    page = client.get("/exchanges/new").get_data(as_text=True)
    assert 'name="provider_id"' in page and 'name="direction"' not in page
    response = client.post("/exchanges/new", data=_declaration_form(
        provider_id=str(pole.org_b.id), beneficiary_id=str(pole.org_a.id),
        participation_only="y", cooperation="commercial"))
    assert response.status_code == 302
    exchange = _exchanges()[-1]
    assert (exchange.provider_id, exchange.beneficiary_id) == (pole.org_b.id, pole.org_a.id)
    assert exchange.value is None and exchange.cooperation.value == "commercial"
    assert exchange.declared_for_id is None


def test_the_form_is_prefilled_from_an_offer(client, login_as, pole):
    offer = catalogue.create_offer(pole.a_member, pole.org_a.id, catalogue.OfferData(
        kind=OfferKind.SKILL, title="Conseil juridique",
        category_id=catalogue.list_categories(OfferKind.SKILL)[0].id))
    login_as(pole.b_member)
    page = client.get(f"/exchanges/new?offer={offer.id}").get_data(as_text=True)
    # A draft of another organisation stays invisible.
    assert 'selected value="received"' not in page and "Conseil juridique" not in page
    catalogue.change_status(pole.a_member, offer.id, "published")
    page = client.get(f"/exchanges/new?offer={offer.id}").get_data(as_text=True)
    assert f'<option selected value="{offer.id}">Conseil juridique' in page
    assert f'<option selected value="{pole.org_a.id}">' in page
    assert '<input checked class="form-check-input" id="direction-1"' in page


@pytest.mark.parametrize("overrides, field, message", [
    ({"quantity": "0"}, "quantity", "From 0.01 to 100,000."),
    ({"quantity": "beaucoup"}, "quantity", "is not a number: write it such as 2,5 or 2.5."),
    ({"quantity": "1,234"}, "quantity", "at most two decimals"),
    ({"occurred_on": "2099-01-01"}, "occurred_on", "once it has happened"),
    ({"occurred_on": "hier"}, "occurred_on", "This field is required."),
    ({"description": "  "}, "description", "This field is required."),
    ({"counterpart_id": ""}, "counterpart_id", "This field is required."),
    ({"counterpart_id": "{org_b}"}, "counterpart_id", "Not a valid choice"),
    ({"kind": "spaceship"}, "kind", "Not a valid choice"),
    ({"offer_id": "999999"}, "offer_id", "Not a valid choice"),
])
def test_a_bad_declaration_answers_422_and_writes_nothing(client, login_as, pole, rates,
                                                          english, overrides, field, message):
    login_as(pole.b_member)
    data = {k: v.format(org_b=pole.org_b.id, cell_org=pole.cell_org.id, org_a=pole.org_a.id,
                        ) for k, v in _declaration_form(**overrides).items()}
    before = snapshot()
    response = client.post("/exchanges/new", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body and f'id="{field}-error"' in body
    assert snapshot() == before


def test_an_offer_of_another_provider_is_refused_on_the_form(client, login_as, pole, rates,
                                                              english):
    offer = catalogue.change_status(pole.b_member, catalogue.create_offer(
        pole.b_member, pole.org_b.id, catalogue.OfferData(
            kind=OfferKind.SKILL, title="Atelier théâtre",
            category_id=catalogue.list_categories(OfferKind.SKILL)[0].id)).id, "published")
    login_as(pole.a_member)
    before = snapshot()
    # We gave, but the offer is the beneficiary's.
    response = client.post("/exchanges/new", data=_declaration_form(
        counterpart_id=str(pole.org_b.id), offer_id=str(offer.id)))
    assert response.status_code == 422
    assert "not one of the provider&#39;s" in response.get_data(as_text=True)
    assert snapshot() == before


# --- deciding -----------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["reject", "reverse"])
def test_a_decision_without_a_reason_answers_422_and_writes_nothing(
        client, login_as, pole, exchanges, english, action):
    login_as(pole.b_member)
    target = exchanges["pending" if action == "reject" else "confirmed"]
    before = snapshot()
    response = client.post(f"/exchanges/{target}/{action}", data={"reason": "   "})
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_decision_taken_twice_says_why(client, login_as, pole, exchanges, english):
    login_as(pole.b_member)
    client.post(f"/exchanges/{exchanges['pending']}/confirm")
    before = snapshot()
    response = client.post(f"/exchanges/{exchanges['pending']}/confirm",
                           follow_redirects=True)
    assert "This exchange is In the ledger already." in response.get_data(as_text=True) \
        or "already" in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_rejection_shows_its_reason_in_the_history(client, login_as, pole, exchanges,
                                                    english):
    login_as(pole.b_admin)
    response = client.post(f"/exchanges/{exchanges['pending']}/reject",
                           data={"reason": "Nous n'avons rien reçu"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The exchange is rejected." in page
    assert "Nous n&#39;avons rien reçu" in page and "Bruno Admin" in page
    assert f'action="/exchanges/{exchanges["pending"]}/reject"' not in page


def test_a_party_asks_for_a_reversal_the_other_agrees_and_both_stay_visible(
        client, login_as, pole, exchanges, english):
    original = exchanges["confirmed"]
    login_as(pole.a_member)
    response = client.post(f"/exchanges/{original}/reverse",
                           data={"reason": "Erreur de quantité"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "The reversal is asked" in page
    assert "Your reversal waits for the other organisation" in page
    asked = _exchanges()[-1]
    assert asked.reverses_id == original and asked.status == ExchangeStatus.PENDING

    switch(client, login_as, pole.b_member)
    page = client.get(f"/exchanges/{original}").get_data(as_text=True)
    assert "Agree to reverse it" in page and f"/exchanges/{asked.id}" in page
    page = client.get(f"/exchanges/{asked.id}").get_data(as_text=True)
    assert f"Reversal of exchange no. {original}" in page and "Agree to the reversal" in page
    client.post(f"/exchanges/{asked.id}/confirm")
    assert fresh(Exchange, original).status == ExchangeStatus.REVERSED
    page = client.get(f"/exchanges/{original}").get_data(as_text=True)
    assert "This exchange is reversed" in page and f"See the reversal no. {asked.id}" in page
    assert "Ask for a reversal" not in page
    page = client.get(f"/exchanges/{asked.id}").get_data(as_text=True)
    assert "cannot itself be reversed" in page and "/reverse" not in page
    reversed_list = client.get("/exchanges/?status=reversed").get_data(as_text=True)
    assert f"/exchanges/{original}" in reversed_list


def test_the_cell_reverses_at_once(client, login_as, pole, exchanges, english):
    login_as(pole.cell)
    response = client.post(f"/exchanges/{exchanges['confirmed']}/reverse",
                           data={"reason": "Doublon"}, follow_redirects=True)
    assert "its reversal is in the ledger" in response.get_data(as_text=True)
    assert fresh(Exchange, exchanges["confirmed"]).status == ExchangeStatus.REVERSED


def test_lists_filter_by_tab_kind_and_dates(client, login_as, pole, exchanges, third,
                                           english):
    login_as(pole.b_member)
    given = client.get("/exchanges/?tab=given").get_data(as_text=True)
    assert "No exchange matches" in given
    received = client.get("/exchanges/?tab=received").get_data(as_text=True)
    assert "2 exchanges" in received
    assert "No exchange matches" in client.get(
        "/exchanges/?kind=tool").get_data(as_text=True)
    assert "1 exchange" in client.get(
        "/exchanges/?status=pending&start=2025-03-01&end=2025-03-31").get_data(as_text=True)
    for bad in ("start=hier", "start=2025-03-10&end=2025-03-01", "kind=spaceship"):
        assert client.get(f"/exchanges/?{bad}").status_code == 400
    switch(client, login_as, third)
    assert "No exchange matches" in client.get("/exchanges/").get_data(as_text=True)


# --- statements ---------------------------------------------------------------------------


def test_the_statement_shows_totals_counterparts_and_lines(client, login_as, pole,
                                                          exchanges, english):
    login_as(pole.a_member)
    page = client.get(f"/ledger/statement?{PERIOD}").get_data(as_text=True)
    assert "Statement of Ressourcerie La Remise" in page
    assert "120.00" in page and "crédits" in page  # 3 hours at 40
    assert "3 hours" in page
    assert "Théâtre du Réel" in page  # the counterpart
    # Given 120 to it, received nothing: a positive balance, in green, signed.
    row = re.search(r"<tr><td>Théâtre du Réel</td>.*?</tr>", page).group(0)
    assert re.findall(r'<span class="text-nowrap ?([^"]*)">([^<]*)</span>', row) == [
        ("", "120.00 crédits"), ("", "0.00 crédits"),
        ("text-success-emphasis", "+120.00 crédits")]
    assert "Notre comptable" in page  # the line
    assert "Relecture du budget" not in page  # pending: not in the ledger
    assert "dialect=excel-fr" in page and "print=1" in page
    printable = client.get(f"/ledger/statement?{PERIOD}&print=1").get_data(as_text=True)
    assert "data-print" in printable and "js/print.js" in printable
    assert 'class="navbar' not in printable and "120.00" in printable
    other_year = client.get("/ledger/statement?from=2024-01-01&to=2024-12-31")
    assert "Nothing in this period." in other_year.get_data(as_text=True)


def test_a_long_statement_lists_its_lines_a_page_at_a_time(client, login_as, pole, rates,
                                                           english, monkeypatch, bearer):
    """On screen the lines come a page at a time, in date order, the totals always of the
    whole period; a page past the last shows the last; printed, the period is whole."""
    monkeypatch.setattr("pooling.ledger.statements.LINES_PER_PAGE", 2)
    for day in range(1, 6):
        exchange = _declare(pole, quantity=Decimal("1"), occurred_on=date(2025, 3, day),
                            description=f"Séance numéro {day}")
        services.confirm(pole.b_member, exchange.id)
    login_as(pole.a_member)

    def sessions(query: str) -> list[int]:
        page = client.get(f"/ledger/statement?{PERIOD}{query}").get_data(as_text=True)
        assert "200.00" in page  # the period's total given: 5 hours at 40, on every page
        return [int(n) for n in re.findall(r"Séance numéro (\d)", page)]

    assert sessions("") == [1, 2]
    page = client.get(f"/ledger/statement?{PERIOD}").get_data(as_text=True)
    assert "Lines 1 to 2 of 5, by date." in page
    # The next pages keep the period, and open on the lines.
    assert 'href="/ledger/statement?from=2025-01-01&amp;to=2025-12-31&amp;page=2#lines"' in page
    assert sessions("&page=2") == [3, 4]
    assert sessions("&page=3") == [5]
    assert "Lines 5 to 5 of 5" in client.get(
        f"/ledger/statement?{PERIOD}&page=3").get_data(as_text=True)
    for beyond in ("&page=99", "&page=99999999999999999999"):
        assert sessions(beyond) == [5]
    for before in ("&page=0", "&page=-3", "&page=deux"):
        assert sessions(before) == [1, 2]
    # Names of url_for's own or of the route's in the query are left out of the links.
    for clash in ("&_anchor=x", "&_external=1", "&member_id=999"):
        page = client.get(f"/ledger/members/{pole.org_a.id}?{PERIOD}{clash}")
        assert page.status_code == 200
        assert (f'href="/ledger/members/{pole.org_a.id}?from=2025-01-01&amp;to=2025-12-31'
                '&amp;page=2#lines"') in page.get_data(as_text=True)
    printable = client.get(f"/ledger/statement?{PERIOD}&print=1").get_data(as_text=True)
    assert [int(n) for n in re.findall(r"Séance numéro (\d)", printable)] == [1, 2, 3, 4, 5]
    assert "Lines 1 to" not in printable and 'aria-label="Pages"' not in printable
    # The API gives the period whole.
    assert len(client.get(f"/api/v1/ledger/members/{pole.org_a.id}?{PERIOD}",
                          headers=bearer(pole.a_member)).get_json()["entries"]) == 5


@pytest.mark.parametrize("query", ["from=hier", "from=2025-03-01&to=2025-01-01",
                                   "from=2000-01-01&to=2025-01-01"])
def test_a_bad_period_answers_400_with_the_message(client, login_as, pole, exchanges,
                                                   english, query):
    login_as(pole.a_member)
    response = client.get(f"/ledger/statement?{query}")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "YYYY-MM-DD" in body or "end after it starts" in body or "ten years" in body


def _rows(data: bytes, dialect) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), dialect))


def test_the_statement_csv_in_both_dialects(client, login_as, pole, exchanges, english):
    login_as(pole.a_member)
    plain = client.get(f"/ledger/members/{pole.org_a.id}.csv?{PERIOD}")
    assert plain.status_code == 200 and plain.mimetype == "text/csv"
    assert "attachment" in plain.headers["Content-Disposition"]
    assert not plain.data.startswith(b"\xef\xbb\xbf")
    rows = _rows(plain.data, csv.excel)
    assert rows[0][:3] == ["Section", "Date", "Exchange"]
    assert all(len(row) == len(rows[0]) for row in rows)
    total = next(r for r in rows if r[0] == "Total")
    assert (total[3], total[5], total[6], total[7], total[8]) == (
        "Given", "Skill", "3.00", "hours", "120.00")
    entry = next(r for r in rows if r[0] == "Entry")
    assert entry[1] == "2025-03-10" and entry[4] == "Théâtre du Réel"
    assert next(r for r in rows if r[0] == "Closing balance")[8] == "120.00"

    excel = client.get(f"/ledger/members/{pole.org_a.id}.csv?{PERIOD}&dialect=excel-fr")
    assert excel.data.startswith(b"\xef\xbb\xbf")  # the BOM Excel looks for
    first_line = excel.data.decode("utf-8-sig").splitlines()[0]
    assert first_line.count(";") == 12 and "," not in first_line
    rows = _rows(excel.data, "excel-fr-test")
    total = next(r for r in rows if r[0] == "Total")
    assert (total[6], total[8]) == ("3,00", "120,00")
    assert next(r for r in rows if r[0] == "Entry")[12] == (
        "Notre comptable a aidé à clore les comptes")


csv.register_dialect("excel-fr-test", delimiter=";")


def test_balances_public_changes_what_another_member_sees(client, login_as, pole, exchanges,
                                                          english):
    login_as(pole.b_member)
    assert client.get(f"/ledger/members/{pole.org_a.id}?{PERIOD}").status_code == 403
    assert client.get("/ledger/balances").status_code == 403
    assert "Balances of the pole" not in client.get("/exchanges/").get_data(as_text=True)

    db.session.get(PoleSettings, SETTINGS_ID) or db.session.add(
        PoleSettings(id=SETTINGS_ID, name="Pôle", unit_name="crédits"))
    db.session.get(PoleSettings, SETTINGS_ID).balances_public = True
    db.session.commit()

    response = client.get(f"/ledger/members/{pole.org_a.id}?{PERIOD}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "120.00" in page  # the totals
    assert "Notre comptable" not in page  # not the details
    assert "By counterpart organisation" not in page
    csv_rows = _rows(client.get(f"/ledger/members/{pole.org_a.id}.csv?{PERIOD}").data,
                     csv.excel)
    assert {r[0] for r in csv_rows[1:]} <= {"Total", "Opening balance",
                                            "Balance of the period", "Closing balance"}
    balances = client.get(f"/ledger/balances?{PERIOD}").get_data(as_text=True)
    assert "Ressourcerie La Remise" in balances and "+120.00" in balances


FORMULA = '=HYPERLINK("http://evil.example","Clic")'


@pytest.fixture
def formulas(pole, rates, make_member):
    """Text typed by people that a spreadsheet would run: an organisation's name, a
    description and a rejection's reason; B received 120, so its balance is negative."""
    org = make_member(name="@SUM(1+1)*cmd")
    services.confirm(pole.b_member, _declare(pole, description=FORMULA).id)
    services.confirm(pole.cell, _declare(pole, beneficiary_id=org.id, quantity=Decimal(1),
                                         description="Conseil").id)
    rejected = _declare(pole, description="+33 6 12 34 56 78")
    services.reject(pole.cell, rejected.id, "-2+3 heures, pas 5")
    return org


@pytest.mark.parametrize("dialect, decimal", [(csv.excel, "."), ("excel-fr-test", ",")])
def test_statements_neutralise_formulas_and_keep_negative_numbers(
        client, login_as, pole, formulas, english, dialect, decimal):
    query = "" if dialect == csv.excel else "&dialect=excel-fr"
    login_as(pole.cell)
    rows = _rows(client.get(f"/ledger/members/{pole.org_b.id}.csv?{PERIOD}{query}").data,
                 dialect)
    assert next(r for r in rows if r[0] == "Entry")[12] == "'" + FORMULA
    closing = next(r for r in rows if r[0] == "Closing balance")[8]
    assert closing == f"-120{decimal}00"  # a number a spreadsheet adds up: not quoted
    rows = _rows(client.get(f"/ledger/members/{pole.org_a.id}.csv?{PERIOD}{query}").data,
                 dialect)
    assert "'@SUM(1+1)*cmd" in {r[4] for r in rows if r[0] == "Counterpart"}
    assert not any(c.startswith(csv_safe.FORMULA_STARTS) for row in rows for c in row)


@pytest.mark.parametrize("dialect", [csv.excel, "excel-fr-test"])
def test_the_pole_export_neutralises_formulas(client, login_as, pole, formulas, english,
                                             dialect):
    login_as(pole.cell)
    query = "" if dialect == csv.excel else "&dialect=excel-fr"
    rows = _rows(client.get(f"/ledger/exchanges.csv?start=2025-01-01&end=2025-12-31{query}"
                            ).data, dialect)
    cells = [c for row in rows for c in row]
    assert {"'" + FORMULA, "'+33 6 12 34 56 78", "'-2+3 heures, pas 5",
            "'@SUM(1+1)*cmd"} <= set(cells)
    assert not any(c.startswith(csv_safe.FORMULA_STARTS) for c in cells)


# --- the pole's ledger and closes ---------------------------------------------------------


def test_the_pole_ledger_filters_totals_and_exports(client, login_as, pole, exchanges,
                                                   english):
    login_as(pole.cell)
    page = client.get("/ledger/?start=2025-01-01&end=2025-12-31").get_data(as_text=True)
    assert "Ledger of the pole" in page
    assert "Notre comptable" in page and "Relecture du budget" in page
    assert "120.00" in page and "Balances of the organisations" in page
    pending = client.get("/ledger/?start=2025-01-01&end=2025-12-31&status=pending")
    assert "Notre comptable" not in pending.get_data(as_text=True)
    assert client.get("/ledger/?start=hier").status_code == 400
    assert client.get("/ledger/?start=2025-05-01&end=2025-01-01").status_code == 400

    plain = client.get(f"/ledger/exchanges.csv?start=2025-01-01&end=2025-12-31"
                       f"&member={pole.org_b.id}")
    rows = _rows(plain.data, csv.excel)
    assert rows[0][:4] == ["Exchange", "Date", "Provider", "Beneficiary"]
    assert [r[0] for r in rows[1:]] == [str(exchanges["confirmed"]), str(exchanges["pending"])]
    assert rows[1][5] == "3.00" and rows[1][7] == "120.00"
    excel = client.get("/ledger/exchanges.csv?start=2025-01-01&end=2025-12-31"
                       "&dialect=excel-fr")
    assert excel.data.startswith(b"\xef\xbb\xbf")
    rows = _rows(excel.data, "excel-fr-test")
    assert rows[1][5] == "3,00" and rows[1][7] == "120,00" and len(rows) == 3
    assert client.get("/ledger/exchanges.csv?start=nope").status_code == 422


def test_the_cell_closes_the_next_month_and_late_exchanges_move_on(client, login_as, pole,
                                                                  exchanges, english):
    login_as(pole.cell)
    page = client.get("/ledger/closes").get_data(as_text=True)
    assert "No period is closed yet." in page
    assert 'value="2025-03-01"' in page and 'value="2025-03-31"' in page
    before = snapshot()
    for bad in ({"starts_on": "2025-03-01", "ends_on": "2025-03-31"},  # not ticked
                {"starts_on": "2025-03-01", "ends_on": "2030-12-31", "confirm": "y"},
                {"starts_on": "2025-02-01", "ends_on": "2025-03-31", "confirm": "y"}):
        response = client.post("/ledger/closes", data=bad)
        assert response.status_code == 422, bad
    assert snapshot() == before
    response = client.post("/ledger/closes", data={
        "starts_on": "2025-03-01", "ends_on": "2025-03-31", "confirm": "y"},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "is closed; its balances are stored" in page
    assert 'value="2025-04-01"' in page
    assert [(c.starts_on, c.ends_on) for c in db.session.scalars(sa.select(LedgerClose))] == [
        (date(2025, 3, 1), date(2025, 3, 31))]
    # A pending exchange of March, confirmed now, counts in April.
    client.post(f"/exchanges/{exchanges['pending']}/confirm")
    april = client.get("/ledger/?start=2025-04-01&end=2025-04-30").get_data(as_text=True)
    assert "40.00" in april


def test_the_declaration_form_and_its_check_follow_the_poles_day(
        client, login_as, pole, rates, monkeypatch):
    """At half past midnight on 1 January in the pole (still 31 December in UTC), the form
    proposes the pole's day, and an exchange of that day has happened."""
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    login_as(pole.a_member)
    form = client.get("/exchanges/new").get_data(as_text=True)
    assert 'value="2027-01-01"' in form
    response = client.post("/exchanges/new", data=_declaration_form(
        counterpart_id=str(pole.org_b.id), occurred_on="2027-01-01"))
    assert response.status_code == 302
    assert _exchanges()[-1].occurred_on == date(2027, 1, 1)
