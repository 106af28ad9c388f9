"""Cells of every CSV the app writes, safe to open in a spreadsheet.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula: a description typed as `=HYPERLINK(...)` or
`=cmd|...` would run on the accountant's machine. As OWASP recommends ("CSV Injection"),
such a text cell is prefixed with a single quote, which spreadsheets show as plain text.

Numbers the app formats itself are written as they are: a negative balance `-120.00` must stay
a number that a spreadsheet can add up, and it cannot hide a formula since it holds only
digits, a sign and a separator. Only `number()` makes such a cell, from a `Decimal` or an
`int`, never from text people typed; every other cell, ids and dates included, goes through
`cell()`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Number(str):
    """A number formatted by the app: written without the quote that neutralises formulas."""


def number(value: Decimal | int | None, decimal_comma: bool = False) -> Number | str:
    """A number as a spreadsheet reads it, with a decimal comma for the French dialect."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"not a number: {value!r}")
    text = str(value)
    return Number(text.replace(".", ",") if decimal_comma else text)


def cell(value: Any) -> str:
    """One cell: empty for None, a number the app formatted as is, any other value as text
    that a spreadsheet cannot take for a formula."""
    if value is None:
        return ""
    if isinstance(value, Number) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_row(writer: Any, cells: Iterable[Any]) -> None:
    """Write one row of `csv.writer` with every cell made safe."""
    writer.writerow([cell(value) for value in cells])


# --- the dialects of the exports -----------------------------------------------------

EXCEL_FR = "excel-fr"


class ExcelFrench(csv.Dialect):
    """What Excel expects on a French system: `;` between fields, `,` in numbers."""

    delimiter = ";"
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


class Csv:
    """Rows written in one dialect, numbers formatted for it."""

    def __init__(self, dialect: str | None):
        self.french = dialect == EXCEL_FR
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, ExcelFrench if self.french else csv.excel)

    def number(self, value: Decimal | int | None) -> str:
        return number(value, decimal_comma=self.french)

    def row(self, cells: Iterable) -> None:
        # Names, descriptions and reasons come from people: no cell may start a formula.
        write_row(self.writer, cells)

    def data(self) -> bytes:
        text = self.buffer.getvalue()
        # The BOM is how Excel knows the file is UTF-8 and not Windows-1252.
        return (("\ufeff" + text) if self.french else text).encode("utf-8")
