"""JSON shapes of offers and of the valuation grid."""

import marshmallow as ma

from pooling.api.schemas import LocalDateTime, PageArgsSchema, page_schema
from pooling.catalogue.models import BookingPolicy, OfferKind, OfferStatus, Unit


class SlotSchema(ma.Schema):
    weekday = ma.fields.Integer(required=True, validate=ma.validate.Range(min=0, max=6),
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
    value_per_unit = ma.fields.Decimal(as_string=True, allow_none=True, metadata={
        "description": "The offer's own value; null: the valuation grid's."})
    opening_hours = ma.fields.List(ma.fields.Nested(SlotSchema))
    capacity = ma.fields.Integer(allow_none=True)
    surface_m2 = ma.fields.Decimal(as_string=True, allow_none=True)
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
    member = ma.fields.Integer(metadata={
        "description": "Owning organisation (the cell only); default: the token owner's."})
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    category = ma.fields.Integer(required=True)
    description = ma.fields.String(**_text)
    tags = ma.fields.List(ma.fields.String(validate=ma.validate.Length(max=40)),
                          load_default=list, validate=ma.validate.Length(max=10))
    booking_policy = ma.fields.Enum(BookingPolicy, by_value=True,
                                    load_default=BookingPolicy.AUTOMATIC)
    unit = ma.fields.Enum(Unit, by_value=True, load_default=Unit.HOUR)
    value_per_unit = ma.fields.Decimal(allow_none=True, load_default=None, allow_nan=False,
                                       validate=ma.validate.Range(min=0, max=1_000_000))
    min_duration_minutes = ma.fields.Integer(
        load_default=30, validate=ma.validate.Range(min=1, max=60 * 24 * 365))
    max_duration_minutes = ma.fields.Integer(allow_none=True, load_default=None, **_minutes)
    min_notice_minutes = ma.fields.Integer(load_default=0, **_minutes)
    buffer_minutes = ma.fields.Integer(load_default=0, **_minutes)
    opening_hours = ma.fields.List(ma.fields.Nested(SlotSchema), load_default=list,
                                   validate=ma.validate.Length(max=50))
    capacity = ma.fields.Integer(allow_none=True, load_default=None,
                                 validate=ma.validate.Range(min=1, max=100_000))
    surface_m2 = ma.fields.Decimal(allow_none=True, load_default=None, allow_nan=False,
                                   validate=ma.validate.Range(min=0, min_inclusive=False,
                                                              max=1_000_000))
    equipment = ma.fields.String(load_default="", validate=ma.validate.Length(max=500))
    step_free_access = ma.fields.Boolean(load_default=False)
    accessible_toilets = ma.fields.Boolean(load_default=False)
    location = ma.fields.String(load_default="", validate=ma.validate.Length(max=300))
    access_instructions = ma.fields.String(**_text)
    quantity = ma.fields.Integer(allow_none=True, load_default=None,
                                 validate=ma.validate.Range(min=1, max=100_000))
    condition = ma.fields.String(load_default="", validate=ma.validate.Length(max=200))
    conditions_of_use = ma.fields.String(**_text)
    pickup_place = ma.fields.String(load_default="", validate=ma.validate.Length(max=300))
    provider_id = ma.fields.Integer(allow_none=True, load_default=None)
    level = ma.fields.String(load_default="", validate=ma.validate.Length(max=300))
    max_hours_per_week = ma.fields.Integer(allow_none=True, load_default=None,
                                           validate=ma.validate.Range(min=1, max=168))
    max_hours_per_month = ma.fields.Integer(allow_none=True, load_default=None,
                                            validate=ma.validate.Range(min=1, max=744))


class OfferPatchSchema(OfferInSchema):
    """Any field of an offer but its kind and owner; absent fields keep their value."""

    class Meta:
        exclude = ("kind", "member")


class OfferArgsSchema(PageArgsSchema):
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=100))
    kind = ma.fields.Enum(OfferKind, by_value=True, load_default=None)
    category = ma.fields.Integer(load_default=None)
    member = ma.fields.Integer(load_default=None)
    domain = ma.fields.String(load_default=None, validate=ma.validate.Length(max=40))
    min_capacity = ma.fields.Integer(load_default=None, validate=ma.validate.Range(min=1))
    min_quantity = ma.fields.Integer(load_default=None, validate=ma.validate.Range(min=1))
    step_free = ma.fields.Boolean(load_default=False)
    available_from = LocalDateTime(load_default=None)
    available_to = LocalDateTime(load_default=None)
    sort = ma.fields.String(load_default="relevance",
                            validate=ma.validate.OneOf(["relevance", "newest", "name"]))


class RateSchema(ma.Schema):
    kind = ma.fields.Enum(OfferKind, by_value=True, required=True)
    category = ma.fields.Integer(allow_none=True, load_default=None, attribute="category_id",
                                 metadata={"description": "null: the whole kind."})
    unit = ma.fields.Enum(Unit, by_value=True, required=True)
    value = ma.fields.Decimal(as_string=True, required=True, allow_nan=False,
                              validate=ma.validate.Range(min=0, max=1_000_000))
    valid_from = ma.fields.Date(required=True)


class GridArgsSchema(ma.Schema):
    on = ma.fields.Date(load_default=None, metadata={"description": "Default: today."})
