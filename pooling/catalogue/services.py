"""Use cases of the catalogue: publish, find and value what members share."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from pooling.accounts.models import User
from pooling.accounts.permissions import require_cell
from pooling.audit import services as audit
from pooling.bookings.models import HOLDING, Booking
from pooling.catalogue.hours import Interval, WeeklySlot, open_intervals
from pooling.catalogue.models import (
    STATUS_TRANSITIONS,
    BookingPolicy,
    Category,
    Closure,
    Offer,
    OfferKind,
    OfferStatus,
    OpeningHours,
    Unit,
    ValuationRate,
    offer_tags,
)
from pooling.catalogue.permissions import can_edit_offer, can_see_offer
from pooling.db import MAX_PAGE, Page, UTCDateTime, search_key, transaction, utcnow
from pooling.errors import Conflict, Forbidden, NotFound, invalid_field
from pooling.extensions import db
from pooling.members.models import Domain, Member, member_domains
from pooling.pole.clock import pole_zone
from pooling.search.analysis import terms as analysed_terms
from pooling.search.index import KIND_WORDS, rank_offers

MAX_TAGS = 10


@dataclass
class OfferData:
    """Everything a member fills in to publish an offer; unused kind fields stay empty."""

    kind: OfferKind
    title: str
    category_id: int
    description: str = ""
    tags: list[str] = field(default_factory=list)
    booking_policy: BookingPolicy = BookingPolicy.AUTOMATIC
    min_duration_minutes: int = 30
    max_duration_minutes: int | None = None
    min_notice_minutes: int = 0
    buffer_minutes: int = 0
    unit: Unit = Unit.HOUR
    value_per_unit: Decimal | None = None
    opening_hours: list[WeeklySlot] = field(default_factory=list)
    # Premises.
    capacity: int | None = None
    surface_m2: Decimal | None = None
    equipment: str = ""
    step_free_access: bool = False
    accessible_toilets: bool = False
    location: str = ""
    access_instructions: str = ""
    # Tools.
    quantity: int | None = None
    condition: str = ""
    conditions_of_use: str = ""
    pickup_place: str = ""
    # Skills.
    provider_id: int | None = None
    level: str = ""
    max_hours_per_week: int | None = None
    max_hours_per_month: int | None = None


SCALAR_FIELDS = (
    "title", "description", "booking_policy", "min_duration_minutes", "max_duration_minutes",
    "min_notice_minutes", "buffer_minutes", "unit", "value_per_unit", "capacity", "surface_m2",
    "equipment", "step_free_access", "accessible_toilets", "location", "access_instructions",
    "quantity", "condition", "conditions_of_use", "pickup_place", "provider_id", "level",
    "max_hours_per_week", "max_hours_per_month",
)
KIND_FIELDS = {
    OfferKind.PREMISES: ("capacity", "surface_m2", "equipment", "step_free_access",
                         "accessible_toilets", "location", "access_instructions"),
    OfferKind.TOOL: ("quantity", "condition", "conditions_of_use", "pickup_place"),
    OfferKind.SKILL: ("provider_id", "level", "max_hours_per_week", "max_hours_per_month"),
}


def normalise_tags(tags: list[str]) -> list[str]:
    """Lower-case, trimmed, without duplicates, in the order given."""
    cleaned = list(dict.fromkeys(t.strip().lower() for t in tags if t.strip()))
    if len(cleaned) > MAX_TAGS:
        raise invalid_field("tags", _("At most %(n)d tags.", n=MAX_TAGS))
    if any(len(t) > 40 for t in cleaned):
        raise invalid_field("tags", _("A tag has at most 40 characters."))
    return cleaned


def check_opening_hours(slots: list[WeeklySlot]) -> None:
    """Each slot opens before it closes, and slots of one day do not overlap."""
    by_day: dict[int, list[WeeklySlot]] = {}
    for slot in slots:
        if not 0 <= slot.weekday <= 6:
            raise invalid_field("opening_hours", _("Unknown day of the week."))
        if not slot.opens_at < slot.closes_at:
            raise invalid_field("opening_hours", _("Opening hours must end after they start."))
        by_day.setdefault(slot.weekday, []).append(slot)
    for day_slots in by_day.values():
        day_slots.sort(key=lambda s: s.opens_at)
        for before, after in zip(day_slots, day_slots[1:], strict=False):
            if after.opens_at < before.closes_at:
                raise invalid_field("opening_hours", _("Opening hours of one day overlap."))


def check_offer_data(data: OfferData) -> OfferData:
    """The rules of an offer that a form or an API call must satisfy; returns it cleaned."""
    title = data.title.strip()
    if not title:
        raise invalid_field("title", _("The title is required."))
    # A storage room holds no people: a place's capacity is optional, at least 1 if given.
    if data.kind == OfferKind.PREMISES and data.capacity is not None and data.capacity < 1:
        raise invalid_field("capacity", _("The capacity is at least 1 person, or left empty."))
    if data.kind == OfferKind.TOOL and not (data.quantity and data.quantity > 0):
        raise invalid_field("quantity", _("Give the number of items in stock (at least 1)."))
    if data.min_duration_minutes <= 0:
        raise invalid_field("min_duration_minutes", _("The minimum length must be positive."))
    if data.max_duration_minutes is not None and \
            data.max_duration_minutes < data.min_duration_minutes:
        raise invalid_field("max_duration_minutes",
                            _("The maximum length cannot be shorter than the minimum."))
    if data.min_notice_minutes < 0 or data.buffer_minutes < 0:
        raise invalid_field("buffer_minutes", _("Notice and buffer cannot be negative."))
    if data.value_per_unit is not None and not (
            data.value_per_unit.is_finite() and data.value_per_unit >= 0):
        raise invalid_field("value_per_unit", _("The value must be a positive number."))
    check_opening_hours(data.opening_hours)
    # Fields of the other kinds are dropped: a tool has no capacity.
    blank = OfferData(kind=data.kind, title="", category_id=data.category_id)
    others = {name: getattr(blank, name) for kind, names in KIND_FIELDS.items()
              if kind != data.kind for name in names}
    return replace(data, title=title, tags=normalise_tags(data.tags), **others)


def _category(category_id: int, kind: OfferKind) -> Category:
    category = db.session.get(Category, category_id)
    if category is None or category.kind != kind:
        raise invalid_field("category_id", _("Choose a category of this kind of offer."))
    return category


def search_keys(title: str, description: str, tags: list[str]) -> dict[str, str]:
    """The accent- and case-free texts an offer is found by (title weighs more)."""
    return {"title_key": search_key(title),
            "search_key": search_key(" ".join([title, description, *tags]))}


def _apply(offer: Offer, data: OfferData, session) -> None:
    category = _category(data.category_id, data.kind)
    for name in SCALAR_FIELDS:
        setattr(offer, name, getattr(data, name))
    offer.kind = data.kind
    offer.category_id = category.id
    for name, value in search_keys(data.title, data.description, data.tags).items():
        setattr(offer, name, value)
    offer.opening_hours = [OpeningHours(weekday=s.weekday, opens_at=s.opens_at,
                                        closes_at=s.closes_at) for s in data.opening_hours]
    session.add(offer)
    session.flush()
    session.execute(sa.delete(offer_tags).where(offer_tags.c.offer_id == offer.id))
    if data.tags:
        session.execute(sa.insert(offer_tags),
                        [{"offer_id": offer.id, "tag": tag} for tag in data.tags])


def _check_provider(data: OfferData, member_id: int) -> None:
    """A skill is provided by an active person of the organisation that shares it."""
    if data.kind != OfferKind.SKILL or data.provider_id is None:
        return
    person = db.session.get(User, data.provider_id)
    if person is None or person.member_id != member_id or not person.active:
        raise invalid_field("provider_id", _("Choose an active person of the organisation that "
                                             "shares this offer."))


def check_may_publish_for(actor: User, member_id: int) -> None:
    """A member publishes for their own organisation; the cell for any."""
    if not (actor.is_cell or actor.member_id == member_id):
        raise Forbidden(_("You can only publish offers of your own organisation."))


def _require_editor(user: User, offer: Offer) -> None:
    if not can_edit_offer(user, offer):
        raise Forbidden(_("Only the people of the organisation that shares this offer, or the "
                          "animation cell, can change it."))


def get_offer(viewer: User, offer_id: int) -> Offer:
    """An offer the viewer may see; drafts of others are as absent as missing offers."""
    offer = db.session.get(Offer, offer_id)
    if offer is None or not can_see_offer(viewer, offer):
        raise NotFound(_("This offer does not exist."))
    return offer


def get_offer_for_edit(user: User, offer_id: int) -> Offer:
    offer = get_offer(user, offer_id)
    _require_editor(user, offer)
    return offer


def tags_of(offer_id: int) -> list[str]:
    return tags_for([offer_id]).get(offer_id, [])


def tags_for(offer_ids: list[int]) -> dict[int, list[str]]:
    """The tags of several offers in one query."""
    tags: dict[int, list[str]] = {}
    rows = db.session.execute(
        sa.select(offer_tags.c.offer_id, offer_tags.c.tag)
        .where(offer_tags.c.offer_id.in_(offer_ids)).order_by(offer_tags.c.tag))
    for offer_id, tag in rows:
        tags.setdefault(offer_id, []).append(tag)
    return tags


def create_offer(actor: User, member_id: int, data: OfferData) -> Offer:
    """A member publishes what their organisation shares (a draft until published)."""
    check_may_publish_for(actor, member_id)
    if db.session.get(Member, member_id) is None:
        raise NotFound(_("This organisation does not exist."))
    data = check_offer_data(data)
    _check_provider(data, member_id)
    with transaction() as session:
        offer = Offer(member_id=member_id, status=OfferStatus.DRAFT)
        _apply(offer, data, session)
    return offer


def import_offers(actor: User, member_id: int, rows: list[OfferData]) -> list[Offer]:
    """The cell creates many drafts for an organisation at once: all of them, or none."""
    require_cell(actor)
    if db.session.get(Member, member_id) is None:
        raise NotFound(_("This organisation does not exist."))
    rows = [check_offer_data(data) for data in rows]
    for data in rows:
        _check_provider(data, member_id)
    offers = []
    with transaction() as session:
        for data in rows:
            offer = Offer(member_id=member_id, status=OfferStatus.DRAFT)
            _apply(offer, data, session)
            offers.append(offer)
    return offers


def update_offer(actor: User, offer_id: int, data: OfferData) -> Offer:
    offer = get_offer_for_edit(actor, offer_id)
    if data.kind != offer.kind:
        raise invalid_field("kind", _("The kind of an offer cannot change; create another offer."))
    data = check_offer_data(data)
    _check_provider(data, offer.member_id)
    with transaction() as session:
        _apply(offer, data, session)
    return offer


def change_status(actor: User, offer_id: int, status: OfferStatus) -> Offer:
    """Publish, archive or return an offer to draft; nothing booked is ever deleted."""
    offer = get_offer_for_edit(actor, offer_id)
    if status not in STATUS_TRANSITIONS[offer.status]:
        raise Conflict(_("An offer cannot go from %(old)s to %(new)s.",
                         old=offer.status.value, new=status.value),
                       details={"rule": "transition"})
    with transaction():
        offer.status = status
        if status == OfferStatus.PUBLISHED:
            offer.published_at = utcnow()
        if status == OfferStatus.ARCHIVED:
            offer.archived_at = utcnow()
    return offer


def unpublish(actor: User, offer_id: int) -> Offer:
    """Take a published offer out of the catalogue, back to draft; bookings stay."""
    offer = get_offer_for_edit(actor, offer_id)
    if offer.status != OfferStatus.PUBLISHED:
        raise Conflict(_("Only a published offer can be unpublished."),
                       details={"rule": "transition"})
    return change_status(actor, offer_id, OfferStatus.DRAFT)


def offer_data(offer: Offer) -> OfferData:
    """The editable data of an offer, as a form or a copy starts from it."""
    return OfferData(
        kind=offer.kind, category_id=offer.category_id, tags=tags_of(offer.id),
        opening_hours=[WeeklySlot(h.weekday, h.opens_at, h.closes_at)
                       for h in offer.opening_hours],
        **{name: getattr(offer, name) for name in SCALAR_FIELDS},
    )


def duplicate_offer(actor: User, offer_id: int) -> Offer:
    """A draft copy of an offer, to publish a similar one quickly."""
    offer = get_offer_for_edit(actor, offer_id)
    data = offer_data(offer)
    data.title = _("%(title)s (copy)", title=offer.title)[:200]
    return create_offer(actor, offer.member_id, data)


def add_closure(actor: User, offer_id: int, starts_at: datetime, ends_at: datetime,
                reason: str) -> Closure:
    offer = get_offer_for_edit(actor, offer_id)
    if not starts_at < ends_at:
        raise invalid_field("ends_at", _("A closure must end after it starts."))
    if not reason.strip():
        raise invalid_field("reason", _("Give the reason of the closure."))
    with transaction() as session:
        closure = Closure(offer_id=offer.id, starts_at=starts_at, ends_at=ends_at,
                          reason=reason.strip()[:200])
        session.add(closure)
    return closure


def remove_closure(actor: User, offer_id: int, closure_id: int) -> None:
    offer = get_offer_for_edit(actor, offer_id)
    closure = db.session.get(Closure, closure_id)
    if closure is None or closure.offer_id != offer.id:
        raise NotFound(_("This closure does not exist."))
    with transaction() as session:
        session.delete(closure)


# --- an offer's calendar --------------------------------------------------------------

MAX_CALENDAR_DAYS = 62


@dataclass(frozen=True)
class OfferCalendar:
    """What an offer's calendar shows between two instants: when it opens, when it is shut."""

    open: list[Interval]
    closures: list[Closure]


