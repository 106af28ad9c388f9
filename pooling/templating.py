"""Jinja helpers shared by every template."""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern
from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import (
    force_locale,
    format_date,
    format_datetime,
    format_decimal,
    format_percent,
    get_locale,
)
from flask_login import current_user

from pooling import labels
from pooling.formats import date_pattern, format_duration, format_time_range
from pooling.pole.clock import pole_now
from pooling.pole.services import pole_settings


def page_url(page: int, anchor: str | None = None) -> str:
    """The current page's URL with another page number, keeping the filters; `anchor`: the
    part of the page the list is in, when it is not at the top."""
    view_args = request.view_args or {}
    # A query's own `_anchor`, or a name the route takes, would clash with url_for's.
    args = {name: value for name, value in request.args.items()
            if not name.startswith("_") and name not in view_args}
    args["page"] = page
    return url_for(request.endpoint, **view_args, **args, _anchor=anchor)


def public_url(endpoint: str, **values) -> str:
    """An absolute link for e-mails, built on BASE_URL, never on the request's Host header
    (which a client can forge to send reset links to its own site)."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:  # an e-mail sent by a command
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


# An id no row has, put in a link once to find where every id goes.
_ID_SLOT = 918273645


def link_to(endpoint: str, slot: str, **values) -> Callable[[int], str]:
    """A function giving `url_for(endpoint, **values, **{slot: id})` for any integer id,
    from one URL built through the map: a page listing hundreds of offers spends a quarter
    of its rendering building their links one by one otherwise."""
    before, _slot, after = url_for(endpoint, **values, **{slot: _ID_SLOT}).partition(
        str(_ID_SLOT))
    return lambda id_: f"{before}{int(id_)}{after}"


@contextmanager
def command_line_context() -> Iterator[None]:
    """A request context for a command, so that its e-mails and links carry the service's
    public address. Messages stay in English, the language of the command line."""
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        with force_locale("en"):
            yield


@lru_cache(maxsize=16)
def _number_pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


# The patterns pages use for amounts and quantities, as (fewest, most) decimals: in the
# service's languages, Python's own formatting gives the same text as Babel's, several times
# faster (tests/unit/test_templating.py compares them).
GROUPED_PATTERNS = {"#,##0.00": (2, 2), "#,##0.##": (0, 2), "#,##0": (0, 0),
                    "#,##0.0": (1, 1)}
GROUPED_LOCALES = {"fr", "en"}


@lru_cache(maxsize=16)
def _symbols(locale: Locale) -> tuple[str, str, str]:
    """The locale's grouping separator, decimal separator and minus sign."""
    return (locale.number_symbols["latn"]["group"], locale.number_symbols["latn"]["decimal"],
            locale.number_symbols["latn"]["minusSign"])


def number_locale():
    """The request's `g`, with the locale of its numbers and their symbols looked up once."""
    state = g._get_current_object()  # once: each use of the proxy looks the request up
    if "number_locale" not in state:
        state.number_locale = get_locale() or Locale.parse("fr")
    if "number_symbols" not in state:
        state.number_symbols = (_symbols(state.number_locale)
                                if str(state.number_locale) in GROUPED_LOCALES else None)
    return state


def number(value, pattern: str = "#,##0.##") -> str:
    """Babel's format_decimal for pages that show hundreds of numbers: the pattern is
    parsed once, the locale looked up once per request, and whole numbers and decimals
    in the usual patterns formatted by Python."""
    state = number_locale()
    digits = GROUPED_PATTERNS.get(pattern)
    if type(value) is float and math.isfinite(value):
        value = Decimal(str(value))  # as Babel reads a float, rounded as it rounds
    exact = type(value) is int or (isinstance(value, Decimal) and value.is_finite())
    if digits is None or not exact or state.number_symbols is None:
        return _number_pattern(pattern).apply(value, state.number_locale)
    fewest, most = digits
    group, point, minus = state.number_symbols
    text = f"{abs(value):,.{most}f}"
    if most > fewest:
        whole, _dot, fraction = text.partition(".")
        fraction = fraction.rstrip("0").ljust(fewest, "0")
        text = f"{whole}.{fraction}" if fraction else whole
    text = text.replace(",", "\0").replace(".", point).replace("\0", group)
    negative = value.is_signed() if isinstance(value, Decimal) else value < 0
    return minus + text if negative else text


