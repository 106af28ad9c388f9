"""The catalogue's search as a new member types it: sentences, plurals, abbreviations and
synonyms find the offer a person would pick, best first, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from pooling.catalogue import services
from pooling.catalogue.models import Category, OfferKind, OfferStatus, Unit
from pooling.extensions import db
from pooling.matching import thesaurus
from tests.integration.test_catalogue import WEEKDAYS


def _category(kind: OfferKind) -> int:
    return db.session.scalars(sa.select(Category.id).where(Category.kind == kind)
                              .order_by(Category.id)).first()


def _offer(user, member, kind: OfferKind, title: str, description: str = "",
           tags: list[str] | None = None, **extra):
    data = services.OfferData(kind=kind, title=title, description=description,
                              category_id=_category(kind), tags=tags or [],
                              opening_hours=WEEKDAYS, **extra)
    offer = services.create_offer(user, member.id, data)
    return services.change_status(user, offer.id, OfferStatus.PUBLISHED)


@pytest.fixture
def catalogue(pole):
    """A few offers of two organisations, written the way members write them."""
    b, a = pole.b_member, pole.a_member
    made = {
        "drill": _offer(b, pole.org_b, OfferKind.TOOL, "Perceuse-visseuse sans fil",
                        "Deux batteries, coffret d'embouts.", ["bricolage"], quantity=2,
                        unit=Unit.DAY),
        "accounts": _offer(b, pole.org_b, OfferKind.SKILL, "Comptabilité associative",
                           "Bilan annuel, budget prévisionnel, paie.", ["gestion"]),
        "gdpr": _offer(b, pole.org_b, OfferKind.SKILL, "Protection des données personnelles",
                       "Registre des traitements, mise en conformité."),
        "hiring": _offer(b, pole.org_b, OfferKind.SKILL, "Recrutement",
                         "Fiche de poste, annonce, entretiens."),
        "room": _offer(b, pole.org_b, OfferKind.PREMISES, "Salle de formation",
                       "Ouverte toute la semaine, 20 places, vidéoprojecteur.", capacity=20),
        "own_room": _offer(a, pole.org_a, OfferKind.PREMISES, "Salle de réunion",
                           "Pour vos formations.", capacity=12),
        "hands": _offer(b, pole.org_b, OfferKind.SKILL, "Coup de main pour un déménagement",
                        "Bras disponibles le samedi."),
    }
    return made


def _search(q: str, viewer=None, **filters) -> list[int]:
    query = services.OfferQuery(q=q, viewer_member_id=viewer.member_id if viewer else None,
                                **filters)
    return [offer.id for offer in services.search_offers(query).items]


def test_a_plural_finds_a_hyphenated_title(catalogue):
    assert _search("perceuses") == [catalogue["drill"].id]


@pytest.mark.parametrize("q, wanted", [
    ("compta", "accounts"), ("RGPD", "gdpr"), ("embaucher notre premier salarié", "hiring"),
    ("comptabilté", "accounts"),  # a typo
    ("PROTECTION DES DONNEES", "gdpr"),  # no accents, capitals
])
def test_abbreviations_synonyms_and_typos_find_the_offer(catalogue, q, wanted):
    assert _search(q)[0] == catalogue[wanted].id


def test_a_word_inside_another_is_not_a_match(catalogue):
    assert _search("main") == [catalogue["hands"].id]  # not the room open all « semaine »


def test_a_sentence_finds_the_offers_sharing_its_words_best_first(catalogue, pole):
    found = _search("On cherche une salle pour une formation de 12 personnes jeudi")
    assert found[:2] == [catalogue["room"].id, catalogue["own_room"].id]


def test_the_searching_organisations_own_offers_come_last(catalogue, pole):
    found = _search("salle formation", viewer=pole.a_member)
    assert found[-1] == catalogue["own_room"].id
    assert found[0] == catalogue["room"].id
    assert _search("salle réunion", viewer=pole.a_member)[-1] == catalogue["own_room"].id


def test_the_other_filters_still_apply(catalogue):
    assert _search("salle formation", min_capacity=15) == [catalogue["room"].id]
    assert _search("salle", kind=OfferKind.TOOL) == []


def test_the_result_says_which_words_matched(catalogue):
    page = services.search_offers(services.OfferQuery(q="compta paie"))
    assert {"comptabilité", "paie"} <= set(page.matched[catalogue["accounts"].id])


def test_a_change_to_the_offers_shows_in_the_next_search(catalogue, pole):
    assert _search("tronçonneuse") == []
    saw = _offer(pole.b_member, pole.org_b, OfferKind.TOOL, "Tronçonneuse", quantity=1,
                 unit=Unit.DAY)
    assert _search("tronçonneuse") == [saw.id]
    services.unpublish(pole.b_member, saw.id)
    assert _search("tronçonneuse") == []


def test_the_cell_extends_the_thesaurus_and_search_follows(catalogue, pole):
    assert _search("meuleuse") == []
    thesaurus.add_entry(pole.cell, "meuleuse", "perceuse")
    assert _search("meuleuse") == [catalogue["drill"].id]
    [entry] = [e for e in thesaurus.list_entries() if e.term == "meuleuse"]
    thesaurus.remove_entry(pole.cell, entry.id)
    assert _search("meuleuse") == []


def test_the_thesaurus_starts_with_the_sectors_words(app):
    pairs = {(e.term, e.equivalent) for e in thesaurus.list_entries()}
    assert {("RGPD", "protection des données"), ("compta", "comptabilité"),
            ("CSE", "comité social et économique"), ("local", "salle")} <= pairs
