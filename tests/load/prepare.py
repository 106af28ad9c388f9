"""`python -m tests.load.prepare SIZE PEOPLE FILE`: migrate DATABASE_URL, load the demo pole
if the database is empty, and write to FILE, as JSON, what the load test's clients need
(harness.Pole). Run by harness.prepare_pole in a child process."""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from pooling import create_app
from pooling.accounts.models import Role, User
from pooling.accounts.services import create_api_token
from pooling.bookings.availability import availability
from pooling.catalogue.models import Offer, OfferKind, OfferStatus
from pooling.demo import loader
from pooling.demo.loader import demo_logins
from pooling.extensions import db
from pooling.members.models import Member
from pooling.needs.models import Need, NeedStatus
from pooling.pole.clock import pole_today, pole_zone
from tests.load.harness import DEMO_PASSWORD, SLOT_DAYS, Person, Pole

SLOTS_PER_OFFER = 40


def current_member() -> sa.ColumnElement[bool]:
    """The organisations that have not left the pole."""
    return sa.or_(Member.left_on.is_(None), Member.left_on > pole_today())


def people_to_act(count: int) -> list[User]:
    """The cell's demo login first, then people spread over the organisations: the first
    person of each, then the second of each, and so on."""
    cell = demo_logins()[0][1]
    users = db.session.scalars(sa.select(User).join(Member).where(
        User.active.is_(True), User.id != cell.id, current_member())
        .order_by(User.member_id, User.id)).all()
    by_member: dict[int, list[User]] = {}
    for user in users:
        by_member.setdefault(user.member_id, []).append(user)
    chosen = [cell]
    rank = 0
    while len(chosen) < count and any(len(v) > rank for v in by_member.values()):
        chosen += [people[rank] for people in by_member.values() if len(people) > rank]
        rank += 1
    return chosen[:count]


def slots_of(viewer: User, offer: Offer, rng: random.Random) -> list[dict]:
    """Free slots of an offer in the load test's window, each as long as the offer's
    shortest booking but at least an hour, on the hour."""
    zone = pole_zone()
    today = pole_today()
    start = datetime.combine(today + timedelta(days=SLOT_DAYS[0]), datetime.min.time(), zone)
    end = datetime.combine(today + timedelta(days=SLOT_DAYS[1]), datetime.min.time(), zone)
    minutes = max(60, offer.min_duration_minutes)
    if offer.max_duration_minutes and minutes > offer.max_duration_minutes:
        return []
    length = timedelta(minutes=minutes)
    found = []
    for free in availability(viewer, offer.id, start, end):
        at = free.interval.start.astimezone(zone).replace(minute=0, second=0, microsecond=0)
        if at < free.interval.start:
            at += timedelta(hours=1)
        while at + length <= free.interval.end:
            found.append({"offer": offer.id, "member_id": offer.member_id,
                          "start": at.isoformat(), "end": (at + length).isoformat(),
                          "kind": offer.kind.value,
                          "booking_policy": offer.booking_policy.value})
            at += length
    rng.shuffle(found)
    return found[:SLOTS_PER_OFFER]


def main(size: str, count: int) -> Pole:
    app = create_app()
    with app.app_context():
        upgrade()
        if not loader.existing_data():
            loader.load(size, echo=lambda line: print(line, file=sys.stderr))
        rng = random.Random(15)  # nosec B311 # the same slots each run
        people = people_to_act(count)
        acting = []
        for user in people:
            _token, plain = create_api_token(user.id, "load test")
            acting.append(Person(email=user.email, password=DEMO_PASSWORD,
                                 role=user.role.value, member_id=user.member_id, token=plain))
        cell = next(u for u in people if u.role == Role.CELL)
        offers = db.session.scalars(sa.select(Offer).join(Member).where(
            Offer.status == OfferStatus.PUBLISHED, current_member()).order_by(Offer.id)).all()
        slots = [slot for offer in offers for slot in slots_of(cell, offer, rng)]
        rng.shuffle(slots)
        needs: dict[int, list[int]] = {}
        for need_id, member_id in db.session.execute(sa.select(Need.id, Need.member_id).where(
                Need.status == NeedStatus.OPEN).order_by(Need.id)):
            needs.setdefault(member_id, []).append(need_id)
        pole = Pole(
            people=acting, cell=acting[0],
            offers=[{"id": o.id, "kind": o.kind.value, "member_id": o.member_id,
                     "capacity": o.capacity, "booking_policy": o.booking_policy.value,
                     "quantity": o.quantity if o.kind == OfferKind.TOOL else None}
                    for o in offers],
            slots=slots, needs=needs,
            members=list(db.session.scalars(sa.select(Member.id).where(current_member())
                                            .order_by(Member.id))))
        assert pole.cell.role == Role.CELL.value, cell
        db.session.remove()
        db.engine.dispose()
    return pole


if __name__ == "__main__":
    Path(sys.argv[3]).write_text(main(sys.argv[1], int(sys.argv[2])).to_json())
