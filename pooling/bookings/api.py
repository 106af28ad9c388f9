"""API of the booking engine: availability, bookings and their life cycle."""

from dataclasses import replace

from flask import g, jsonify
from flask_smorest import Blueprint

from pooling.api.idempotency import DOCUMENTED as IDEMPOTENCY_KEY
from pooling.api.idempotency import idempotent
from pooling.api.schemas import (
    checks_first,
    documents_errors,
    fields_named,
    request_names,
    sent_id,
)
from pooling.bookings import lifecycle, queries, series, services
from pooling.bookings.availability import availability as free_intervals
from pooling.bookings.permissions import Action
from pooling.bookings.recurrence import Recurrence
from pooling.bookings.schemas import (
    AvailabilityArgsSchema,
    BookingArgsSchema,
    BookingConflictSchema,
    BookingInSchema,
    BookingPageSchema,
    BookingSchema,
    FreeIntervalSchema,
    ReasonSchema,
    SeriesResultSchema,
)
from pooling.catalogue import services as catalogue

blp = Blueprint("api_bookings", __name__, description="Availability and bookings.")


def dump(booking) -> dict:
    offer = booking.offer
    return {
        "id": booking.id, "status": booking.status, "start": booking.starts_at,
        "end": booking.ends_at, "quantity": booking.quantity, "purpose": booking.purpose,
        "sequence": booking.sequence, "requested_by": booking.requested_by_id,
        "series": booking.series_id, "need": booking.need_id,
        "offer": {"id": offer.id, "title": offer.title, "kind": offer.kind.value,
                  "member": {"id": offer.member_id, "name": offer.member.name}},
        "member": {"id": booking.member_id, "name": booking.member.name},
        "events": booking.events,
    }


def _offer_visible(offer_id: int) -> None:
    catalogue.get_offer(g.api_user, offer_id)


def _may_book(**_path) -> None:
    services.check_may_book_for(g.api_user, sent_id("member") or g.api_user.member_id)


def _booking_visible(booking_id: int) -> None:
    lifecycle.get_booking(g.api_user, booking_id)


def _may_decide(booking_id: int) -> None:
    """Confirming, declining, completing: the offer's organisation or the cell."""
    lifecycle.get_booking_for(g.api_user, booking_id, Action.CONFIRM)


@blp.get("/offers/<int:offer_id>/availability")
@checks_first(_offer_visible)
@blp.arguments(AvailabilityArgsSchema, location="query", as_kwargs=True)
@blp.response(200, FreeIntervalSchema(many=True))
@documents_errors(blp, 401, 404, 422)
def availability(offer_id, start, end):
    """The free intervals of an offer between `from` and `to`, with what is left in each
    (free places for premises, free items for tools); at most 92 days at once."""
    return [{"start": f.interval.start, "end": f.interval.end, "remaining": f.remaining}
            for f in free_intervals(g.api_user, offer_id, start, end)]


def _request(body) -> services.BookingRequest:
    return services.BookingRequest(
        offer_id=body["offer"], starts_at=body["start"], ends_at=body["end"],
        quantity=body.get("quantity") or body.get("attendees") or 1,
        purpose=body.get("purpose", ""), member_id=body.get("member"),
        need_id=body.get("need"))


@blp.post("/bookings")
@idempotent
@blp.doc(parameters=[IDEMPOTENCY_KEY])
@checks_first(_may_book)
@blp.arguments(BookingInSchema)
@blp.response(201, BookingSchema)
@blp.alt_response(200, schema=SeriesResultSchema,
                  description="A recurrence previewed (`recurrence.preview`): which "
                              "occurrences are free; nothing is booked.")
@blp.alt_response(207, schema=SeriesResultSchema,
                  description="A recurrence booked: the series, its bookings, and the "
                              "occurrences skipped because they were not free.")
@documents_errors(blp, 401, 403, 404, 409, 422, conflict=BookingConflictSchema)
def create_booking(body):
    """Book an offer: answers 201 with the booking (confirmed, or requested when the owner
    approves each request); 409 names the rule that refused it (`error.rule`) and suggests
    `error.alternatives`: the nearest free slots and similar offers free at that time."""
    # The services name the times and the number as the booking stores them.
    names = {"starts_at": "start", "ends_at": "end", "need_id": "need"}
    if body.get("attendees") is not None and body.get("quantity") is None:
        names["quantity"] = "attendees"
    with request_names(names):
        return _book(body)


