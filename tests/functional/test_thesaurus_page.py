"""The cell's page of the search thesaurus: list, add, remove; nobody else may."""

from __future__ import annotations

import re

import sqlalchemy as sa

from pooling import create_app
from pooling.extensions import db
from pooling.search import thesaurus
from pooling.search.models import ThesaurusEntry
from tests.conftest import PASSWORD, base_config, snapshot


def _terms() -> set[tuple[str, str]]:
    return set(db.session.execute(sa.select(ThesaurusEntry.term, ThesaurusEntry.equivalent)))


def test_the_cell_lists_adds_and_removes_entries(client, login_as, pole):
    login_as(pole.cell)
    page = client.get("/pole/thesaurus").get_data(as_text=True)
    assert "RGPD" in page and "protection des données" in page
    response = client.post("/pole/thesaurus", data={"term": "AMAP",
                                                    "equivalent": "paniers de légumes"})
    assert response.status_code == 302
    assert ("AMAP", "paniers de légumes") in _terms()
    [entry] = db.session.scalars(sa.select(ThesaurusEntry).where(ThesaurusEntry.term == "AMAP"))
    assert client.post(f"/pole/thesaurus/{entry.id}/delete").status_code == 302
    assert ("AMAP", "paniers de légumes") not in _terms()
    assert client.post("/pole/thesaurus/999999/delete").status_code == 404


def test_bad_entries_are_refused_with_a_reason_and_nothing_written(client, login_as, pole):
    login_as(pole.cell)
    before = _terms()
    for bad in ({"term": "", "equivalent": "salle"},
                {"term": "le", "equivalent": "salle"},  # only a stop word
                {"term": "compta", "equivalent": "Comptabilité"},  # already there
                {"term": "salles", "equivalent": "salle"},  # the same word
                {"term": "x" * 101, "equivalent": "salle"}):
        response = client.post("/pole/thesaurus", data=bad)
        assert response.status_code in (409, 422), bad
        assert 'class="invalid-feedback' in response.get_data(as_text=True) or \
            "alert" in response.get_data(as_text=True)
    assert _terms() == before


def test_a_member_and_a_visitor_cannot_change_the_thesaurus(client, login_as, pole):
    entry = thesaurus.add_entry(pole.cell, "ponceuse", "meuleuse")
    before = _terms()
    response = client.post("/pole/thesaurus", data={"term": "AMAP", "equivalent": "panier"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post(f"/pole/thesaurus/{entry.id}/delete").status_code == 302
    assert _terms() == before
    login_as(pole.a_admin)
    before = snapshot()
    assert client.get("/pole/thesaurus").status_code == 403
    assert client.post("/pole/thesaurus", data={"term": "AMAP",
                                                "equivalent": "panier"}).status_code == 403
    assert client.post(f"/pole/thesaurus/{entry.id}/delete").status_code == 403
    assert snapshot() == before


def test_adding_an_entry_needs_the_forms_token(pole):
    app = create_app(base_config(WTF_CSRF_ENABLED=True))
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"email": pole.cell.email, "password": PASSWORD,
                                "csrf_token": token})
    response = client.post("/pole/thesaurus", data={"term": "AMAP", "equivalent": "panier"})
    assert response.status_code == 400
    with app.app_context():
        assert ("AMAP", "panier") not in _terms()
        db.session.remove()
        db.engine.dispose()
