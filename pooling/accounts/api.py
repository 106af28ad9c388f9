"""API of the signed-in person."""

from flask import g
from flask_smorest import Blueprint

from pooling.accounts.schemas import MeSchema
from pooling.api.schemas import documents_errors

blp = Blueprint("api_accounts", __name__, description="The person behind the token.")


@blp.get("/me")
@blp.response(200, MeSchema)
@documents_errors(blp, 401)
def me():
    """The person who owns the token, with their organisation."""
    return g.api_user
