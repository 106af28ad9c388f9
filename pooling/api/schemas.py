"""Shapes shared by every API module: errors, pagination, and the fields of input that
the database can hold."""

import marshmallow as ma

from pooling.db import FIRST_DAY, INT_MAX, LAST_DAY, MAX_PAGE, supported_day


class Int(ma.fields.Integer):
    """An integer a database column holds: a number with a fraction is refused, never
    truncated (1.5 is not 1), and so is one beyond the column's 32 bits."""

    default_error_messages = {
        "fraction": "Not a whole number.",
        "out_of_range": f"Out of range: at most {INT_MAX}.",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        ranges = [v for v in self.validators if isinstance(v, ma.validate.Range)]
        if not any(r.max is not None for r in ranges):
            self.metadata = {**self.metadata, "maximum": INT_MAX}
        if not any(r.min is not None for r in ranges):
            self.metadata = {**self.metadata, "minimum": -INT_MAX - 1}

    def _validated(self, value) -> int:
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("fraction")
        number = super()._validated(value)
        if not -INT_MAX - 1 <= number <= INT_MAX:
            raise self.make_error("out_of_range")
        return number


class SupportedDays:
    """A date field's mixin: a day before FIRST_DAY or after LAST_DAY is refused (see
    `supported_day`)."""

    default_error_messages = {"out_of_range": f"Choose a date between {FIRST_DAY.isoformat()} "
                                              f"and {LAST_DAY.isoformat()}."}

    def _deserialize(self, value, attr, data, **kwargs):
        loaded = super()._deserialize(value, attr, data, **kwargs)
        if not supported_day(loaded):
            raise self.make_error("out_of_range")
        return loaded


class Instant(SupportedDays, ma.fields.AwareDateTime):
    """A moment, ISO 8601, on a day a booking or a report can name."""


class Day(SupportedDays, ma.fields.Date):
    """A day, ISO 8601, that a booking or a report can name."""


class ErrorDetailSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"example": "not_found"})
    message = ma.fields.String(required=True, metadata={"description": "For people to read."})
    fields = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Per-field messages, on invalid input."})


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorDetailSchema, required=True)


class PageArgsSchema(ma.Schema):
    page = Int(load_default=1, validate=ma.validate.Range(min=1, max=MAX_PAGE))
    per_page = Int(load_default=20, validate=ma.validate.Range(min=1, max=100))


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """A page of items with its position in the whole list."""
    return ma.Schema.from_dict({
        "items": ma.fields.List(ma.fields.Nested(item_schema)),
        "total": ma.fields.Integer(),
        "page": ma.fields.Integer(),
        "per_page": ma.fields.Integer(),
        "pages": ma.fields.Integer(),
    }, name=name)


ERROR_DESCRIPTIONS = {
    401: "Missing, invalid or revoked token.",
    403: "The token's owner may not do this.",
    404: "No such object, or not visible to the token's owner.",
    409: "The request conflicts with the current state.",
    422: "Invalid parameters or body; `error.fields` says which.",
}


def documents_errors(blp, *codes: int):
    """Document the JSON error answers a route can give."""

    def decorator(view):
        for code in codes:
            view = blp.alt_response(code, schema=ErrorSchema,
                                    description=ERROR_DESCRIPTIONS[code])(view)
        return view

    return decorator
