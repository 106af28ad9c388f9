"""Use cases of needs: post, find, change and close what a member organisation looks for."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from pooling.accounts.models import User
from pooling.catalogue.models import Category, OfferKind
from pooling.catalogue.services import normalise_tags
from pooling.db import (
    Page,
    like_pattern,
    paginate,
    run_use_case,
    search_key,
    supported_day,
    transaction,
    utcnow,
)
from pooling.errors import Conflict, Forbidden, NotFound, invalid_field
from pooling.extensions import db
from pooling.matching.engine import NeedRequest
from pooling.needs.models import MAX_TEXT, Need, NeedState, NeedStatus, need_tags, state_of
from pooling.needs.permissions import can_edit_need, can_see_need
from pooling.pole.clock import pole_today

# How long a need stays on the board when its poster gives no date, and at most.
DEFAULT_OPEN_DAYS = 30
MAX_OPEN_DAYS = 366
# A need asks for at most a year of someone's time, a room for 100,000 people...
MAX_MINUTES = 60 * 24 * 366
MAX_AMOUNT = 100_000
OUTCOMES = (NeedStatus.FULFILLED, NeedStatus.WITHDRAWN)


@dataclass
class NeedData:
    """What a member fills in to post a need; the amounts of other kinds stay empty."""

    kind: OfferKind
    text: str
    category_id: int | None = None
    tags: list[str] = field(default_factory=list)
    window_from: datetime | None = None
    window_to: datetime | None = None
    duration_minutes: int | None = None
    capacity: int | None = None
    quantity: int | None = None
    town: str = ""
    open_until: date | None = None


FIELDS = ("text", "category_id", "window_from", "window_to", "duration_minutes", "capacity",
          "quantity", "town", "open_until")


def minutes_of_hours(hours: Decimal | None) -> int | None:
    """Hours as people type them (« 2,5 ») in whole minutes (150)."""
    if hours is None:
        return None
    if not hours.is_finite() or hours <= 0:
        raise invalid_field("duration_hours", _("Give a positive number of hours."))
    minutes = int((hours * 60).to_integral_value(rounding=ROUND_HALF_UP))
    if not 0 < minutes <= MAX_MINUTES:
        raise invalid_field("duration_hours",
                            _("Give between one minute and %(n)d hours.", n=MAX_MINUTES // 60))
    return minutes


def hours_of_minutes(minutes: int | None) -> Decimal | None:
    """Minutes as hours with two decimals at most (150: 2.50)."""
    if minutes is None:
        return None
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _positive(name: str, value: int | None, message: str) -> None:
    if value is not None and not 0 < value <= MAX_AMOUNT:
        raise invalid_field(name, message)


def check_need_data(data: NeedData, today: date) -> NeedData:
    """The rules a need must satisfy, from a form or the API; returns it cleaned."""
    text = data.text.strip()
    if not text:
        raise invalid_field("text", _("Say what is needed."))
    if len(text) > MAX_TEXT:
        raise invalid_field("text", _("At most %(n)d characters.", n=MAX_TEXT))
    if (data.window_from is None) != (data.window_to is None):
        missing = "window_to" if data.window_to is None else "window_from"
        raise invalid_field(missing, _("Give both the start and the end of the window, or "
                                       "neither for a flexible need."))
    if data.window_from is not None:
        if not data.window_from < data.window_to:
            raise invalid_field("window_to", _("The window must end after it starts."))
        if data.window_to <= utcnow():
            raise invalid_field("window_to", _("The window is over already."))
        if data.duration_minutes and \
                timedelta(minutes=data.duration_minutes) > data.window_to - data.window_from:
            raise invalid_field("duration_hours", _("The length wanted does not fit in the "
                                                    "window."))
    if data.duration_minutes is not None and not 0 < data.duration_minutes <= MAX_MINUTES:
        raise invalid_field("duration_hours", _("Give a positive number of hours."))
    _positive("capacity", data.capacity, _("Give at least 1 person, or leave it empty."))
    _positive("quantity", data.quantity, _("Give at least 1 item, or leave it empty."))
    open_until = data.open_until or today + timedelta(days=DEFAULT_OPEN_DAYS)
    if open_until < today or not supported_day(open_until):
        raise invalid_field("open_until", _("The need must be open until today at least."))
    if open_until > today + timedelta(days=MAX_OPEN_DAYS):
        raise invalid_field("open_until", _("A need stays open for a year at most."))
    town = data.town.strip()
    if len(town) > 100:
        raise invalid_field("town", _("At most %(n)d characters.", n=100))
    # A tool is not counted in people, nor a room in items.
    return replace(data, text=text, town=town, open_until=open_until,
                   tags=normalise_tags(data.tags),
                   capacity=data.capacity if data.kind == OfferKind.PREMISES else None,
                   quantity=data.quantity if data.kind == OfferKind.TOOL else None)


def _check_category(data: NeedData) -> None:
    if data.category_id is None:
        return
    category = db.session.get(Category, data.category_id)
    if category is None or category.kind != data.kind:
        raise invalid_field("category_id", _("Choose a category of this kind, or none."))


def _apply(need: Need, data: NeedData, session) -> None:
    for name in FIELDS:
        setattr(need, name, getattr(data, name))
    need.kind = data.kind
    need.search_key = search_key(" ".join([data.text, data.town, *data.tags]))
    session.add(need)
    session.flush()
    session.execute(sa.delete(need_tags).where(need_tags.c.need_id == need.id))
    if data.tags:
        session.execute(sa.insert(need_tags),
                        [{"need_id": need.id, "tag": tag} for tag in data.tags])


def _require_editor(user: User, need: Need) -> None:
    if not can_edit_need(user, need):
        raise Forbidden(_("Only the people of the organisation that posted this need, or the "
                          "animation cell, can change it."))


def get_need(viewer: User, need_id: int) -> Need:
    """A need the viewer may see; others' closed needs are as absent as missing ones."""
    return _seen(viewer, db.session.get(Need, need_id))


