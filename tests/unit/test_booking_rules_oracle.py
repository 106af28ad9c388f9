"""The booking rules against a brute-force oracle, without a database.

Hypothesis draws an offer (its kind, size, lengths, notice, buffer, weekly hours), its
closures, the bookings it holds, the limits of hours already used, and a wanted booking,
over a week of the pole (one of them holds the spring change of time, one the autumn
one). The oracle below decides minute by minute, written from the README's rules alone:
it shares no arithmetic with the code under test (no busy ranges, peaks or interval
merging), only the names of the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pooling import create_app
from pooling.bookings import rules
from pooling.bookings.models import QuotaPeriod
from pooling.bookings.rules import HoursLimit, OfferState, Rule
from pooling.bookings.timeline import Held
from pooling.catalogue.hours import Interval, WeeklySlot, open_intervals
from pooling.catalogue.models import Offer, OfferKind, OfferStatus
from tests.conftest import base_config
from tests.hours import ALWAYS, OFFICE, weekly_slots

PARIS = ZoneInfo("Europe/Paris")
QUARTER = 15  # minutes: the grid the cases are drawn on
DAY = 24 * 60
# Thursday to Wednesday: a summer week, the week of the spring change (Sunday 29 March
# 2026, 02:00 → 03:00) and the week of the autumn one (Sunday 25 October, 03:00 → 02:00).
WEEKS = (date(2026, 6, 4), date(2026, 3, 26), date(2026, 10, 22))


@pytest.fixture(scope="module", autouse=True)
def translated():
    """Refusals are translated: the rules run in a request of the app (no database)."""
    app = create_app(base_config())
    with app.test_request_context():
        yield


# --- the pole's clock, by brute force ----------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """Every minute around one week, as a count of minutes from `base` (UTC)."""

    base: datetime
    first_minute: dict[datetime, int]  # a wall-clock time → its first instant
    jump: int  # minutes the clocks skip in spring

    def minute(self, day: date, at: time) -> int:
        """When the wall clock shows `at` on `day` (its first instant); a time the clocks
        skip opens that night as late as the jump (02:30 opens at 03:30)."""
        wall = datetime.combine(day, at)
        if wall in self.first_minute:
            return self.first_minute[wall]
        return self.first_minute[wall + timedelta(minutes=self.jump)]

    def instant(self, minute: int) -> datetime:
        return self.base + timedelta(minutes=minute)


@cache
def clock(first_day: date) -> Clock:
    base = datetime.combine(first_day - timedelta(days=3), time(0), UTC)
    first_minute: dict[datetime, int] = {}
    offsets = set()
    for minute in range(14 * DAY):
        local = (base + timedelta(minutes=minute)).astimezone(PARIS)
        offsets.add(local.utcoffset())
        first_minute.setdefault(local.replace(tzinfo=None, fold=0), minute)
    jump = (max(offsets) - min(offsets)) // timedelta(minutes=1)
    return Clock(base, first_minute, jump)


# --- a case -------------------------------------------------------------------------------


@dataclass
class Case:
    first_day: date
    kind: OfferKind
    status: OfferStatus = OfferStatus.PUBLISHED
    capacity: int | None = None
    stock: int = 1  # a tool's items
    min_length: int = 0
    max_length: int | None = None
    notice: int = 0
    buffer: int = 0
    slots: list[WeeklySlot] = field(default_factory=list)
    closures: list[tuple[int, int]] = field(default_factory=list)  # minutes of the clock
    held: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, quantity
    limits: list[HoursLimit] = field(default_factory=list)
    start: int = 0
    end: int = 60
    quantity: int = 1
    now: int = 0

    @property
    def clock(self) -> Clock:
        return clock(self.first_day)

    @property
    def week_start(self) -> int:
        return self.clock.minute(self.first_day, time(0))

    def offer(self) -> Offer:
        return Offer(kind=self.kind, status=self.status, capacity=self.capacity,
                     quantity=self.stock if self.kind == OfferKind.TOOL else None,
                     min_duration_minutes=self.min_length,
                     max_duration_minutes=self.max_length,
                     min_notice_minutes=self.notice, buffer_minutes=self.buffer)


# --- the oracle ---------------------------------------------------------------------------


def opening_times(case: Case) -> tuple[set[int], set[int]]:
    """Every minute when one of the weekly slots is open, day by day, and every instant
    one of them closes."""
    minutes: set[int] = set()
    closings: set[int] = set()
    for n in range(-2, 10):
        day = case.first_day + timedelta(days=n)
        for slot in case.slots:
            if slot.weekday == day.weekday():
                closes = case.clock.minute(day, slot.closes_at)
                minutes.update(range(case.clock.minute(day, slot.opens_at), closes))
                closings.add(closes)
    return minutes, closings


def most_held(case: Case) -> int:
    """The most items (bookings, for a room or a skill) held at any half-minute within
    half a buffer of the wanted time, each held booking keeping half a buffer too."""
    tool = case.kind == OfferKind.TOOL
    # In half-minutes, so that half of any buffer is a whole number.
    wanted = range(2 * case.start - case.buffer, 2 * case.end + case.buffer)
    held = [(2 * start - case.buffer, 2 * end + case.buffer, quantity if tool else 1)
            for start, end, quantity in case.held]
    return max((sum(q for start, end, q in held if start <= t < end) for t in wanted),
               default=0)


def oracle(case: Case) -> list[Rule]:
    """Every rule the wanted booking breaks, in the order a person is told about them."""
    broken = []
    tool = case.kind == OfferKind.TOOL
    length = case.end - case.start
    if case.status != OfferStatus.PUBLISHED:
        broken.append(Rule.NOT_BOOKABLE)
    if case.kind == OfferKind.PREMISES and case.capacity is not None \
            and case.quantity > case.capacity:
        broken.append(Rule.CAPACITY)
    if tool and case.quantity > case.stock:
        broken.append(Rule.STOCK)
    if length < case.min_length:
        broken.append(Rule.MIN_LENGTH)
    if case.max_length and length > case.max_length:
        broken.append(Rule.MAX_LENGTH)
    if case.start < case.now:
        broken.append(Rule.PAST)
    if case.start < case.now + case.notice:
        broken.append(Rule.NOTICE)
    opened, closings = opening_times(case)
    if tool:
        # Open at the minute of pick-up; open at the return, or closing then. A slot
        # wholly in the hour the clocks skip closes at 03:00 that night, and takes
        # returns then as any slot does at its closing time.
        is_open = case.start in opened and (case.end in opened or case.end in closings)
    else:
        is_open = all(minute in opened for minute in range(case.start, case.end))
    if not is_open:
        broken.append(Rule.OPENING_HOURS)
    if any(start <= minute < end for start, end in case.closures
           for minute in range(case.start, case.end)):
        broken.append(Rule.CLOSURE)
    stock = case.stock if tool else 1
    if most_held(case) + (case.quantity if tool else 1) > stock:
        broken.append(Rule.STOCK if tool else Rule.OVERLAP)
    hours = Fraction(length, 60)
    for limit in case.limits:
        if Fraction(limit.used) + hours > limit.max_hours:
            broken.append(limit.rule)
    return broken


# --- the rules, asked -----------------------------------------------------------------------


def judged(case: Case) -> rules.Refusal | None:
    at = case.clock.instant
    half = timedelta(minutes=case.buffer) / 2
    state = OfferState(
        offer=case.offer(),
        open=open_intervals(case.slots, case.first_day - timedelta(days=2),
                            case.first_day + timedelta(days=9), PARIS),
        closures=[Interval(at(start), at(end)) for start, end in case.closures],
        held=[Held(Interval(at(start) - half, at(end) + half),
                   quantity if case.kind == OfferKind.TOOL else 1)
              for start, end, quantity in case.held])
    return rules.judge(state.offer, Interval(at(case.start), at(case.end)), case.quantity,
                       state, case.limits, at(case.now))


# --- drawing cases --------------------------------------------------------------------------


def mostly(usual, *others):
    """The usual value four times in five, so that the later rules are reached too."""
    return st.sampled_from([usual] * 4 * max(1, len(others)) + list(others))


@st.composite
def cases(draw) -> Case:
    first_day = draw(st.sampled_from(WEEKS))
    kind = draw(st.sampled_from(OfferKind))
    case = Case(first_day, kind)
    week = case.week_start
    case.status = draw(st.sampled_from([OfferStatus.PUBLISHED] * 9
                                       + [OfferStatus.DRAFT]))
    case.capacity = draw(st.one_of(st.none(), st.integers(1, 6)))
    case.stock = draw(st.integers(1, 4))
    case.quantity = draw(mostly(1, 2, 3, 5))
    case.min_length = draw(mostly(0, 15, 30, 60, 120))
    case.max_length = draw(mostly(None, 0, 60, 240, DAY))
    case.notice = draw(mostly(0, 60, DAY))
    case.buffer = draw(st.sampled_from([0, 0, 15, 30, 45, 60, 90]))
    case.slots = draw(weekly_slots())
    # Mostly in the day and short, as most bookings are; sometimes any time, for days.
    day, quarter = draw(st.integers(0, 6)), draw(mostly(True, False).flatmap(
        lambda daytime: st.integers(32, 76) if daytime else st.integers(0, 95)))
    case.start = week + (day * 96 + quarter) * QUARTER
    length = draw(mostly(True, False).flatmap(
        lambda short: st.integers(1, 12) if short else st.integers(1, 4 * 48))) * QUARTER
    case.end = min(case.start + length, week + 7 * DAY)
    # Closures and held bookings near the wanted time, to meet it or to miss it narrowly.
    near = st.integers(-16, 16).map(lambda q: case.start + q * QUARTER)
    case.closures = [(start, start + length * QUARTER) for start, length in draw(st.lists(
        st.tuples(near, st.integers(1, 16)), max_size=1))]
    case.held = [(start, start + length * QUARTER, quantity) for start, length, quantity
                 in draw(st.lists(st.tuples(near, st.integers(1, 16), st.integers(1, 3)),
                                  max_size=3))]
    case.now = week - DAY + draw(mostly(True, False).flatmap(
        lambda before: st.integers(0, 96) if before else st.integers(0, 96 * 8))) * QUARTER
    rules_of_hours = ([Rule.PROVIDER_LIMIT] * 2 if kind == OfferKind.SKILL else []) \
        + [Rule.QUOTA] * 2
    for rule in rules_of_hours:
        if draw(st.booleans()):
            # Mostly near the limit, where a booking's length makes the difference.
            max_hours = draw(st.integers(1, 40))
            used = max(0, max_hours - draw(st.integers(-2, 12)) / 4)
            case.limits.append(HoursLimit(rule, draw(st.sampled_from(QuotaPeriod)),
                                          max_hours, used))
    return case


# --- the edges, written out -------------------------------------------------------------


def at(first_day: date, days: int, hour: int, minute: int = 0) -> int:
    """A wall-clock time of the case's week, as a minute of its clock."""
    return clock(first_day).minute(first_day + timedelta(days=days), time(hour, minute))