def offer_calendar(viewer: User, offer_id: int, start: datetime, end: datetime) -> OfferCalendar:
    offer = get_offer(viewer, offer_id)
    if not start < end:
        raise invalid_field("end", _("The end must come after the start."))
    if end - start > timedelta(days=MAX_CALENDAR_DAYS):
        raise invalid_field("end", _("Ask for at most %(n)d days at once.", n=MAX_CALENDAR_DAYS))
    zone = pole_zone()
    slots = [WeeklySlot(h.weekday, h.opens_at, h.closes_at) for h in offer.opening_hours]
    window = Interval(start, end)
    intervals = open_intervals(slots, start.astimezone(zone).date(),
                               end.astimezone(zone).date(), zone)
    closures = db.session.scalars(
        sa.select(Closure).where(Closure.offer_id == offer.id, Closure.starts_at < end,
                                 Closure.ends_at > start).order_by(Closure.starts_at))
    return OfferCalendar([i for i in intervals if i.overlaps(window)], list(closures))


# --- finding offers ------------------------------------------------------------------


class Sort:
    RELEVANCE = "relevance"
    NEWEST = "newest"
    NAME = "name"


@dataclass(frozen=True)
class OfferQuery:
    q: str = ""
    kind: OfferKind | None = None
    category_id: int | None = None
    member_id: int | None = None
    domain: str | None = None
    min_capacity: int | None = None
    min_quantity: int | None = None
    step_free: bool = False
    available_from: datetime | None = None
    available_to: datetime | None = None
    sort: str = Sort.RELEVANCE
    page: int = 1
    per_page: int = 20
    # The searching member's organisation: its own offers come after the others'.
    viewer_member_id: int | None = None


