"""The matching engine applied to the pole's needs: the offers that can serve a need, and
the open needs that an offer can serve, for the people allowed to see them.

Matches tell who has exchanged with whom and who received more than it gave: they are
shown to the need's (or the offer's) organisation and to the animation cell only.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from pooling.accounts.models import Role, User
from pooling.bookings.availability import visible_offer
from pooling.catalogue.models import Offer, OfferKind
from pooling.errors import Forbidden
from pooling.extensions import db
from pooling.matching import engine
from pooling.matching.engine import NeedMatch, NeedRequest, Suggestion, served_needs, suggestions
from pooling.members.models import Member
from pooling.needs.models import Need, NeedStatus
from pooling.needs.permissions import can_edit_need
from pooling.needs.services import (
    REQUEST_COLUMNS,
    get_need_and_tags,
    request_of,
    tags_for,
)
from pooling.pole.clock import pole_today


def request_for_matches(viewer: User, need_id: int) -> NeedRequest:
    """The need as the engine reads it, with its tags (one query), if the viewer may see its
    matches: 404 if they cannot see it, 403 unless they are of its organisation or the
    cell."""
    need, tags = get_need_and_tags(viewer, need_id)
    return request_of(_may_see_matches(viewer, need), tags, pole_today())


def _may_see_matches(viewer: User, need: Need) -> Need:
    if not can_edit_need(viewer, need):
        raise Forbidden(_("Only the organisation that posted this need sees its matches."))
    return need


def matches_for_need(viewer: User, need_id: int, limit: int = 10) -> list[Suggestion]:
    """The offers that can serve the need, best first; none once it is closed or expired."""
    return matches_of(request_for_matches(viewer, need_id), limit)


def matches_of(request: NeedRequest, limit: int = 10) -> list[Suggestion]:
    """`matches_for_need` for a need whose viewer was checked already
    (`request_for_matches`)."""
    return suggestions(request, limit) if request.is_open else []


def open_needs(kind: OfferKind, other_than: int) -> list[NeedRequest]:
    """The pole's open needs of a kind, except one organisation's, oldest first."""
    return open_requests(Need.kind == kind, Need.member_id != other_than)


def open_requests(*where) -> list[NeedRequest]:
    """The pole's open needs (those `where` says), oldest first, as the engine reads them."""
    today = pole_today()
    # Values only: the needs' objects, with their organisations and categories, took
    # three times as long to read.
    needs = db.session.execute(sa.select(*REQUEST_COLUMNS).where(
        Need.status == NeedStatus.OPEN, Need.open_until >= today, *where)
        .order_by(Need.created_at, Need.id)).all()
    tags = tags_for([n.id for n in needs])
    return [request_of(n, tags.get(n.id, []), today) for n in needs]


def warm_up() -> None:
    """What a new server process does before its first request (`engine.warm_up`), and the
    open needs ranked ahead, so that the first offer asking which it serves does not wait
    for them (a few tenths of a second on a large pole). In a request's context."""
    engine.warm_up()
    engine.rank_ahead(open_requests())


def needs_for_offer(offer_id: int, limit: int = 20, now: datetime | None = None
                    ) -> list[NeedMatch]:
    """The open needs of other organisations that the offer can serve, best first."""
    row = db.session.execute(sa.select(Offer.kind, Offer.member_id)
                             .where(Offer.id == offer_id)).first()
    if row is None:
        return []
    needs = open_needs(OfferKind(row.kind), row.member_id)
    names = dict(db.session.execute(sa.select(Member.id, Member.name).where(
        Member.id.in_({n.member_id for n in needs}))).all()) if needs else {}
    return served_needs(offer_id, needs, names, limit, now)


def offer_for_matches(viewer: User, offer_id: int) -> Offer:
    """The offer, if the viewer may see the needs it can serve: 404 if they cannot see it,
    403 unless they are of its organisation or the cell."""
    offer = visible_offer(viewer, offer_id)
    if viewer.role != Role.CELL and viewer.member_id != offer.member_id:
        raise Forbidden(_("Only the organisation that publishes this offer sees the needs "
                          "it can serve."))
    return offer


def matching_needs(viewer: User, offer_id: int, limit: int = 20) -> list[NeedMatch]:
    """The open needs the offer can serve, for its organisation and the cell."""
    offer = offer_for_matches(viewer, offer_id)
    return needs_for_offer(offer.id, limit)