SUMMER, SPRING, AUTUMN = WEEKS
# A room booked 10:00–11:00 on the first day; the wanted time starts at 11:00 or later.
ROOM = dict(kind=OfferKind.PREMISES, slots=OFFICE,
            held=[(at(SUMMER, 0, 10), at(SUMMER, 0, 11), 1)])
EDGES = [
    # Touching bookings: 11:00 starts as the other ends.
    Case(SUMMER, **ROOM, start=at(SUMMER, 0, 11), end=at(SUMMER, 0, 12)),
    # A buffer of exactly the gap, and one a quarter longer.
    Case(SUMMER, **ROOM, buffer=30, start=at(SUMMER, 0, 11, 30), end=at(SUMMER, 0, 12)),
    Case(SUMMER, **ROOM, buffer=45, start=at(SUMMER, 0, 11, 30), end=at(SUMMER, 0, 12)),
    # Touching slots (8:00–12:00, 12:00–20:00) hold a booking across noon.
    Case(SUMMER, OfferKind.SKILL, slots=[WeeklySlot(0, time(8), time(12)),
                                         WeeklySlot(0, time(12), time(20))],
         start=at(SUMMER, 4, 11), end=at(SUMMER, 4, 13)),
    # A tool returned exactly at closing, and picked up exactly at closing.
    Case(SUMMER, OfferKind.TOOL, slots=OFFICE, start=at(SUMMER, 0, 18),
         end=at(SUMMER, 1, 20)),
    Case(SUMMER, OfferKind.TOOL, slots=OFFICE, start=at(SUMMER, 0, 20),
         end=at(SUMMER, 1, 10)),
    # The last items of a tool: two loans, one returned as the other leaves, hold one item
    # at a time, and leave two of three free.
    Case(SUMMER, OfferKind.TOOL, slots=ALWAYS, stock=3, quantity=2,
         held=[(at(SUMMER, 0, 9), at(SUMMER, 0, 11), 1), (at(SUMMER, 0, 11),
                                                          at(SUMMER, 0, 13), 1)],
         start=at(SUMMER, 0, 10), end=at(SUMMER, 0, 12)),
    # Across the spring night (02:00 → 03:00) and the autumn one (03:00 → 02:00).
    Case(SPRING, OfferKind.PREMISES, slots=ALWAYS, start=at(SPRING, 2, 23),
         end=at(SPRING, 3, 4)),
    Case(SPRING, OfferKind.PREMISES, slots=ALWAYS, start=at(SPRING, 3, 1),
         end=at(SPRING, 3, 4)),
    Case(AUTUMN, OfferKind.PREMISES, slots=ALWAYS, start=at(AUTUMN, 3, 1),
         end=at(AUTUMN, 3, 4)),
    # A slot that opens in the skipped hour opens that night as late as the jump.
    Case(SPRING, OfferKind.SKILL, slots=[WeeklySlot(6, time(2, 30), time(6))],
         start=at(SPRING, 3, 3, 30), end=at(SPRING, 3, 5)),
    # The autumn hour that comes twice: a slot until 02:30 ends at its first 02:30.
    Case(AUTUMN, OfferKind.TOOL, slots=[WeeklySlot(6, time(1), time(2, 30))],
         start=at(AUTUMN, 3, 1), end=at(AUTUMN, 3, 2, 30)),
    Case(AUTUMN, OfferKind.TOOL, slots=[WeeklySlot(6, time(1), time(2, 30))],
         start=at(AUTUMN, 3, 1), end=at(AUTUMN, 3, 2, 30) + 60),
    # A slot wholly in the skipped hour: no time to pick up, a tool may come back at 03:00.
    Case(SPRING, OfferKind.TOOL, slots=[WeeklySlot(5, time(8), time(20)),
                                        WeeklySlot(6, time(2), time(3))],
         start=at(SPRING, 2, 10), end=at(SPRING, 3, 3)),
    Case(SPRING, OfferKind.TOOL, slots=[WeeklySlot(6, time(2), time(3)),
                                        WeeklySlot(6, time(8), time(20))],
         start=at(SPRING, 3, 3), end=at(SPRING, 3, 10)),
    # A closure that ends as the booking starts; notice of exactly the wait; a quota
    # filled exactly.
    Case(SUMMER, OfferKind.PREMISES, slots=OFFICE,
         closures=[(at(SUMMER, 0, 8), at(SUMMER, 0, 10))], start=at(SUMMER, 0, 10),
         end=at(SUMMER, 0, 11), notice=60, now=at(SUMMER, 0, 9),
         limits=[HoursLimit(Rule.QUOTA, QuotaPeriod.WEEK, 3, 2.0)]),
    Case(SUMMER, OfferKind.SKILL, slots=OFFICE, start=at(SUMMER, 0, 10),
         end=at(SUMMER, 0, 11, 15), limits=[
             HoursLimit(Rule.PROVIDER_LIMIT, QuotaPeriod.WEEK, 3, 2.0),
             HoursLimit(Rule.QUOTA, QuotaPeriod.MONTH, 3, 2.0)]),
]


def with_examples(test):
    for case in EDGES:
        test = example(case=case)(test)
    return test


@settings(max_examples=200)
@given(case=cases())
@with_examples
def test_the_rules_refuse_a_booking_exactly_when_the_oracle_does(case):
    broken = oracle(case)
    refusal = judged(case)
    if not broken:
        assert refusal is None, refusal
        return
    assert refusal is not None, f"allowed, but the oracle finds {broken} broken"
    assert refusal.rule == broken[0], (refusal, broken)
    assert refusal.message


def test_the_edges_cover_both_answers():
    """The written-out edges are not all refused (or all allowed) for one same reason."""
    answers = [oracle(case)[:1] for case in EDGES]
    assert [] in answers and [Rule.OVERLAP] in answers and [Rule.OPENING_HOURS] in answers