@dataclass(frozen=True)
class SearchPage(Page):
    """A page of the catalogue, with the words each offer matched the search by."""

    matched: dict[int, tuple[str, ...]] = field(default_factory=dict)


def kinds_named(term: str) -> list[OfferKind]:
    """The kinds of offers a search word names (« locaux »: premises)."""
    return [kind for kind, words in KIND_WORDS.items() if term in words]


# The catalogue's "available during" filter is built once per shape, from the tables, with
# bind parameters for the range: building it afresh for each request cost more than running
# its query, and the same statement is compiled once.
OFFERS, HOURS, CLOSURES, BOOKINGS = (Offer.__table__, OpeningHours.__table__,
                                     Closure.__table__, Booking.__table__)
SLOT, NEXT_SLOT, BOOKED = HOURS.alias("slot"), HOURS.alias("next_slot"), OFFERS.alias("booked")
TOOL = OfferKind.TOOL.value


def _param(name: str, type_=None) -> sa.BindParameter:
    return sa.bindparam(f"during_{name}", type_=type_)


# Bind parameters or values, in the SQL conditions below.
SqlInt, SqlTime, SqlMoment = (sa.ColumnElement[int], sa.ColumnElement[time],
                              sa.ColumnElement[datetime])


def _slot_covers(weekday: SqlInt, opens: SqlTime, closes: SqlTime):
    """SQL condition: one of the offer's weekly slots covers these local times."""
    return sa.exists().where(HOURS.c.offer_id == OFFERS.c.id, HOURS.c.weekday == weekday,
                             HOURS.c.opens_at <= opens, HOURS.c.closes_at >= closes)


