"""The catalogue's "available during" filter and the booking rules agree.

For random offers (weekly hours, closures, bookings held, stock) and random periods, the
search returns an offer exactly when the rules say the whole period can be booked, in the
filter's own meaning, which its docstrings give:
- it looks at the offer's hours, closures and held bookings only: not at lengths, notice,
  the limits of hours, nor who asks;
- a held booking keeps its half of the buffer (its busy range), but the period asked keeps
  none: the buffer is judged when the booking is made;
- a tool's loans that meet the period are all counted as out at once (more than the peak,
  "on the side of taken"); rooms and skills are taken by any booking that meets it;
- a number of items asked (`min_quantity`) is a tool's: rooms and skills hold none;
- it reads weekly hours on the wall clock: a slot that opens or closes within the hour the
  clocks skip or repeat, on the night they change, is read otherwise by the rules (the
  last test).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pooling.bookings import rules, store
from pooling.bookings.models import Booking, BookingStatus
from pooling.bookings.rules import OfferState
from pooling.bookings.timeline import Held, busy_range
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import Interval, WeeklySlot
from pooling.catalogue.models import Category, Closure, Offer, OfferKind, OfferStatus
from pooling.extensions import db
from tests.hours import ALWAYS, OFFICE, weekly_slots

PARIS = ZoneInfo("Europe/Paris")
QUARTER = timedelta(minutes=15)
# Mondays: a summer week, the week of the spring change of time (Sunday 29 March 2026)
# and the week of the autumn one (Sunday 25 October 2026).
WEEKS = (date(2026, 6, 1), date(2026, 3, 23), date(2026, 10, 19))
STATUSES = [BookingStatus.CONFIRMED, BookingStatus.CONFIRMED, BookingStatus.COMPLETED,
            BookingStatus.REQUESTED, BookingStatus.CANCELLED]


@dataclass
class Drawn:
    """One offer as drawn: its kind and settings, then what it holds, as minutes from
    the week's start (UTC)."""

    kind: OfferKind
    slots: list[WeeklySlot]
    buffer: int
    stock: int
    closures: list[tuple[int, int]]
    bookings: list[tuple[int, int, int, BookingStatus]]  # start, end, quantity, status


def around(start: int) -> st.SearchStrategy[int]:
    return st.integers(-12, 12).map(lambda q: start + q * 15)


@st.composite
def drawn_offers(draw, kind: OfferKind, focus: int) -> Drawn:
    spans = st.integers(1, 16).map(lambda q: q * 15)
    closures = [(start, start + length) for start, length
                in draw(st.lists(st.tuples(around(focus), spans), max_size=1))]
    bookings = [(start, start + length, quantity, status)
                for start, length, quantity, status in draw(st.lists(st.tuples(
                    around(focus), spans, st.integers(1, 3), st.sampled_from(STATUSES)),
                    max_size=3))]
    # No slot edge within the hour the clocks change (see the last test).
    slots = draw(weekly_slots(steady_sunday_nights=True))
    return Drawn(kind, slots, draw(st.sampled_from([0, 0, 30, 45, 60])),
                 draw(st.integers(1, 4)), closures, bookings)


@st.composite
def worlds(draw):
    """A week, three offers (a room, a skill, a tool), and periods to search."""
    week = draw(st.sampled_from(WEEKS))
    periods = []
    for _ in range(3):
        # Mostly in the day and short; sometimes any time, for up to two days.
        day = draw(st.integers(0, 6))
        quarter = draw(st.integers(28, 80) | st.integers(0, 95))
        length = draw(st.integers(1, 12) | st.integers(1, 4 * 48))
        start = (day * 96 + quarter) * 15
        periods.append((start, start + length * 15, draw(st.sampled_from([1, 1, 2, 3]))))
    focus = periods[0][0]
    offers = [draw(drawn_offers(kind, focus)) for kind in OfferKind]
    return week, offers, periods


def week_start(week: date) -> datetime:
    return datetime.combine(week, time(0), PARIS).astimezone(UTC)


def publish(pole, drawn: Drawn, base: datetime) -> Offer:
    """The drawn offer, published by the first organisation, with its closures and the
    bookings the second one made."""
    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == drawn.kind).order_by(Category.id).limit(1)).one()
    data = catalogue.OfferData(
        kind=drawn.kind, title=f"Offre {drawn.kind}", category_id=category,
        buffer_minutes=drawn.buffer, opening_hours=drawn.slots,
        quantity=drawn.stock if drawn.kind == OfferKind.TOOL else None)
    offer = catalogue.create_offer(pole.a_member, pole.org_a.id, data)
    offer = catalogue.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)
    at = lambda minute: base + timedelta(minutes=minute)  # noqa: E731
    for start, end in drawn.closures:
        db.session.add(Closure(offer_id=offer.id, starts_at=at(start), ends_at=at(end),
                               reason="Travaux"))
    exclusive = drawn.kind != OfferKind.TOOL
    kept: list[Interval] = []
    for start, end, quantity, status in drawn.bookings:
        busy = busy_range(at(start), at(end), drawn.buffer)
        holds = status in (BookingStatus.CONFIRMED, BookingStatus.COMPLETED)
        if exclusive and holds and any(busy.overlaps(other) for other in kept):
            continue  # the database keeps a room's or a skill's held bookings apart
        if holds:
            kept.append(busy)
        db.session.add(Booking(
            offer_id=offer.id, member_id=pole.org_b.id, requested_by_id=pole.b_member.id,
            status=status, exclusive=exclusive, starts_at=at(start), ends_at=at(end),
            busy_from=busy.start, busy_until=busy.end, quantity=quantity,
            purpose="Essai"))
    db.session.commit()
    return offer


