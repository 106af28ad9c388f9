"""The catalogue's search as a new member types it: sentences, plurals, abbreviations and
synonyms find the offer a person would pick, best first, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from pooling.catalogue import services
from pooling.catalogue.models import OfferKind, Unit
from pooling.search import thesaurus
from tests.conftest import publish


def _search(q: str, viewer=None, **filters) -> list[int]:
    query = services.OfferQuery(q=q, viewer_member_id=viewer.member_id if viewer else None,
                                **filters)
    return [offer.id for offer in services.search_offers(query).items]


def test_a_plural_finds_a_hyphenated_title(searchable):
    assert _search("perceuses") == [searchable["drill"].id]


@pytest.mark.parametrize("q, wanted", [
    ("compta", "accounts"), ("RGPD", "gdpr"), ("embaucher notre premier salarié", "hiring"),
    ("comptabilté", "accounts"),  # a typo
    ("PROTECTION DES DONNEES", "gdpr"),  # no accents, capitals
])
def test_abbreviations_synonyms_and_typos_find_the_offer(searchable, q, wanted):
    assert _search(q)[0] == searchable[wanted].id


def test_a_word_inside_another_is_not_a_match(searchable):
    assert _search("main") == [searchable["hands"].id]  # not the room open all « semaine »


def test_a_sentence_finds_the_offers_sharing_its_words_best_first(searchable, pole):
    found = _search("On cherche une salle pour une formation de 12 personnes jeudi")
    assert found[:2] == [searchable["room"].id, searchable["own_room"].id]


def test_the_searching_organisations_own_offers_come_last(searchable, pole):
    found = _search("salle formation", viewer=pole.a_member)
    assert found[-1] == searchable["own_room"].id
    assert found[0] == searchable["room"].id
    assert _search("salle réunion", viewer=pole.a_member)[-1] == searchable["own_room"].id


def test_the_other_filters_still_apply(searchable):
    assert _search("salle formation", min_capacity=15) == [searchable["room"].id]
    assert _search("salle", kind=OfferKind.TOOL) == []


def test_the_result_says_which_words_matched(searchable):
    page = services.search_offers(services.OfferQuery(q="compta paie"))
    assert {"comptabilité", "paie"} <= set(page.matched[searchable["accounts"].id])


def test_a_change_to_the_offers_shows_in_the_next_search(searchable, pole):
    assert _search("tronçonneuse") == []
    saw = publish(pole.b_member, pole.org_b, OfferKind.TOOL, "Tronçonneuse", quantity=1,
                 unit=Unit.DAY)
    assert _search("tronçonneuse") == [saw.id]
    services.unpublish(pole.b_member, saw.id)
    assert _search("tronçonneuse") == []


def test_the_cell_extends_the_thesaurus_and_search_follows(searchable, pole):
    assert _search("meuleuse") == []
    thesaurus.add_entry(pole.cell, "meuleuse", "perceuse")
    assert _search("meuleuse") == [searchable["drill"].id]
    [entry] = [e for e in thesaurus.list_entries() if e.term == "meuleuse"]
    thesaurus.remove_entry(pole.cell, entry.id)
    assert _search("meuleuse") == []


def test_the_thesaurus_starts_with_the_sectors_words(app):
    pairs = {(e.term, e.equivalent) for e in thesaurus.list_entries()}
    assert {("RGPD", "protection des données"), ("compta", "comptabilité"),
            ("CSE", "comité social et économique"), ("local", "salle")} <= pairs
