"""The domain error tree, and the handlers that turn errors into HTML or JSON answers."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from pooling.validation_messages import flat_fields


class DomainError(Exception):
    """A rule of the domain refused the request; the message is meant for a person."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: dict | None = None,
                 details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        # Further data for API clients, e.g. the rule that refused a booking.
        self.details = details or {}


class InvalidInput(DomainError):
    status = 422
    code = "invalid_input"


def invalid_field(name: str, message: str) -> InvalidInput:
    """Invalid input in one field: the message, for the page and for that field."""
    return InvalidInput(message, fields={name: [message]})


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class TooManyAttempts(DomainError):
    status = 429
    code = "too_many_attempts"


HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_attempts",
    500: "server_error",
    503: "unavailable",
}


def show_on_form(form, error: DomainError) -> None:
    """Put a refused request's messages on the form: per field where it names fields."""
    for name, messages in error.fields.items():
        if name in form:
            form[name].errors = [*form[name].errors, *messages]
    form.form_errors.append(error.message)


def wants_json() -> bool:
    """API paths and the data feeds of pages answer in JSON, everything else in HTML."""
    return request.path.startswith("/api/") or request.path.endswith(".json")


def http_message(status: int) -> str:
    """A message a person understands for a bare HTTP status."""
    messages = {
        400: _("The request could not be understood."),
        401: _("Authentication is required."),
        403: _("You are not allowed to do this."),
        404: _("This page does not exist, or you cannot see it."),
        405: _("This method is not allowed here."),
        413: _("What you sent is too large."),
        414: _("This address is too long."),
        415: _("This content type is not supported."),
        422: _("Some fields are invalid."),
        429: _("Too many attempts. Please wait before trying again."),
        500: _("Something went wrong on our side. Please try again later."),
        503: _("The service is temporarily unavailable."),
    }
    return messages.get(status, _("The request failed."))


def error_response(status: int, message: str, code: str | None = None, fields=None,
                   details: dict | None = None):
    """Render one error for the client that asked: JSON for the API, a page otherwise."""
    code = code or HTTP_CODES.get(status, "error")
    if wants_json():
        body = {"error": {"code": code, "message": message, **(details or {})}}
        if fields:
            body["error"]["fields"] = fields
        response = jsonify(body)
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="pooling"'
        return response
    template = f"errors/{status}.html" if status in (403, 404, 429) else "errors/generic.html"
    return render_template(template, status=status, message=message), status


def register_error_handlers(app: Flask) -> None:
    """Map domain errors and HTTP errors to answers with a person-readable message."""

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        return error_response(error.status, error.message, error.code, error.fields,
                              error.details)

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError):
        message = _("Your form has expired or was not sent from this site. Please try again.")
        return error_response(400, message, "csrf_failed")

    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException):
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        fields = data.get("messages") or data.get("errors")
        if fields and status == 422:
            # webargs nests messages by location ("json", "query"); flatten for people.
            fields = {k: v for loc in fields.values() for k, v in loc.items()}
        if isinstance(fields, dict):
            fields = flat_fields(fields)
        message = data.get("message") or http_message(status)
        return error_response(status, message, fields=fields)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        app.logger.exception("unhandled error")
        return error_response(500, http_message(500))
