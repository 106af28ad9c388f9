"""JSON shapes of exchanges, statements and the pole's totals."""

from decimal import Decimal

import marshmallow as ma

from pooling.api.schemas import Day, Int, PageArgsSchema, decimal_string, page_schema
from pooling.catalogue.models import OfferKind
from pooling.ledger.models import Cooperation, ExchangeStatus, ExchangeUnit, Side
from pooling.ledger.statements import Counterpart, Line


def _amount(description: str = "", **kw) -> ma.fields.Decimal:
    """A quantity or a value, sent as a string with two decimals ("12.50")."""
    return decimal_string(description, places=2, **kw)


_VALUE = "In the pole's unit of account, from the valuation grid."


class PartySchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()


class ExchangeSchema(ma.Schema):
    id = ma.fields.Integer()
    status = ma.fields.Enum(ExchangeStatus, by_value=True, metadata={
        "description": "pending (waiting for the other organisation or the cell), confirmed "
                       "(in the ledger), rejected, or reversed (cancelled by a reversal)."})
    provider = ma.fields.Nested(PartySchema, metadata={"description": "Who gave."})
    beneficiary = ma.fields.Nested(PartySchema, metadata={"description": "Who received."})
    kind = ma.fields.Enum(OfferKind, by_value=True)
    offer_id = ma.fields.Integer(allow_none=True)
    booking_id = ma.fields.Integer(allow_none=True, metadata={
        "description": "The completed booking it records, if any."})
    quantity = _amount()
    unit = ma.fields.Enum(ExchangeUnit, by_value=True)
    value = _amount(_VALUE + " null: it counts participation only.", allow_none=True)
    occurred_on = ma.fields.Date()
    description = ma.fields.String()
    cooperation = ma.fields.Enum(Cooperation, by_value=True, metadata={
        "description": "strategic (shared, lent, given) or commercial (paid for)."})
    declared_by_id = ma.fields.Integer(allow_none=True, metadata={
        "description": "The person who declared it; null for a completed booking's."})
    declared_for_id = ma.fields.Integer(allow_none=True, metadata={
        "description": "The organisation that declared it (null: the cell); the other one "
                       "confirms it."})
    decided_by_id = ma.fields.Integer(allow_none=True)
    decided_at = ma.fields.AwareDateTime(allow_none=True)
    reason = ma.fields.String(metadata={"description": "Why it was rejected or reversed."})
    reverses_id = ma.fields.Integer(allow_none=True, metadata={
        "description": "For a reversal: the exchange it cancels."})
    created_at = ma.fields.AwareDateTime()


ExchangePageSchema = page_schema(ExchangeSchema, "ExchangePage")


class ExchangeInSchema(ma.Schema):
    """An exchange that happened outside a booking, declared by one of its parties (or the
    cell); it waits for the other party's confirmation."""

    provider_id = Int(required=True, metadata={"description": "Who gave."})
    beneficiary_id = Int(required=True, metadata={
        "description": "Who received."})
    kind = ma.fields.Enum(OfferKind, by_value=True, required=True)
    offer_id = Int(allow_none=True, load_default=None, metadata={
        "description": "One of the provider's offers of this kind, if it was one."})
    # The number of decimals and the range are the service's to check: one rule, one message.
    quantity = decimal_string("Above 0, at most 100000, at most two decimals; a string "
                              "(\"1.5\") or a number.", example="1.5", required=True)
    unit = ma.fields.Enum(ExchangeUnit, by_value=True, required=True)
    occurred_on = Day(required=True, metadata={
        "description": "The day it happened: not in the future."})
    description = ma.fields.String(required=True, validate=ma.validate.Length(max=500))
    cooperation = ma.fields.Enum(Cooperation, by_value=True,
                                 load_default=Cooperation.STRATEGIC)
    valued = ma.fields.Boolean(load_default=True, metadata={
        "description": "Value it from the valuation grid (default), or count participation "
                       "only."})


class ExchangeReasonSchema(ma.Schema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(max=500), metadata={
        "description": "Why, for the other organisation; at most 500 characters."})


class ExchangeArgsSchema(PageArgsSchema):
    member = Int(load_default=None, metadata={
        "description": "Exchanges this organisation took part in."})
    kind = ma.fields.Enum(OfferKind, by_value=True, load_default=None)
    status = ma.fields.Enum(ExchangeStatus, by_value=True, load_default=None)
    # `from` is a Python keyword: the argument is read under data_key.
    start = Day(load_default=None, data_key="from", metadata={
        "description": "Occurred on or after."})
    end = Day(load_default=None, data_key="to", metadata={
        "description": "Occurred on or before."})
    side = ma.fields.Enum(Side, by_value=True, load_default=None, metadata={
        "description": "Given or received by the token owner's organisation."})
    to_decide = ma.fields.Boolean(load_default=False, metadata={
        "description": "Only the pending ones the token owner's organisation (or the cell) "
                       "must confirm or reject."})


class PeriodArgsSchema(ma.Schema):
    start = Day(load_default=None, data_key="from", metadata={
        "description": "First day; default: 1 January of the current year."})
    end = Day(load_default=None, data_key="to", metadata={
        "description": "Last day, included; default: 31 December of the year of `from`."})


class PeriodSchema(ma.Schema):
    start = ma.fields.Date(data_key="from")
    end = ma.fields.Date(data_key="to", metadata={"description": "Included."})


