"""JSON shapes of offers and of the valuation grid."""

import marshmallow as ma

from pooling.api.schemas import (
    Day,
    Int,
    LocalDateTime,
    PageArgsSchema,
    decimal_string,
    page_schema,
)
from pooling.catalogue.models import BookingPolicy, OfferKind, OfferStatus, Unit
from pooling.search.analysis import MAX_QUERY


class SlotSchema(ma.Schema):
    weekday = Int(required=True, validate=ma.validate.Range(min=0, max=6),
                  metadata={"description": "Monday is 0."})
    opens_at = ma.fields.Time(required=True, format="%H:%M",
                              metadata={"description": "Local time of the pole, HH:MM."})
    closes_at = ma.fields.Time(required=True, format="%H:%M")


class OfferSchema(ma.Schema):
    id = ma.fields.Integer()
    member = ma.fields.Dict(metadata={"description": "The owning organisation: id and name."})
    kind = ma.fields.Enum(OfferKind, by_value=True)
    status = ma.fields.Enum(OfferStatus, by_value=True)
    category = ma.fields.Dict(metadata={"description": "id and name."})
    title = ma.fields.String()
    description = ma.fields.String()
    tags = ma.fields.List(ma.fields.String())
    booking_policy = ma.fields.Enum(BookingPolicy, by_value=True)
    min_duration_minutes = ma.fields.Integer()
    max_duration_minutes = ma.fields.Integer(allow_none=True)
    min_notice_minutes = ma.fields.Integer()
    buffer_minutes = ma.fields.Integer()
    unit = ma.fields.Enum(Unit, by_value=True)
    value_per_unit = decimal_string("The offer's own value; null: the valuation grid's.",
                                    allow_none=True)
    opening_hours = ma.fields.List(ma.fields.Nested(SlotSchema))
    capacity = ma.fields.Integer(allow_none=True)
    surface_m2 = decimal_string(example="42.5", allow_none=True)
    equipment = ma.fields.String()
    step_free_access = ma.fields.Boolean()
    accessible_toilets = ma.fields.Boolean()
    location = ma.fields.String()
    access_instructions = ma.fields.String(metadata={
        "description": "Only for the owning organisation and the cell."})
    quantity = ma.fields.Integer(allow_none=True)
    condition = ma.fields.String()
    conditions_of_use = ma.fields.String()
    pickup_place = ma.fields.String()
    provider_id = ma.fields.Integer(allow_none=True)
    level = ma.fields.String()
    max_hours_per_week = ma.fields.Integer(allow_none=True)
    max_hours_per_month = ma.fields.Integer(allow_none=True)
    created_at = ma.fields.AwareDateTime()
    published_at = ma.fields.AwareDateTime(allow_none=True)


class OfferSummarySchema(ma.Schema):
    """An offer in a list: enough to choose; GET /offers/{id} gives the rest."""

    id = ma.fields.Integer()
    member = ma.fields.Dict(metadata={"description": "The owning organisation: id and name."})
    kind = ma.fields.Enum(OfferKind, by_value=True)
    category = ma.fields.Dict(metadata={"description": "id and name."})
    title = ma.fields.String()
    description = ma.fields.String()
    tags = ma.fields.List(ma.fields.String())
    unit = ma.fields.Enum(Unit, by_value=True)
    capacity = ma.fields.Integer(allow_none=True)
    quantity = ma.fields.Integer(allow_none=True)
    step_free_access = ma.fields.Boolean()
    published_at = ma.fields.AwareDateTime(allow_none=True)


OfferPageSchema = page_schema(OfferSummarySchema, "OfferPage")

_text = {"load_default": "", "validate": ma.validate.Length(max=5000)}
_minutes = {"validate": ma.validate.Range(min=0, max=60 * 24 * 365)}