def _book(body):
    request = _request(body)
    recurrence = body.get("recurrence")
    if recurrence is None:
        return dump(services.create_booking(g.api_user, request))
    rule = Recurrence(frequency=recurrence["frequency"], interval=recurrence["interval"],
                      weekdays=tuple(recurrence["weekdays"]),
                      monthly_by=recurrence["monthly_by"], until=recurrence["until"],
                      count=recurrence["count"])
    if recurrence["preview"]:
        found = series.preview(g.api_user, request, rule)
        return _series_answer(None, [], found, 200)
    result = series.book_series(g.api_user, request, rule, only_free=recurrence["only_free"])
    return _series_answer(result.series, result.bookings, result.skipped, 207)


def _series_answer(booked_series, bookings, occurrences, status):
    # A whole response: the route's 201 schema describes a single booking.
    response = jsonify(SeriesResultSchema().dump({
        "series": booked_series.id if booked_series else None,
        "rule": booked_series.rule if booked_series else None,
        "bookings": [dump(b) for b in bookings],
        "occurrences": [_occurrence(o) for o in occurrences]}))
    response.status_code = status
    return response


def _occurrence(occurrence) -> dict:
    return {"start": occurrence.interval.start, "end": occurrence.interval.end,
            "free": occurrence.free, "rule": occurrence.rule, "message": occurrence.message,
            "alternatives": occurrence.alternatives.as_json() if occurrence.alternatives
            else None}


@blp.get("/bookings")
@blp.arguments(BookingArgsSchema, location="query", as_kwargs=True)
@blp.response(200, BookingPageSchema)
@documents_errors(blp, 401, 422)
@fields_named(start="from", end="to")
def list_bookings(page, per_page, offer, member, status, start, end):
    """Bookings made by the token owner's organisation or of its offers (all for the
    cell), filtered by offer, organisation, status and period (`from`, `to`)."""
    result = queries.list_bookings(g.api_user, queries.BookingQuery(
        offer_id=offer, member_id=member, status=status, start=start, end=end, page=page,
        per_page=per_page))
    return replace(result, items=[dump(b) for b in result.items])


@blp.get("/bookings/<int:booking_id>")
@blp.response(200, BookingSchema)
@documents_errors(blp, 401, 404)
def get_booking(booking_id):
    """One booking with its history; for both organisations and the cell only."""
    return dump(lifecycle.get_booking(g.api_user, booking_id))


@blp.post("/bookings/<int:booking_id>/confirm")
@blp.response(200, BookingSchema)
@documents_errors(blp, 401, 403, 404, 409, conflict=BookingConflictSchema)
def confirm(booking_id):
    """Accept a request (the offer's organisation or the cell); colliding requests are
    declined."""
    return dump(lifecycle.confirm(g.api_user, booking_id))


@blp.post("/bookings/<int:booking_id>/decline")
@checks_first(_may_decide)
@blp.arguments(ReasonSchema)
@blp.response(200, BookingSchema)
@documents_errors(blp, 401, 403, 404, 409, 422, conflict=BookingConflictSchema)
def decline(body, booking_id):
    """Decline a request, with a reason for the requester."""
    return dump(lifecycle.decline(g.api_user, booking_id, body["reason"]))


@blp.post("/bookings/<int:booking_id>/cancel")
@checks_first(_booking_visible)
@blp.arguments(ReasonSchema)
@blp.response(200, BookingSchema)
@documents_errors(blp, 401, 403, 404, 409, 422, conflict=BookingConflictSchema)
def cancel(body, booking_id):
    """Cancel: the beneficiary before the start, the owner with a reason before the end.
    For a recurring booking, `scope` is `one`, `following` or `all`."""
    if body["scope"] == "one":
        return dump(lifecycle.cancel(g.api_user, booking_id, body["reason"]))
    cancelled = lifecycle.cancel_occurrences(g.api_user, booking_id, body["scope"],
                                          body["reason"])
    chosen = next((b for b in cancelled if b.id == booking_id), cancelled[0])
    return dump(chosen)


@blp.post("/bookings/<int:booking_id>/complete")
@blp.response(200, BookingSchema)
@documents_errors(blp, 401, 403, 404, 409, conflict=BookingConflictSchema)
def complete(booking_id):
    """Mark a booking that has ended as having taken place; records its exchange once."""
    return dump(lifecycle.complete(g.api_user, booking_id))
