"""The French analyser that search and matching share: the words a text is compared by."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pooling.db import search_key
from pooling.search.analysis import MAX_WORDS, analyse, terms


def test_plurals_and_word_forms_agree():
    assert terms("perceuses") == terms("Perceuse")
    assert terms("salles") == terms("salle")
    assert terms("formations") == terms("Formation")


def test_hyphens_apostrophes_and_slashes_split_words():
    assert terms("Perceuse-visseuse") == terms("perceuse") + terms("visseuse")
    assert terms("l'atelier") == terms("atelier")
    assert terms("bois/métal") == terms("bois") + terms("métal")


def test_stop_words_and_numbers_carry_no_meaning():
    assert terms("On cherche une salle pour une formation de 12 personnes jeudi") == terms(
        "cherche salle formation personnes jeudi")
    assert terms("le la les des du de et ou à 2026") == []


def test_a_word_is_not_found_inside_another():
    assert terms("main")[0] not in terms("semaine")
    assert terms("art")[0] not in terms("partage")


def test_the_shown_word_keeps_its_accents():
    assert [term.word for term in analyse("La Comptabilité")] == ["comptabilité"]


def test_a_huge_text_is_cut_not_refused():
    assert len(terms("salle " * (MAX_WORDS + 100))) == MAX_WORDS
    assert terms("a" * 100_000) == []


@given(st.text(max_size=300))
def test_any_text_analyses(text):
    found = terms(text)
    assert all(stem and stem == stem.casefold() for stem in found)


@given(st.text(alphabet="abcdeéèêàçîïôœùûüÉÈÀÇ -'", max_size=80))
def test_accents_and_case_do_not_matter(text):
    assert terms(text) == terms(search_key(text)) == terms(text.upper())
