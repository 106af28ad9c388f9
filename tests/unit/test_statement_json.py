"""A statement's counterparts and entries are written without marshmallow, and must read
exactly as the documented schemas dump them."""

from datetime import date
from decimal import Decimal

import pytest

from pooling.catalogue.models import OfferKind
from pooling.ledger.models import Cooperation, ExchangeStatus, ExchangeUnit, Side
from pooling.ledger.schemas import CounterpartSchema, EntrySchema, counterpart_json, entry_json
from pooling.ledger.statements import Counterpart, Line


def line(quantity: Decimal, value: Decimal | None, reverses_id: int | None = None) -> Line:
    return Line(7, date(2026, 3, 2), date(2026, 2, 27), Side.RECEIVED, 12, "Fournil d'Eybens",
                OfferKind.PREMISES, ExchangeUnit.HOUR, quantity, value, "Salle « B », 2 h",
                Cooperation.COMMERCIAL, ExchangeStatus.CONFIRMED, reverses_id)


@pytest.mark.parametrize("entry", [
    line(Decimal("2"), Decimal("37.5")),
    line(Decimal("-1.25"), Decimal("-12.345"), reverses_id=3),  # a reversal, rounded
    line(Decimal("0.005"), None),  # participation only
    line(Decimal("100000.00"), Decimal("0")),
])
def test_an_entry_reads_as_the_schema_dumps_it(entry):
    assert entry_json(entry) == EntrySchema().dump({
        "exchange_id": entry.exchange_id, "booked_on": entry.booked_on,
        "occurred_on": entry.occurred_on, "side": entry.side,
        "counterpart": {"id": entry.counterpart_id, "name": entry.counterpart_name},
        "kind": entry.kind, "unit": entry.unit, "quantity": entry.quantity,
        "value": entry.value, "description": entry.description,
        "cooperation": entry.cooperation, "reverses_id": entry.reverses_id})


@pytest.mark.parametrize("counterpart", [
    Counterpart(12, "Fournil d'Eybens", Decimal("37.5"), Decimal("120.125"), 2, 5),
    Counterpart(3, "Régie de quartier", Decimal("-12"), Decimal("0"), 0, 1),
    Counterpart(4, "Tiers-lieu"),
])
def test_a_counterpart_reads_as_the_schema_dumps_it(counterpart):
    assert counterpart_json(counterpart) == CounterpartSchema().dump(counterpart)
