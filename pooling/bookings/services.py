"""Use cases of the booking engine: book, decide, cancel, complete, and see what is free.

Every write locks the booked offer's row (SELECT ... FOR UPDATE on PostgreSQL; SQLite
serialises write transactions anyway) and checks the rules against the bookings committed
before it, so that two requests for the last free slot cannot both win. On PostgreSQL an
exclusion constraint backs this up for rooms and skills.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.attributes import set_committed_value

from pooling.accounts.models import Role, User
from pooling.bookings import notifications
from pooling.bookings.models import (
    ACTIVE,
    HOLDING,
    Booking,
    BookingEvent,
    BookingStatus,
    Quota,
    QuotaPeriod,
)
from pooling.bookings.permissions import can_decide, can_see_booking, is_beneficiary, is_owner
from pooling.bookings.rules import Held, busy_range, hours_of, peak, remaining, subtract
from pooling.catalogue.hours import Interval, WeeklySlot, open_intervals
from pooling.catalogue.models import (
    BookingPolicy,
    Closure,
    Offer,
    OfferKind,
    OfferStatus,
    OpeningHours,
)
from pooling.db import UTCDateTime, as_loaded, driver_batch, driver_rows, transaction, utcnow
from pooling.errors import Conflict, Forbidden, InvalidInput, NotFound
from pooling.extensions import db
from pooling.formats import format_duration
from pooling.members.models import Member

T = TypeVar("T")

# How far the engine looks for the nearest free slots, and at which step.
ALTERNATIVE_HORIZON = timedelta(days=14)
ALTERNATIVE_STEP = timedelta(minutes=30)
MAX_RANGE = timedelta(days=92)


class BookingRefused(Conflict):
    """A rule of the pole or of the offer refused the booking; says which, and what else
    would do."""

    def __init__(self, rule: str, message: str, alternatives: dict | None = None):
        super().__init__(message, details={"rule": rule,
                                           "alternatives": alternatives or {}})
        self.rule = rule
        self.alternatives = alternatives or {}


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["POLE_TIMEZONE"])


def _invalid(name: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={name: [message]})


def with_retries(action: Callable[[], T], attempts: int = 5) -> T:
    """Run a transaction again when the database asks for it (a deadlock or a
    serialisation failure on PostgreSQL, a busy database on SQLite)."""
    for attempt in range(attempts):
        try:
            return action()
        except OperationalError as error:
            code = getattr(error.orig, "sqlstate", None)
            busy = "database is locked" in str(error.orig)
            if attempt == attempts - 1 or not (code in ("40001", "40P01") or busy):
                raise
            db.session.rollback()
            clock.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


# --- what the rules look at ----------------------------------------------------------


@dataclass
class OfferState:
    """An offer's opening hours, closures and held bookings around a window."""

    offer: Offer
    open: list[Interval]
    closures: list[Interval]
    held: list[Held]
    held_ids: list[int] = field(default_factory=list)

    @property
    def stock(self) -> int:
        if self.offer.kind == OfferKind.TOOL:
            return self.offer.quantity or 0
        return 1


def offer_state(offer: Offer, window: Interval, exclude: Iterable[int] = ()) -> OfferState:
    """Load what the rules need to judge bookings of the offer within the window."""
    margin = _state_margin(offer)
    # Opening hours, closures and held bookings in one round trip.
    rows = driver_rows(db.session, _state_query(), _state_window(offer.id, window, margin))
    return _state_of(offer, window, margin, rows, exclude)


def _state_margin(offer: Offer) -> timedelta:
    """How far around a window the rules look: the buffer, and a day for opening hours."""
    return timedelta(minutes=offer.buffer_minutes or 0) + timedelta(days=1)


def _state_window(offer_id: int, window: Interval, margin: timedelta) -> dict:
    return {"offer_id": offer_id, "start": window.start - margin, "end": window.end + margin}


def _state_of(offer: Offer, window: Interval, margin: timedelta, rows: list[tuple],
              exclude: Iterable[int] = ()) -> OfferState:
    zone = _zone()
    excluded = set(exclude)
    tool = offer.kind == OfferKind.TOOL
    slots, closures, held, held_ids = [], [], [], []
    for booking_id, start, end, quantity, weekday, opens, closes in rows:
        if booking_id is not None:
            if booking_id in excluded:  # the bookings being moved do not hold
                continue
            held.append(Held(Interval(start, end), quantity if tool else 1))
            held_ids.append(booking_id)
        elif weekday is not None:
            slots.append(WeeklySlot(weekday, opens, closes))
        else:
            closures.append(Interval(start, end))
    opened = open_intervals(slots, (window.start - margin).astimezone(zone).date(),
                            (window.end + margin).astimezone(zone).date(), zone)
    return OfferState(offer, opened, closures, held, held_ids)


