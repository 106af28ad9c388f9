"""Shapes shared by every API module: errors, decimals, pagination, the fields of input
the database can hold, and the order in which a route checks who may act and what was sent."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from functools import wraps

import marshmallow as ma
from flask import request

from pooling.db import FIRST_DAY, INT_MAX, LAST_DAY, MAX_PAGE, supported_day
from pooling.errors import InvalidInput
from pooling.localtime import NonexistentTime, as_utc, nonexistent_message

# A decimal as JSON carries it: digits, an optional sign and decimals ("12.50", "-3.5").
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


class DecimalString(ma.fields.Decimal):
    """A decimal the API sends as a string; the OpenAPI document declares it so (see
    pooling.api.init_api), its range as `x-minimum` and `x-maximum`."""


def decimal_string(description: str = "", example: str = "12.50", **kw) -> DecimalString:
    """A quantity or a value served as a string ("12.50"); read from a string or a number."""
    metadata = {"pattern": DECIMAL_PATTERN, "example": example, **kw.pop("metadata", {})}
    if description:
        metadata["description"] = description
    return DecimalString(as_string=True, allow_nan=False, metadata=metadata, **kw)


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


class Day(SupportedDays, ma.fields.Date):
    """A day, ISO 8601, that a booking or a report can name."""


class ErrorDetailSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"example": "not_found"})
    message = ma.fields.String(required=True, metadata={
        "description": "For people to read, in the pole's language."})


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorDetailSchema, required=True)


class InvalidDetailSchema(ErrorDetailSchema):
    fields = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Messages per field, keyed by the names the request used "
                                 "(a body's property or a query parameter)."})


class InvalidErrorSchema(ma.Schema):
    error = ma.fields.Nested(InvalidDetailSchema, required=True)


class SlotSuggestionSchema(ma.Schema):
    start = ma.fields.String(metadata={"description": "ISO 8601, in the pole's time zone."})
    end = ma.fields.String()


class OfferSuggestionSchema(ma.Schema):
    id = ma.fields.Integer()
    title = ma.fields.String()
    member = ma.fields.String(metadata={"description": "The owning organisation's name."})


class AlternativesSchema(ma.Schema):
    slots = ma.fields.List(ma.fields.Nested(SlotSuggestionSchema), metadata={
        "description": "The nearest free times of the same offer."})
    offers = ma.fields.List(ma.fields.Nested(OfferSuggestionSchema), metadata={
        "description": "Similar offers free at the time asked for."})


class ConflictDetailSchema(InvalidDetailSchema):
    rule = ma.fields.String(metadata={
        "description": "The rule that refused the request: `transition` for a move the "
                       "object's status forbids; a booking's routes list their rules."})
    alternatives = ma.fields.Nested(AlternativesSchema, metadata={
        "description": "A refused booking only: what else would do."})


class ConflictErrorSchema(ma.Schema):
    error = ma.fields.Nested(ConflictDetailSchema, required=True)


class AnyErrorSchema(ma.Schema):
    """Any error: `fields` on invalid input (400, 422), `rule` on a conflict (409)."""

    error = ma.fields.Nested(ConflictDetailSchema, required=True)


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


ERRORS = {
    401: ("Missing, invalid or revoked token.", ErrorSchema),
    403: ("The token's owner may not do this.", ErrorSchema),
    404: ("No such object, or not visible to the token's owner.", ErrorSchema),
    409: ("The request conflicts with the current state; `error.rule` says which rule.",
          ConflictErrorSchema),
    422: ("Invalid parameters or body; `error.fields` says which.", InvalidErrorSchema),
}


def documents_errors(blp, *codes: int, conflict=None):
    """Document the JSON error answers a route can give, each with its own shape;
    `conflict`, a schema of the 409 that names the route's own rules."""

    def decorator(view):
        for code in codes:
            description, schema = ERRORS[code]
            if code == 409 and conflict is not None:
                schema = conflict
            view = blp.alt_response(code, schema=schema, description=description)(view)
        return view

    return decorator


def checks_first(check: Callable[..., object]):
    """Decide who may act (403, 404) before reading the body or the query (422).

    Placed between the route and `blp.arguments`; `check` receives the route's path
    arguments and raises the refusal.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            check(**kwargs)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def sent_id(name: str) -> int | None:
    """An id the JSON body names, as sent, for a check that comes before validation."""
    body = request.get_json(silent=True)
    value = body.get(name) if isinstance(body, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= INT_MAX:
        return None  # no id a database holds: validation refuses it
    return value


@contextmanager
def request_names(names: dict[str, str]):
    """Name refused fields as the request named them, not as the services do."""
    try:
        yield
    except InvalidInput as error:
        error.fields = {names.get(name, name): messages
                        for name, messages in error.fields.items()}
        raise


def fields_named(**names: str):
    """A route whose services name some fields otherwise than its request does."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            with request_names(names):
                return view(*args, **kwargs)

        return wrapper

    return decorator


class LocalDateTime(SupportedDays, ma.fields.DateTime):
    """An instant in ISO 8601: with its offset, or without one in the pole's wall-clock
    time, where a time the clocks skip is refused and an ambiguous one is its first."""

    def __init__(self, **kwargs):
        metadata = {"description": "ISO 8601; without an offset, the pole's local time "
                    "(Europe/Paris): a time skipped when the clocks go forward is refused, "
                    "one that occurs twice when they go back is its first occurrence.",
                    **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        given = super()._deserialize(value, attr, data, **kwargs)
        try:
            return as_utc(given)
        except NonexistentTime as error:
            raise ma.ValidationError(nonexistent_message(error)) from None
        except OverflowError:  # a day at the very edge of the calendar
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE) from None
