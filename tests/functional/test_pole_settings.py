"""The cell names the pole and its unit of account; every page then speaks of them."""

import pytest

from pooling.pole.models import PoleSettings
from tests.conftest import fresh


def test_the_deployment_defaults_hold_until_the_cell_chooses(client, login_as, pole):
    login_as(pole.a_member)
    page = client.get("/offers/valuation").get_data(as_text=True)
    assert "crédits" in page
    assert "Pôle Coopér&#39;Actions" in client.get("/").get_data(as_text=True)


def test_the_cell_renames_the_unit_and_the_pole(client, login_as, pole):
    login_as(pole.cell)
    response = client.post("/pole/settings", data={"name": "Pôle des <b>Trois</b> Vallées",
                                                   "unit_name": "heures"})
    assert response.status_code == 302

    login_as(pole.a_member)
    valuation = client.get("/offers/valuation").get_data(as_text=True)
    assert "valorisé en heures" in valuation
    home = client.get("/").get_data(as_text=True)
    assert "Pôle des &lt;b&gt;Trois&lt;/b&gt; Vallées" in home  # escaped, as all input
    row = fresh(PoleSettings, 1)
    assert (row.unit_name, row.updated_by_id) == ("heures", pole.cell.id)


def test_the_name_reaches_the_emails(client, login_as, pole, sent_mail):
    login_as(pole.cell)
    client.post("/pole/settings", data={"name": "Pôle Belledonne", "unit_name": "euros"})
    login_as(pole.a_admin)
    client.post(f"/members/{pole.org_a.id}/people/new",
                data={"email": "zoe@example.org", "full_name": "Zoé", "role": "member",
                      "send_invitation": "y"})
    assert len(sent_mail) == 1
    assert "Pôle Belledonne" in sent_mail[0].subject


@pytest.mark.parametrize("data", [
    {"name": "", "unit_name": "heures"},
    {"name": "Pôle", "unit_name": ""},
    {"name": "Pôle", "unit_name": "x" * 41},
    {"name": "   ", "unit_name": "heures"},
])
def test_invalid_settings_are_refused_and_change_nothing(client, login_as, pole, data):
    login_as(pole.cell)
    client.post("/pole/settings", data={"name": "Pôle Vercors", "unit_name": "heures"})
    response = client.post("/pole/settings", data=data)
    assert response.status_code == 422
    assert "is-invalid" in response.get_data(as_text=True)
    row = fresh(PoleSettings, 1)
    assert (row.name, row.unit_name) == ("Pôle Vercors", "heures")


def test_the_cell_sets_replaces_and_removes_quotas(client, login_as, pole):
    from pooling.bookings.models import Quota
    from pooling.extensions import db

    login_as(pole.cell)
    quota = {"kind": "premises", "circle": "partner", "period": "month", "max_hours": "20"}
    assert client.post("/pole/quotas", data=quota).status_code == 302
    assert client.post("/pole/quotas", data={**quota, "max_hours": "30"}).status_code == 302
    rows = db.session.scalars(db.select(Quota)).all()
    assert [(q.kind.value, q.circle.value, q.max_hours) for q in rows] == [
        ("premises", "partner", 30)]
    page = client.get("/pole/quotas").get_data(as_text=True)
    assert "30 heures" in page or "30 hours" in page
    for bad in ({**quota, "max_hours": "0"}, {**quota, "kind": "spaceship"},
                {**quota, "max_hours": "beaucoup"}):
        assert client.post("/pole/quotas", data=bad).status_code == 422
    assert db.session.scalars(db.select(Quota.max_hours)).all() == [30]
    assert client.post(f"/pole/quotas/{rows[0].id}/delete").status_code == 302
    assert db.session.scalars(db.select(Quota)).all() == []
    assert client.post("/pole/quotas/999/delete").status_code == 404


def test_the_cell_makes_balances_public_to_members(client, login_as, pole):
    login_as(pole.cell)
    page = client.get("/pole/settings").get_data(as_text=True)
    assert 'name="balances_public"' in page and "checked" not in page.split(
        'name="balances_public"')[0][-80:]
    assert client.post("/pole/settings", data={
        "name": "Pôle Vercors", "unit_name": "heures", "balances_public": "y"}
    ).status_code == 302
    assert fresh(PoleSettings, 1).balances_public is True
    client.post("/logout")
    login_as(pole.a_member)
    assert client.get("/ledger/balances").status_code == 200
    assert client.get(f"/ledger/members/{pole.org_b.id}").status_code == 200

    client.post("/logout")
    login_as(pole.cell)
    # An unticked box is absent from the form: the balances are private again.
    client.post("/pole/settings", data={"name": "Pôle Vercors", "unit_name": "heures"})
    assert fresh(PoleSettings, 1).balances_public is False
    client.post("/logout")
    login_as(pole.a_member)
    assert client.get("/ledger/balances").status_code == 403
    assert client.get(f"/ledger/members/{pole.org_b.id}").status_code == 403


def test_the_cell_sets_how_much_cooperation_weighs_in_matching(client, login_as, pole):
    login_as(pole.cell)
    page = client.get("/pole/settings").get_data(as_text=True)
    assert 'name="new_partner_weight"' in page and 'value="10"' in page
    response = client.post("/pole/settings", data={
        "name": "Pôle", "unit_name": "heures", "new_partner_weight": "0",
        "balance_weight": "25"})
    assert response.status_code == 302
    row = fresh(PoleSettings, 1)
    assert (row.new_partner_weight, row.balance_weight) == (0, 25)
    # Left out, they stay as they are.
    client.post("/pole/settings", data={"name": "Pôle", "unit_name": "crédits"})
    assert fresh(PoleSettings, 1).balance_weight == 25


@pytest.mark.parametrize("weight", ["-1", "101", "2,5", "beaucoup"])
def test_a_weight_out_of_range_is_refused(client, login_as, pole, weight):
    login_as(pole.cell)
    client.post("/pole/settings", data={"name": "Pôle", "unit_name": "heures",
                                        "balance_weight": "5"})
    response = client.post("/pole/settings", data={
        "name": "Pôle", "unit_name": "heures", "balance_weight": weight})
    assert response.status_code == 422
    assert fresh(PoleSettings, 1).balance_weight == 5


def test_only_the_cell_sets_the_weights(client, login_as, pole):
    login_as(pole.a_admin)
    response = client.post("/pole/settings", data={
        "name": "Pôle", "unit_name": "heures", "new_partner_weight": "90"})
    assert response.status_code == 403
    assert fresh(PoleSettings, 1) is None or fresh(PoleSettings, 1).new_partner_weight == 10