def get_need_and_tags(viewer: User, need_id: int) -> tuple[Need, list[str]]:
    """`get_need`, and the need's tags, in one query."""
    rows = db.session.execute(
        sa.select(Need, need_tags.c.tag).outerjoin(need_tags, need_tags.c.need_id == Need.id)
        .where(Need.id == need_id).order_by(need_tags.c.tag)).all()
    need = _seen(viewer, rows[0][0] if rows else None)
    return need, [tag for _need, tag in rows if tag is not None]


def _seen(viewer: User, need: Need | None) -> Need:
    if need is None or not can_see_need(viewer, need, pole_today()):
        raise NotFound(_("This need does not exist or is no longer open."))
    return need


def get_need_for_edit(user: User, need_id: int) -> Need:
    need = get_need(user, need_id)
    _require_editor(user, need)
    return need


def tags_of(need_id: int) -> list[str]:
    return tags_for([need_id]).get(need_id, [])


def tags_for(need_ids: list[int]) -> dict[int, list[str]]:
    """The tags of several needs in one query."""
    tags: dict[int, list[str]] = {}
    rows = db.session.execute(
        sa.select(need_tags.c.need_id, need_tags.c.tag)
        .where(need_tags.c.need_id.in_(need_ids)).order_by(need_tags.c.tag))
    for need_id, tag in rows:
        tags.setdefault(need_id, []).append(tag)
    return tags


def need_to_book_for(viewer: User, need_id: int | None) -> Need | None:
    """The need a booking form opened from its suggestions answers: an open need the viewer
    may edit; None for any other, and the form then books without one."""
    need = db.session.get(Need, need_id) if need_id else None
    if need is None or not can_edit_need(viewer, need) or \
            not need.answerable_by(need.member_id, pole_today()):
        return None
    return need


def need_data(need: Need) -> NeedData:
    """The editable data of a need, as a form or a partial change starts from it."""
    return NeedData(kind=need.kind, tags=tags_of(need.id),
                    **{name: getattr(need, name) for name in FIELDS})


def create_need(actor: User, data: NeedData) -> Need:
    """A member posts what their organisation needs, open on the board at once."""
    data = check_need_data(data, pole_today())
    _check_category(data)

    def post() -> Need:
        with transaction() as session:
            need = Need(member_id=actor.member_id, author_id=actor.id, status=NeedStatus.OPEN)
            _apply(need, data, session)
        return need

    return run_use_case(post)


