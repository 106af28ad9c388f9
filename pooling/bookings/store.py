"""Every lock and every statement of the booking engine.

A writer of an offer's bookings locks the offer's row first (SELECT ... FOR UPDATE on
PostgreSQL; SQLite serialises write transactions anyway), then reads what the rules need:
so two requests for the last free slot are judged one after the other, the second seeing
the first. This is the only module that runs statements straight on the driver
(`pooling.db.driver_rows`): the booking path's few statements are built once, here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.attributes import set_committed_value

from pooling.accounts.models import User
from pooling.bookings.models import (
    ACTIVE,
    HOLDING,
    Booking,
    BookingEvent,
    BookingStatus,
    Quota,
    QuotaPeriod,
)
from pooling.bookings.rules import HoursLimit, OfferState, Rule
from pooling.bookings.timeline import Held, busy_range, hours_of, period_bounds
from pooling.catalogue.hours import Interval, WeeklySlot, open_intervals
from pooling.catalogue.models import (
    BookingPolicy,
    Closure,
    Offer,
    OfferKind,
    OfferStatus,
    OpeningHours,
)
from pooling.db import UTCDateTime, as_loaded, driver_batch, driver_rows, utcnow
from pooling.extensions import db
from pooling.members.models import Member
from pooling.pole.clock import pole_day, pole_zone

# --- the offer --------------------------------------------------------------------------


def read_offer(offer_id: int) -> Offer | None:
    """The offer, without its owner and category (the rules need neither)."""
    return db.session.scalars(_offer_query(), {"offer_id": offer_id}).one_or_none()


def lock_offer(offer_id: int) -> Offer | None:
    """The offer's row, locked until the end of the transaction and read as it is now."""
    return db.session.scalars(_offer_query(lock=True), {"offer_id": offer_id}).one_or_none()


@cache
def _offer_query(lock: bool = False) -> sa.Select:
    """The offer by id (`offer_id`). Its owner and category are loaded only if asked for.
    Built once, like its cache key."""
    stmt = (sa.select(Offer).options(lazyload(Offer.member), lazyload(Offer.category))
            .where(Offer.id == sa.bindparam("offer_id")))
    if lock:
        stmt = stmt.with_for_update(of=Offer).execution_options(populate_existing=True)
    return stmt


def lock_offer_and_member(offer_id: int, member_id: int) -> tuple[Offer | None, list[Quota]]:
    """The offer's row and the beneficiary's, locked until the end of the transaction, in
    one round trip: the offer's first, like every writer of its bookings; the
    beneficiary's then, because its quotas span every offer, so that its bookings of
    different offers are not judged side by side. Returns the offer as it is now (None if
    there is none) and the quotas that apply to the beneficiary for the offer's kind."""
    return _offer_and_quotas(driver_rows(db.session, _offer_and_member_lock_query(),
                                         {"offer_id": offer_id, "member_id": member_id}))


# The state read with the locks is read before the offer's buffer is known: it covers
# buffers of up to a day, and an offer with a longer one has its state read again.
_LOCKED_MARGIN = timedelta(days=2)


def lock_offer_and_member_and_read_state(offer_id: int, member_id: int, wanted: Interval
                                         ) -> tuple[Offer | None, list[Quota],
                                                    OfferState | None]:
    """`lock_offer_and_member`, and the offer's state around the wanted range, in the
    same round trip. The state is read by a statement of its own, run once the locks are
    granted: it sees every booking that the previous holder of the offer's lock made."""
    locked, state_rows, owner_rows = driver_batch(
        db.session,
        (_offer_and_member_lock_query(), {"offer_id": offer_id, "member_id": member_id}),
        (_state_query(), _state_window(offer_id, wanted, _LOCKED_MARGIN)),
        (_owner_query(), {"offer_id": offer_id}))
    offer, quotas = _offer_and_quotas(locked)
    if offer is None:
        return None, [], None
    # The offer's organisation, which the booking's answer and e-mails name: read in the
    # same round trip rather than once the transaction has ended.
    names = [column.name for column in Member.__table__.c]
    set_committed_value(offer, "member", as_loaded(
        db.session, Member, dict(zip(names, owner_rows[0], strict=True))))
    if _state_margin(offer) > _LOCKED_MARGIN:
        return offer, quotas, read_offer_state(offer, wanted)
    return offer, quotas, _state_of(offer, wanted, _LOCKED_MARGIN, state_rows)