def promised(offer: Offer, wanted: Interval, need: int) -> bool:
    """Whether the filter must return the offer, said with the rules: `held_rules` on the
    offer's state as the store reads it, in the filter's meaning (see the module)."""
    if need > 1 and offer.kind != OfferKind.TOOL:
        return False
    state = store.read_offer_state(offer, wanted)
    out = sum(held.quantity for held in state.held if held.busy.overlaps(wanted))
    as_searched = OfferState(offer, state.open, state.closures,
                             [Held(wanted, out)] if out else [])
    # The period asked keeps no buffer of its own.
    bare = SimpleNamespace(kind=offer.kind, quantity=offer.quantity, buffer_minutes=0)
    return rules.held_rules(bare, wanted, need, as_searched) is None


def found(wanted: Interval, need: int) -> set[int]:
    page = catalogue.search_offers(catalogue.OfferQuery(
        available_from=wanted.start, available_to=wanted.end,
        min_quantity=need if need > 1 else None, per_page=50))
    return {offer.id for offer in page.items}


def check(pole, world) -> None:
    week, drawn, periods = world
    base = week_start(week)
    offers = [publish(pole, one, base) for one in drawn]
    try:
        for start, end, need in periods:
            wanted = Interval(base + timedelta(minutes=start), base + timedelta(minutes=end))
            returned = found(wanted, need)
            for offer in offers:
                assert (offer.id in returned) == promised(offer, wanted, need), (
                    offer.kind, wanted, need)
    finally:
        # The next example searches its own offers only.
        db.session.rollback()
        db.session.execute(sa.update(Offer).where(Offer.id.in_([o.id for o in offers]))
                           .values(status=OfferStatus.ARCHIVED))
        db.session.commit()


def room_tool_skill(slots, **tool) -> list[Drawn]:
    return [Drawn(OfferKind.PREMISES, slots, 0, 1, [], []),
            Drawn(OfferKind.SKILL, slots, 0, 1, [], []),
            Drawn(OfferKind.TOOL, slots, 0, tool.pop("stock", 1), [], tool.pop("held", []))]


def hours(day: int, hour: int, minute: int = 0) -> int:
    """Minutes from the start of the summer week (local midnight) to a wall-clock time."""
    return day * 24 * 60 + hour * 60 + minute


SUMMER = WEEKS[0]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world=worlds())
# Touching slots (8:00–12:00, 12:00–20:00) hold a period across noon.
@example(world=(SUMMER, room_tool_skill([WeeklySlot(0, time(8), time(12)),
                                         WeeklySlot(0, time(12), time(20))]),
                [(hours(0, 11), hours(0, 13), 1)]))
# A tool picked up as the shop closes, and one returned as it closes.
@example(world=(SUMMER, room_tool_skill(OFFICE),
                [(hours(0, 20), hours(1, 10), 1), (hours(0, 18), hours(1, 20), 1)]))
# A tool returned at midnight, when the shop opens at midnight.
@example(world=(SUMMER, room_tool_skill(ALWAYS),
                [(hours(0, 10), hours(1, 0), 1)]))
# Two loans of one item each, one after the other: two of three items are never out at
# once, but the filter counts both.
@example(world=(SUMMER, room_tool_skill(
    OFFICE, stock=3, held=[(hours(0, 9), hours(0, 11), 1, BookingStatus.CONFIRMED),
                           (hours(0, 11), hours(0, 13), 1, BookingStatus.CONFIRMED)]),
                [(hours(0, 10), hours(0, 12), 2), (hours(0, 10), hours(0, 12), 1)]))
def test_the_search_finds_an_offer_exactly_when_the_rules_let_the_period_be_booked(
        app, pole, world):
    check(pole, world)


SPRING, AUTUMN = WEEKS[1], WEEKS[2]


def minutes_to(week: date, instant: datetime) -> int:
    return int((instant - week_start(week)) // timedelta(minutes=1))


@pytest.mark.xfail(strict=True, reason="the filter reads weekly hours on the wall clock; "
                   "the rules read an edge skipped in spring an hour later, and one "
                   "repeated in autumn at its first instant")
@pytest.mark.parametrize("week, slot, start", [
    # 03:00–04:00 (summer time) on the spring night, for a slot from 02:30: the rules
    # open it at 03:30, the filter at 03:00.
    (SPRING, WeeklySlot(6, time(2, 30), time(6)), datetime(2026, 3, 29, 1, tzinfo=UTC)),
    # 02:15–02:30 the second time round on the autumn night, for a slot until 02:30: the
    # rules close it at the first 02:30, the filter at the second.
    (AUTUMN, WeeklySlot(6, time(1), time(2, 30)), datetime(2026, 10, 25, 1, 15, tzinfo=UTC)),
])
def test_an_opening_edge_in_the_hour_the_clocks_change_is_read_otherwise(
        app, pole, week, slot, start):
    begins = minutes_to(week, start)
    check(pole, (week, room_tool_skill([slot]), [(begins, begins + 15, 1)]))
