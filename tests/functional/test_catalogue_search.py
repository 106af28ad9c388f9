"""The catalogue's search through the page and the API: a sentence of up to 500 characters,
the most relevant first, the searcher's own offers last and marked."""

from __future__ import annotations

import pytest

SENTENCE = "On cherche une salle pour une formation de 12 personnes jeudi"


def _titles(client, q: str, headers: dict) -> list[str]:
    response = client.get("/api/v1/offers", query_string={"q": q}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return [item["title"] for item in response.get_json()["items"]]


@pytest.mark.parametrize("q, first", [
    ("perceuses", "Perceuse-visseuse sans fil"),
    ("compta", "Comptabilité associative"),
    ("RGPD", "Protection des données personnelles"),
    ("embaucher notre premier salarié", "Recrutement"),
    ("main", "Coup de main pour un déménagement"),
])
def test_the_api_finds_what_a_person_means(client, bearer, pole, searchable, q, first):
    titles = _titles(client, q, bearer(pole.b_member))
    assert titles[0] == first
    if q == "main":
        assert titles == [first]  # not « semaine »


def test_a_long_sentence_is_a_search_not_an_error(client, bearer, pole, searchable):
    headers = bearer(pole.a_member)
    long_sentence = (SENTENCE + " ") * 8
    assert 100 < len(long_sentence[:500]) <= 500
    titles = _titles(client, long_sentence[:500], headers)
    assert titles[:2] == ["Salle de formation", "Salle de réunion"]  # its own room last
    response = client.get("/api/v1/offers", query_string={"q": "x" * 501}, headers=headers)
    assert response.status_code == 422
    assert "q" in str(response.get_json())


def test_the_page_ranks_marks_and_explains(client, login_as, pole, searchable):
    login_as(pole.a_member)
    page = client.get("/offers/", query_string={"q": SENTENCE}).get_data(as_text=True)
    page = page.split('role="status"')[1]  # the results, past the filters' choices
    assert page.index(">Salle de formation</a>") < page.index(">Salle de réunion</a>")
    own_card = page[page.index(">Salle de réunion</a>"):]
    assert "own-offer" in own_card.split("</article>")[0]
    assert "matched-words" in page and "formation" in page
    response = client.get("/offers/", query_string={"q": "y" * 501})
    assert response.status_code == 400