class TotalSchema(ma.Schema):
    kind = ma.fields.Enum(OfferKind, by_value=True)
    unit = ma.fields.Enum(ExchangeUnit, by_value=True)
    quantity = _amount("Net of reversals.")
    value = _amount(_VALUE)
    count = ma.fields.Integer(metadata={"description": "Exchanges, net of reversals."})


class CounterpartSchema(ma.Schema):
    id = ma.fields.Integer(attribute="member_id")
    name = ma.fields.String()
    given_value = _amount("Given to this organisation.")
    received_value = _amount("Received from this organisation.")
    given_count = ma.fields.Integer()
    received_count = ma.fields.Integer()
    balance = _amount("Given minus received.")


class EntrySchema(ma.Schema):
    """One line of a statement: the member's side of a posted exchange."""

    exchange_id = ma.fields.Integer()
    booked_on = ma.fields.Date(metadata={
        "description": "The day it counts in: the exchange's, or the first open day after a "
                       "closed period."})
    occurred_on = ma.fields.Date()
    side = ma.fields.Enum(Side, by_value=True)
    counterpart = ma.fields.Nested(PartySchema)
    kind = ma.fields.Enum(OfferKind, by_value=True)
    unit = ma.fields.Enum(ExchangeUnit, by_value=True)
    quantity = _amount("Negative for a reversal.")
    value = _amount(_VALUE + " Negative for a reversal; null: participation only.",
                    allow_none=True)
    description = ma.fields.String()
    cooperation = ma.fields.Enum(Cooperation, by_value=True)
    reverses_id = ma.fields.Integer(allow_none=True)


class StatementSchema(ma.Schema):
    member = ma.fields.Nested(PartySchema)
    period = ma.fields.Nested(PeriodSchema)
    detailed = ma.fields.Boolean(metadata={
        "description": "false: the totals only, as other members see them when the pole "
                       "makes balances public; `counterparts` and `entries` are then absent."})
    given = ma.fields.List(ma.fields.Nested(TotalSchema), metadata={
        "description": "Given, by kind and unit."})
    received = ma.fields.List(ma.fields.Nested(TotalSchema))
    given_value = _amount()
    received_value = _amount()
    balance = _amount("Given minus received over the period.")
    opening_balance = _amount("The balance brought forward from before the period.")
    closing_balance = _amount("Opening balance plus the period's balance.")
    given_to = ma.fields.Integer(metadata={"description": "Organisations given to."})
    received_from = ma.fields.Integer(metadata={
        "description": "Organisations received from."})
    counterparts = ma.fields.List(ma.fields.Nested(CounterpartSchema))
    entries = ma.fields.List(ma.fields.Nested(EntrySchema), metadata={
        "description": "Every entry of the period, in the order they count."})


# Everything a statement says but its counterparts and entries, dumped by marshmallow; those,
# hundreds in a busy year, are written by `counterpart_json` and `entry_json`, which cost a
# tenth of marshmallow's dump.
STATEMENT_TOTALS = StatementSchema(exclude=("counterparts", "entries"))
CENT = Decimal("0.01")


def amount_json(value: Decimal | None) -> str | None:
    """An amount as `_amount` fields send it: a string with two decimals."""
    if value is None:
        return None
    if not isinstance(value, Decimal):  # the database's amounts are Decimals already
        value = Decimal(str(value))
    return format(value.quantize(CENT), "f")


def counterpart_json(counterpart: Counterpart) -> dict:
    """One counterpart of a statement exactly as CounterpartSchema dumps it."""
    return {
        "id": counterpart.member_id, "name": counterpart.name,
        "given_value": amount_json(counterpart.given_value),
        "received_value": amount_json(counterpart.received_value),
        "given_count": counterpart.given_count, "received_count": counterpart.received_count,
        "balance": amount_json(counterpart.balance),
    }


def entry_json(line: Line) -> dict:
    """One statement line exactly as EntrySchema dumps it."""
    return {
        "exchange_id": line.exchange_id, "booked_on": line.booked_on.isoformat(),
        "occurred_on": line.occurred_on.isoformat(), "side": line.side.value,
        "counterpart": {"id": line.counterpart_id, "name": line.counterpart_name},
        "kind": line.kind.value, "unit": line.unit.value,
        "quantity": amount_json(line.quantity), "value": amount_json(line.value),
        "description": line.description, "cooperation": line.cooperation.value,
        "reverses_id": line.reverses_id,
    }


class MemberBalanceSchema(ma.Schema):
    id = ma.fields.Integer(attribute="member_id")
    name = ma.fields.String()
    given_value = _amount()
    received_value = _amount()
    given_count = ma.fields.Integer()
    received_count = ma.fields.Integer()
    partners = ma.fields.Integer(metadata={
        "description": "Distinct organisations exchanged with."})
    balance = _amount("Given minus received.")


class PoleTotalsSchema(ma.Schema):
    period = ma.fields.Nested(PeriodSchema)
    by_kind = ma.fields.List(ma.fields.Nested(TotalSchema), metadata={
        "description": "Each exchange once, by kind and unit."})
    exchanges = ma.fields.Integer()
    commercial = ma.fields.Integer(metadata={"description": "Exchanges paid for."})
    members = ma.fields.Integer(metadata={
        "description": "Organisations that gave or received."})
    pairs = ma.fields.Integer(metadata={
        "description": "Distinct pairs of organisations that exchanged."})
    value = _amount(_VALUE)
    balances = ma.fields.List(ma.fields.Nested(MemberBalanceSchema))
