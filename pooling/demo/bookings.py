"""The demo pole's bookings, made through the booking engine, and the benchmark pole's,
generated in bulk.

The demo's bookings are placed around the day the loader runs (in the pole's time zone) and
go through `pooling.bookings.services` with a `now` in the past, so that every rule is
checked (opening hours, capacity, stock, buffers, overlaps, the providers' hours) and
completed bookings record their exchanges as in real life. Their history is then dated when
each step would have happened. No e-mail goes out for them.

The benchmark pole's 500,000 bookings are inserted in bulk: one booking per offer and day
at most, within the offer's opening hours, so that no two overlap and a tool's stock is
never exceeded.
"""

from __future__ import annotations

import random
import time as clock
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import click
import sqlalchemy as sa
from dateutil import rrule

from pooling import mail
from pooling.accounts.models import Role, User
from pooling.bookings import lifecycle, services
from pooling.bookings.models import Booking, BookingEvent, BookingSeries, BookingStatus
from pooling.bookings.timeline import Held, busy_range, peak
from pooling.catalogue.models import (
    BookingPolicy,
    Offer,
    OfferKind,
    OfferStatus,
    OpeningHours,
    Unit,
)
from pooling.db import UTCDateTime, transaction, utcnow
from pooling.demo import booking_data, catalogue_data, story
from pooling.extensions import db
from pooling.ledger.models import Exchange
from pooling.localtime import moved_forward
from pooling.members.models import Member
from pooling.pole.clock import pole_day, pole_zone

LARGE_BOOKINGS = 500_000
LARGE_YEARS_BEFORE = 4.5  # the benchmark pole's bookings: 4½ years back, ½ year ahead
LARGE_DAYS_AFTER = 183
DEMO_WEEKS = range(-12, 8)  # the demo's bookings: three months back, two months ahead
CHUNK = 10_000


@contextmanager
def no_mail() -> Iterator[None]:
    """The demo's bookings and exchanges are fiction: nobody hears about them by e-mail
    (the services queue messages, or jobs that render them after the commit)."""
    queue, queue_job = mail.queue, mail.queue_job
    mail.queue = mail.queue_job = lambda *args, **kwargs: None
    try:
        yield
    finally:
        mail.queue, mail.queue_job = queue, queue_job


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    return moved_forward(datetime.combine(day, at), zone)


def _hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


# --- the demo pole, through the services ------------------------------------------------


@dataclass
class _Plan:
    """What the loader has placed so far, so that it asks the engine only for bookings that
    fit (the engine still judges each one)."""

    held: dict[int, list[Held]] = field(default_factory=lambda: defaultdict(list))
    hours: dict[tuple, float] = field(default_factory=lambda: defaultdict(float))

    def fits(self, offer: Offer, start: datetime, end: datetime, quantity: int,
             zone: ZoneInfo) -> bool:
        busy = busy_range(start, end, offer.buffer_minutes)
        stock = offer.quantity if offer.kind == OfferKind.TOOL else 1
        taken = 1 if offer.kind != OfferKind.TOOL else quantity
        if peak(self.held[offer.id], busy) + taken > stock:
            return False
        if offer.kind == OfferKind.SKILL:
            day = start.astimezone(zone).date()
            length = (end - start).total_seconds() / 3600
            week = (offer.id, "week", day - timedelta(days=day.weekday()))
            month = (offer.id, "month", day.replace(day=1))
            if offer.max_hours_per_week and (
                    self.hours[week] + length > offer.max_hours_per_week):
                return False
            if offer.max_hours_per_month and (
                    self.hours[month] + length > offer.max_hours_per_month):
                return False
        return True

    def take(self, offer: Offer, start: datetime, end: datetime, quantity: int,
             zone: ZoneInfo) -> None:
        busy = busy_range(start, end, offer.buffer_minutes)
        self.held[offer.id].append(Held(busy, quantity if offer.kind == OfferKind.TOOL else 1))
        if offer.kind == OfferKind.SKILL:
            day = start.astimezone(zone).date()
            length = (end - start).total_seconds() / 3600
            self.hours[(offer.id, "week", day - timedelta(days=day.weekday()))] += length
            self.hours[(offer.id, "month", day.replace(day=1))] += length