@cache
def _owner_query() -> sa.Select:
    """The organisation that offers `offer_id`."""
    members, offers = Member.__table__, Offer.__table__
    return sa.select(*members.c).where(members.c.id == sa.select(offers.c.member_id).where(
        offers.c.id == sa.bindparam("offer_id")).scalar_subquery())


def _offer_and_quotas(rows: list[tuple]) -> tuple[Offer | None, list[Quota]]:
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
                Quota.applying_to(Member.circle)))
            .where(offers.c.id == sa.bindparam("offer_id"))
            .with_for_update(of=(offers, Member.__table__)))


# --- what the rules look at ---------------------------------------------------------------


def read_offer_state(offer: Offer, window: Interval, exclude: Iterable[int] = ()
                     ) -> OfferState:
    """The offer's opening hours, closures and held bookings around the window, in one
    round trip; the bookings `exclude` (being moved) do not hold."""
    margin = _state_margin(offer)
    rows = driver_rows(db.session, _state_query(), _state_window(offer.id, window, margin))
    return _state_of(offer, window, margin, rows, exclude)


def _state_margin(offer: Offer) -> timedelta:
    """How far around a window the rules look: the buffer, and a day for opening hours."""
    return timedelta(minutes=offer.buffer_minutes or 0) + timedelta(days=1)


def _state_window(offer_id: int, window: Interval, margin: timedelta) -> dict:
    return {"offer_id": offer_id, "start": window.start - margin, "end": window.end + margin}


def _state_of(offer: Offer, window: Interval, margin: timedelta, rows: list[tuple],
              exclude: Iterable[int] = ()) -> OfferState:
    zone = pole_zone()
    excluded = set(exclude)
    tool = offer.kind == OfferKind.TOOL
    slots, closures, held, held_ids = [], [], [], []
    for booking_id, start, end, quantity, weekday, opens, closes in rows:
        if booking_id is not None:
            if booking_id in excluded:
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


class OfferStates(Mapping[int, OfferState]):
    """Several offers' states read in one round trip, each built when first asked for:
    the matching engine reads all its candidates' at once and looks at the first few."""

    def __init__(self, offers: list[Offer], window: Interval, margin: timedelta,
                 rows: dict[int, list[tuple]]) -> None:
        self.offers = {offer.id: offer for offer in offers}
        self.window, self.margin, self.rows = window, margin, rows
        self.built: dict[int, OfferState] = {}

    def __getitem__(self, offer_id: int) -> OfferState:
        if offer_id not in self.built:
            self.built[offer_id] = _state_of(self.offers[offer_id], self.window, self.margin,
                                             self.rows[offer_id])
        return self.built[offer_id]

    def __iter__(self) -> Iterator[int]:
        return iter(self.offers)

    def __len__(self) -> int:
        return len(self.offers)


def read_offer_states(offers: list[Offer], window: Interval) -> OfferStates:
    """The states of several offers around one window, in one round trip: the matching
    engine reads a need's candidates at once."""
    if not offers:
        return OfferStates([], window, timedelta(0), {})
    margin = max(_state_margin(offer) for offer in offers)
    rows: dict[int, list[tuple]] = {offer.id: [] for offer in offers}
    for offer_id, *row in db.session.execute(_states_query(), {
            "offer_ids": list(rows), "start": window.start - margin,
            "end": window.end + margin}):
        rows[offer_id].append(tuple(row))
    return OfferStates(offers, window, margin, rows)


