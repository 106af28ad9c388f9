"""Booking an offer: check the request, lock the offer, judge by the rules, record.

Every write locks the booked offer's row first (`store`) and judges against the bookings
committed before it, so that two requests for the last free slot cannot both win; on
PostgreSQL an exclusion constraint backs this up for rooms and skills. The rules
themselves are in `rules`; what happens to a booking afterwards is in `lifecycle`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from pooling.accounts.models import Role, User
from pooling.bookings import notifications, rules, store
from pooling.bookings.availability import Alternatives, alternatives, visible
from pooling.bookings.models import Booking, Quota
from pooling.bookings.rules import MAX_RANGE, OfferState, Refusal
from pooling.catalogue.hours import Interval
from pooling.catalogue.models import Offer
from pooling.db import run_use_case, transaction, utcnow
from pooling.errors import Conflict, Forbidden, NotFound, invalid_field
from pooling.extensions import db
from pooling.members.models import Member
from pooling.needs.models import Need
from pooling.pole.clock import pole_today


class BookingRefused(Conflict):
    """A rule of the pole or of the offer refused the booking: says which, and what else
    would do."""

    def __init__(self, refusal: Refusal, alternatives: Alternatives | None = None):
        self.refusal = refusal
        self.rule = refusal.rule
        self.alternatives = alternatives or Alternatives()
        super().__init__(refusal.message, details={
            "rule": refusal.rule, "alternatives": self.alternatives.as_json()})


@dataclass
class BookingRequest:
    offer_id: int
    starts_at: datetime
    ends_at: datetime
    quantity: int = 1
    purpose: str = ""
    member_id: int | None = None  # the beneficiary; the actor's organisation by default
    need_id: int | None = None  # the need it answers, an open one of the beneficiary's


def check_may_book_for(actor: User, member_id: int) -> None:
    """A member books for their own organisation; the cell for any."""
    if member_id != actor.member_id and actor.role != Role.CELL:
        raise Forbidden(_("You can only book for your own organisation."))


def check_request(actor: User, request: BookingRequest) -> Member:
    """Who may book for whom, then what they sent; the beneficiary."""
    member_id = request.member_id or actor.member_id
    check_may_book_for(actor, member_id)
    if request.starts_at.tzinfo is None or request.ends_at.tzinfo is None:
        raise invalid_field("starts_at", _("Give times with their time zone."))
    if not request.starts_at < request.ends_at:
        raise invalid_field("ends_at", _("The end must come after the start."))
    if request.ends_at - request.starts_at > MAX_RANGE:
        raise invalid_field("ends_at", _("A booking lasts at most %(n)d days.",
                                         n=MAX_RANGE.days))
    if request.quantity < 1 or request.quantity > 100000:
        raise invalid_field("quantity", _("Give a number of people or items of at least 1."))
    if len(request.purpose) > 500:
        raise invalid_field("purpose", _("The purpose has at most 500 characters."))
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound(_("This organisation does not exist."))
    if request.need_id is not None:
        need = db.session.get(Need, request.need_id)
        # Refused rather than dropped, so that nobody believes a link was made.
        if need is None or not need.answerable_by(member.id, pole_today()):
            raise invalid_field("need_id", _(
                "This need is not an open need of the organisation you book for; book "
                "without it, or from the page of one of its open needs."))
    return member


def judge(actor: User, member: Member, offer: Offer, wanted: Interval, quantity: int,
          now: datetime, state: OfferState | None = None, quotas: list[Quota] | None = None,
          exclude: Iterable[int] = ()) -> Refusal | None:
    """Fetch what the rules need to judge a booking for `member`, and ask them. `state`
    and `quotas`, when the caller read them with its locks; `exclude`, bookings being
    moved, which hold nothing."""
    exclude = list(exclude)
    if state is None:
        state = store.read_offer_state(offer, wanted, exclude)
    if not rules.quotas_bind(actor.role):
        quotas = []
    elif quotas is None:
        quotas = store.quotas_for(member, offer.kind)
    limits = store.hours_limits(offer, member, wanted, quotas, exclude)
    return rules.judge(offer, wanted, quantity, state, limits, now)


def create_booking(actor: User, request: BookingRequest, series_id: int | None = None,
                   now: datetime | None = None) -> Booking:
    """Book an offer: confirmed at once or requested, depending on the offer's policy."""
    member = check_request(actor, request)
    wanted = Interval(request.starts_at, request.ends_at)

    def attempt() -> Booking:
        moment = now or utcnow()
        # Not expired at the commit: the caller reads the booking next, as it was written.
        with transaction(expire=False):
            offer, quotas, state = store.lock_offer_and_member_and_read_state(
                request.offer_id, member.id, wanted)
            offer = visible(actor, offer)
            refused = judge(actor, member, offer, wanted, request.quantity, moment,
                            state=state, quotas=quotas)
            if refused:
                raise BookingRefused(refused)
            try:
                booking = store.insert_booking(actor, member, offer, wanted, request.quantity,
                                               request.purpose, series_id, request.need_id)
            except IntegrityError:
                # The exclusion constraint: another booking took the slot meanwhile.
                raise BookingRefused(rules.overlap(offer)) from None
            notifications.booking_made(booking)
        return booking

    try:
        return run_use_case(attempt)
    except BookingRefused as refused:
        # Alternatives are looked for once the offer's lock is released: the other
        # requests waiting for it need not wait for this search too.
        offer = db.session.get(Offer, request.offer_id)
        raise BookingRefused(refused.refusal, alternatives(
            offer, wanted, request.quantity, now or utcnow(), member.id)) from None
