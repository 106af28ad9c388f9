"""API of needs: post, find, change and close what an organisation is looking for."""

from dataclasses import replace

from flask import g, jsonify
from flask_smorest import Blueprint

from pooling.api.schemas import checks_first, documents_errors, fields_named
from pooling.matching.engine import NeedMatch, Suggestion
from pooling.needs import matches, services
from pooling.needs.models import Need, NeedStatus
from pooling.needs.schemas import (
    CloseSchema,
    MatchArgsSchema,
    MatchListSchema,
    NeedArgsSchema,
    NeedInSchema,
    NeedMatchListSchema,
    NeedPageSchema,
    NeedPatchSchema,
    NeedSchema,
)
from pooling.pole.clock import pole_today, pole_zone

blp = Blueprint("api_needs", __name__, description="Needs: what member organisations look "
                                                   "for, and the offers that can serve them.")

# The services name some fields as the database does; the API as its clients do.
NAMES = {"category_id": "category"}


def dump(need: Need, tags: list[str] | None = None) -> dict:
    """A need as the API shows it."""
    return {
        "id": need.id, "member": {"id": need.member_id, "name": need.member.name},
        "kind": need.kind, "status": need.state(pole_today()), "text": need.text,
        "category": ({"id": need.category_id, "name": need.category.name}
                     if need.category else None),
        "tags": services.tags_of(need.id) if tags is None else tags,
        "window_from": need.window_from, "window_to": need.window_to,
        "duration_hours": services.hours_of_minutes(need.duration_minutes),
        "capacity": need.capacity, "quantity": need.quantity, "town": need.town,
        "open_until": need.open_until, "created_at": need.created_at,
        "closed_at": need.closed_at,
    }


def _data_from(body: dict, base: services.NeedData) -> services.NeedData:
    values = {k: v for k, v in body.items() if k not in ("category", "duration_hours")}
    if "category" in body:
        values["category_id"] = body["category"]
    if "duration_hours" in body:
        values["duration_minutes"] = services.minutes_of_hours(body["duration_hours"])
    return replace(base, **values)


def _may_edit(need_id: int) -> None:
    services.get_need_for_edit(g.api_user, need_id)


@blp.get("/needs")
@blp.arguments(NeedArgsSchema, location="query", as_kwargs=True)
@blp.response(200, NeedPageSchema)
@documents_errors(blp, 401, 422)
def list_needs(page, per_page, q, kind, category, town, ours):
    """The pole's open needs, newest first; `ours`: all of one's organisation's."""
    result = services.search_needs(services.NeedQuery(
        q=q, kind=kind, category_id=category, town=town,
        member_id=g.api_user.member_id if ours else None, page=page, per_page=per_page))
    tags = services.tags_for([n.id for n in result.items])
    return replace(result, items=[dump(n, tags.get(n.id, [])) for n in result.items])


@blp.post("/needs")
@blp.arguments(NeedInSchema)
@blp.response(201, NeedSchema)
@documents_errors(blp, 401, 422)
@fields_named(**NAMES)
def create_need(body):
    """Post a need of the token owner's organisation; it is open on the board at once."""
    base = services.NeedData(kind=body["kind"], text="")
    return dump(services.create_need(g.api_user, _data_from(body, base)))


@blp.get("/needs/<int:need_id>")
@blp.response(200, NeedSchema)
@documents_errors(blp, 401, 404)
def get_need(need_id):
    """One need; closed and expired ones only for their organisation and the cell."""
    return dump(services.get_need(g.api_user, need_id))


@blp.patch("/needs/<int:need_id>")
@checks_first(_may_edit)
@blp.arguments(NeedPatchSchema(partial=True))
@blp.response(200, NeedSchema)
@documents_errors(blp, 401, 403, 404, 409, 422)
@fields_named(**NAMES)
def patch_need(body, need_id):
    """Change some fields of an open need; the others keep their value."""
    need = services.get_need_for_edit(g.api_user, need_id)
    data = _data_from(body, services.need_data(need))
    return dump(services.update_need(g.api_user, need_id, data))


@blp.post("/needs/<int:need_id>/close")
@checks_first(_may_edit)
@blp.arguments(CloseSchema)
@blp.response(200, NeedSchema)
@documents_errors(blp, 401, 403, 404, 409, 422)
def close_need(body, need_id):
    """Close a need: `fulfilled` (it was met) or `withdrawn` (no longer needed)."""
    return dump(services.close_need(g.api_user, need_id, NeedStatus(body["outcome"])))


def _scored(match: Suggestion | NeedMatch) -> dict:
    """What every match says: its score, its first free time in the pole's zone, and why;
    as ScoredSchema dumps it."""
    return {"score": float(match.score), "reasons": list(match.reasons),
            "first_free": match.first_free.as_json(pole_zone()) if match.first_free else None}


def _may_see_matches(need_id: int) -> None:
    # Kept for the view: read again, it would be a second round trip.
    g.matched_request = matches.request_for_matches(g.api_user, need_id)


def _may_see_matching_needs(offer_id: int) -> None:
    matches.offer_for_matches(g.api_user, offer_id)


@blp.get("/needs/<int:need_id>/matches")
@checks_first(_may_see_matches)
@blp.arguments(MatchArgsSchema, location="query", as_kwargs=True)
@blp.response(200, MatchListSchema)
@documents_errors(blp, 401, 403, 404, 422)
def need_matches(need_id, limit):
    """The offers that can serve a need, best first, each with its first free time and
    why it fits; for the need's organisation and the cell. A closed or expired need has
    none."""
    found = matches.matches_of(g.matched_request, limit)
    # Written as MatchListSchema dumps it, without marshmallow: a millisecond less.
    return jsonify({"items": [{"offer": {"id": s.offer_id, "title": s.title,
                                         "kind": s.kind.value, "member": s.member_name},
                               **_scored(s)} for s in found]})


@blp.get("/offers/<int:offer_id>/matching-needs")
@checks_first(_may_see_matching_needs)
@blp.arguments(MatchArgsSchema, location="query", as_kwargs=True)
@blp.response(200, NeedMatchListSchema)
@documents_errors(blp, 401, 403, 404, 422)
def offer_matching_needs(offer_id, limit):
    """The open needs of other organisations that an offer can serve, best first; for the
    offer's organisation and the cell."""
    found = matches.matching_needs(g.api_user, offer_id, limit)
    # As NeedMatchListSchema dumps it, without marshmallow.
    return jsonify({"items": [{"need": {"id": m.need_id, "text": m.text, "kind": m.kind.value,
                                        "member": m.member_name}, **_scored(m)}
                              for m in found]})