def read_offers_and_states(offer_ids: list[int], buffer_minutes: int, window: Interval,
                           member: Member | None = None, kind: OfferKind | None = None
                           ) -> tuple[dict[int, Offer], OfferStates, list[Quota]]:
    """The offers, with their organisations, and their states around the window
    (`read_offer_states`), in one round trip; with the quotas that apply to `member` for
    `kind` (`quotas_for`) when both are given. The states are read with the margin of a
    `buffer_minutes` buffer, the largest of the offers' as the caller expects it: if the
    offers read say otherwise, they are read again with theirs."""
    margin = timedelta(minutes=buffer_minutes) + timedelta(days=1)
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    ids = {"offer_ids": offer_ids} if postgresql else {
        f"offer_id_{i}": offer_id for i, offer_id in enumerate(offer_ids)}
    statements = [(_offers_and_owners_query(len(ids), postgresql), ids),
                  (_states_listed_query(len(ids), postgresql),
                   {**ids, "start": window.start - margin, "end": window.end + margin})]
    if member is not None and kind is not None:
        statements.append((_quotas_query(), {"kind": kind, "circle": member.circle}))
    found = driver_batch(db.session, *statements)
    offer_rows, state_rows = found[0], found[1]
    offer_names = [column.name for column in Offer.__table__.c]
    member_names = [column.name for column in Member.__table__.c]
    offers: dict[int, Offer] = {}
    for row in offer_rows:
        offer = as_loaded(db.session, Offer, dict(zip(offer_names, row[:len(offer_names)],
                                                      strict=True)))
        set_committed_value(offer, "member", as_loaded(db.session, Member, dict(zip(
            member_names, row[len(offer_names):], strict=True))))
        offers[offer.id] = offer
    quotas = [Quota(period=QuotaPeriod(period), max_hours=max_hours)
              for period, max_hours in found[2]] if len(found) > 2 else []
    ordered = [offers[offer_id] for offer_id in offer_ids if offer_id in offers]
    if not ordered:
        return offers, OfferStates([], window, timedelta(0), {}), quotas
    if max(_state_margin(offer) for offer in ordered) != margin:
        return offers, read_offer_states(ordered, window), quotas
    rows: dict[int, list[tuple]] = {offer.id: [] for offer in ordered}
    for offer_id, *row in state_rows:
        if offer_id in rows:
            rows[offer_id].append(tuple(row))
    return offers, OfferStates(ordered, window, margin, rows), quotas


def _listed(column, count: int, postgresql: bool):
    """`column` is one of the ids given: an array on PostgreSQL (the driver takes no list
    parameters), else `count` parameters."""
    if postgresql:
        return column == sa.any_(sa.bindparam("offer_ids", type_=sa.ARRAY(sa.Integer)))
    return column.in_([sa.bindparam(f"offer_id_{i}") for i in range(count)])


@cache
def _offers_and_owners_query(count: int, postgresql: bool) -> sa.Select:
    """The offers listed and their organisations' columns after theirs."""
    offers, members = Offer.__table__, Member.__table__
    return (sa.select(*offers.c, *members.c).join(members, members.c.id == offers.c.member_id)
            .where(_listed(offers.c.id, count, postgresql)))


@cache
def _states_listed_query(count: int, postgresql: bool) -> sa.CompoundSelect:
    """`_states_query`, the offers given as `_listed` says."""
    return _state_select(lambda column: _listed(column, count, postgresql), with_offer=True)


@cache
def _quotas_query() -> sa.Select:
    """The period and hours of the quotas of a `kind` for a `circle`, or everyone's."""
    return sa.select(Quota.period, Quota.max_hours).where(
        Quota.kind == sa.bindparam("kind"),
        Quota.applying_to(sa.bindparam("circle")))


def _state_select(offer_matches, with_offer: bool) -> sa.CompoundSelect:
    """Held bookings, closures and weekly opening hours of the offers `offer_matches` picks,
    told apart by which columns are set; with the offer's id first if `with_offer`."""
    start, end = sa.bindparam("start", type_=UTCDateTime), sa.bindparam("end", type_=UTCDateTime)
    # Typed NULLs in the first branch give each column its type.
    no_time = sa.cast(sa.null(), sa.Time)

    def offer(column):
        return (column,) if with_offer else ()

    held = sa.select(
        *offer(Booking.offer_id),
        Booking.id.label("booking_id"), Booking.busy_from.label("start"),
        Booking.busy_until.label("end"), Booking.quantity.label("quantity"),
        sa.cast(sa.null(), sa.Integer).label("weekday"), no_time.label("opens"),
        no_time.label("closes"),
    ).where(offer_matches(Booking.offer_id),
            sa.or_(*(Booking.status == status for status in HOLDING)),  # no list parameter
            Booking.busy_from < end, Booking.busy_until > start)
    closures = sa.select(
        *offer(Closure.offer_id),
        sa.null(), Closure.starts_at, Closure.ends_at, sa.null(), sa.null(), sa.null(),
        sa.null(),
    ).where(offer_matches(Closure.offer_id), Closure.starts_at < end, Closure.ends_at > start)
    hours = sa.select(
        *offer(OpeningHours.offer_id),
        sa.null(), sa.null(), sa.null(), sa.null(), OpeningHours.weekday,
        OpeningHours.opens_at, OpeningHours.closes_at,
    ).where(offer_matches(OpeningHours.offer_id))
    return sa.union_all(held, closures, hours)


@cache
def _state_query() -> sa.CompoundSelect:
    """One offer's state. Built once: its cache key is reused by every call."""
    offer_id = sa.bindparam("offer_id")
    return _state_select(lambda column: column == offer_id, with_offer=False)


