"""Every answer carries the security headers, and no page runs a script the policy forbids.

The demo pole is walked as the animation cell and as a member, from the home page along
every link, one visit per route; the public pages, the errors, the downloads and the API
are asked for directly. Every answer must carry a Content-Security-Policy that runs no
inline script and lets no other site frame the page, X-Content-Type-Options: nosniff and a
Referrer-Policy; every page's HTML must hold no inline script without the response's
nonce, and no event-handler attribute or javascript: link (the policy would block them).
"""

from __future__ import annotations

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa
from PIL import Image
from werkzeug.exceptions import HTTPException

from pooling.accounts.models import User
from pooling.alerts.services import unsubscribe_token
from pooling.catalogue import photos
from pooling.catalogue.models import Offer
from pooling.demo.loader import DEMO_PASSWORD, demo_logins
from pooling.extensions import db
from tests.conftest import PASSWORD


class _Page(HTMLParser):
    """The links of a page and whatever in it would run a script."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.inline_scripts: list[str | None] = []  # the nonce of each inline <script>
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.links.append(attrs["src"])
        if tag == "script" and not attrs.get("src"):
            self.inline_scripts.append(attrs.get("nonce"))
        for name, value in attrs.items():
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip() \
                    .lower().startswith("javascript:"):
                self.handlers.append(f"<{tag} {name}={value}>")


def directives(policy: str) -> dict[str, list[str]]:
    """The policy's directives by name, each with its sources."""
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def assert_secure_headers(response, where: str) -> None:
    """The headers every answer carries, whatever its kind."""
    headers = response.headers
    policy = directives(headers.get("Content-Security-Policy", ""))
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts is not None, f"{where}: no policy for scripts"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, where
    assert "*" not in scripts and not any(s.startswith(("http:", "https:")) for s in scripts)
    assert policy.get("frame-ancestors") == ["'none'"], where
    assert policy.get("object-src") == ["'none'"], where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") in ("same-origin", "no-referrer",
                                              "strict-origin-when-cross-origin"), where


def assert_no_inline_script(response, where: str) -> _Page:
    """A page whose scripts all come from files, or carry this response's nonce."""
    page = _Page()
    page.feed(response.get_data(as_text=True))
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    allowed = nonce.group(1) if nonce else object()
    assert all(n == allowed for n in page.inline_scripts), f"{where}: inline <script>"
    assert page.handlers == [], f"{where}: {page.handlers}"
    return page


def walk(app, client, *start: str) -> dict[str, str]:
    """Visit each route reachable by links from `start` once: the route's rule -> the path
    visited, every answer checked on the way."""
    adapter = app.url_map.bind("localhost")
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue:
        path = queue.popleft()
        try:
            rule, _args = adapter.match(urlsplit(path).path, method="GET", return_rule=True)
        except HTTPException:
            continue
        if rule.rule in seen or rule.endpoint == "static":
            continue
        seen[rule.rule] = path
        response = client.get(path)
        assert response.status_code < 500, path
        assert_secure_headers(response, path)
        if response.mimetype != "text/html":
            continue
        page = assert_no_inline_script(response, path)
        for link in page.links:
            url = urlsplit(urljoin(path, link))
            if url.scheme in ("", "http") and url.netloc in ("", "localhost"):
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return seen


@pytest.fixture
def demo_pole(runner) -> dict[str, User]:
    """The demo pole's accounts by role."""
    assert runner.invoke(args=["demo"]).exit_code == 0
    return dict(demo_logins())


@pytest.fixture
def photo_offer(demo_pole) -> int:
    """One of the member's offers, with a photo, so that photos are walked too."""
    member = demo_pole["member"]
    offer = db.session.scalars(sa.select(Offer.id).where(
        Offer.member_id == member.member_id).order_by(Offer.id)).first()
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(picture, "JPEG")
    photos.add_photo(member, offer, picture.getvalue())
    return offer


def sign_in(client, user: User, password: str = DEMO_PASSWORD) -> None:
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302


# Routes no link leads to, asked for directly below.
DIRECT = {
    # Public pages and the health check.
    "/login", "/password/forgot", "/password/reset/<token>", "/healthz",
    "/needs/alerts/unsubscribe/<token>", "/static/<path:filename>",
    # What the pages' scripts fetch.
    "/bookings/calendar.json", "/offers/<int:offer_id>/calendar.json",
    "/offers/<int:offer_id>/matching-needs.json",
    # A calendar feed's address is shown to copy, not as a link.
    "/calendars/<token>.ics",
}


@pytest.mark.demo
def test_every_page_carries_the_security_headers(app, demo_pole, photo_offer):
    """The cell's and a member's pages, their downloads (CSV, PDF, GEXF, photos)."""
    seen = {}
    for who in ("cell", "member"):
        browser = app.test_client()
        sign_in(browser, demo_pole[who])
        # The offer with a photo first, so that its page is the offer's page visited.
        seen.update(walk(app, browser, f"/offers/{photo_offer}", "/"))
    rules = {r.rule for r in app.url_map.iter_rules()
             if "GET" in r.methods and not r.rule.startswith("/api/")}
    assert rules - set(seen) == DIRECT - set(seen)
    assert {"/review/report.pdf", "/review/members.csv", "/offers/photos/<filename>",
            "/ledger/members/<int:member_id>.csv"} <= set(seen)


def test_public_pages_errors_feeds_and_scripts_data_carry_them_too(client, pole, searchable):
    member, offer = pole.b_member, searchable["drill"].id
    anonymous = ["/login", "/password/forgot", "/password/reset/not-a-token", "/healthz",
                 f"/needs/alerts/unsubscribe/{unsubscribe_token(member.id)}",
                 "/needs/alerts/unsubscribe/not-a-token", "/calendars/not-a-token.ics",
                 "/static/css/app.css", "/no/such/page", "/members/", "/api/v1/openapi.json",
                 "/api/v1/me"]
    for path in anonymous:
        response = client.get(path)
        assert response.status_code < 500, path
        assert_secure_headers(response, path)
        if response.mimetype == "text/html":
            assert_no_inline_script(response, path)

    sign_in(client, member, PASSWORD)
    feed = re.search(r"/calendars/[\w-]+\.ics", client.get("/calendars/").get_data(as_text=True))
    signed_in = [feed.group(0), "/bookings/calendar.json?start=2026-01-05&end=2026-01-12",
                 f"/offers/{offer}/calendar.json?start=2026-01-05&end=2026-01-12",
                 f"/offers/{offer}/matching-needs.json", "/offers/999999", "/pole/settings"]
    for path in signed_in:
        response = client.get(path)
        assert response.status_code < 500, path
        assert_secure_headers(response, path)
    assert client.get(feed.group(0)).mimetype == "text/calendar"
    assert client.get("/pole/settings").status_code == 403


def test_the_api_answers_carry_them(client, bearer, pole):
    for headers in (bearer(pole.a_member), {"Authorization": "Bearer wrong"}):
        for path in ("/api/v1/me", "/api/v1/offers", "/api/v1/members/999999"):
            response = client.get(path, headers=headers)
            assert response.status_code < 500 and response.is_json, path
            assert_secure_headers(response, path)


def test_a_server_error_page_carries_them(app, client, monkeypatch):
    def broken():
        raise RuntimeError("broken on purpose")

    monkeypatch.setitem(app.view_functions, "core.healthz", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = client.get("/healthz")
    assert response.status_code == 500
    assert_secure_headers(response, "a server error")
    assert_no_inline_script(response, "a server error")