def date_formatter(style: str = "medium") -> Callable[[date], str]:
    """Babel's format_date of dates in a style (short, medium, long), for pages that show
    hundreds of them: the request's pattern is looked up once, where each call of
    format_date looks up the locale and parses its pattern again."""
    locale = number_locale().number_locale
    pattern = date_pattern(style, locale)
    return lambda day: pattern.apply(day, locale)


def figure(value, digits: int = 1) -> str:
    """A figure of the review: "–" for none, whole numbers as they are (Babel's default
    pattern), others with `digits` decimals."""
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value, "#,##0")
    return number(value, "#,##0." + "0" * digits if digits else "#,##0")


def percentage(value) -> str:
    """A share of the review as a whole percentage ("–" for none)."""
    if value is None:
        return "–"
    return _number_pattern("#,##0 %").apply(value, number_locale().number_locale)


def csp_nonce() -> str:
    """A fresh nonce for this response: the calendar library inserts its own <style>."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def amount(value, unit_name: str) -> str:
    """An amount in the pole's unit of account, as pages write it: « 1 234,50 crédits »."""
    return f"{number(value, '#,##0.00')} {unit_name}"


def signed_amount(value, unit_name: str) -> str:
    """A balance in the unit of account: "+" before what was given more than received."""
    return ("+" if value > 0 else "") + amount(value, unit_name)


def balance_tone(value) -> str:
    """The colour class of a balance: green when more was given than received, red when
    less, none when even."""
    return ("text-success-emphasis" if value > 0
            else "text-danger-emphasis" if value < 0 else "")


def pole_wall_clock() -> str:
    """The pole's current wall-clock time without offset, as the calendars read their times:
    so a calendar opens on the pole's week, not on the browser's or UTC's."""
    return pole_now().replace(tzinfo=None).isoformat(timespec="minutes")


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(
        legal_form_labels=labels.LEGAL_FORMS,
        circle_labels=labels.CIRCLES,
        quota_period_labels=labels.QUOTA_PERIODS,
        role_labels=labels.ROLES,
        exchange_status_labels=labels.EXCHANGE_STATUSES,
        cooperation_labels=labels.COOPERATIONS,
        exchange_unit_label=labels.exchange_unit,
        number=number,
        figure=figure,
        percentage=percentage,
        format_date=format_date,
        format_datetime=format_datetime,
        format_decimal=format_decimal,
        format_percent=format_percent,
        format_duration=format_duration,
        time_range=format_time_range,
        page_url=page_url,
        link_to=link_to,
        balance_tone=balance_tone,
        amount=amount,
        signed_amount=signed_amount,
        public_url=public_url,
        csp_nonce=csp_nonce,
        pole_wall_clock=pole_wall_clock,
    )

    @app.context_processor
    def inject_globals():
        return {
            "pole_name": pole_settings().name,
            "unit_name": pole_settings().unit_name,
            "languages": app.config["LANGUAGES"],
            "current_locale": str(get_locale() or "fr"),
            "current_user": current_user,
        }

    @app.after_request
    def security_headers(response):
        # Everything is served by the app itself, so the policy can be strict: scripts from
        # its own files only, never inline (tests/functional/test_security_headers.py).
        styles = f"style-src 'self' 'nonce-{g.csp_nonce}'; " if "csp_nonce" in g else ""
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; img-src 'self' data:; font-src 'self' data:; "
            "object-src 'none'; " + styles +
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # Pages for a signed-in person (e-mail addresses, a new API token) stay out of
        # shared caches and the browser's history cache; so do errors of the server (and
        # asking who is signed in could fail again while the database is unreachable).
        if response.status_code >= 500 or (current_user.is_authenticated
                                           and response.mimetype == "text/html"):
            response.headers["Cache-Control"] = "no-store"
        return response


def compile_templates(app: Flask) -> None:
    """Compile every template ahead (a new server process, before its first request): the
    first page of each kind would otherwise wait for its templates to compile, several
    hundred milliseconds for the review's dashboard and its macros."""
    for name in app.jinja_env.list_templates(extensions=("html", "txt")):
        app.jinja_env.get_template(name)