@cache
def _states_query() -> sa.CompoundSelect:
    """The states of a list of offers (`offer_ids`)."""
    offer_ids = sa.bindparam("offer_ids", expanding=True)
    return _state_select(lambda column: column.in_(offer_ids), with_offer=True)


def hours_limits(offer: Offer, member: Member, wanted: Interval, quotas: list[Quota],
                 exclude: Iterable[int] = ()) -> list[HoursLimit]:
    """The limits of hours the booking counts against, each with the hours already
    booked in its period: the skill's provider's, then the cell's `quotas`."""
    zone, day = pole_zone(), pole_day(wanted.start)
    found = []
    if offer.kind == OfferKind.SKILL:
        for max_hours, period in ((offer.max_hours_per_week, QuotaPeriod.WEEK),
                                  (offer.max_hours_per_month, QuotaPeriod.MONTH)):
            if max_hours:
                used = hours_booked(Booking.offer_id == offer.id,
                                    period_bounds(day, period, zone), exclude)
                found.append(HoursLimit(Rule.PROVIDER_LIMIT, period, max_hours, used))
    for quota in quotas:
        used = hours_booked(sa.and_(Booking.member_id == member.id, Offer.kind == offer.kind),
                            period_bounds(day, quota.period, zone), exclude)
        found.append(HoursLimit(Rule.QUOTA, quota.period, quota.max_hours, used))
    return found


def hours_booked(where, period: Interval, exclude: Iterable[int] = ()) -> float:
    """Hours of the active bookings matching `where` that start in the period."""
    excluded = list(exclude)
    rows = db.session.execute(
        sa.select(Booking.starts_at, Booking.ends_at).join(Offer, Offer.id == Booking.offer_id)
        .where(where, Booking.status.in_(ACTIVE), Booking.starts_at >= period.start,
               Booking.starts_at < period.end,
               Booking.id.not_in(excluded) if excluded else sa.true())).all()
    return sum(hours_of(r.starts_at, r.ends_at) for r in rows)


def quotas_for(member: Member, kind: OfferKind) -> list[Quota]:
    """The quotas that apply to an organisation for a kind: its circle's, or everyone's."""
    return list(db.session.scalars(sa.select(Quota).where(
        Quota.kind == kind, Quota.applying_to(member.circle))))


def quotas_for_members(members: Iterable[Member], kind: OfferKind) -> dict[int, list[Quota]]:
    """`quotas_for` several organisations, in one query: the kind's quotas, each applying
    to its circle's organisations, or to everyone's when it names none."""
    quotas = list(db.session.scalars(sa.select(Quota).where(Quota.kind == kind)))
    return {member.id: [q for q in quotas if q.applies_to(member.circle)]
            for member in members}


def similar_offers(offer: Offer, quantity: int, member_id: int | None, limit: int = 40
                   ) -> list[Offer]:
    """Other published offers of the same kind, same category first, that hold what was
    asked (people, items) and keep the step-free access the first one has; none of the
    organisation `member_id`."""
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
    return list(db.session.scalars(
        stmt.order_by((Offer.category_id == offer.category_id).desc(), Offer.id).limit(limit)))


# --- bookings -------------------------------------------------------------------------------


def lock_bookings(ids: list[int]) -> list[Booking]:
    """The bookings, locked until the end of the transaction and read as they are now,
    in time order. Lock their offer's row first, as every writer of its bookings does."""
    return list(db.session.scalars(_bookings_lock_query(), {"ids": ids}))


@cache
def _bookings_lock_query() -> sa.Select:
    return (sa.select(Booking).where(Booking.id.in_(sa.bindparam("ids", expanding=True)))
            .order_by(Booking.starts_at, Booking.id)
            .with_for_update(of=Booking).execution_options(populate_existing=True))


def requests_colliding(accepted: Booking) -> list[Booking]:
    """The requests of the accepted booking's offer whose busy ranges meet its own."""
    return list(db.session.scalars(sa.select(Booking).where(
        Booking.offer_id == accepted.offer_id, Booking.status == BookingStatus.REQUESTED,
        Booking.busy_from < accepted.busy_until, Booking.busy_until > accepted.busy_from)))


def ended_confirmed(now: datetime) -> list[int]:
    """The confirmed bookings that have ended, to complete."""
    return list(db.session.scalars(sa.select(Booking.id).where(
        Booking.status == BookingStatus.CONFIRMED, Booking.ends_at <= now)))