@cache
def _state_query() -> sa.CompoundSelect:
    """Held bookings, closures and weekly opening hours of an offer, told apart by which
    columns are set. Built once: its cache key is reused by every call."""
    offer_id = sa.bindparam("offer_id")
    start, end = sa.bindparam("start", type_=UTCDateTime), sa.bindparam("end", type_=UTCDateTime)
    # Typed NULLs in the first branch give each column its type.
    no_time = sa.cast(sa.null(), sa.Time)
    held = sa.select(
        Booking.id.label("booking_id"), Booking.busy_from.label("start"),
        Booking.busy_until.label("end"), Booking.quantity.label("quantity"),
        sa.cast(sa.null(), sa.Integer).label("weekday"), no_time.label("opens"),
        no_time.label("closes"),
    ).where(Booking.offer_id == offer_id,
            sa.or_(*(Booking.status == status for status in HOLDING)),  # no list parameter
            Booking.busy_from < end, Booking.busy_until > start)
    closures = sa.select(
        sa.null(), Closure.starts_at, Closure.ends_at, sa.null(), sa.null(), sa.null(),
        sa.null(),
    ).where(Closure.offer_id == offer_id, Closure.starts_at < end, Closure.ends_at > start)
    hours = sa.select(
        sa.null(), sa.null(), sa.null(), sa.null(), OpeningHours.weekday,
        OpeningHours.opens_at, OpeningHours.closes_at,
    ).where(OpeningHours.offer_id == offer_id)
    return sa.union_all(held, closures, hours)


def _opening_rule(offer: Offer, wanted: Interval, state: OfferState) -> bool:
    """Rooms and skills: one opening slot holds the whole range. Tools leave with the
    borrower: open at pick-up and at return is enough."""
    if offer.kind == OfferKind.TOOL:
        def open_at(instant: datetime, closing: bool) -> bool:
            return any(i.start <= instant <= i.end if closing else i.start <= instant < i.end
                       for i in state.open)
        return open_at(wanted.start, False) and open_at(wanted.end, True)
    return any(i.contains(wanted) for i in state.open)


def fits(offer: Offer, wanted: Interval, quantity: int, state: OfferState,
         now: datetime, check_notice: bool = True) -> tuple[str, str] | None:
    """The first of the offer's own rules the booking breaks, as (rule, message); None if
    it fits. Pure given the state: used to book and to look for alternatives."""
    return (limits(offer, wanted, quantity, now, check_notice)
            or _held_rules(offer, wanted, quantity, state))


def limits(offer: Offer, wanted: Interval, quantity: int, now: datetime,
           check_notice: bool = True) -> tuple[str, str] | None:
    """The first of the offer's rules the booking breaks whatever else is booked (open to
    bookings, size, length, notice), as (rule, message); None if none. Pure."""
    minutes = (wanted.end - wanted.start).total_seconds() / 60
    if offer.status != OfferStatus.PUBLISHED:
        return "not_bookable", _("This offer is not open to bookings.")
    # A place without a capacity (a storage room) takes any number of people.
    if offer.kind == OfferKind.PREMISES and offer.capacity is not None \
            and quantity > offer.capacity:
        return "capacity", _("This place holds at most %(n)d people.", n=offer.capacity)
    if offer.kind == OfferKind.TOOL and quantity > (offer.quantity or 0):
        return "stock", _("Only %(n)d items of this exist.", n=offer.quantity or 0)
    if minutes < offer.min_duration_minutes:
        return "min_length", _("A booking lasts at least %(duration)s.",
                               duration=format_duration(offer.min_duration_minutes))
    if offer.max_duration_minutes and minutes > offer.max_duration_minutes:
        return "max_length", _("A booking lasts at most %(duration)s.",
                               duration=format_duration(offer.max_duration_minutes))
    if wanted.start < now:
        return "past", _("This time has already passed.")
    if check_notice and wanted.start < now + timedelta(minutes=offer.min_notice_minutes):
        return "notice", _("Book at least %(duration)s ahead.",
                           duration=format_duration(offer.min_notice_minutes))
    return None


def _held_rules(offer: Offer, wanted: Interval, quantity: int, state: OfferState
                ) -> tuple[str, str] | None:
    """The rules that depend on the offer's state: opening hours, closures, what is held."""
    if not _opening_rule(offer, wanted, state):
        if offer.kind == OfferKind.TOOL:
            return "opening_hours", _("Pick-up and return must fall within the opening hours.")
        return "opening_hours", _("The offer is not open for the whole of this time.")
    if any(c.overlaps(wanted) for c in state.closures):
        return "closure", _("The offer is closed during this time.")
    busy = busy_range(wanted.start, wanted.end, offer.buffer_minutes)
    taken = peak(state.held, busy)
    if taken + (quantity if offer.kind == OfferKind.TOOL else 1) > state.stock:
        if offer.kind == OfferKind.TOOL:
            return "stock", _("Only %(n)d items are free at this time.",
                              n=max(0, state.stock - taken))
        if offer.buffer_minutes:
            return "overlap", _("This time is already booked, or too close to a booking "
                                "(%(duration)s kept between bookings).",
                                duration=format_duration(offer.buffer_minutes))
        return "overlap", _("This time is already booked.")
    return None