def _require_open(need: Need) -> None:
    if need.closed_at is not None:
        raise Conflict(_("This need is closed; post a new one."),
                       details={"rule": "transition"})


def update_need(actor: User, need_id: int, data: NeedData) -> Need:
    """Change an open need (an expired one too: a later date reopens it)."""
    need = get_need_for_edit(actor, need_id)
    _require_open(need)
    if data.kind != need.kind:
        raise invalid_field("kind", _("The kind of a need cannot change; post another need."))
    data = check_need_data(data, pole_today())
    _check_category(data)

    def change() -> Need:
        with transaction() as session:
            _apply(need, data, session)
        return need

    return run_use_case(change)


def close_need(actor: User, need_id: int, outcome: NeedStatus) -> Need:
    """The poster's organisation says the need was fulfilled, or is no longer needed."""
    need = get_need_for_edit(actor, need_id)
    if outcome not in OUTCOMES:
        raise invalid_field("outcome", _("Choose fulfilled or withdrawn."))
    _require_open(need)

    def close() -> Need:
        with transaction() as session:
            # The row's status is checked again as it is written: two closings, one wins.
            done = session.execute(
                sa.update(Need).where(Need.id == need.id, Need.status == NeedStatus.OPEN)
                .values(status=outcome, closed_at=utcnow(), closed_by_id=actor.id,
                        updated_at=utcnow()))
            if done.rowcount != 1:
                raise Conflict(_("This need is closed already."),
                               details={"rule": "transition"})
        db.session.refresh(need)
        return need

    return run_use_case(close)


# --- finding needs -------------------------------------------------------------------


@dataclass(frozen=True)
class NeedQuery:
    q: str = ""
    kind: OfferKind | None = None
    category_id: int | None = None
    town: str = ""
    # One organisation's needs, closed and expired ones included (its own list).
    member_id: int | None = None
    page: int = 1
    per_page: int = 20


def search_needs(query: NeedQuery) -> Page:
    """Open needs of the pole (or all of one organisation's), newest first."""
    today = pole_today()
    stmt = sa.select(Need).options(joinedload(Need.member), joinedload(Need.category))
    if query.member_id:
        stmt = stmt.where(Need.member_id == query.member_id)
    else:
        stmt = stmt.where(Need.status == NeedStatus.OPEN, Need.open_until >= today)
    # A plain filter, every word somewhere; ranking by meaning belongs to the matcher.
    for term in search_key(query.q).split()[:8]:
        stmt = stmt.where(Need.search_key.like(like_pattern(term), escape="\\"))
    if query.kind:
        stmt = stmt.where(Need.kind == query.kind)
    if query.category_id:
        stmt = stmt.where(Need.category_id == query.category_id)
    if town := search_key(query.town).strip():
        stmt = stmt.where(Need.search_key.like(like_pattern(town), escape="\\"))
    return paginate(stmt, query.page, query.per_page, (Need.created_at.desc(), Need.id.desc()))


# --- what a matcher needs ------------------------------------------------------------


def need_request(need_id: int) -> NeedRequest:
    """What a matcher needs from a need: the requester, the kind, the text, the window, the
    amounts and the town."""
    need = db.session.get(Need, need_id)
    if need is None:
        raise NotFound(_("This need does not exist or is no longer open."))
    return request_of(need, tags_of(need.id), pole_today())


# What `request_of` reads of a need: a query of many needs selects these alone.
REQUEST_COLUMNS = (Need.id, Need.member_id, Need.kind, Need.text, Need.category_id,
                   Need.window_from, Need.window_to, Need.duration_minutes, Need.capacity,
                   Need.quantity, Need.town, Need.status, Need.open_until)


def request_of(need: Need | sa.Row, tags: list[str], today: date) -> NeedRequest:
    """The need as plain values, with its tags read already (one query for many needs);
    `need` may be a row of REQUEST_COLUMNS."""
    return NeedRequest(
        id=need.id, member_id=need.member_id, kind=need.kind, text=need.text,
        category_id=need.category_id, tags=tuple(tags),
        window_from=need.window_from, window_to=need.window_to,
        duration_minutes=need.duration_minutes, capacity=need.capacity,
        quantity=need.quantity, town=need.town,
        is_open=state_of(need.status, need.open_until, today) == NeedState.OPEN)