def series_bookings_to_come(series_id: int, now: datetime, from_start: datetime | None = None
                            ) -> list[Booking]:
    """A series' requested and confirmed bookings that have not ended, from a start on."""
    stmt = sa.select(Booking).where(
        Booking.series_id == series_id, Booking.ends_at > now,
        Booking.status.in_((BookingStatus.REQUESTED, BookingStatus.CONFIRMED)))
    if from_start is not None:
        stmt = stmt.where(Booking.starts_at >= from_start)
    return list(db.session.scalars(stmt.order_by(Booking.starts_at)))


def record_status(booking: Booking, new: BookingStatus, actor: User | None, note: str = ""
                  ) -> None:
    """Change a booking's status (or keep it, for a change of time) and add the step to its
    history; the booking's sequence moves on, for calendars that follow it."""
    db.session.add(BookingEvent(booking=booking, from_status=booking.status, to_status=new,
                                actor_id=actor.id if actor else None, note=note[:500]))
    booking.status = new
    booking.sequence += 1


def move_booking(booking: Booking, offer: Offer, wanted: Interval) -> None:
    """Give a booking new times, and the busy range they keep with the offer's buffer."""
    busy = busy_range(wanted.start, wanted.end, offer.buffer_minutes)
    booking.starts_at, booking.ends_at = wanted.start, wanted.end
    booking.busy_from, booking.busy_until = busy.start, busy.end


def insert_booking(actor: User, member: Member, offer: Offer, wanted: Interval,
                   quantity: int, purpose: str, series_id: int | None = None,
                   need_id: int | None = None) -> Booking:
    """A new booking that the rules accepted: requested, and confirmed at once when the
    offer's policy is automatic; both steps recorded. Written with plain INSERTs rather
    than through the unit of work: on PostgreSQL the booking and its history go in one
    statement, so one round trip."""
    busy = busy_range(wanted.start, wanted.end, offer.buffer_minutes)
    automatic = offer.booking_policy == BookingPolicy.AUTOMATIC
    at = utcnow()
    values = {
        "offer_id": offer.id, "member_id": member.id, "requested_by_id": actor.id,
        "series_id": series_id, "need_id": need_id,
        "status": BookingStatus.CONFIRMED if automatic else BookingStatus.REQUESTED,
        "exclusive": offer.kind != OfferKind.TOOL,
        "starts_at": wanted.start.astimezone(UTC), "ends_at": wanted.end.astimezone(UTC),
        "busy_from": busy.start.astimezone(UTC), "busy_until": busy.end.astimezone(UTC),
        "quantity": quantity, "purpose": purpose.strip(), "sequence": 0,
        "reminded_at": None, "created_at": at, "updated_at": at,
        # What the history says (pooling.review.totals): a booking confirmed at once waited
        # for no decision, which its history's trigger then need not write again.
        "decided_after": 0 if automatic else None, "cancelled_at": None}
    history = {"actor_id": actor.id, "at": at,
               "note": _("Confirmed automatically.") if automatic else ""}
    events = None
    if db.session.get_bind().dialect.name == "postgresql":
        names = [column.name for column in BookingEvent.__table__.c]
        events = [dict(zip(names, row, strict=True)) for row in driver_rows(
            db.session, _insert_booking_and_history(), {**values, **history}, writes=True)]
        booking_id = events[0]["booking_id"]
    else:
        booking_id = db.session.execute(_insert_booking(), values).scalar_one()
        db.session.execute(_insert_history(), {**history, "booking_id": booking_id})
    # Everything the booking holds was just written: nothing needs reading back.
    booking = as_loaded(db.session, Booking, {"id": booking_id, **values})
    set_committed_value(booking, "offer", offer)
    set_committed_value(booking, "member", member)
    if events is not None:
        set_committed_value(booking, "events",
                            [as_loaded(db.session, BookingEvent, event) for event in events])
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
    """PostgreSQL: the booking and its history inserted in one statement, which returns
    the history's rows (each with the booking's id), in order."""
    bookings, events = Booking.__table__, BookingEvent.__table__
    written = [c for c in bookings.c if c.name != "id"]
    new = (sa.insert(bookings).values({c.name: sa.bindparam(c.name, type_=c.type)
                                       for c in written})
           .returning(bookings.c.id, bookings.c.status).cte("new_booking"))
    history = _history_of(new).returning(*events.c).cte("new_history")
    return sa.select(*history.c).order_by(history.c.id)


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