def limits_then(offer: Offer, start: datetime, end: datetime, quantity: int = 1,
                now: datetime | None = None) -> str | None:
    """Why a booking of the offer from start to end would be refused whatever else is
    booked (notice, length, size), for a person to read; None if these rules allow it."""
    refused = limits(offer, Interval(start, end), quantity, now or utcnow())
    return refused[1] if refused else None


# --- limits across bookings: the provider's hours and the cell's quotas ---------------


def _period_bounds(day: date, period: QuotaPeriod) -> tuple[datetime, datetime]:
    zone = _zone()
    if period == QuotaPeriod.WEEK:
        first = day - timedelta(days=day.weekday())
        last = first + timedelta(days=7)
    else:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1)
    return (datetime.combine(first, datetime.min.time(), zone),
            datetime.combine(last, datetime.min.time(), zone))


def _hours_booked(where, start: datetime, end: datetime, exclude: Iterable[int]) -> float:
    excluded = list(exclude)
    rows = db.session.execute(
        sa.select(Booking.starts_at, Booking.ends_at).join(Offer, Offer.id == Booking.offer_id)
        .where(where, Booking.status.in_(ACTIVE), Booking.starts_at >= start,
               Booking.starts_at < end,
               Booking.id.not_in(excluded) if excluded else sa.true())).all()
    return sum(hours_of(r.starts_at, r.ends_at) for r in rows)


def _provider_limit(offer: Offer, wanted: Interval, exclude: Iterable[int]) -> tuple | None:
    """A skill's provider gives at most so many hours a week and a month."""
    if offer.kind != OfferKind.SKILL:
        return None
    day = wanted.start.astimezone(_zone()).date()
    for limit, period in ((offer.max_hours_per_week, QuotaPeriod.WEEK),
                          (offer.max_hours_per_month, QuotaPeriod.MONTH)):
        if not limit:
            continue
        start, end = _period_bounds(day, period)
        used = _hours_booked(Booking.offer_id == offer.id, start, end, exclude)
        if used + hours_of(wanted.start, wanted.end) > limit + 1e-9:
            message = (_("The provider gives at most %(n)d hours a week; %(left)s are left.",
                         n=limit, left=_hours(max(0, limit - used)))
                       if period == QuotaPeriod.WEEK else
                       _("The provider gives at most %(n)d hours a month; %(left)s are left.",
                         n=limit, left=_hours(max(0, limit - used))))
            return "provider_limit", message
    return None


