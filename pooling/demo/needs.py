"""Post the demo pole's needs through the needs' services, as its members would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from pooling.accounts.models import User
from pooling.bookings import services as bookings
from pooling.catalogue.models import Category, Offer, OfferKind
from pooling.demo.bookings import no_mail
from pooling.demo.needs_data import NEEDS
from pooling.extensions import db
from pooling.localtime import local_instant
from pooling.members.models import Member
from pooling.needs import services
from pooling.needs.models import Need, NeedStatus
from pooling.pole.clock import pole_today


def load_demo(echo: Callable[[str], None] = print) -> int:
    """The demo needs, dated from this week's Monday: the same pole every time."""
    monday = pole_today() - timedelta(days=pole_today().weekday())
    categories = {(c.kind.value, c.name): c.id for c in db.session.scalars(sa.select(Category))}
    posted = 0
    # Posted last first: the board, newest first, shows them in the order written.
    for item in reversed(NEEDS):
        poster = db.session.scalars(
            sa.select(User).join(Member).where(Member.name == item["owner"])
            .order_by(User.id)).first()
        window_from = window_to = None
        if "window" in item:
            first, opens, last, closes = item["window"]
            window_from = local_instant(monday + timedelta(days=first), time(opens))
            window_to = local_instant(monday + timedelta(days=last), time(closes))
        hours = item.get("hours")
        need = services.create_need(poster, services.NeedData(
            kind=OfferKind(item["kind"]), text=item["text"],
            category_id=categories.get((item["kind"], item.get("category"))),
            tags=item.get("tags", []), window_from=window_from, window_to=window_to,
            duration_minutes=services.minutes_of_hours(
                Decimal(hours.replace(",", "."))) if hours else None,
            capacity=item.get("people"), quantity=item.get("items"),
            town=item.get("town", "")))
        if "booked" in item:
            _book(poster, need, item["booked"], monday)
        if "outcome" in item:
            services.close_need(poster, need.id, NeedStatus(item["outcome"]))
        posted += 1
    echo(f"Demo needs posted: {posted}.")
    return posted


def _book(poster: User, need: Need, booked: dict, monday) -> None:
    """Book what met the need from its matches, linked to it, as its poster would have."""
    offer_id = db.session.scalar(sa.select(Offer.id).where(Offer.title == booked["offer"]))
    request = bookings.BookingRequest(
        offer_id=offer_id,
        starts_at=local_instant(monday + timedelta(days=booked["day"]), time(booked["start"])),
        ends_at=local_instant(monday + timedelta(days=booked["back"]), time(booked["end"])),
        quantity=need.quantity or need.capacity or 1, purpose=need.text, need_id=need.id)
    with no_mail():
        bookings.create_booking(poster, request)
