"""The JSON API under /api/v1: bearer-token authentication and the OpenAPI document."""

from __future__ import annotations

from flask import Flask, g, request
from flask_babel import gettext as _
from flask_smorest import Api as SmorestApi

from pooling.accounts.services import user_for_api_token
from pooling.api.schemas import AnyErrorSchema, DecimalString
from pooling.errors import error_response
from pooling.extensions import csrf

PREFIX = "/api/v1"
PUBLIC_PATHS = {f"{PREFIX}/openapi.json"}


class Api(SmorestApi):
    """flask-smorest, with the application's own JSON error format."""

    ERROR_SCHEMA = AnyErrorSchema

    def _register_error_handlers(self):
        # pooling.errors answers every error, in JSON under /api/ and in HTML elsewhere.
        pass


api = Api()


def authenticate_bearer():
    """Every API route but the OpenAPI document needs `Authorization: Bearer TOKEN`."""
    if not request.path.startswith(PREFIX + "/") or request.path in PUBLIC_PATHS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return error_response(401, _("Send a personal API token: Authorization: Bearer TOKEN."))
    user = user_for_api_token(token.strip())
    if user is None:
        return error_response(401, _("This API token is not valid, revoked, or its owner is "
                                     "deactivated."))
    g.api_user = user
    return None


def init_api(app: Flask) -> None:
    from pooling.accounts.api import blp as accounts_blp
    from pooling.audit.api import blp as audit_blp
    from pooling.bookings.api import blp as bookings_blp
    from pooling.catalogue.api import blp as catalogue_blp
    from pooling.ledger.api import blp as ledger_blp
    from pooling.members.api import blp as members_blp
    from pooling.needs.api import blp as needs_blp
    from pooling.privacy.api import blp as privacy_blp
    from pooling.review.api import blp as review_blp

    app.config.setdefault("API_SPEC_OPTIONS", {
        "info": {"description": "The pole's pooling service. Authenticate with a personal "
                                "token from your profile page: `Authorization: Bearer TOKEN`."},
        "servers": [{"url": "/"}],
        "components": {"securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearerAuth": []}],
    })
    api.init_app(app)
    # Decimals travel as strings ("12.50"); apispec would declare them numbers.
    api.register_field(DecimalString, "string", "decimal")
    for blp in (accounts_blp, members_blp, catalogue_blp, bookings_blp, ledger_blp,
                needs_blp, review_blp, audit_blp, privacy_blp):
        csrf.exempt(blp)
        api.register_blueprint(blp, url_prefix=PREFIX)
    app.before_request(authenticate_bearer)