class OfferInSchema(ma.Schema):
    """What a client sends to create an offer (PATCH sends any part of it)."""

    kind = ma.fields.Enum(OfferKind, by_value=True, required=True)
    member = Int(metadata={
        "description": "Owning organisation (the cell only); default: the token owner's."})
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    category = Int(required=True)
    description = ma.fields.String(**_text)
    tags = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=40)),
                          load_default=list, validate=ma.validate.Length(max=10))
    booking_policy = ma.fields.Enum(BookingPolicy, by_value=True,
                                    load_default=BookingPolicy.AUTOMATIC)
    unit = ma.fields.Enum(Unit, by_value=True, load_default=Unit.HOUR)
    value_per_unit = decimal_string("A string (\"12.50\") or a number; null: the valuation "
                                    "grid's.", allow_none=True, load_default=None,
                                    validate=ma.validate.Range(min=0, max=1_000_000))
    min_duration_minutes = Int(
        load_default=30, validate=ma.validate.Range(min=1, max=60 * 24 * 365))
    max_duration_minutes = Int(allow_none=True, load_default=None, **_minutes)
    min_notice_minutes = Int(load_default=0, **_minutes)
    buffer_minutes = Int(load_default=0, **_minutes)
    opening_hours = ma.fields.List(ma.fields.Nested(SlotSchema), load_default=list,
                                   validate=ma.validate.Length(max=50))
    capacity = Int(allow_none=True, load_default=None,
                   validate=ma.validate.Range(min=1, max=100_000))
    # The column keeps one decimal: 1e-9 would be stored as 0.
    surface_m2 = decimal_string("Square metres, above 0: a string (\"42.5\") or a number.",
                                example="42.5", allow_none=True, load_default=None, places=1,
                                validate=ma.validate.Range(min=0, min_inclusive=False,
                                                           max=1_000_000))
    equipment = ma.fields.String(load_default="", validate=ma.validate.Length(max=500))
    step_free_access = ma.fields.Boolean(load_default=False)
    accessible_toilets = ma.fields.Boolean(load_default=False)
    location = ma.fields.String(load_default="", validate=ma.validate.Length(max=300))
    access_instructions = ma.fields.String(**_text)
    quantity = Int(allow_none=True, load_default=None,
                   validate=ma.validate.Range(min=1, max=100_000))
    condition = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))
    conditions_of_use = ma.fields.String(**_text)
    pickup_place = ma.fields.String(load_default="", validate=ma.validate.Length(max=300))
    provider_id = Int(allow_none=True, load_default=None)
    level = ma.fields.String(load_default="", validate=ma.validate.Length(max=300))
    max_hours_per_week = Int(allow_none=True, load_default=None,
                             validate=ma.validate.Range(min=1, max=168))
    max_hours_per_month = Int(allow_none=True, load_default=None,
                              validate=ma.validate.Range(min=1, max=744))


class OfferPatchSchema(OfferInSchema):
    """Any field of an offer but its kind and owner; absent fields keep their value."""

    class Meta:
        exclude = ("kind", "member")


class OfferArgsSchema(PageArgsSchema):
    q = ma.fields.String(
        load_default="", validate=ma.validate.Length(max=MAX_QUERY),
        metadata={"description": "Words or a sentence saying what is sought: the offers that "
                  "share its meaningful words come first (accents, case, plurals, typos and the "
                  "pole's thesaurus taken into account)."})
    kind = ma.fields.Enum(OfferKind, by_value=True, load_default=None)
    category = Int(load_default=None)
    member = Int(load_default=None)
    domain = ma.fields.String(load_default=None, validate=ma.validate.Length(max=40))
    min_capacity = Int(load_default=None, validate=ma.validate.Range(min=1))
    min_quantity = Int(load_default=None, validate=ma.validate.Range(min=1))
    step_free = ma.fields.Boolean(load_default=False)
    available_from = LocalDateTime(load_default=None)
    available_to = LocalDateTime(load_default=None)
    sort = ma.fields.String(load_default="relevance",
                            validate=ma.validate.OneOf(["relevance", "newest", "name"]))


class RateSchema(ma.Schema):
    kind = ma.fields.Enum(OfferKind, by_value=True, required=True)
    category = Int(allow_none=True, load_default=None, attribute="category_id",
                   metadata={"description": "null: the whole kind."})
    unit = ma.fields.Enum(Unit, by_value=True, required=True)
    value = decimal_string("A string (\"12.50\") or a number, from 0 to 1000000.",
                           required=True, validate=ma.validate.Range(min=0, max=1_000_000))
    valid_from = Day(required=True)


class CategorySchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    kind = ma.fields.Enum(OfferKind, by_value=True, required=True)
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100),
                            metadata={"description": "In French, the pole's language."})
    name_en = ma.fields.String(allow_none=True, load_default=None,
                               validate=ma.validate.Length(max=100),
                               metadata={"description": "In English; null: the French name."})


class CategoryArgsSchema(ma.Schema):
    kind = ma.fields.Enum(OfferKind, by_value=True, load_default=None)


class GridArgsSchema(ma.Schema):
    on = Day(load_default=None, metadata={"description": "Default: today."})
