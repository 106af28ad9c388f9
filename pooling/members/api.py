"""API of the member directory."""

from flask import g
from flask_smorest import Blueprint

from pooling.api.schemas import documents_errors
from pooling.members import services
from pooling.members.schemas import (
    DirectoryArgsSchema,
    DomainSchema,
    MemberDetailSchema,
    MemberPageSchema,
)

blp = Blueprint("api_members", __name__, description="Member organisations of the pole.")


@blp.get("/members")
@blp.arguments(DirectoryArgsSchema, location="query", as_kwargs=True)
@blp.response(200, MemberPageSchema)
@documents_errors(blp, 401, 422)
def list_members(page, per_page, **filters):
    """The directory: organisations filtered by legal form, circle and domain, sorted by name."""
    result = services.search_members(services.DirectoryQuery(page=page, per_page=per_page,
                                                             **filters))
    return result  # the page schema reads the page as it is


@blp.get("/members/<int:member_id>")
@blp.response(200, MemberDetailSchema)
@documents_errors(blp, 401, 404)
def get_member(member_id):
    """One organisation with its people (e-mail addresses for the cell and its admins only)."""
    page = services.member_page(g.api_user, member_id)
    fields = (name for name in MemberDetailSchema().fields if name != "people")
    return {**{name: getattr(page.member, name) for name in fields}, "people": page.people}


@blp.get("/domains")
@blp.response(200, DomainSchema(many=True))
@documents_errors(blp, 401)
def list_domains():
    """The pole's activity domains, whose codes filter the directory."""
    return services.list_domains()
