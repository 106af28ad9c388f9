"""Build the evaluation's pole in the test database through the services members use.

The organisations, their people, offers, closures and the bookings that fill the traps are
created with `pooling.members.services`, `pooling.accounts.services`,
`pooling.catalogue.services` and `pooling.bookings.services`, so that they obey the same
rules as real data. Days are counted from a Monday at least two weeks ahead, so that every
booking and every need's window lies in the future whenever the suite runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pooling.accounts.models import Role, User
from pooling.accounts.services import PersonData, create_person
from pooling.bookings.rules import Rule
from pooling.bookings.services import BookingRequest, create_booking, judge
from pooling.catalogue.hours import Interval, WeeklySlot
from pooling.catalogue.models import Offer, OfferKind, OfferStatus
from pooling.catalogue.services import (
    OfferData,
    add_closure,
    change_status,
    create_offer,
    list_categories,
)
from pooling.db import utcnow
from pooling.demo.data import EXTRA_DOMAINS
from pooling.extensions import db
from pooling.localtime import local_instant
from pooling.members.models import Circle, LegalForm, Member
from pooling.members.services import MemberData, create_domain, create_member
from pooling.pole.clock import pole_today
from tests.matching_eval.catalogue import CLOSURES, HOURS, OFFERS, ORGANISATIONS, OfferSpec
from tests.matching_eval.needs import BOOKINGS, NeedSpec, Window

# How finely the evaluation looks for a free start within a need's window.
STEP = timedelta(minutes=30)


@dataclass
class EvalPole:
    """The loaded pole: the database ids behind the data's keys."""

    monday: date
    cell: User  # the animation cell's person, who loaded everything
    members: dict[str, int]  # organisation key -> member id
    people: dict[str, int]  # organisation key -> the id of its one person
    offers: dict[str, int]  # offer key -> offer id

    def instant(self, day: int, at: str) -> datetime:
        """A day after the evaluation's Monday and a wall-clock time, as a UTC instant."""
        return local_instant(self.monday + timedelta(days=day), time.fromisoformat(at))

    def window(self, window: Window) -> Interval:
        return Interval(self.instant(window.from_day, window.from_time),
                        self.instant(window.to_day, window.to_time))

    def offer(self, key: str) -> Offer:
        return db.session.get(Offer, self.offers[key])

    def candidates(self, need: NeedSpec) -> list[Interval]:
        """Every time of the need's length within its window, half an hour apart."""
        window = self.window(need.window)
        length = timedelta(hours=need.duration_hours)
        times, start = [], window.start
        while start + length <= window.end:
            times.append(Interval(start, start + length))
            start += STEP
        return times

    def refusals(self, offer_key: str, need: NeedSpec) -> list[Rule | None]:
        """For each candidate time of the need, the rule by which the booking engine would
        refuse the offer to the requester, or None where it would book it."""
        offer = self.offer(offer_key)
        member = db.session.get(Member, self.members[need.org])
        size, now = amount(offer, need), utcnow()
        answers = []
        for wanted in self.candidates(need):
            refusal = judge(self.cell, member, offer, wanted, size, now)
            answers.append(refusal and refusal.rule)
        return answers

    def first_free(self, offer_key: str, need: NeedSpec) -> Interval | None:
        """The first time within the need's window at which the booking engine would book
        the offer for the requester, for the need's length and size; None if there is none."""
        return next((wanted for wanted, rule in zip(
            self.candidates(need), self.refusals(offer_key, need), strict=True)
            if rule is None), None)


def amount(offer: Offer, need: NeedSpec) -> int:
    """What a booking for the need asks of the offer: people, items, or one provider."""
    if offer.kind == OfferKind.PREMISES:
        return need.capacity or 1
    if offer.kind == OfferKind.TOOL:
        return need.quantity or 1
    return 1


def evaluation_monday(today: date) -> date:
    """The first Monday at least two weeks after today."""
    start = today + timedelta(days=14)
    return start + timedelta(days=(7 - start.weekday()) % 7)


def _offer_data(spec: OfferSpec, category_id: int, provider_id: int, town: str) -> OfferData:
    kind = OfferKind(spec.kind)
    return OfferData(
        kind=kind, title=spec.title, category_id=category_id, description=spec.description,
        tags=list(spec.tags), min_duration_minutes=spec.min_duration_minutes,
        opening_hours=[WeeklySlot(d, time.fromisoformat(o), time.fromisoformat(c))
                       for d, o, c in HOURS[spec.hours]],
        capacity=spec.capacity, quantity=spec.quantity,
        location=town if kind == OfferKind.PREMISES else "",
        pickup_place=town if kind == OfferKind.TOOL else "",
        provider_id=provider_id if kind == OfferKind.SKILL else None,
        max_hours_per_week=spec.hours_per_week, **spec.extra)


def load() -> EvalPole:
    """Create the evaluation's organisations, people, offers, closures and bookings."""
    members: dict[str, int] = {}
    people: dict[str, int] = {}
    domain_codes: dict[str, str] = {}
    cell: User | None = None
    # The animation cell first: its person creates the domains and everything else.
    for org in sorted(ORGANISATIONS, key=lambda o: o.circle != "animation-cell"):
        codes = [domain_codes.get(code, code) for code in org.domains]
        member = create_member(None, MemberData(
            name=org.name, legal_form=LegalForm(org.legal_form), circle=Circle(org.circle),
            joined_on=date(2016, 1, 1), city=org.town, domain_codes=codes))
        members[org.key] = member.id
        person = create_person(None, member.id, PersonData(
            email=f"{org.key}@evaluation.example.org", full_name=f"Référent {org.name}",
            role=Role.CELL if org.circle == "animation-cell" else Role.MEMBER_ADMIN),
            invite=False)
        people[org.key] = person.id
        if cell is None:
            cell = person
            for code, name, name_en in EXTRA_DOMAINS:
                domain_codes[code] = create_domain(cell, name, name_en).code
    assert cell is not None
    towns = {org.key: org.town for org in ORGANISATIONS}
    categories = {(c.kind.value, c.name): c.id for c in list_categories()}
    offers: dict[str, int] = {}
    for spec in OFFERS:
        offer = create_offer(cell, members[spec.org], _offer_data(
            spec, categories[(spec.kind, spec.category)], people[spec.org],
            spec.town or towns[spec.org]))
        change_status(cell, offer.id, OfferStatus.PUBLISHED)
        offers[spec.key] = offer.id
    pole = EvalPole(evaluation_monday(pole_today()), cell, members, people, offers)
    for closure in CLOSURES:
        add_closure(cell, offers[closure.offer], pole.instant(closure.from_day, "00:00"),
                    pole.instant(closure.to_day + 1, "00:00"), closure.reason)
    for booking in BOOKINGS:
        create_booking(cell, BookingRequest(
            offer_id=offers[booking.offer],
            starts_at=pole.instant(booking.from_day, booking.from_time),
            ends_at=pole.instant(booking.to_day, booking.to_time),
            quantity=booking.quantity, purpose="Réservé avant l'évaluation",
            member_id=members[booking.org]))
    return pole