def _slots_hold(weekday: SqlInt, opens: SqlTime, closes: SqlTime):
    """SQL condition: the offer's slots of the weekday are open from `opens` until
    `closes`, one slot or several that follow each other (8:00–12:00 and 12:00–20:00 hold
    11:00–13:00), as the booking rules read them; with `opens == closes`, open then, and
    not just closing."""
    slot, next_slot = SLOT, NEXT_SLOT  # distinct aliases: the gap's test reads both
    of_the_day = sa.and_(slot.c.offer_id == OFFERS.c.id, slot.c.weekday == weekday)
    opened = sa.exists().where(of_the_day, slot.c.opens_at <= opens, slot.c.closes_at > opens)
    # A slot that closes within the range, and none that opens by then to go on.
    gap = sa.exists().where(
        of_the_day, slot.c.closes_at > opens, slot.c.closes_at < closes,
        ~sa.exists().where(next_slot.c.offer_id == slot.c.offer_id,
                           next_slot.c.weekday == weekday,
                           next_slot.c.opens_at <= slot.c.closes_at,
                           next_slot.c.closes_at > slot.c.closes_at))
    return sa.and_(opened, ~gap)


@cache
def _open_during_clause(within_a_day: bool) -> sa.ColumnElement[bool]:
    """SQL condition: open for the range and not closed during it, with the range's bind
    parameters (see `_open_during`).

    Premises and skills are used on the spot, so the opening slots must hold the whole
    range, which therefore lies within one local day. Tools leave with the borrower: the
    shop needs to be open when they are picked up and when they come back.
    """
    weekday, opens = _param("weekday", sa.Integer), _param("opens", sa.Time)
    if within_a_day:
        on_the_spot = _slots_hold(weekday, opens, _param("closes", sa.Time))
    else:
        on_the_spot = sa.false()
    # A tool comes back at midnight to a shop that opens at midnight.
    back = _param("back", sa.Time)
    picked_and_returned = sa.and_(_slots_hold(weekday, opens, opens),
                                  _slot_covers(_param("back_weekday", sa.Integer), back, back))
    open_then = sa.or_(sa.and_(OFFERS.c.kind == TOOL, picked_and_returned),
                       sa.and_(OFFERS.c.kind != TOOL, on_the_spot))
    start, end = _param("start", UTCDateTime), _param("end", UTCDateTime)
    closed_then = sa.exists().where(CLOSURES.c.offer_id == OFFERS.c.id,
                                    CLOSURES.c.starts_at < end, CLOSURES.c.ends_at > start)
    return sa.and_(open_then, ~closed_then, _free_during(start, end, _param("need", sa.Integer)))


