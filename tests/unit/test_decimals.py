"""Numbers typed by people: « 2,5 » and « 2.5 » alike; ambiguous ones refused."""

from decimal import Decimal

import pytest
from flask_wtf import FlaskForm
from wtforms import DecimalField, FloatField

from pooling.decimals import LocalDecimalField, parse_decimal


@pytest.mark.parametrize("text, expected", [
    ("2,5", "2.5"), ("2.5", "2.5"), (" 2,50 ", "2.50"), ("12", "12"), (",5", "0.5"),
    ("1 234,5", "1234.5"), ("1\u00a0234,5", "1234.5"), ("1\u202f234.5", "1234.5"),
    ("1 000 000", "1000000"), ("-3,5", "-3.5"), ("1.234", "1.234")])
def test_a_comma_or_a_dot_reads_the_same(app, text, expected):
    with app.test_request_context():
        assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_blank_is_no_number(app, text):
    with app.test_request_context():
        assert parse_decimal(text) is None


@pytest.mark.parametrize("text", ["1.234,5", "1,234.5", "2,5,1", "1.000.000"])
def test_a_number_read_two_ways_is_refused(app, text):
    with app.test_request_context(), pytest.raises(ValueError, match="plusieurs façons"):
        parse_decimal(text)


@pytest.mark.parametrize("text", ["beaucoup", "NaN", "sNaN", "-Infinity", "1e3", "12 34",
                                  "2,", ".", "-", "2 h", "0x10"])
def test_what_is_not_a_number_is_refused(app, text):
    with app.test_request_context(), pytest.raises(ValueError, match="pas un nombre"):
        parse_decimal(text)


def _form_classes(cls=FlaskForm):
    for sub in cls.__subclasses__():
        yield sub
        yield from _form_classes(sub)


def test_every_decimal_field_of_every_form_reads_commas(app):
    """A number input would let the browser read « 2,5 » in its own language."""
    import pooling.catalogue.forms
    import pooling.ledger.forms
    import pooling.members.forms
    import pooling.pole.forms  # noqa: F401

    decimals = []
    for form in _form_classes():
        for name in dir(form):
            field = getattr(form, name)
            cls = getattr(field, "field_class", None)
            if isinstance(cls, type) and issubclass(cls, DecimalField | FloatField):
                decimals.append((form.__name__, name, cls))
    assert len(decimals) >= 5
    assert all(cls is LocalDecimalField for _, _, cls in decimals), decimals
