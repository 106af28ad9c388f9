"""API of members' data: an organisation's export."""

from flask import g
from flask_smorest import Blueprint

from pooling.api.schemas import documents_errors
from pooling.pole.clock import pole_today
from pooling.privacy import exports

blp = Blueprint("api_privacy", __name__, description="Members' data (GDPR).")


@blp.get("/members/<int:member_id>/export")
@blp.doc(responses={"200": {"description": "A ZIP of CSV and JSON files and a README.",
                            "content": {"application/zip": {}}}})
@documents_errors(blp, 401, 403, 404)
def export_member(member_id):
    """All the organisation's data as a ZIP, for its admins and the cell (as the page's)."""
    return exports.zip_response(g.api_user, member_id, pole_today())