def _hours(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def quota_for(member: Member, kind: OfferKind) -> list[Quota]:
    """The quotas that apply to an organisation for a kind: its circle's, or everyone's."""
    return list(db.session.scalars(sa.select(Quota).where(
        Quota.kind == kind, sa.or_(Quota.circle == member.circle, Quota.circle.is_(None)))))


def _quota_rule(actor: User, member: Member, offer: Offer, wanted: Interval,
                exclude: Iterable[int], quotas: list[Quota] | None = None) -> tuple | None:
    """The cell's quotas per organisation; the cell itself may book beyond them."""
    if actor.role == Role.CELL:
        return None
    day = wanted.start.astimezone(_zone()).date()
    for quota in quota_for(member, offer.kind) if quotas is None else quotas:
        start, end = _period_bounds(day, quota.period)
        used = _hours_booked(sa.and_(Booking.member_id == member.id, Offer.kind == offer.kind),
                             start, end, exclude)
        if used + hours_of(wanted.start, wanted.end) > quota.max_hours + 1e-9:
            return "quota", _(
                "Your organisation may book at most %(n)d hours of this kind per %(period)s; "
                "%(left)s are left.", n=quota.max_hours,
                period=_("week") if quota.period == QuotaPeriod.WEEK else _("month"),
                left=_hours(max(0, quota.max_hours - used)))
    return None


# --- alternatives -----------------------------------------------------------------------


def nearest_free(offer: Offer, wanted: Interval, quantity: int, now: datetime,
                 count: int = 3) -> list[Interval]:
    """The free slots of the same length nearest to the wanted one, before or after it."""
    length = wanted.end - wanted.start
    window = Interval(wanted.start - ALTERNATIVE_HORIZON, wanted.end + ALTERNATIVE_HORIZON)
    state = offer_state(offer, window)
    zone = _zone()
    # Candidate starts: every half hour, and every opening time, of the horizon.
    starts = {i.start for i in state.open if window.start <= i.start <= window.end}
    step = wanted.start
    while step > window.start:
        step -= ALTERNATIVE_STEP
        starts.add(step)
    step = wanted.start
    while step < window.end:
        step += ALTERNATIVE_STEP
        starts.add(step)
    found = []
    for start in sorted(starts, key=lambda s: (abs(s - wanted.start), s)):
        candidate = Interval(start, start + length)
        if start.astimezone(zone).minute % 15:
            continue
        if fits(offer, candidate, quantity, state, now) is None:
            found.append(candidate)
            if len(found) == count:
                break
    return sorted(found, key=lambda i: i.start)


def similar_free(offer: Offer, wanted: Interval, quantity: int, now: datetime,
                 count: int = 3, member_id: int | None = None) -> list[Offer]:
    """Other published offers of the same kind (same category first) free at that time,
    that hold what was asked (people, items) and keep the step-free access the refused one
    has; none of the beneficiary's own organisation (`member_id`)."""
    stmt = sa.select(Offer).where(Offer.kind == offer.kind,
                                  Offer.status == OfferStatus.PUBLISHED, Offer.id != offer.id)
    if offer.kind == OfferKind.PREMISES:
        stmt = stmt.where(Offer.capacity >= quantity)
    elif offer.kind == OfferKind.TOOL:
        stmt = stmt.where(Offer.quantity >= quantity)
    if offer.step_free_access:
        stmt = stmt.where(Offer.step_free_access.is_(True))
    if member_id is not None:
        stmt = stmt.where(Offer.member_id != member_id)
    candidates = db.session.scalars(
        stmt.order_by((Offer.category_id == offer.category_id).desc(), Offer.id).limit(40))
    found = []
    for other in candidates:
        if fits(other, wanted, quantity, offer_state(other, wanted), now) is None:
            found.append(other)
            if len(found) == count:
                break
    return found


def alternatives(offer: Offer, wanted: Interval, quantity: int, now: datetime,
                 member_id: int | None = None, count: int = 3) -> dict:
    """What would do instead of a refused booking: the offer's nearest free slots of the
    same length, and similar offers free at that time."""
    zone = _zone()
    return {
        "slots": [{"start": i.start.astimezone(zone).isoformat(),
                   "end": i.end.astimezone(zone).isoformat()}
                  for i in nearest_free(offer, wanted, quantity, now, count)],
        "offers": [{"id": o.id, "title": o.title, "member": o.member.name}
                   for o in similar_free(offer, wanted, quantity, now, count, member_id)],
    }


# --- booking -----------------------------------------------------------------------------


@dataclass
class BookingRequest:
    offer_id: int
    starts_at: datetime
    ends_at: datetime
    quantity: int = 1
    purpose: str = ""
    member_id: int | None = None  # the beneficiary; the actor's organisation by default


def check_may_book_for(actor: User, member_id: int) -> None:
    """A member books for their own organisation; the cell for any."""
    if member_id != actor.member_id and actor.role != Role.CELL:
        raise Forbidden(_("You can only book for your own organisation."))


def _check_request(actor: User, request: BookingRequest) -> Member:
    member_id = request.member_id or actor.member_id
    check_may_book_for(actor, member_id)  # who may act, before what they sent
    if request.starts_at.tzinfo is None or request.ends_at.tzinfo is None:
        raise _invalid("starts_at", _("Give times with their time zone."))
    if not request.starts_at < request.ends_at:
        raise _invalid("ends_at", _("The end must come after the start."))
    if request.ends_at - request.starts_at > MAX_RANGE:
        raise _invalid("ends_at", _("A booking lasts at most %(n)d days.", n=MAX_RANGE.days))
    if request.quantity < 1 or request.quantity > 100000:
        raise _invalid("quantity", _("Give a number of people or items of at least 1."))
    if len(request.purpose) > 500:
        raise _invalid("purpose", _("The purpose has at most 500 characters."))
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound(_("This organisation does not exist."))
    return member


@cache
def _offer_query(lock: bool = False) -> sa.Select:
    """The offer by id (`offer_id`). Its owner and category are loaded only if asked for:
    the rules do not need them. Built once, like its cache key."""
    stmt = (sa.select(Offer).options(lazyload(Offer.member), lazyload(Offer.category))
            .where(Offer.id == sa.bindparam("offer_id")))
    if lock:
        # Locked until the end of the transaction (PostgreSQL); re-read so that the rules
        # see the offer as it is now.
        stmt = stmt.with_for_update(of=Offer).execution_options(populate_existing=True)
    return stmt


def _visible(actor: User, offer: Offer | None) -> Offer:
    from pooling.catalogue.permissions import can_see_offer

    if offer is None or not can_see_offer(actor, offer):
        raise NotFound(_("This offer does not exist."))
    return offer


def _visible_offer(actor: User, offer_id: int) -> Offer:
    return _visible(actor, db.session.scalars(_offer_query(), {"offer_id": offer_id})
                    .one_or_none())


def _lock(offer_id: int) -> Offer | None:
    """The offer's row, locked until the end of the transaction (PostgreSQL)."""
    return db.session.scalars(_offer_query(lock=True), {"offer_id": offer_id}).one_or_none()


def lock_offer_and_member(offer_id: int, member_id: int) -> tuple[Offer | None, list[Quota]]:
    """The offer's row and the beneficiary's, locked until the end of the transaction
    (PostgreSQL), in one round trip: the offer's first, like every writer of its bookings;
    the beneficiary's then, because its quotas span every offer, so that its bookings of
    different offers are not judged side by side. Returns the offer as it is now (None if
    there is none) and the quotas that apply to the beneficiary for the offer's kind."""
    return _locked(driver_rows(db.session, _offer_and_member_lock_query(),
                               {"offer_id": offer_id, "member_id": member_id}))


# The state read with the lock is read before the offer's buffer is known: it covers
# buffers of up to a day, and an offer with a longer one has its state read again.
_LOCKED_MARGIN = timedelta(days=2)


def lock_and_read_state(offer_id: int, member_id: int, wanted: Interval
                        ) -> tuple[Offer | None, list[Quota], OfferState | None]:
    """`lock_offer_and_member`, and the offer's state around the wanted range, in the
    same round trip. The state is read by a statement of its own, run once the locks are
    granted: it sees every booking that the previous holder of the offer's lock made."""
    locked, state_rows = driver_batch(
        db.session,
        (_offer_and_member_lock_query(), {"offer_id": offer_id, "member_id": member_id}),
        (_state_query(), _state_window(offer_id, wanted, _LOCKED_MARGIN)))
    offer, quotas = _locked(locked)
    if offer is None:
        return None, [], None
    if _state_margin(offer) > _LOCKED_MARGIN:
        return offer, quotas, offer_state(offer, wanted)
    return offer, quotas, _state_of(offer, wanted, _LOCKED_MARGIN, state_rows)


def _locked(rows: list[tuple]) -> tuple[Offer | None, list[Quota]]:
    if not rows:
        return None, []
    names = [column.name for column in Offer.__table__.c]
    offer = as_loaded(db.session, Offer, dict(zip(names, rows[0][:len(names)], strict=True)))
    # One row per quota; the offer's columns repeat, the quota's come after them.
    return offer, [Quota(period=QuotaPeriod(period), max_hours=max_hours)
                   for period, max_hours in (row[len(names):] for row in rows) if period]


@cache
def _offer_and_member_lock_query() -> sa.Select:
    offers = Offer.__table__
    return (sa.select(*offers.c, Quota.period, Quota.max_hours).select_from(offers)
            .join(Member, Member.id == sa.bindparam("member_id"))
            .outerjoin(Quota, sa.and_(
                Quota.kind == offers.c.kind,
                sa.or_(Quota.circle == Member.circle, Quota.circle.is_(None))))
            .where(offers.c.id == sa.bindparam("offer_id"))
            .with_for_update(of=(offers, Member.__table__)))


def _record(booking: Booking, old: BookingStatus | None, new: BookingStatus,
            actor: User | None, note: str = "") -> None:
    booking.status = new
    db.session.add(BookingEvent(booking=booking, from_status=old, to_status=new,
                                actor_id=actor.id if actor else None, note=note[:500]))


def add_booking(actor: User, member: Member, offer: Offer, wanted: Interval,
                request: BookingRequest, series_id: int | None = None) -> Booking:
    """A new booking that the rules accepted: requested, and confirmed at once when the
    offer's policy is automatic; both steps recorded. Written with plain INSERTs rather
    than through the unit of work: on PostgreSQL the booking and its history go in one
    statement, so one round trip."""
    busy = busy_range(wanted.start, wanted.end, offer.buffer_minutes)
    automatic = offer.booking_policy == BookingPolicy.AUTOMATIC
    at = utcnow()
    values = {
        "offer_id": offer.id, "member_id": member.id, "requested_by_id": actor.id,
        "series_id": series_id,
        "status": BookingStatus.CONFIRMED if automatic else BookingStatus.REQUESTED,
        "exclusive": offer.kind != OfferKind.TOOL,
        "starts_at": wanted.start.astimezone(UTC), "ends_at": wanted.end.astimezone(UTC),
        "busy_from": busy.start.astimezone(UTC), "busy_until": busy.end.astimezone(UTC),
        "quantity": request.quantity, "purpose": request.purpose.strip(), "sequence": 0,
        "reminded_at": None, "created_at": at, "updated_at": at}
    history = {"actor_id": actor.id, "at": at,
               "note": _("Confirmed automatically.") if automatic else ""}
    if db.session.get_bind().dialect.name == "postgresql":
        [(booking_id,)] = driver_rows(db.session, _insert_booking_and_history(),
                                      {**values, **history}, writes=True)
    else:
        booking_id = db.session.execute(_insert_booking(), values).scalar_one()
        db.session.execute(_insert_history(), {**history, "booking_id": booking_id})
    # Everything the booking holds was just written: nothing needs reading back.
    booking = as_loaded(db.session, Booking, {"id": booking_id, **values})
    set_committed_value(booking, "offer", offer)
    set_committed_value(booking, "member", member)
    return booking


@cache
def _insert_booking() -> sa.Insert:
    bookings = Booking.__table__
    return bookings.insert().returning(bookings.c.id)


@cache
def _insert_history() -> sa.Insert:
    """The history of the booking `booking_id`, just inserted."""
    bookings = Booking.__table__
    return _history_of(bookings, bookings.c.id == sa.bindparam("booking_id"))


@cache
def _insert_booking_and_history() -> sa.Select:
    """PostgreSQL: the booking and its history inserted in one statement."""
    bookings = Booking.__table__
    written = [c for c in bookings.c if c.name != "id"]
    new = (sa.insert(bookings).values({c.name: sa.bindparam(c.name, type_=c.type)
                                       for c in written})
           .returning(bookings.c.id, bookings.c.status).cte("new_booking"))
    history = _history_of(new).cte("new_history")
    return sa.select(new.c.id).add_cte(history)


def _history_of(source, *where) -> sa.Insert:
    """The INSERT of a new booking's history, read from its row in `source`: requested by
    `actor_id`; then, if it was confirmed at once, confirmed with `note`; both `at`."""
    events = BookingEvent.__table__

    def requested():  # one parameter per use: PostgreSQL deduces each one's type apart
        return sa.literal(BookingStatus.REQUESTED, events.c.to_status.type)

    at = sa.bindparam("at", type_=events.c.at.type)
    steps = sa.union_all(
        sa.select(source.c.id, sa.null(), requested(), sa.bindparam("actor_id"),
                  sa.literal(""), at).where(*where),
        sa.select(source.c.id, requested(), source.c.status, sa.null(),
                  sa.bindparam("note"), at)
        .where(*where, source.c.status == BookingStatus.CONFIRMED))
    return events.insert().from_select(
        ["booking_id", "from_status", "to_status", "actor_id", "note", "at"], steps)


def _judge(actor: User, member: Member, offer: Offer, wanted: Interval, quantity: int,
           now: datetime, exclude: Iterable[int] = (), quotas: list[Quota] | None = None,
           state: OfferState | None = None) -> tuple[str, str] | None:
    failure = fits(offer, wanted, quantity, state or offer_state(offer, wanted, exclude), now)
    return (failure or _provider_limit(offer, wanted, exclude)
            or _quota_rule(actor, member, offer, wanted, exclude, quotas))


def create_booking(actor: User, request: BookingRequest, series_id: int | None = None,
                   now: datetime | None = None) -> Booking:
    """Book an offer: confirmed at once or requested, depending on the offer's policy."""
    member = _check_request(actor, request)
    wanted = Interval(request.starts_at, request.ends_at)

    def attempt() -> Booking:
        moment = now or utcnow()
        # Not expired at the commit: the caller reads the booking next, as it was written.
        with transaction(expire=False):
            offer, quotas, state = lock_and_read_state(request.offer_id, member.id, wanted)
            offer = _visible(actor, offer)
            failure = _judge(actor, member, offer, wanted, request.quantity, moment,
                             quotas=quotas, state=state)
            if failure:
                raise BookingRefused(*failure)
            try:
                booking = add_booking(actor, member, offer, wanted, request, series_id)
            except IntegrityError:
                # The exclusion constraint: another booking took the slot meanwhile.
                raise BookingRefused("overlap", _("This time is already booked.")) from None
            notifications.booking_made(booking)
        return booking

    try:
        return with_retries(attempt)
    except BookingRefused as refused:
        db.session.rollback()
        # Alternatives are looked for once the offer's lock is released: the other
        # requests waiting for it need not wait for this search too.
        offer = db.session.get(Offer, request.offer_id)
        raise BookingRefused(refused.rule, refused.message, alternatives(
            offer, wanted, request.quantity, now or utcnow(), member.id)) from None


# --- decisions and the life cycle --------------------------------------------------------


def get_booking(viewer: User, booking_id: int) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if booking is None or not can_see_booking(viewer, booking):
        raise NotFound(_("This booking does not exist."))
    return booking


def _transition(actor: User, booking_id: int, allowed_from: tuple[BookingStatus, ...],
                new: BookingStatus, check: Callable[[Booking], None], note: str = "",
                after: Callable[[Booking, datetime], None] | None = None,
                now: datetime | None = None) -> Booking:
    """Move a booking from one of the allowed statuses to a new one, exactly once even
    when two people click at the same time."""
    booking = get_booking(actor, booking_id)
    check(booking)
    [moved] = move_bookings(actor, [booking], allowed_from, new, note=note, after=after,
                            now=now)
    return moved


def move_bookings(actor: User | None, bookings: list[Booking],
                  allowed_from: tuple[BookingStatus, ...], new: BookingStatus,
                  note: str = "", after: Callable[[Booking, datetime], None] | None = None,
                  now: datetime | None = None,
                  still: Callable[[Booking, datetime], bool] | None = None,
                  done: Callable[[list[Booking]], None] | None = None) -> list[Booking]:
    """Move bookings of one offer to a new status in one transaction, each exactly once:
    the offer's row is locked first, as every writer of its bookings does, then the
    bookings' rows, read again as they are now; their statuses are checked and each
    change is recorded. Retried on a deadlock or a serialisation failure.

    One booking that can no longer move refuses all. With `still`, several bookings move
    together (the occurrences of a series): those that another request moved meanwhile,
    or for which `still` no longer holds, are left as they are; if none is left, refused.
    `after` runs for each booking moved, `done` once with all of them."""
    if not bookings:
        raise Conflict(_("Nothing left to change."), details={"rule": "transition"})
    offer_id, ids = bookings[0].offer_id, [b.id for b in bookings]

    def attempt() -> list[Booking]:
        moment = now or utcnow()
        with transaction():
            _lock(offer_id)
            current = db.session.scalars(_bookings_locked(), {"ids": ids}).all()
            movable = [b for b in current if b.status in allowed_from
                       and (still is None or still(b, moment))]
            if still is None and len(movable) < len(current):
                old = next(b.status for b in current if b not in movable)
                raise Conflict(_("This booking is %(status)s: it cannot become %(new)s.",
                                 status=status_label(old), new=status_label(new)),
                               details={"rule": "transition"})
            if not movable:
                raise Conflict(_("Nothing left to change."), details={"rule": "transition"})
            for booking in movable:
                _record(booking, booking.status, new, actor, note)
                booking.sequence += 1
                if after:
                    after(booking, moment)
            if done:
                done(movable)
        return movable

    try:
        return with_retries(attempt)
    except Conflict:
        db.session.rollback()
        raise


@cache
def _bookings_locked() -> sa.Select:
    """The bookings `ids`, locked until the end of the transaction (PostgreSQL) and read
    again as they are now."""
    return (sa.select(Booking).where(Booking.id.in_(sa.bindparam("ids", expanding=True)))
            .order_by(Booking.starts_at, Booking.id)
            .with_for_update(of=Booking).execution_options(populate_existing=True))


def status_label(status: BookingStatus) -> str:
    from pooling import labels

    return str(labels.BOOKING_STATUSES[status])


def get_booking_to_decide(actor: User, booking_id: int) -> Booking:
    """A booking the actor may decide on: 404 if they cannot see it, 403 if not theirs."""
    booking = get_booking(actor, booking_id)
    _owner_only(actor)(booking)
    return booking


def _owner_only(actor: User) -> Callable[[Booking], None]:
    def check(booking: Booking) -> None:
        if not can_decide(actor, booking):
            raise Forbidden(_("Only the organisation that shares this offer, or the animation "
                              "cell, can decide on this booking."))
    return check


def confirm(actor: User, booking_id: int, now: datetime | None = None) -> Booking:
    """The owner accepts a request; requests it now collides with are declined."""

    def recheck_and_decline_others(booking: Booking, moment: datetime) -> None:
        wanted = Interval(booking.starts_at, booking.ends_at)
        failure = fits(booking.offer, wanted, booking.quantity,
                       offer_state(booking.offer, wanted, [booking.id]), moment,
                       check_notice=False)
        if failure:
            raise BookingRefused(failure[0], failure[1])
        db.session.flush()
        _decline_colliding(actor, booking)
        notifications.booking_decided(booking)

    return _transition(actor, booking_id, (BookingStatus.REQUESTED,), BookingStatus.CONFIRMED,
                       _owner_only(actor), after=recheck_and_decline_others, now=now)


def _decline_colliding(actor: User, accepted: Booking) -> None:
    offer = accepted.offer
    pending = db.session.scalars(sa.select(Booking).where(
        Booking.offer_id == offer.id, Booking.status == BookingStatus.REQUESTED,
        Booking.busy_from < accepted.busy_until, Booking.busy_until > accepted.busy_from))
    for other in pending:
        wanted = Interval(other.starts_at, other.ends_at)
        state = offer_state(offer, wanted, [other.id])
        # Judged as at its own start: only whether it still fits beside the accepted one.
        if fits(offer, wanted, other.quantity, state, other.starts_at,
                check_notice=False) is not None:
            _record(other, BookingStatus.REQUESTED, BookingStatus.DECLINED, actor,
                    _("Another request for the same time was accepted."))
            other.sequence += 1
            notifications.booking_decided(other)


def decline(actor: User, booking_id: int, reason: str = "") -> Booking:
    def after(booking: Booking, _moment: datetime) -> None:
        notifications.booking_decided(booking)

    return _transition(actor, booking_id, (BookingStatus.REQUESTED,), BookingStatus.DECLINED,
                       _owner_only(actor), note=reason.strip(), after=after)


def cancel(actor: User, booking_id: int, reason: str = "", now: datetime | None = None
           ) -> Booking:
    """The beneficiary cancels before the start; the owner, with a reason, before the end;
    the cell at any time before the end."""
    moment = now or utcnow()

    def check(booking: Booking) -> None:
        if actor.role == Role.CELL or is_owner(actor, booking):
            if not (actor.role == Role.CELL or reason.strip()):
                raise _invalid("reason", _("Tell the beneficiary why you cancel."))
            if booking.ends_at <= moment:
                raise Conflict(_("This booking is over: it can no longer be cancelled."),
                               details={"rule": "transition"})
        elif is_beneficiary(actor, booking):
            if booking.starts_at <= moment:
                raise Conflict(_("This booking has started: it can no longer be cancelled."),
                               details={"rule": "transition"})
        else:  # pragma: no cover - get_booking already refused
            raise Forbidden(_("You cannot cancel this booking."))

    def after(booking: Booking, _moment: datetime) -> None:
        notifications.booking_cancelled(booking, actor, reason.strip())

    return _transition(actor, booking_id, (BookingStatus.REQUESTED, BookingStatus.CONFIRMED),
                       BookingStatus.CANCELLED, check, note=reason.strip(), after=after,
                       now=now)


def _over(moment: datetime) -> Callable[[Booking], None]:
    def check(booking: Booking) -> None:
        if booking.ends_at > moment:
            raise Conflict(_("This booking is not over yet."), details={"rule": "transition"})
    return check


def complete(actor: User | None, booking_id: int, now: datetime | None = None) -> Booking:
    """The booking took place: record the exchange, once, even if asked twice at once."""
    moment = now or utcnow()
    if actor is None:
        raise Forbidden(_("Sign in first."))

    def check(booking: Booking) -> None:
        _owner_only(actor)(booking)
        _over(moment)(booking)

    return _transition(actor, booking_id, (BookingStatus.CONFIRMED,), BookingStatus.COMPLETED,
                       check, after=_record_exchange, now=now)


def report_no_show(actor: User, booking_id: int, now: datetime | None = None) -> Booking:
    moment = now or utcnow()

    def check(booking: Booking) -> None:
        _owner_only(actor)(booking)
        if booking.starts_at > moment:
            raise Conflict(_("This booking has not started yet."), details={"rule": "transition"})

    return _transition(actor, booking_id, (BookingStatus.CONFIRMED,), BookingStatus.NO_SHOW,
                       check, note=_("Nobody came."), now=now)


def _record_exchange(booking: Booking, _moment: datetime) -> None:
    """The exchange of a completed booking, in the offer's unit, valued on its day and
    posted in the ledger at once."""
    from pooling.bookings.rules import units_used
    from pooling.ledger.services import record_completed_booking

    offer = booking.offer
    if offer.member_id == booking.member_id:
        return  # an organisation using its own offer gives nothing to anyone
    zone = _zone()
    day = booking.starts_at.astimezone(zone).date()
    units = units_used(offer.unit, booking.starts_at, booking.ends_at, zone)
    if offer.kind == OfferKind.TOOL:
        units *= booking.quantity
    record_completed_booking(booking, offer, units, day)


def complete_due(now: datetime | None = None) -> int:
    """Complete the confirmed bookings that have ended (run by `flask bookings tick`)."""
    moment = now or utcnow()
    ids = db.session.scalars(sa.select(Booking.id).where(
        Booking.status == BookingStatus.CONFIRMED, Booking.ends_at <= moment)).all()
    done = 0
    for booking_id in ids:
        def attempt(booking_id=booking_id) -> bool:
            with transaction():
                booking = db.session.get(Booking, booking_id)
                _lock(booking.offer_id)
                db.session.refresh(booking)
                if booking.status != BookingStatus.CONFIRMED:
                    return False
                _record(booking, BookingStatus.CONFIRMED, BookingStatus.COMPLETED, None,
                        _("Completed automatically after its end."))
                booking.sequence += 1
                _record_exchange(booking, moment)
            return True
        try:
            done += with_retries(attempt)
        except Conflict:
            db.session.rollback()
    return done


# --- seeing what is free ------------------------------------------------------------------


@dataclass(frozen=True)
class FreeInterval:
    interval: Interval
    remaining: int | None  # people (premises; None without a capacity), items (tools), 1


def check_window(start: datetime, end: datetime, end_field: str = "end") -> None:
    """A period asked for: it ends after it starts, and spans at most MAX_RANGE."""
    if not start < end:
        raise _invalid(end_field, _("The end must come after the start."))
    if end - start > MAX_RANGE:
        raise _invalid(end_field, _("Ask for at most %(n)d days at once.", n=MAX_RANGE.days))


def availability(viewer: User, offer_id: int, start: datetime, end: datetime
                 ) -> list[FreeInterval]:
    """The free intervals of an offer between two instants, with what is left in each."""
    offer = _visible_offer(viewer, offer_id)
    check_window(start, end, "to")
    window = Interval(start, end)
    state = offer_state(offer, window)
    opened = [Interval(max(i.start, start), min(i.end, end))
              for i in state.open if i.overlaps(window)]
    opened = subtract(opened, state.closures)
    free = []
    for interval in opened:
        for piece, left in remaining(state.held, interval, state.stock):
            if left <= 0:
                continue
            amount = {OfferKind.PREMISES: offer.capacity, OfferKind.TOOL: left}.get(
                offer.kind, 1)
            if free and free[-1].interval.end == piece.start and free[-1].remaining == amount:
                piece = Interval(free.pop().interval.start, piece.end)
            free.append(FreeInterval(piece, amount))
    return free


def describe(booking: Booking) -> str:
    """A booking in a few words, in the pole's time."""
    return _("%(offer)s, %(start)s", offer=booking.offer.title,
             start=format_datetime(booking.starts_at, "short"))
