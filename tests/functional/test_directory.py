"""The member directory, organisation pages and the cell's management of organisations."""

import sqlalchemy as sa

from pooling.extensions import db
from pooling.members.models import Circle, Domain, LegalForm, Member


def _names(response) -> list[str]:
    import re

    return re.findall(r'class="stretched-link">([^<]+)</a>', response.get_data(as_text=True))


def test_directory_filters_by_legal_form_circle_and_domain_and_searches_names(
        client, pole, login_as):
    login_as(pole.a_member)
    assert len(_names(client.get("/members/"))) == 3
    assert _names(client.get("/members/?legal_form=scic")) == ["Théâtre du Réel"]
    assert _names(client.get("/members/?circle=founding-member")) == ["Théâtre du Réel"]
    assert _names(client.get("/members/?domain=eco-activities")) == ["Ressourcerie La Remise"]
    assert _names(client.get("/members/?q=remise")) == ["Ressourcerie La Remise"]
    assert _names(client.get("/members/?q=REEL")) == ["Théâtre du Réel"]
    assert _names(client.get("/members/?q=cooper")) == ["Coopér&#39;Actions"]
    empty = client.get("/members/?q=zzz")
    assert "Aucune structure ne correspond" in empty.get_data(as_text=True)


def test_directory_search_treats_wildcards_as_text(client, pole, login_as, make_member):
    make_member(name="100% Vélo")
    login_as(pole.a_member)
    assert _names(client.get("/members/?q=%25")) == ["100% Vélo"]
    assert _names(client.get("/members/?q=_")) == []


def test_directory_is_paginated_and_keeps_filters(client, pole, login_as, make_member):
    for n in range(25):
        make_member(name=f"Atelier {n:02d}", legal_form=LegalForm.SCOP)
    login_as(pole.a_member)
    first = client.get("/members/?legal_form=scop")
    assert len(_names(first)) == 20
    assert "legal_form=scop&amp;page=2" in first.get_data(as_text=True)
    second = client.get("/members/?legal_form=scop&page=2")
    assert _names(second) == [f"Atelier {n}" for n in range(20, 25)]


def test_organisation_page_shows_its_record_and_people(client, pole, login_as):
    login_as(pole.b_member)
    body = client.get(f"/members/{pole.org_a.id}").get_data(as_text=True)
    assert "Ressourcerie La Remise" in body
    assert "Aline Admin" in body and "Arnaud Membre" in body
    assert "3,5" in body  # staff in FTE, French number format
    assert "1 janvier 2020" in body  # date of joining, French date format


def test_cell_registers_an_organisation(client, pole, login_as):
    login_as(pole.cell)
    assert client.get("/members/new").status_code == 200
    response = client.post("/members/new", data={
        "name": "  Jardins de la Solidarité  ", "legal_form": "association",
        "circle": "partner", "domains": ["food", "employment"],
        "description": "Maraîchage d'insertion.", "city": "Échirolles", "postcode": "38130",
        "email": "Contact@Jardins.example.org", "website": "https://jardins.example.org",
        "staff_fte": "12.5", "joined_on": "2024-09-01"})
    assert response.status_code == 302
    member = db.session.scalars(sa.select(Member).where(
        Member.name == "Jardins de la Solidarité")).one()
    assert member.name_key == "jardins de la solidarite"
    assert member.email == "contact@jardins.example.org"
    assert {d.code for d in member.domains} == {"food", "employment"}
    assert str(member.staff_fte) == "12.5"
    assert response.headers["Location"] == f"/members/{member.id}"


def test_cell_edits_an_organisation(client, pole, login_as):
    login_as(pole.cell)
    form = client.get(f"/members/{pole.org_a.id}/edit").get_data(as_text=True)
    assert 'value="Ressourcerie La Remise"' in form
    response = client.post(f"/members/{pole.org_a.id}/edit", data={
        "name": "Ressourcerie La Remise", "legal_form": "scic", "circle": "founding-member",
        "domains": ["culture"], "joined_on": "2015-05-05"})
    assert response.status_code == 302
    db.session.expire_all()
    member = db.session.get(Member, pole.org_a.id)
    assert member.legal_form == LegalForm.SCIC and member.circle == Circle.FOUNDING_MEMBER
    assert [d.code for d in member.domains] == ["culture"]


def test_cell_adds_an_activity_domain_that_then_files_members(client, pole, login_as):
    login_as(pole.cell)
    response = client.post("/members/domains", data={"name": "Mobilité durable",
                                                     "name_en": "Sustainable mobility"})
    assert response.status_code == 302
    domain = db.session.scalars(sa.select(Domain).where(Domain.name == "Mobilité durable")).one()
    assert domain.code == "mobilite-durable"
    duplicate = client.post("/members/domains", data={"name": "Mobilité durable"})
    assert duplicate.status_code == 409
    assert db.session.scalar(sa.select(sa.func.count(Domain.id)).where(
        Domain.name == "Mobilité durable")) == 1
    page = client.get("/members/").get_data(as_text=True)
    assert 'value="mobilite-durable"' in page


def test_home_page_shows_my_organisation_and_the_pole(client, pole, login_as):
    login_as(pole.b_admin)
    body = client.get("/").get_data(as_text=True)
    assert "Théâtre du Réel" in body
    assert "Bruno Admin" in body and "Berthe Membre" in body
    assert "Ajouter une personne" in body  # a member admin manages their people


def test_english_can_be_chosen(client, pole, login_as):
    login_as(pole.a_member)
    response = client.post("/language", data={"lang": "en", "next": "/members/"})
    assert response.headers["Location"] == "/members/"
    body = client.get("/members/").get_data(as_text=True)
    assert "Member directory" in body and '<html lang="en">' in body
    db.session.expire_all()
    assert db.session.get(type(pole.a_member), pole.a_member.id).locale == "en"


def test_language_choice_never_redirects_to_another_site(client):
    response = client.post("/language", data={"lang": "en", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_healthz_answers_503_when_the_database_is_unreachable(app_config):
    from pooling import create_app
    from tests.conftest import base_config

    broken = create_app(base_config(
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none"
        "?connect_timeout=1"))
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error"


def test_a_new_domain_named_like_a_built_in_code_gets_its_own_code(client, pole, login_as):
    login_as(pole.cell)
    response = client.post("/members/domains", data={"name": "Culture"})
    assert response.status_code == 302
    codes = set(db.session.scalars(sa.select(Domain.code)))
    assert {"culture", "culture-2"} <= codes
