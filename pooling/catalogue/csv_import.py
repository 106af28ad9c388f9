"""CSV import of offers, for the cell onboarding a member: parse, check every row, then all
or nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import time

import sqlalchemy as sa
from flask_babel import gettext as _

from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import BookingPolicy, Category, OfferKind, Unit
from pooling.catalogue.services import OfferData, check_offer_data
from pooling.db import search_key
from pooling.decimals import parse_decimal
from pooling.errors import InvalidInput
from pooling.extensions import db

COLUMNS = ["kind", "title", "category", "description", "tags", "capacity", "surface_m2",
           "equipment", "quantity", "condition", "pickup_place", "level", "unit",
           "value_per_unit", "booking_policy", "opens", "closes"]
REQUIRED = {"kind", "title", "category"}
MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024


@dataclass
class ParsedRow:
    line: int
    title: str
    data: OfferData | None = None
    errors: list[str] = field(default_factory=list)


def decode(content: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), else Windows-1252 (older Excel)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252")


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma-separated, or the French Excel dialect with semicolons."""
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;")
    except csv.Error:
        return csv.excel


def _integer(value: str) -> int | None:
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(_("“%(value)s” is not a whole number.", value=value))
    return int(number)


def _time(value: str, default: time) -> time:
    value = value.strip()
    if not value:
        return default
    try:
        return time.fromisoformat(value.replace("h", ":").zfill(5))
    except ValueError:
        raise ValueError(_("“%(value)s” is not a time such as 09:00.", value=value)) from None


def _choice(enum_cls, value: str, default):
    value = value.strip().lower()
    if not value:
        return default
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum_cls)
        raise ValueError(_("“%(value)s” is not one of: %(allowed)s.", value=value,
                           allowed=allowed)) from None


def parse(content: bytes) -> list[ParsedRow]:
    """Every row of the file, with its offer data or the reasons it is refused."""
    if len(content) > MAX_BYTES:
        raise InvalidInput(_("The file is too large (2 MB at most)."))
    text = decode(content)
    reader = csv.DictReader(io.StringIO(text), dialect=_dialect(text))
    headers = {h.strip().lower() for h in reader.fieldnames or [] if h}
    missing = REQUIRED - headers
    if missing:
        raise InvalidInput(_("Columns missing from the first line: %(columns)s.",
                             columns=", ".join(sorted(missing))))
    categories = {(c.kind, c.name_key): c.id for c in db.session.scalars(sa.select(Category))}
    rows = []
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise InvalidInput(_("At most %(n)d offers per file.", n=MAX_ROWS))
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()
                  if not isinstance(v, list)}
        if not any(values.values()):
            continue
        rows.append(_parse_row(number, values, categories))
    if not rows:
        raise InvalidInput(_("The file holds no offer."))
    return rows


def _parse_row(number: int, values: dict[str, str], categories) -> ParsedRow:
    row = ParsedRow(line=number, title=values.get("title", ""))
    try:
        kind = _choice(OfferKind, values.get("kind", ""), None)
        if kind is None:
            raise ValueError(_("The kind is required (premises, tool or skill)."))
        category_id = categories.get((kind, search_key(values.get("category", ""))))
        if category_id is None:
            raise ValueError(_("Unknown category “%(name)s” for this kind.",
                               name=values.get("category", "")))
        opens = _time(values.get("opens", ""), time(9))
        closes = _time(values.get("closes", ""), time(18))
        data = OfferData(
            kind=kind, title=values.get("title", "")[:200], category_id=category_id,
            description=values.get("description", "")[:5000],
            tags=values.get("tags", "").replace("|", ",").split(","),
            capacity=_integer(values.get("capacity", "")),
            surface_m2=parse_decimal(values.get("surface_m2", "")),
            equipment=values.get("equipment", "")[:500],
            quantity=_integer(values.get("quantity", "")),
            condition=values.get("condition", "")[:200],
            pickup_place=values.get("pickup_place", "")[:300],
            level=values.get("level", "")[:300],
            unit=_choice(Unit, values.get("unit", ""), Unit.HOUR),
            value_per_unit=parse_decimal(values.get("value_per_unit", "")),
            booking_policy=_choice(BookingPolicy, values.get("booking_policy", ""),
                                   BookingPolicy.AUTOMATIC),
            opening_hours=[WeeklySlot(d, opens, closes) for d in range(5)],
        )
        row.data = check_offer_data(data)
    except ValueError as error:
        row.errors.append(str(error))
    except InvalidInput as error:
        row.errors.append(error.message)
    return row
