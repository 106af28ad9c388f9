"""Every field of every page has a label, and pages declare their language."""

from html.parser import HTMLParser

import pytest


class _Fields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields, self.labels, self.html_lang = [], set(), None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
                "hidden", "submit", "button"):
            self.fields.append(attrs)


def _unlabelled(html: str) -> tuple[list[dict], str | None]:
    parser = _Fields()
    parser.feed(html)
    missing = [f for f in parser.fields
               if f.get("id") not in parser.labels and not f.get("aria-label")]
    return missing, parser.html_lang


PAGES = ["/", "/members/", "/members/new", "/members/{org_a}", "/members/{org_a}/edit",
         "/members/domains", "/members/{org_a}/people/new", "/people/{a_member}/edit",
         "/profile/", "/offers/", "/offers/mine", "/offers/new/premises", "/offers/new/tool",
         "/offers/new/skill", "/offers/valuation", "/offers/categories", "/offers/import",
         "/review/member", "/review/member/report", "/review/report"]


@pytest.mark.parametrize("path", PAGES)
def test_every_field_has_a_label(client, pole, login_as, path):
    login_as(pole.cell)
    url = path.format(org_a=pole.org_a.id, a_member=pole.a_member.id)
    response = client.get(url)
    assert response.status_code == 200
    missing, lang = _unlabelled(response.get_data(as_text=True))
    assert missing == []
    assert lang == "fr"


@pytest.mark.parametrize("path", ["/login", "/password/forgot"])
def test_public_pages_have_labels_too(client, path):
    missing, lang = _unlabelled(client.get(path).get_data(as_text=True))
    assert missing == [] and lang == "fr"
