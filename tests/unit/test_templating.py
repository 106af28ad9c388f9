"""The numbers and links pages show: the quick formatting gives Babel's text in the service's
languages, and links built from one URL are those the URL map builds."""

import random
from decimal import Decimal

import pytest
from babel import Locale
from babel.numbers import parse_pattern
from flask import g, url_for
from flask_babel import force_locale, format_date, format_decimal, format_percent
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pooling.templating import (
    GROUPED_LOCALES,
    GROUPED_PATTERNS,
    date_formatter,
    figure,
    link_to,
    number,
    percentage,
)

EDGES = [0, 1, -1, 999, 1000, -1000, 1234567, Decimal("0.00"), Decimal("-0.00"),
         Decimal("0.005"), Decimal("0.015"), Decimal("-0.5"), Decimal("1.10"), Decimal("1.0"),
         Decimal("12345.678"), Decimal("-1234.5"), Decimal("120"), Decimal("1E+3")]


@pytest.mark.parametrize("locale", sorted(GROUPED_LOCALES))
@pytest.mark.parametrize("pattern", sorted(GROUPED_PATTERNS))
def test_amounts_and_quantities_read_as_babel_writes_them(app, locale, pattern):
    rng = random.Random(locale + pattern)
    values = EDGES + [Decimal(rng.randint(-10**9, 10**9)) / 100 for _ in range(500)] + [
        Decimal(rng.randint(-10**7, 10**7)) / 1000 for _ in range(200)] + [
        rng.randint(-10**8, 10**8) for _ in range(100)] + [
        rng.uniform(-10**6, 10**6) for _ in range(200)] + [
        rng.randint(-10**5, 10**5) / 1000 for _ in range(200)] + [0.05, 0.15, 0.25, -0.05, 2.675]
    with app.test_request_context():
        g.number_locale = Locale.parse(locale)
        for value in values:
            assert number(value, pattern) == parse_pattern(pattern).apply(
                value, g.number_locale), value


def test_other_numbers_and_patterns_are_left_to_babel(app):
    with app.test_request_context():
        g.number_locale = Locale.parse("fr")
        assert number(1234.5) == "1\u202f234,5"
        assert number(Decimal("0.256"), "0.0%") == "25,6%"
        assert number(Decimal("NaN")) == "NaN"


@pytest.mark.parametrize("locale", sorted(GROUPED_LOCALES))
def test_the_reviews_figures_read_as_babel_writes_them(app, locale):
    rng = random.Random(locale)
    values = EDGES + [rng.uniform(-10**5, 10**5) for _ in range(300)] + [
        rng.randint(0, 10**4) / 100 for _ in range(300)] + [0.05, 0.25, 2.675, -0.04]
    with app.test_request_context(), force_locale(locale):
        assert figure(None) == percentage(None) == "–"
        for value in values:
            if isinstance(value, int):
                assert figure(value) == format_decimal(value), value
            for digits in (0, 1, 2):
                pattern = "#,##0." + "0" * digits if digits else "#,##0"
                if not isinstance(value, int):
                    assert figure(value, digits) == format_decimal(value, pattern), value
            assert percentage(value) == format_percent(value, "#,##0 %"), value


@pytest.mark.parametrize("locale", sorted(GROUPED_LOCALES))
@pytest.mark.parametrize("style", ["short", "medium", "long"])
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # the app is only read
@given(days=st.lists(st.dates(), min_size=1, max_size=20))
def test_dates_read_as_babel_writes_them(app, locale, style, days):
    """A statement's hundreds of days, formatted with the pattern looked up once, read as
    Flask-Babel writes each of them, in every language of the service."""
    with app.test_request_context(), force_locale(locale):
        written = date_formatter(style)
        for day in days:
            assert written(day) == format_date(day, style), day


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # the app is only read
@given(ids=st.lists(st.integers(min_value=0, max_value=10**12), min_size=1, max_size=5),
       root=st.sampled_from(["", "/pole", "/pôle de coopération"]))
def test_links_built_from_one_url_are_those_of_the_url_map(app, ids, root):
    """Under any mount point, with or without a query string and whatever the other
    arguments, each id gives the link url_for gives."""
    span = {"from": "2026-01-01", "to": "2026-12-31"}
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
        offer_url = link_to("catalogue.detail", "offer_id")
        bookings_url = link_to("review.bookings", "offer", what="booked", **span)
        photo_url = link_to("catalogue.remove_photo", "offer_id", photo_id=7, next="/a b")
        for id_ in ids:
            assert photo_url(id_) == url_for("catalogue.remove_photo", photo_id=7,
                                             next="/a b", offer_id=id_)
            assert offer_url(id_) == url_for("catalogue.detail", offer_id=id_)
            assert bookings_url(id_) == url_for("review.bookings", what="booked", **span,
                                                offer=id_)
