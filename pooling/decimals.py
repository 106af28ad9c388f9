"""Decimal numbers typed by people: « 2,5 » and « 2.5 » alike, whatever their browser's language.

A number input (`<input type="number">`) is read by the browser in its own locale: in an
English browser « 2,5 » became 25. Forms therefore use a text input (`inputmode="decimal"`
still opens the numeric keyboard on phones) and the server reads the number itself, with one
rule for every form and for the CSV import.
"""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import get_locale
from flask_babel import gettext as _
from wtforms import DecimalField
from wtforms.widgets import TextInput

# A comma or a dot before the decimals; groups of three digits may be separated by a space,
# a no-break space or a narrow no-break space (as French spreadsheets and Babel write them).
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)?(?:[.,]\d+)?")
_SEPARATORS = re.compile(r"[.,]")


def parse_decimal(text: str) -> Decimal | None:
    """The number in `text`, None when it is blank; a ValueError that says what to type when
    it is not one number, or when it could be read two ways (« 1.234,5 », « 2,5,1 »)."""
    text = (text or "").strip()
    if not text:
        return None
    if len(_SEPARATORS.findall(text)) > 1:
        raise ValueError(_("“%(value)s” can be read in more than one way: write the decimals "
                           "after a single comma or dot, such as 1234,5 (spaces may separate "
                           "the thousands).", value=text))
    if not any(c.isdigit() for c in text) or not _NUMBER.fullmatch(text):
        raise ValueError(_("“%(value)s” is not a number: write it such as 2,5 or 2.5.",
                           value=text))
    return Decimal(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))


class LocalDecimalField(DecimalField):
    """A decimal in a text input: « 2,5 » and « 2.5 » whatever the browser's language; shown
    with the page's decimal separator."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"inputmode": "decimal", "autocomplete": "off", **kwargs.pop(
            "render_kw", {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = parse_decimal(valuelist[0])
        except ValueError as error:
            self.data = None
            raise ValueError(str(error)) from None

    def _value(self) -> str:
        text = super()._value()
        if not self.raw_data and str(get_locale() or "fr").startswith("fr"):
            return text.replace(".", ",")
        return text