def _open_during(start: datetime, end: datetime, need: int = 1
                 ) -> tuple[sa.ColumnElement[bool], dict]:
    """SQL condition: open for the range and not closed during it; with the values of its
    bind parameters, to execute it with."""
    zone = pole_zone()
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    # A range ending at midnight ends with its day's last slot.
    end_day = (local_end - timedelta(microseconds=1)).date()
    end_time = local_end.time() if local_end.time() != time(0) else time(23, 59, 59)
    within_a_day = local_start.date() == end_day
    values = {"weekday": local_start.weekday(), "opens": local_start.time(),
              "back_weekday": local_end.weekday(), "back": local_end.time(),
              "start": start, "end": end, "need": need}
    if within_a_day:
        values["closes"] = end_time
    return (_open_during_clause(within_a_day),
            {f"during_{name}": value for name, value in values.items()})


def _free_during(start: SqlMoment, end: SqlMoment, need: SqlInt):
    """SQL condition: no booking holds a room or a skill then, and enough of a tool's stock
    is left. Counting every loan that overlaps the range errs on the side of "taken"; the
    booking engine judges buffers and exact peaks when the booking is made.

    The offers taken then come from one pass over the bookings of the range (an index on
    their end), not from one probe per offer of the catalogue; each offer found there is
    then looked up by its key for its stock. Joined to the offers instead, the bookings
    were matched against every offer of the catalogue, one by one (PostgreSQL's plan, to
    group them in the offers' order): 70 ms where the lookups take 2."""
    booked = BOOKED
    # What is left of a tool's stock once the range's loans are out; nothing of a room.
    stock = (sa.select(booked.c.quantity)
             .where(booked.c.id == BOOKINGS.c.offer_id, booked.c.kind == TOOL)
             .scalar_subquery())
    # The status as an expression (`|| ''`): SQLite keeps no statistics and would rather
    # scan the index on the status, which most bookings share, than the one on the end.
    taken = (sa.select(BOOKINGS.c.offer_id)
             .where((sa.type_coerce(BOOKINGS.c.status, sa.String) + "").in_(
                        [status.value for status in HOLDING]),
                    BOOKINGS.c.busy_from < end,
                    BOOKINGS.c.busy_until > start)
             .group_by(BOOKINGS.c.offer_id)
             .having(sa.func.coalesce(stock, 0) - sa.func.sum(BOOKINGS.c.quantity) < need))
    return sa.and_(sa.or_(OFFERS.c.kind != TOOL, OFFERS.c.quantity >= need),
                   OFFERS.c.id.not_in(taken))


