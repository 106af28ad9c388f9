"""JSON shapes of needs."""

import marshmallow as ma

from pooling.api.schemas import (
    Day,
    Int,
    LocalDateTime,
    PageArgsSchema,
    SlotSuggestionSchema,
    decimal_string,
    page_schema,
)
from pooling.catalogue.models import OfferKind
from pooling.needs.models import MAX_TEXT, NeedState, NeedStatus

_amount = {"allow_none": True, "validate": ma.validate.Range(min=1, max=100_000)}


class NeedSchema(ma.Schema):
    id = ma.fields.Integer()
    member = ma.fields.Dict(metadata={"description": "The organisation in need: id and name."})
    kind = ma.fields.Enum(OfferKind, by_value=True)
    status = ma.fields.Enum(NeedState, by_value=True, metadata={
        "description": "`expired`: still open but past `open_until`."})
    text = ma.fields.String()
    category = ma.fields.Dict(allow_none=True, metadata={"description": "id and name."})
    tags = ma.fields.List(ma.fields.String())
    window_from = ma.fields.AwareDateTime(allow_none=True, metadata={
        "description": "null with `window_to`: a flexible need."})
    window_to = ma.fields.AwareDateTime(allow_none=True)
    duration_hours = decimal_string("The length wanted; for a skill, the hours of expertise.",
                                    example="2.50", allow_none=True)
    capacity = ma.fields.Integer(allow_none=True, metadata={"description": "People (premises)."})
    quantity = ma.fields.Integer(allow_none=True, metadata={"description": "Items (tools)."})
    town = ma.fields.String()
    open_until = ma.fields.Date()
    created_at = ma.fields.AwareDateTime()
    closed_at = ma.fields.AwareDateTime(allow_none=True)


NeedPageSchema = page_schema(NeedSchema, "NeedPage")


class NeedInSchema(ma.Schema):
    """What a client sends to post a need (PATCH sends any part of it but the kind)."""

    kind = ma.fields.Enum(OfferKind, by_value=True, required=True)
    text = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=MAX_TEXT),
                            metadata={"description": "What is needed, in words."})
    category = Int(allow_none=True, load_default=None,
                   metadata={"description": "A category of the same kind; null: none."})
    tags = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=40)),
                          load_default=list, validate=ma.validate.Length(max=10))
    window_from = LocalDateTime(allow_none=True, load_default=None)
    window_to = LocalDateTime(allow_none=True, load_default=None, metadata={
        "description": "After `window_from`; both null: a flexible need."})
    duration_hours = decimal_string(
        "Hours wanted: a string (\"2.5\") or a number.", example="2.5", allow_none=True,
        load_default=None,
        validate=ma.validate.Range(min=0, min_inclusive=False, max=24 * 366))
    capacity = Int(load_default=None, metadata={"description": "People, for premises."},
                   **_amount)
    quantity = Int(load_default=None, metadata={"description": "Items, for tools."},
                   **_amount)
    town = ma.fields.String(load_default="", validate=ma.validate.Length(max=100))
    open_until = Day(allow_none=True, load_default=None, metadata={
        "description": "The last day the need is open; default: in 30 days."})


class NeedPatchSchema(NeedInSchema):
    class Meta:
        exclude = ("kind",)


class NeedArgsSchema(PageArgsSchema):
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))
    kind = ma.fields.Enum(OfferKind, by_value=True, load_default=None)
    category = Int(load_default=None)
    town = ma.fields.String(load_default="", validate=ma.validate.Length(max=100))
    ours = ma.fields.Boolean(load_default=False, metadata={
        "description": "The token owner's organisation's needs, closed and expired ones "
                       "included."})


class CloseSchema(ma.Schema):
    outcome = ma.fields.String(required=True, validate=ma.validate.OneOf(
        [NeedStatus.FULFILLED.value, NeedStatus.WITHDRAWN.value]),
        metadata={"description": "`fulfilled`: it was met; `withdrawn`: no longer needed."})


# --- matching -------------------------------------------------------------------------

MAX_MATCHES = 50


class MatchArgsSchema(ma.Schema):
    limit = Int(load_default=10, validate=ma.validate.Range(min=1, max=MAX_MATCHES),
                metadata={"description": f"How many, at most: 1 to {MAX_MATCHES}."})


class ScoredSchema(ma.Schema):
    """What every match says: how well it fits, when it is first free, and why."""

    score = ma.fields.Float(metadata={
        "description": "Higher is better; comparable within one list only."})
    first_free = ma.fields.Nested(SlotSuggestionSchema, allow_none=True, metadata={
        "description": "The first free time of the length wanted, in the need's window (or "
                       "from now); null when no time is known to be free."})
    reasons = ma.fields.List(ma.fields.String(), metadata={
        "description": "Why it fits, in plain words, in the pole's language."})


class MatchedOfferSchema(ma.Schema):
    id = ma.fields.Integer()
    title = ma.fields.String()
    kind = ma.fields.Enum(OfferKind, by_value=True)
    member = ma.fields.String(metadata={"description": "The offering organisation's name."})


class MatchSchema(ScoredSchema):
    offer = ma.fields.Nested(MatchedOfferSchema)


class MatchListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(MatchSchema), metadata={
        "description": "The offers that can serve the need, best first."})


class MatchedNeedSchema(ma.Schema):
    id = ma.fields.Integer()
    text = ma.fields.String()
    kind = ma.fields.Enum(OfferKind, by_value=True)
    member = ma.fields.String(metadata={"description": "The organisation in need's name."})


class NeedMatchSchema(ScoredSchema):
    need = ma.fields.Nested(MatchedNeedSchema)


class NeedMatchListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(NeedMatchSchema), metadata={
        "description": "The open needs of other organisations the offer can serve, best "
                       "first."})
