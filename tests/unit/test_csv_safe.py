"""Cells of CSV exports: text that a spreadsheet would run as a formula is neutralised,
numbers the app wrote stay numbers."""

from decimal import Decimal

import pytest

from pooling import csv_safe


@pytest.mark.parametrize("text", ["=1+1", "+33 6 12", "-2+3", "@SUM(A1)", "\tx", "\rx",
                                  "=HYPERLINK(\"http://evil.example\")"])
def test_text_that_starts_a_formula_is_quoted(text):
    assert csv_safe.cell(text) == "'" + text


@pytest.mark.parametrize("value, expected", [
    ("Théâtre du Réel", "Théâtre du Réel"), ("2025-03-10", "2025-03-10"), (None, ""),
    (42, "42"), ("a=b", "a=b"), ("", "")])
def test_other_cells_are_written_as_they_are(value, expected):
    assert csv_safe.cell(value) == expected


def test_negative_numbers_of_the_app_stay_numbers_in_both_dialects():
    assert csv_safe.cell(csv_safe.number(Decimal("-120.00"))) == "-120.00"
    assert csv_safe.cell(csv_safe.number(Decimal("-120.50"), decimal_comma=True)) == "-120,50"
    assert csv_safe.number(None) == ""


def test_only_numbers_become_number_cells():
    with pytest.raises(TypeError):
        csv_safe.number("-1+1")  # type: ignore[arg-type]
