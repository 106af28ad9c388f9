"""Every paginated list: « Précédent » leads nowhere on the first page, « Suivant » nowhere
on the last, and neither is then a link."""

import re

from pooling.members.models import LegalForm


def _steps(html: str) -> dict[str, str]:
    """Each step of the pagination ("Précédent", "Suivant"): the tag that carries it."""
    nav = html[html.index('<nav aria-label="Pages">'):]
    nav = nav[:nav.index("</nav>")]
    return {label: tag for tag, label in re.findall(
        r'<(a|span) class="page-link"[^>]*>(Précédent|Suivant)</', nav)}


def test_previous_is_disabled_on_the_first_page_and_next_on_the_last(
        client, pole, login_as, make_member):
    for n in range(45):
        make_member(name=f"Atelier {n:02d}", legal_form=LegalForm.SCOP)
    login_as(pole.a_member)
    first = client.get("/members/?legal_form=scop").get_data(as_text=True)
    assert _steps(first) == {"Précédent": "span", "Suivant": "a"}
    assert 'aria-disabled="true">Précédent' in first
    assert "page=0" not in first
    middle = client.get("/members/?legal_form=scop&page=2").get_data(as_text=True)
    assert _steps(middle) == {"Précédent": "a", "Suivant": "a"}
    last = client.get("/members/?legal_form=scop&page=3").get_data(as_text=True)
    assert _steps(last) == {"Précédent": "a", "Suivant": "span"}
    assert "page=4" not in last