def search_offers(query: OfferQuery) -> SearchPage:
    """Published offers matching the filters; with words to search, the most relevant first
    (see pooling.search): a sentence finds the offers that share its meaningful words."""
    # Filter and order narrow rows of ids first, then load the page's 20 whole offers:
    # sorting thousands of whole rows is what made a search slow.
    stmt, params = _filtered(query)
    page = max(1, min(query.page, MAX_PAGE))
    if not analysed_terms(query.q):
        newest = [Offer.published_at.desc(), Offer.id.desc()]
        order = [Offer.title_key, Offer.id] if query.sort == Sort.NAME else newest
        # One pass gives the page and the number of results; past the last page, a count.
        rows = db.session.execute(
            stmt.add_columns(sa.func.count().over()).order_by(*order)
            .limit(query.per_page).offset((page - 1) * query.per_page), params).all()
        ids = [row[0] for row in rows]
        total = rows[0][1] if rows else db.session.scalar(
            sa.select(sa.func.count()).select_from(stmt.subquery()), params) or 0
        return SearchPage(_loaded(ids), total, page, query.per_page)
    # The text ranks, in the process; the other filters stay in SQL.
    hits = rank_offers(query.q, query.kind)
    if query.sort in (Sort.NEWEST, Sort.NAME):
        order = ([Offer.title_key, Offer.id] if query.sort == Sort.NAME
                 else [Offer.published_at.desc(), Offer.id.desc()])
        ranked = list(db.session.scalars(
            stmt.where(Offer.id.in_(hits.ids)).order_by(*order), params))
    else:
        ranked = hits.ids
        if _narrowed(query):
            allowed = set(db.session.scalars(stmt, params))
            ranked = [offer_id for offer_id in ranked if offer_id in allowed]
        if query.viewer_member_id is not None:
            # A member searches for what others share: its own offers come last.
            own = set(db.session.scalars(sa.select(Offer.id).where(
                Offer.member_id == query.viewer_member_id,
                Offer.status == OfferStatus.PUBLISHED)))
            ranked = ([i for i in ranked if i not in own] + [i for i in ranked if i in own])
    ids = ranked[(page - 1) * query.per_page:page * query.per_page]
    return SearchPage(_loaded(ids), len(ranked), page, query.per_page,
                      {offer_id: hits.matched(offer_id) for offer_id in ids})


def _filtered(query: OfferQuery) -> tuple[sa.Select, dict]:
    """The ids of the published offers that pass the query's filters (not its text), and
    the values of the statement's bind parameters."""
    stmt, params = sa.select(Offer.id).where(Offer.status == OfferStatus.PUBLISHED), {}
    if query.kind:
        stmt = stmt.where(Offer.kind == query.kind)
    if query.category_id:
        stmt = stmt.where(Offer.category_id == query.category_id)
    if query.member_id:
        stmt = stmt.where(Offer.member_id == query.member_id)
    if query.domain:
        stmt = stmt.where(Offer.member_id.in_(
            sa.select(member_domains.c.member_id)
            .join(Domain, Domain.id == member_domains.c.domain_id)
            .where(Domain.code == query.domain)))
    if query.min_capacity:
        stmt = stmt.where(Offer.capacity >= query.min_capacity)
    if query.min_quantity:
        stmt = stmt.where(Offer.quantity >= query.min_quantity)
    if query.step_free:
        stmt = stmt.where(Offer.step_free_access.is_(True))
    if query.available_from and query.available_to:
        if not query.available_from < query.available_to:
            raise invalid_field("available_to", _("The end must come after the start."))
        during, params = _open_during(query.available_from, query.available_to,
                                      max(1, query.min_quantity or 1))
        stmt = stmt.where(during)
    return stmt, params


