"""API of the catalogue and of the valuation grid."""

from dataclasses import replace

from flask import g
from flask_smorest import Blueprint

from pooling.accounts.permissions import require_cell
from pooling.api.schemas import checks_first, documents_errors, fields_named, sent_id
from pooling.catalogue import services
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import OfferStatus
from pooling.catalogue.permissions import can_edit_offer
from pooling.catalogue.schemas import (
    CategoryArgsSchema,
    CategorySchema,
    GridArgsSchema,
    OfferArgsSchema,
    OfferInSchema,
    OfferPageSchema,
    OfferPatchSchema,
    OfferSchema,
    RateSchema,
)
from pooling.pole.clock import pole_today

blp = Blueprint("api_catalogue", __name__, description="Offers and the valuation grid.")


def _dump(offer, tags: list[str] | None = None) -> dict:
    """An offer as the token owner may see it (access instructions for its editors only)."""
    data = {name: getattr(offer, name) for name in OfferSchema().fields
            if name not in ("member", "category", "tags", "opening_hours")}
    data.update(member={"id": offer.member_id, "name": offer.member.name},
                category={"id": offer.category_id, "name": offer.category.name},
                tags=services.tags_of(offer.id) if tags is None else tags,
                opening_hours=[{"weekday": h.weekday, "opens_at": h.opens_at,
                                "closes_at": h.closes_at} for h in offer.opening_hours])
    if not can_edit_offer(g.api_user, offer):
        data["access_instructions"] = ""
    return data


def _data_from(body: dict, base: services.OfferData) -> services.OfferData:
    values = {k: v for k, v in body.items() if k not in ("member", "category",
                                                          "opening_hours")}
    if "category" in body:
        values["category_id"] = body["category"]
    if "opening_hours" in body:
        values["opening_hours"] = [WeeklySlot(s["weekday"], s["opens_at"], s["closes_at"])
                                   for s in body["opening_hours"]]
    return replace(base, **values)


@blp.get("/offers")
@blp.arguments(OfferArgsSchema, location="query", as_kwargs=True)
@blp.response(200, OfferPageSchema)
@documents_errors(blp, 401, 422)
def list_offers(page, per_page, kind, q, category, member, domain, min_capacity,
                min_quantity, step_free, available_from, available_to, sort):
    """Published offers, with the catalogue page's search and filters."""
    result = services.search_offers(services.OfferQuery(
        q=q, kind=kind, category_id=category, member_id=member, domain=domain,
        min_capacity=min_capacity, min_quantity=min_quantity, step_free=step_free,
        available_from=available_from, available_to=available_to, sort=sort,
        page=page, per_page=per_page, viewer_member_id=g.api_user.member_id))
    tags = services.tags_for([o.id for o in result.items])
    items = [{"id": o.id, "member": {"id": o.member_id, "name": o.member.name},
              "kind": o.kind, "category": {"id": o.category_id, "name": o.category.name},
              "title": o.title, "description": o.description, "tags": tags.get(o.id, []),
              "unit": o.unit, "capacity": o.capacity, "quantity": o.quantity,
              "step_free_access": o.step_free_access, "published_at": o.published_at}
             for o in result.items]
    return replace(result, items=items)


def _may_publish(**_path) -> None:
    services.check_may_publish_for(g.api_user, sent_id("member") or g.api_user.member_id)


def _may_edit(offer_id: int) -> None:
    services.get_offer_for_edit(g.api_user, offer_id)


def _cell(**_path) -> None:
    require_cell(g.api_user)


@blp.post("/offers")
@checks_first(_may_publish)
@blp.arguments(OfferInSchema)
@blp.response(201, OfferSchema)
@documents_errors(blp, 401, 403, 404, 422)
@fields_named(category_id="category")
def create_offer(body):
    """Create an offer (a draft) for the token owner's organisation."""
    member_id = body.get("member") or g.api_user.member_id
    base = services.OfferData(kind=body["kind"], title="", category_id=body["category"])
    offer = services.create_offer(g.api_user, member_id, _data_from(body, base))
    return _dump(offer)


@blp.get("/offers/<int:offer_id>")
@blp.response(200, OfferSchema)
@documents_errors(blp, 401, 404)
def get_offer(offer_id):
    """One offer; drafts and archives only for their organisation and the cell."""
    return _dump(services.get_offer(g.api_user, offer_id))


@blp.patch("/offers/<int:offer_id>")
@checks_first(_may_edit)
@blp.arguments(OfferPatchSchema(partial=True))
@blp.response(200, OfferSchema)
@documents_errors(blp, 401, 403, 404, 422)
@fields_named(category_id="category")
def patch_offer(body, offer_id):
    """Change some fields of an offer; the others keep their value."""
    offer = services.get_offer_for_edit(g.api_user, offer_id)
    data = _data_from(body, services.offer_data(offer))
    return _dump(services.update_offer(g.api_user, offer_id, data))


@blp.post("/offers/<int:offer_id>/publish")
@blp.response(200, OfferSchema)
@documents_errors(blp, 401, 403, 404, 409)
def publish_offer(offer_id):
    """Publish a draft: it enters the catalogue and can be booked."""
    return _dump(services.change_status(g.api_user, offer_id, OfferStatus.PUBLISHED))


@blp.post("/offers/<int:offer_id>/unpublish")
@blp.response(200, OfferSchema)
@documents_errors(blp, 401, 403, 404, 409)
def unpublish_offer(offer_id):
    """Take a published offer back to draft: it leaves the catalogue, its bookings stay."""
    return _dump(services.unpublish(g.api_user, offer_id))


@blp.post("/offers/<int:offer_id>/archive")
@blp.response(200, OfferSchema)
@documents_errors(blp, 401, 403, 404, 409)
def archive_offer(offer_id):
    """Archive an offer: it leaves the catalogue, its history stays."""
    return _dump(services.change_status(g.api_user, offer_id, OfferStatus.ARCHIVED))


@blp.get("/categories")
@blp.arguments(CategoryArgsSchema, location="query", as_kwargs=True)
@blp.response(200, CategorySchema(many=True))
@documents_errors(blp, 401, 422)
def list_categories(kind):
    """The categories of offers, per kind, in the cell's order."""
    return services.list_categories(kind)


@blp.post("/categories")
@checks_first(_cell)
@blp.arguments(CategorySchema)
@blp.response(201, CategorySchema)
@documents_errors(blp, 401, 403, 409, 422)
def create_category(body):
    """Add a category to the list of one kind of offer (the animation cell only)."""
    return services.create_category(g.api_user, body["kind"], body["name"],
                                    body.get("name_en") or "")


@blp.get("/valuation")
@blp.arguments(GridArgsSchema, location="query", as_kwargs=True)
@blp.response(200, RateSchema(many=True))
@documents_errors(blp, 401, 422)
def get_valuation(on):
    """The rates in force on a day, per kind and per category that has its own."""
    day = on or pole_today()
    return [rate for _kind, _category, rate in services.valuation_grid(day)]


@blp.post("/valuation")
@checks_first(_cell)
@blp.arguments(RateSchema)
@blp.response(201, RateSchema)
@documents_errors(blp, 401, 403, 422)
@fields_named(category_id="category")
def post_valuation(body):
    """Set the value of a unit from a date on (the animation cell only)."""
    return services.set_rate(g.api_user, body["kind"], body.get("category_id"), body["unit"],
                             body["value"], body["valid_from"])