@dataclass(frozen=True)
class _Person:
    id: int
    role: Role


class _DemoBooker:
    """Makes one booking's whole story through the services; dates its history at the end."""

    def __init__(self, rng: random.Random, zone: ZoneInfo):
        self.rng = rng
        self.zone = zone
        self.now = utcnow()
        self.plan = _Plan()
        # Ids, not ORM objects: every step commits, which would expire (and reload) them all.
        self.people: dict[int, list[_Person]] = defaultdict(list)
        for user_id, member_id, role in db.session.execute(
                sa.select(User.id, User.member_id, User.role).where(User.active.is_(True))
                .order_by(User.id)):
            self.people[member_id].append(_Person(user_id, role))
        self.cell = next(p for people in self.people.values() for p in people
                         if p.role == Role.CELL)
        # booking id -> when each step happened, by the status it led to.
        self.moments: dict[int, dict[BookingStatus | str, datetime]] = {}
        self.made = self.refused = 0

    def admin_of(self, member_id: int) -> _Person:
        people = self.people[member_id]
        return next((p for p in people if p.role in (Role.MEMBER_ADMIN, Role.CELL)),
                    people[0] if people else self.cell)

    def person_of(self, member_id: int, by: str | None = None) -> _Person:
        people = self.people[member_id]
        if by == "admin" or not people:
            return self.admin_of(member_id)
        if by == "member":
            return next((p for p in people if p.role == Role.MEMBER), people[0])
        return self.rng.choice(people)

    @staticmethod
    def user(person: _Person) -> User:
        return db.session.get(User, person.id)

    def book(self, offer, member_id: int, start: datetime, end: datetime,
             quantity: int, purpose: str, fate: str, by: str | None = None,
             reason: str = "", series_id: int | None = None,
             created: datetime | None = None) -> int | None:
        """fate: requested, confirmed, declined, cancelled, completed, no-show (past bookings
        not cancelled or declined end completed or no-show; the others stay confirmed or
        requested)."""
        if not self.plan.fits(offer, start, end, quantity, self.zone):
            return None
        rng = self.rng
        actor = self.person_of(member_id, by)
        owner = self.admin_of(offer.member_id)
        notice = timedelta(minutes=offer.min_notice_minutes)
        if created is None:
            created = min(self.now - timedelta(hours=rng.randint(1, 72)),
                          start - notice - timedelta(days=rng.randint(1, 21),
                                                     hours=rng.randint(0, 8)))
        request = services.BookingRequest(offer_id=offer.id, starts_at=start, ends_at=end,
                                          quantity=quantity, purpose=purpose,
                                          member_id=member_id)
        try:
            booking = services.create_booking(self.user(actor), request, series_id=series_id,
                                              now=created)
        except services.BookingRefused:
            db.session.rollback()
            self.refused += 1
            return None
        self.made += 1
        booking_id, status = booking.id, booking.status
        moments = self.moments[booking_id] = {"created": created}
        if fate not in ("declined", "cancelled"):
            self.plan.take(offer, start, end, quantity, self.zone)
        moment = created
        if status == BookingStatus.REQUESTED:
            decided = min(moment + timedelta(hours=rng.randint(2, 48)),
                          moment + (start - moment) / 2, self.now - timedelta(minutes=2))
            if fate == "declined":
                lifecycle.decline(self.user(owner), booking_id, reason or rng.choice(
                    booking_data.DECLINE_REASONS))
                moments[BookingStatus.DECLINED] = decided
                return booking_id
            if fate == "requested" and start > self.now:
                return booking_id
            lifecycle.confirm(self.user(owner), booking_id, now=decided)
            moments[BookingStatus.CONFIRMED] = moment = decided
        else:
            moments[BookingStatus.CONFIRMED] = created  # confirmed automatically
        if fate == "cancelled":
            cancelled = min(moment + (start - moment) / 2, self.now - timedelta(minutes=1))
            lifecycle.cancel(self.user(actor), booking_id, reason or rng.choice(
                booking_data.CANCEL_REASONS), now=cancelled)
            moments[BookingStatus.CANCELLED] = cancelled
            return booking_id
        if end <= self.now:
            done = min(end + timedelta(hours=rng.randint(1, 20)), self.now)
            if fate == "no-show":
                lifecycle.report_no_show(self.user(owner), booking_id, now=done)
                moments[BookingStatus.NO_SHOW] = done
            else:
                lifecycle.complete(self.user(owner), booking_id, now=done)
                moments[BookingStatus.COMPLETED] = done
        return booking_id

    def date_history(self) -> None:
        """Date each step (its event, the booking's timestamps, the exchange) when it would
        have happened, rather than when the loader ran."""
        events, bookings, exchanges = [], [], []
        for booking_id, moments in self.moments.items():
            created = moments.pop("created")
            events.append({"b": booking_id, "s": BookingStatus.REQUESTED.value, "at": created})
            for status, moment in moments.items():
                events.append({"b": booking_id, "s": status.value, "at": moment})
            last = max([created, *moments.values()])
            bookings.append({"b": booking_id, "created": created, "updated": last})
            if BookingStatus.COMPLETED in moments:
                exchanges.append({"b": booking_id, "at": moments[BookingStatus.COMPLETED]})
        table = BookingEvent.__table__
        with transaction() as session:
            connection = session.connection()
            connection.execute(
                table.update().where(table.c.booking_id == sa.bindparam("b"),
                                     table.c.to_status == sa.bindparam("s"))
                .values(at=sa.bindparam("at", type_=UTCDateTime)), events)
            table = Booking.__table__
            connection.execute(
                table.update().where(table.c.id == sa.bindparam("b"))
                .values(created_at=sa.bindparam("created", type_=UTCDateTime),
                        updated_at=sa.bindparam("updated", type_=UTCDateTime)), bookings)
            if exchanges:
                table = Exchange.__table__
                connection.execute(
                    table.update().where(table.c.booking_id == sa.bindparam("b"))
                    .values(created_at=sa.bindparam("at", type_=UTCDateTime)), exchanges)