def _narrowed(query: OfferQuery) -> bool:
    """Whether the query filters the published offers by more than their kind, which the
    ranking itself restricts to."""
    return bool(query.category_id or query.member_id or query.domain or query.min_capacity
                or query.min_quantity or query.step_free
                or (query.available_from and query.available_to))


def _loaded(ids: list[int]) -> list[Offer]:
    """The offers of these ids, whole, in this order (less any deleted meanwhile)."""
    offers = {offer.id: offer for offer in db.session.scalars(
        sa.select(Offer).where(Offer.id.in_(ids))
        .options(joinedload(Offer.member), joinedload(Offer.category)))}
    return [offers[i] for i in ids if i in offers]


def offers_of(member_id: int) -> list[Offer]:
    """All offers of an organisation, drafts and archives included, for its editors."""
    return list(db.session.scalars(
        sa.select(Offer).where(Offer.member_id == member_id)
        .order_by(Offer.status, Offer.kind, Offer.title_key)))


# --- categories ----------------------------------------------------------------------


def list_categories(kind: OfferKind | None = None) -> list[Category]:
    stmt = sa.select(Category).order_by(Category.kind, Category.position, Category.name)
    if kind:
        stmt = stmt.where(Category.kind == kind)
    return list(db.session.scalars(stmt))


def create_category(actor: User, kind: OfferKind, name: str, name_en: str = "") -> Category:
    """The cell adds a category to the list of one kind of offer."""
    require_cell(actor)
    name = name.strip()
    if not name or len(name) > 100:
        raise invalid_field("name", _("Give a name of at most 100 characters."))
    try:
        with transaction() as session:
            category = Category(kind=kind, name=name, name_en=name_en.strip() or None,
                                name_key=search_key(name))
            session.add(category)
            audit.record(actor, "category.create", category, name,
                         after=audit.fields(category, "kind", "name", "name_en"))
    except IntegrityError:
        raise Conflict(_("This category exists already."),
                       fields={"name": [_("Already taken.")]}) from None
    return category


# --- the valuation grid --------------------------------------------------------------


# What the audit log keeps of a rate: the value it replaces, and the new one.
RATE_FIELDS = ("unit", "value", "valid_from")


def rate_on(kind: OfferKind, category_id: int | None, day: date) -> ValuationRate | None:
    """The rate in force on a day: the category's own if it has one, else the kind's."""
    stmt = (sa.select(ValuationRate)
            .where(ValuationRate.kind == kind, ValuationRate.valid_from <= day,
                   sa.or_(ValuationRate.category_id == category_id,
                          ValuationRate.category_id.is_(None)))
            .order_by(ValuationRate.category_id.is_(None), ValuationRate.valid_from.desc(),
                      ValuationRate.id.desc())
            .limit(1))
    return db.session.scalars(stmt).first()


def value_per_unit(offer: Offer, day: date) -> Decimal | None:
    """The offer's own value if it has one, else the grid's on that day."""
    if offer.value_per_unit is not None:
        return offer.value_per_unit
    rate = rate_on(offer.kind, offer.category_id, day)
    return rate.value if rate else None


def set_rate(actor: User, kind: OfferKind, category_id: int | None, unit: Unit, value: Decimal,
             valid_from: date) -> ValuationRate:
    """The cell sets a value from a date on; earlier dates keep the values they had."""
    require_cell(actor)
    if not (value.is_finite() and value >= 0):
        raise invalid_field("value", _("The value must be a positive number."))
    category = _category(category_id, kind) if category_id is not None else None
    with transaction() as session:
        replaced = rate_on(kind, category_id, valid_from)
        rate = ValuationRate(kind=kind, category_id=category_id, unit=unit, value=value,
                             valid_from=valid_from, created_by_id=actor.id)
        session.add(rate)
        audit.record(actor, "valuation.update", rate,
                     f"{kind.value} · {category.name if category else '*'}",
                     before=replaced and audit.fields(replaced, *RATE_FIELDS),
                     after=audit.fields(rate, *RATE_FIELDS))
    return rate


def valuation_grid(day: date) -> list[tuple[OfferKind, Category | None, ValuationRate]]:
    """The rates in force on a day, per kind and per category that has its own."""
    grid = []
    for kind in OfferKind:
        rate = rate_on(kind, None, day)
        if rate and rate.category_id is None:
            grid.append((kind, None, rate))
        for category in list_categories(kind):
            own = rate_on(kind, category.id, day)
            if own and own.category_id == category.id:
                grid.append((kind, category, own))
    return grid
