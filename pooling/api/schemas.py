"""Shapes shared by every API module: errors and pagination."""

import marshmallow as ma

from pooling.db import MAX_PAGE


class ErrorDetailSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"example": "not_found"})
    message = ma.fields.String(required=True, metadata={"description": "For people to read."})
    fields = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Per-field messages, on invalid input."})


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorDetailSchema, required=True)


class PageArgsSchema(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=MAX_PAGE))
    per_page = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))


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


class LocalDateTime(ma.fields.DateTime):
    """An instant in ISO 8601: with its offset, or without one in the pole's wall-clock
    time, where a time the clocks skip is refused and an ambiguous one is its first."""

    def __init__(self, **kwargs):
        metadata = {"description": "ISO 8601; without an offset, the pole's local time "
                    "(Europe/Paris): a time skipped when the clocks go forward is refused, "
                    "one that occurs twice when they go back is its first occurrence.",
                    **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        from pooling.localtime import NonexistentTime, as_utc, nonexistent_message

        given = super()._deserialize(value, attr, data, **kwargs)
        try:
            return as_utc(given)
        except NonexistentTime as error:
            raise ma.ValidationError(nonexistent_message(error)) from None
        except OverflowError:  # a day at the very edge of the calendar
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE) from None
