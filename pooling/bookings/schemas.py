"""JSON shapes of bookings, availability and recurrences."""

import marshmallow as ma

from pooling.api.schemas import (
    AlternativesSchema,
    ConflictDetailSchema,
    Day,
    Int,
    LocalDateTime,
    PageArgsSchema,
    page_schema,
)
from pooling.bookings.models import BookingStatus
from pooling.bookings.rules import Rule

RULES = ma.validate.OneOf([rule.value for rule in Rule])


class BookingConflictDetailSchema(ConflictDetailSchema):
    rule = ma.fields.String(validate=RULES, metadata={
        "description": "The rule that refused the booking or the change (see the README's "
                       "list of rules)."})


class BookingConflictSchema(ma.Schema):
    error = ma.fields.Nested(BookingConflictDetailSchema, required=True)


class RecurrenceSchema(ma.Schema):
    frequency = ma.fields.String(required=True,
                                 validate=ma.validate.OneOf(["daily", "weekly", "monthly"]))
    interval = Int(load_default=1, validate=ma.validate.Range(min=1, max=52),
                   metadata={"description": "Every N days, weeks or months."})
    weekdays = ma.fields.List(Int(validate=ma.validate.Range(min=0, max=6)),
                              load_default=list, validate=ma.validate.Length(max=7),
                              metadata={"description": "Weekly: Monday is 0."})
    monthly_by = ma.fields.String(load_default="date",
                                  validate=ma.validate.OneOf(["date", "weekday"]),
                                  metadata={"description": "Monthly: the same date, or the "
                                            "same nth weekday (e.g. the 2nd Tuesday)."})
    until = Day(load_default=None)
    count = Int(load_default=None, validate=ma.validate.Range(min=1, max=200))
    only_free = ma.fields.Boolean(load_default=True, metadata={
        "description": "Book the free occurrences and skip the others (default), or refuse "
                       "the whole series if one is not free."})
    preview = ma.fields.Boolean(load_default=False, metadata={
        "description": "Only say which occurrences are free; book nothing."})


class BookingInSchema(ma.Schema):
    offer = Int(required=True)
    start = LocalDateTime(required=True)
    end = LocalDateTime(required=True)
    quantity = Int(load_default=None, validate=ma.validate.Range(min=1),
                   metadata={"description": "Items of a tool."})
    attendees = Int(load_default=None, validate=ma.validate.Range(min=1),
                    metadata={"description": "People in a room."})
    purpose = ma.fields.String(load_default="", validate=ma.validate.Length(max=500))
    member = Int(load_default=None, metadata={
        "description": "The beneficiary organisation (the cell only); default: the token "
                       "owner's."})
    need = Int(load_default=None, metadata={
        "description": "The need this booking answers (booked from its matches): an open need "
                       "of the beneficiary organisation, or 422; the need then lists the "
                       "booking."})
    recurrence = ma.fields.Nested(RecurrenceSchema, load_default=None)


class EventSchema(ma.Schema):
    from_status = ma.fields.Enum(BookingStatus, by_value=True, allow_none=True)
    to_status = ma.fields.Enum(BookingStatus, by_value=True)
    actor = ma.fields.Integer(allow_none=True, attribute="actor_id")
    note = ma.fields.String()
    at = ma.fields.AwareDateTime()


class BookingSchema(ma.Schema):
    id = ma.fields.Integer()
    offer = ma.fields.Dict(metadata={"description": "id, title, kind and owning organisation."})
    member = ma.fields.Dict(metadata={"description": "The beneficiary: id and name."})
    requested_by = ma.fields.Integer()
    series = ma.fields.Integer(allow_none=True)
    need = ma.fields.Integer(allow_none=True, metadata={
        "description": "The need this booking answers, if it was booked for one."})
    status = ma.fields.Enum(BookingStatus, by_value=True)
    start = ma.fields.AwareDateTime()
    end = ma.fields.AwareDateTime()
    quantity = ma.fields.Integer(metadata={"description": "People, items, or 1 for a skill."})
    purpose = ma.fields.String()
    sequence = ma.fields.Integer()
    events = ma.fields.List(ma.fields.Nested(EventSchema))


class OccurrenceSchema(ma.Schema):
    start = ma.fields.AwareDateTime()
    end = ma.fields.AwareDateTime()
    free = ma.fields.Boolean()
    rule = ma.fields.String(allow_none=True, validate=RULES)
    message = ma.fields.String()
    alternatives = ma.fields.Nested(AlternativesSchema, allow_none=True, metadata={
        "description": "A taken occurrence (among the first ten): the offer's nearest free "
                       "slots and similar offers free then, as in a 409's `alternatives`."})


class SeriesResultSchema(ma.Schema):
    series = ma.fields.Integer(allow_none=True)
    rule = ma.fields.String(allow_none=True, metadata={"description": "RFC 5545 RRULE."})
    bookings = ma.fields.List(ma.fields.Nested(BookingSchema))
    occurrences = ma.fields.List(ma.fields.Nested(OccurrenceSchema))


BookingPageSchema = page_schema(BookingSchema, "BookingPage")


class BookingArgsSchema(PageArgsSchema):
    offer = Int(load_default=None)
    member = Int(load_default=None, metadata={
        "description": "Bookings made by, or of the offers of, this organisation."})
    status = ma.fields.Enum(BookingStatus, by_value=True, load_default=None)
    # `from` is a Python keyword: the argument is read under data_key.
    start = LocalDateTime(load_default=None, data_key="from")
    end = LocalDateTime(load_default=None, data_key="to")


class AvailabilityArgsSchema(ma.Schema):
    start = LocalDateTime(required=True, data_key="from")
    end = LocalDateTime(required=True, data_key="to")


class FreeIntervalSchema(ma.Schema):
    start = ma.fields.AwareDateTime()
    end = ma.fields.AwareDateTime()
    remaining = ma.fields.Integer(allow_none=True, metadata={
        "description": "Free places (premises; null for a place without a capacity), free "
                       "items (tools), or 1 (skills)."})


class ReasonSchema(ma.Schema):
    reason = ma.fields.String(load_default="", validate=ma.validate.Length(max=500))
    scope = ma.fields.String(load_default="one",
                             validate=ma.validate.OneOf(["one", "following", "all"]),
                             metadata={"description": "Cancel: this occurrence, this one "
                                                      "and the following, or all."})