def _open_slots(offer: Offer) -> dict[int, list[tuple[time, time]]]:
    slots: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for hours in offer.opening_hours:
        slots[hours.weekday].append((hours.opens_at, hours.closes_at))
    for day_slots in slots.values():
        day_slots.sort()
    return slots


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _at(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def _draw_times(offer: Offer, day: date, slots, rng: random.Random, zone: ZoneInfo
                ) -> tuple[datetime, datetime] | None:
    """A plausible booking of the offer on that day, within its opening hours."""
    day_slots = slots.get(day.weekday())
    if not day_slots:
        return None
    if offer.kind == OfferKind.TOOL and (offer.unit == Unit.DAY or rng.random() < 0.3):
        # Picked up at opening, brought back at closing, the same day or a few days later.
        back = day + timedelta(days=rng.choice((0, 0, 0, 1, 2, 3)))
        while not slots.get(back.weekday()):
            back += timedelta(days=1)
        return (_local(day, day_slots[0][0], zone),
                _local(back, slots[back.weekday()][-1][1], zone))
    opens, closes = rng.choice(day_slots)
    first, last = _minutes(opens), _minutes(closes)
    if offer.unit == Unit.HALF_DAY or (offer.kind == OfferKind.SKILL and offer.unit == Unit.DAY):
        length = min(last - first, 240)
    else:
        length = rng.choice((60, 90, 120, 120, 180, 240))
    length = max(length, offer.min_duration_minutes)
    if offer.max_duration_minutes:
        length = min(length, offer.max_duration_minutes)
    if length > last - first:
        return None
    start = first + 30 * rng.randint(0, (last - first - length) // 30)
    return _local(day, _at(start), zone), _local(day, _at(start + length), zone)


def _quantity(offer: Offer, rng: random.Random) -> int:
    if offer.kind == OfferKind.PREMISES:
        return rng.randint(min(3, offer.capacity), max(min(3, offer.capacity),
                                                        min(offer.capacity, 30)))
    if offer.kind == OfferKind.TOOL:
        return rng.randint(1, max(1, min(offer.quantity or 1, 4)))
    return 1


def _fate(offer: Offer, end: datetime, now: datetime, rng: random.Random) -> str:
    draw = rng.random()
    approval = offer.booking_policy == BookingPolicy.APPROVAL
    if end <= now:
        if draw < 0.07:
            return "cancelled"
        if approval and draw < 0.12:
            return "declined"
        if draw < 0.14:
            return "no-show"
        return "completed"
    if draw < 0.08:
        return "cancelled"
    if approval:
        return "declined" if draw < 0.13 else "requested" if draw < 0.55 else "confirmed"
    return "confirmed"


_OFFER_FIELDS = ("id", "title", "kind", "member_id", "capacity", "quantity", "unit",
                 "buffer_minutes", "min_duration_minutes", "max_duration_minutes",
                 "min_notice_minutes", "booking_policy", "max_hours_per_week",
                 "max_hours_per_month")


def load_demo(echo: Callable[[str], None] = print) -> int:
    """The demo pole's bookings around today: series, the demo logins' own, and the rest."""
    zone = pole_zone()
    rng = random.Random(2026)  # nosec B311 # seeded, the same demo pole every time
    booker = _DemoBooker(rng, zone)
    titles = {o["title"] for o in catalogue_data.OFFERS}
    rows = db.session.scalars(
        sa.select(Offer).where(Offer.status == OfferStatus.PUBLISHED, Offer.title.in_(titles))
        .order_by(Offer.id)).all()
    slots = {offer.id: _open_slots(offer) for offer in rows}
    # Plain copies: the services commit after each step, which expires the ORM objects.
    offers = {o.title: SimpleNamespace(**{name: getattr(o, name) for name in _OFFER_FIELDS})
              for o in rows}
    members = dict(db.session.execute(sa.select(Member.name, Member.id)).all())
    today = pole_day(booker.now)
    monday = today - timedelta(days=today.weekday())
    db.session.rollback()
    if db.engine.dialect.name == "sqlite":
        # Hundreds of small transactions: a commit need not wait for the disk here (WAL
        # mode keeps the file sound; at worst a crash loses the last few demo bookings).
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA synchronous=NORMAL")
        finally:
            raw.close()

    with no_mail():
        for item in booking_data.SERIES:
            _load_series(booker, item, offers[item["offer"]], members[item["member"]], monday)
        for item in booking_data.SCRIPTED:
            offer = offers[item["offer"]]
            day = monday + timedelta(weeks=item["week"], days=item["day"])
            start = _local(day, _hhmm(item["start"]), zone)
            if "days" in item:
                # Brought back at closing time, on the next open day after so many days.
                back = day + timedelta(days=item["days"])
                while not slots[offer.id].get(back.weekday()):
                    back += timedelta(days=1)
                end = _local(back, slots[offer.id][back.weekday()][-1][1], zone)
            else:
                end = start + timedelta(minutes=item["minutes"])
            booker.book(offer, members[item["member"]], start, end, item["quantity"],
                        item["purpose"], item["fate"], by=item.get("by"),
                        reason=item.get("reason", ""))
        # Neither the isolated organisation nor the one that left books; dormant tools stay
        # unbooked and the busy rooms are booked most (pooling.demo.story).
        others = [m for name, m in members.items() if story.books(name)]
        names = [name for name in members if name != story.ISOLATED]
        per_week = {OfferKind.PREMISES: 0.8, OfferKind.TOOL: 0.7, OfferKind.SKILL: 0.4}
        for week in DEMO_WEEKS:
            for offer in offers.values():
                if offer.title in story.DORMANT_TOOLS:
                    continue
                tries, chance = ((5, 0.6) if offer.title in story.BUSY_ROOMS
                                 else (3, per_week[offer.kind] / 3))
                count = sum(rng.random() < chance for _ in range(tries))
                for _ in range(count):
                    day = monday + timedelta(weeks=week, days=rng.randrange(7))
                    times = _draw_times(offer, day, slots[offer.id], rng, zone)
                    if times is None:
                        continue
                    start, end = times
                    if start < booker.now < end:
                        continue  # under way: left to the scripted ones
                    usual = [members[n] for n in story.regulars(offer.title, day.year, names)
                             if members[n] != offer.member_id and members[n] in others]
                    member_id = rng.choice(usual if usual and rng.random() < 0.9 else
                                           [m for m in others if m != offer.member_id])
                    purpose = rng.choice(booking_data.PURPOSES.get(offer.title, [""]))
                    booker.book(offer, member_id, start, end, _quantity(offer, rng), purpose,
                                _fate(offer, end, booker.now, rng))
        booker.date_history()
    echo(f"Demo bookings: {booker.made} made through the booking engine "
         f"({booker.refused} refused by its rules and left out).")
    return booker.made


def _load_series(booker: _DemoBooker, item: dict, offer: Offer, member_id: int,
                 monday: date) -> None:
    """A recurring booking: its RRULE stored with the series, one booking per occurrence."""
    zone = booker.zone
    first_day = monday + timedelta(weeks=item["first_week"], days=item["weekday"])
    local_start = datetime.combine(first_day, _hhmm(item["start"]))
    rule = rrule.rrule(rrule.WEEKLY, dtstart=local_start, interval=item["every"],
                       count=item["count"], byweekday=[rrule.weekday(item["weekday"])])
    text = next(line for line in str(rule).splitlines() if line.startswith("RRULE:"))
    first = moved_forward(local_start, zone)
    created = first - timedelta(days=10)
    actor = booker.person_of(member_id, "admin")
    with transaction() as session:
        series = BookingSeries(offer_id=offer.id, member_id=member_id, rule=text,
                               created_by_id=actor.id, created_at=created)
        session.add(series)
    series_id = series.id
    minutes = timedelta(minutes=item["minutes"])
    for occurrence in rule:
        # Wall-clock time: 9:00 stays 9:00 on both sides of a change to summer time.
        start = moved_forward(occurrence, zone)
        end = start + minutes
        if start < booker.now < end:
            continue
        fate = "completed" if end <= booker.now else "confirmed"
        if offer.booking_policy == BookingPolicy.APPROVAL and start > booker.now + timedelta(
                weeks=3):
            fate = "requested"
        booker.book(offer, member_id, start, end, item["quantity"], item["purpose"], fate,
                    by="admin", series_id=series_id, created=created)


# --- the benchmark pole, in bulk --------------------------------------------------------


def generate_large(session, rng: random.Random, total: int | None = None) -> int:
    """Bookings over five years for the benchmark pole's generated offers, in bulk.

    The offers of the demo catalogue keep the demo's bookings (made through the services);
    the others get one booking per day at most, each within one day's opening hours, so no
    two bookings of an offer overlap (buffers included) and a tool's stock always suffices.
    History rows (booking_events) are not generated: at 500,000 bookings they would double
    the load time, and nothing measured here reads them. Nor are exchanges: the ledger's
    generator (pooling.demo.ledger) records those of some of the completed bookings.
    """
    total = LARGE_BOOKINGS if total is None else total
    zone = pole_zone()
    existing = session.scalar(sa.select(sa.func.count(Booking.id))) or 0
    wanted = max(0, total - existing)
    titles = {o["title"] for o in catalogue_data.OFFERS}
    offers = session.execute(sa.select(
        Offer.id, Offer.kind, Offer.member_id, Offer.capacity, Offer.quantity,
        Offer.buffer_minutes, Offer.min_duration_minutes, Offer.max_duration_minutes,
        Offer.booking_policy).where(Offer.status == OfferStatus.PUBLISHED,
                                    Offer.title.not_in(titles)).order_by(Offer.id)).all()
    if not offers or not wanted:
        return 0
    hours: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for row in session.execute(sa.select(OpeningHours.offer_id, OpeningHours.weekday,
                                         OpeningHours.opens_at, OpeningHours.closes_at)):
        hours[row.offer_id][row.weekday].append((_minutes(row.opens_at),
                                                 _minutes(row.closes_at)))
    requesters = {}
    for member_id, user_id in session.execute(
            sa.select(User.member_id, sa.func.min(User.id)).group_by(User.member_id)):
        requesters[member_id] = user_id
    member_ids = sorted(requesters)
    now = utcnow()
    today = pole_day(now)
    first_day = today - timedelta(days=round(365.25 * LARGE_YEARS_BEFORE))
    days = [first_day + timedelta(days=n)
            for n in range((today - first_day).days + LARGE_DAYS_AFTER)]
    # Each day's offset from UTC, once (taken at noon: the clocks change at night).
    offset = {d: datetime.combine(d, time(12), zone).utcoffset() for d in days}
    purposes = {kind: booking_data.LARGE_PURPOSES[kind.value] for kind in OfferKind}

    def instant(day: date, minute: int) -> datetime:
        local = datetime(day.year, day.month, day.day, minute // 60, minute % 60)
        return (local - offset[day]).replace(tzinfo=UTC)

    per_offer, extra = divmod(wanted, len(offers))
    insert = _bulk_inserter(session, Booking.__table__, _BOOKING_COLUMNS)
    day_lists: dict[tuple[int, ...], list[date]] = {}
    started = clock.perf_counter()
    made = 0
    rows: list[tuple] = []
    with click.progressbar(length=wanted, label="Generating bookings") as bar:
        for index, offer in enumerate(offers):
            count = per_offer + (index < extra)
            week = hours[offer.id]
            weekdays = tuple(sorted(week))
            if weekdays not in day_lists:
                day_lists[weekdays] = [d for d in days if d.weekday() in week]
            open_days = day_lists[weekdays]
            chosen = sorted(rng.sample(open_days, min(count, len(open_days))))
            half = timedelta(minutes=offer.buffer_minutes or 0) / 2
            kind_purposes = purposes[offer.kind]
            exclusive = offer.kind != OfferKind.TOOL
            for day in chosen:
                slots = week[day.weekday()]
                opens, closes = slots[rng.randrange(len(slots))]
                span = closes - opens
                if offer.kind == OfferKind.TOOL and rng.random() < 0.4:
                    first, last = opens, closes  # the whole opening slot
                else:
                    length = max(offer.min_duration_minutes, 60 * rng.randint(1, 4))
                    if offer.max_duration_minutes:
                        length = min(length, offer.max_duration_minutes)
                    length = min(length, span)
                    first = opens + 30 * rng.randint(0, (span - length) // 30)
                    last = first + length
                start, end = instant(day, first), instant(day, last)
                draw = rng.random()
                if end <= now:
                    status = ("completed" if draw < 0.86 else "cancelled" if draw < 0.94
                              else "no-show" if draw < 0.97 else "declined")
                else:
                    status = "confirmed" if draw < 0.9 else "cancelled"
                if status == "declined" and offer.booking_policy != BookingPolicy.APPROVAL:
                    status = "cancelled"
                member_id = member_ids[rng.randrange(len(member_ids))]
                while member_id == offer.member_id:
                    member_id = member_ids[rng.randrange(len(member_ids))]
                created = min(now, start - timedelta(days=rng.randint(1, 40),
                                                     minutes=rng.randint(0, 600)))
                if offer.kind == OfferKind.PREMISES:
                    quantity = rng.randint(1, offer.capacity or 1)
                elif offer.kind == OfferKind.TOOL:
                    quantity = rng.randint(1, offer.quantity or 1)
                else:
                    quantity = 1
                rows.append((
                    offer.id, member_id, requesters[member_id], None, status, exclusive,
                    start, end, start - half, end + half, quantity,
                    kind_purposes[rng.randrange(len(kind_purposes))],
                    0 if status in ("confirmed", "completed") else 1, None, created,
                    created if status == "confirmed" else min(end, now)))
                if len(rows) >= CHUNK:
                    insert(rows)
                    made += len(rows)
                    bar.update(len(rows))
                    rows = []
        if rows:
            insert(rows)
            made += len(rows)
            bar.update(len(rows))
    click.echo(f"{made} bookings generated in {clock.perf_counter() - started:.1f} s.")
    return made


_BOOKING_COLUMNS = ("offer_id", "member_id", "requested_by_id", "series_id", "status",
                    "exclusive", "starts_at", "ends_at", "busy_from", "busy_until", "quantity",
                    "purpose", "sequence", "reminded_at", "created_at", "updated_at")


def _bulk_inserter(session, table: sa.Table, columns: tuple[str, ...]
                   ) -> Callable[[list[tuple]], None]:
    """Rows (UTC datetimes, enum values as text) into the table, through the driver, in the
    session's transaction: COPY on PostgreSQL, executemany on SQLite. SQLAlchemy's own
    executemany spends more time processing each value than the database spends storing it.
    """
    connection = session.connection().connection.driver_connection
    names = ", ".join(columns)
    if session.get_bind().dialect.name == "postgresql":
        statement = f"COPY {table.name} ({names}) FROM STDIN"

        def copy(rows: list[tuple]) -> None:
            with connection.cursor() as cursor, cursor.copy(statement) as copier:
                for row in rows:
                    copier.write_row(row)
        return copy
    # Names from the application's own tables; the values are bound parameters.
    marks = ", ".join("?" for _ in columns)
    statement = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"  # nosec B608
    # As SQLAlchemy stores them in SQLite: UTC datetimes as naive text to the microsecond.
    moments = [i for i, name in enumerate(columns)
               if isinstance(table.c[name].type, UTCDateTime)]

    def execute_many(rows: list[tuple]) -> None:
        values = []
        for row in rows:
            row = list(row)
            for i in moments:
                if row[i] is not None:
                    row[i] = row[i].replace(tzinfo=None).isoformat(" ", "microseconds")
            values.append(row)
        connection.executemany(statement, values)
    return execute_many


# --- the demo pole's past, in bulk ------------------------------------------------------

HISTORY_WEEKS_BEFORE = 13  # the history ends where the bookings made through the engine start
HISTORY_PER_WEEK = {OfferKind.PREMISES: 1.2, OfferKind.TOOL: 0.8, OfferKind.SKILL: 0.6}


def generate_history(session, rng: random.Random) -> int:
    """The demo offers' bookings from the 1st of January of last year until the weeks the
    booking engine fills, inserted in bulk, as `pooling.demo.story` tells them: the busy
    rooms booked morning and afternoon on most open days, the dormant tools never, the
    others about once a week; booked by members while they were members, never by the
    isolated one. One booking per opening slot at most, so that none overlaps another or
    runs out of stock, and skills stay within their provider's hours per week and month.
    Their exchanges are recorded by `pooling.demo.ledger.record_history`."""
    zone = pole_zone()
    now = utcnow()
    today = pole_day(now)
    first = date(today.year - 1, 1, 1)
    last = today - timedelta(days=today.weekday(), weeks=HISTORY_WEEKS_BEFORE)
    titles = {o["title"] for o in catalogue_data.OFFERS} - set(story.DORMANT_TOOLS)
    offers = session.scalars(sa.select(Offer).where(
        Offer.status == OfferStatus.PUBLISHED, Offer.title.in_(titles)).order_by(Offer.id)).all()
    requesters = dict(session.execute(sa.select(User.member_id, sa.func.min(User.id))
                                      .group_by(User.member_id)).all())
    members = [m for m in session.execute(sa.select(Member.id, Member.name, Member.joined_on,
                                                    Member.left_on).order_by(Member.id))
               if m.name != story.ISOLATED and m.id in requesters]
    # Some organisations book much more than others.
    weights = {m.id: rng.lognormvariate(0, 0.7) for m in members}
    names = [m.name for m in members]
    regulars = {(o.id, year): set(story.regulars(o.title, year, names))
                for o in offers for year in (first.year, today.year)}
    hours: dict[tuple, float] = defaultdict(float)
    rows = []
    for offer in offers:
        slots = _open_slots(offer)
        busy = offer.title in story.BUSY_ROOMS
        per_day = HISTORY_PER_WEEK[offer.kind] / max(1, len(slots))
        purposes = booking_data.PURPOSES.get(offer.title, [""])
        day = first
        while day < last:
            day_slots = slots.get(day.weekday(), [])
            chosen = [s for s in day_slots if rng.random() < 0.8] if busy else (
                [rng.choice(day_slots)] if day_slots and rng.random() < per_day else [])
            for opens, closes in chosen:
                span = _minutes(closes) - _minutes(opens)
                if busy:
                    length = span - 30 * rng.randint(0, min(2, span // 30 - 2))
                elif offer.kind == OfferKind.TOOL and offer.unit == Unit.DAY:
                    length = span
                else:
                    length = rng.choice((60, 90, 120, 120, 180, 240))
                length = max(length, offer.min_duration_minutes)
                if offer.max_duration_minutes:
                    length = min(length, offer.max_duration_minutes)
                if length > span:
                    continue
                if offer.kind == OfferKind.SKILL:
                    week = (offer.id, day - timedelta(days=day.weekday()))
                    month = (offer.id, day.replace(day=1))
                    if (offer.max_hours_per_week and hours[week] + length / 60
                            > offer.max_hours_per_week) or (
                            offer.max_hours_per_month and hours[month] + length / 60
                            > offer.max_hours_per_month):
                        continue
                    hours[week] += length / 60
                    hours[month] += length / 60
                eligible = [m for m in members if m.id != offer.member_id
                            and m.joined_on <= day and (m.left_on is None or day < m.left_on)]
                if not eligible:
                    continue
                usual = [m for m in eligible if m.name in regulars[offer.id, day.year]]
                if usual and rng.random() < 0.93:
                    eligible = usual
                booker = rng.choices(eligible, [weights[m.id] for m in eligible])[0]
                begin = _minutes(opens) + 30 * rng.randint(0, (span - length) // 30)
                start = _local(day, _at(begin), zone)
                end = _local(day, _at(begin + length), zone)
                held = busy_range(start, end, offer.buffer_minutes)
                draw = rng.random()
                status = ("cancelled" if draw < 0.05 else "no-show" if draw < 0.08
                          else "declined" if draw < 0.11
                          and offer.booking_policy == BookingPolicy.APPROVAL else "completed")
                created = start - timedelta(days=rng.randint(2, 30), minutes=rng.randint(0, 600))
                updated = min(now, end + timedelta(hours=rng.randint(1, 20))) \
                    if status in ("completed", "no-show") else created + timedelta(hours=5)
                rows.append((
                    offer.id, booker.id, requesters[booker.id], None, status,
                    offer.kind != OfferKind.TOOL, start, end, held.start, held.end,
                    _quantity(offer, rng), rng.choice(purposes),
                    0 if status == "completed" else 1, None, created, updated))
            day += timedelta(days=1)
    _bulk_inserter(session, Booking.__table__, _BOOKING_COLUMNS)(rows)
    return len(rows)
