"""Relevance ranking of offers (BM25 over the analysed words), without a database."""

from __future__ import annotations

from pooling.catalogue.models import OfferKind
from pooling.search.index import OfferIndex
from pooling.search.thesaurus import entry_key

OFFERS = {
    1: (OfferKind.TOOL, "Perceuse-visseuse sans fil", "Avec deux batteries.", "bricolage"),
    2: (OfferKind.SKILL, "Comptabilité associative", "Bilan, budget et paie.", "gestion"),
    3: (OfferKind.SKILL, "Protection des données personnelles", "Mise en conformité.", ""),
    4: (OfferKind.SKILL, "Recrutement", "Fiche de poste, entretiens.", "emploi"),
    5: (OfferKind.PREMISES, "Salle de réunion", "Ouverte toute la semaine.", "réunion"),
    6: (OfferKind.PREMISES, "Atelier partagé", "Une salle au rez-de-chaussée.", ""),
    7: (OfferKind.SKILL, "Main-d'œuvre pour un déménagement", "Bras disponibles.", ""),
}
THESAURUS = [("compta", "comptabilité"), ("RGPD", "protection des données"),
             ("embaucher", "recrutement")]


def index() -> OfferIndex:
    built = OfferIndex()
    for offer_id, (kind, title, description, tags) in OFFERS.items():
        built.add(offer_id, member_id=offer_id, kind=kind, fields={
            "title": title, "description": description, "tags": tags, "category": "",
            "member": "", "kind": ""})
    built.finish()
    return built


def synonyms(stems: list[str]) -> list[str]:
    """The thesaurus above, as the pole's is read: all the stems of one side give the other's."""
    found = []
    for term, equivalent in THESAURUS:
        for needed, gives in ((entry_key(term), entry_key(equivalent)),
                              (entry_key(equivalent), entry_key(term))):
            if set(needed.split()) <= set(stems):
                found += gives.split()
    return found


def ids(text: str, **options) -> list[int]:
    return [hit.offer_id for hit in index().rank(text, synonyms=synonyms, **options)]


def test_plurals_and_compounds_find_the_offer():
    assert ids("perceuses") == [1]
    assert ids("visseuse") == [1]


def test_abbreviations_and_synonyms_come_from_the_thesaurus():
    assert ids("compta") == [2]
    assert ids("RGPD") == [3]
    assert ids("embaucher notre premier salarié") == [4]


def test_a_word_inside_another_is_not_a_match():
    assert ids("main") == [7]


def test_a_sentence_needs_no_word_of_it_in_every_offer():
    found = ids("On cherche une salle de réunion pour une formation")
    assert found[:2] == [5, 6]


def test_the_title_counts_more_than_the_description():
    assert ids("salle") == [5, 6]


def test_small_typos_on_long_words_are_forgiven():
    assert ids("comptabilté") == [2]
    assert ids("perseuse") == [1]
    assert ids("recrutemnt") == [4]


def test_short_words_are_not_guessed():
    assert ids("bain") == []  # not « main »


def test_another_ending_is_another_word_not_a_typo():
    staff = OfferIndex()
    staff.add(1, member_id=1, kind=OfferKind.SKILL, fields={"title": "Personnel d'accueil"})
    staff.finish()
    assert staff.rank("personnes") == []
    assert [hit.offer_id for hit in staff.rank("personel")] == [1]  # a typo, though


def test_the_matched_words_are_the_offers_own():
    [hit] = index().rank("compta paie", synonyms=synonyms)
    assert hit.matched == ("comptabilité", "paie")


def test_a_kind_restricts_the_ranking():
    assert ids("salle", kind=OfferKind.SKILL) == []


def test_a_semantic_score_joins_the_ranking_through_its_seam():
    def closer_to_the_workshop(text, offer_ids):
        return {offer_id: (1.0 if offer_id == 6 else 0.0) for offer_id in offer_ids}

    assert ids("salle", similarity=closer_to_the_workshop, similarity_weight=10.0) == [6, 5]


def test_a_semantic_score_finds_a_paraphrase_sharing_no_word():
    def knows_hiring(text, offer_ids):
        assert set(offer_ids) == {2, 3, 4, 7}  # every skill, found by its words or not
        return {4: 0.9}

    found = index().rank("trouver quelqu'un pour notre équipe", kind=OfferKind.SKILL,
                         similarity=knows_hiring, similarity_weight=1.0)
    assert [hit.offer_id for hit in found] == [4]
