"""The matching engine's first free time, on SQLite and PostgreSQL: read with other offers'
states (a need's candidates), or over a wider window (all the needs an offer may serve),
it is the one the offer's own state gives, and the one the plain search finds: every
opening tried from its start, whatever its length, against every booking held.

Offers are drawn at random (weekly hours, closures, bookings held, stock, buffer, lengths,
notice, a provider's weekly hours) with needs of every kind (a window or none, a length,
people or items)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pooling.bookings import rules, store
from pooling.bookings.models import Booking, BookingStatus, Quota, QuotaPeriod
from pooling.bookings.timeline import busy_range, remaining, subtract
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import Interval, WeeklySlot
from pooling.catalogue.models import Category, Closure, Offer, OfferKind, OfferStatus
from pooling.extensions import db
from pooling.matching import engine
from pooling.members.models import Circle, Member
from tests.hours import weekly_slots

PARIS = ZoneInfo("Europe/Paris")
# Mondays: a summer week and the weeks the clocks change.
WEEKS = (date(2026, 6, 1), date(2026, 3, 23), date(2026, 10, 19))
STATUSES = [BookingStatus.CONFIRMED, BookingStatus.CONFIRMED, BookingStatus.COMPLETED,
            BookingStatus.REQUESTED, BookingStatus.CANCELLED]


@dataclass
class Drawn:
    """One offer as drawn; closures and bookings in minutes from the week's start."""

    kind: OfferKind
    slots: list[WeeklySlot]
    buffer: int
    stock: int
    min_minutes: int
    max_minutes: int | None
    notice: int
    weekly_hours: int | None
    closures: list[tuple[int, int]]
    bookings: list[tuple[int, int, int, BookingStatus]]  # start, end, quantity, status


@st.composite
def drawn_offers(draw, kind: OfferKind) -> Drawn:
    starts = st.integers(0, 7 * 96 - 1).map(lambda q: q * 15)
    spans = st.integers(1, 48).map(lambda q: q * 15)
    closures = [(start, start + length)
                for start, length in draw(st.lists(st.tuples(starts, spans), max_size=2))]
    bookings = [(start, start + length, quantity, status)
                for start, length, quantity, status in draw(st.lists(st.tuples(
                    starts, spans, st.integers(1, 3), st.sampled_from(STATUSES)),
                    max_size=8))]
    return Drawn(kind, draw(weekly_slots()), draw(st.sampled_from([0, 0, 30, 60])),
                 draw(st.integers(1, 4)), draw(st.sampled_from([30, 30, 60, 120])),
                 draw(st.sampled_from([None, None, 240])),
                 draw(st.sampled_from([0, 0, 60, 24 * 60])),
                 draw(st.sampled_from([None, None, 2, 4])) if kind == OfferKind.SKILL
                 else None, closures, bookings)


@dataclass(frozen=True)
class DrawnNeed:
    kind: OfferKind
    window: tuple[int, int] | None  # minutes from the week's start; None: flexible
    minutes: int | None
    amount: int


@st.composite
def drawn_needs(draw) -> DrawnNeed:
    window = None
    if draw(st.booleans()):
        start = draw(st.integers(0, 7 * 96 - 1)) * 15
        window = (start, start + draw(st.integers(1, 3 * 96)) * 15)
    return DrawnNeed(draw(st.sampled_from(list(OfferKind))), window,
                     draw(st.sampled_from([None, 30, 60, 120, 240, 300, 8 * 60])),
                     draw(st.sampled_from([1, 1, 2, 3])))


@st.composite
def worlds(draw):
    """A week, an offer of each kind (two rooms), needs, and when they are asked."""
    week = draw(st.sampled_from(WEEKS))
    kinds = [OfferKind.PREMISES, OfferKind.PREMISES, OfferKind.SKILL, OfferKind.TOOL]
    offers = [draw(drawn_offers(kind)) for kind in kinds]
    needs = draw(st.lists(drawn_needs(), min_size=1, max_size=4))
    # Before the week, or within it: what has passed is not offered.
    asked = draw(st.integers(-96, 3 * 96)) * 15
    return week, offers, needs, asked


def week_start(week: date) -> datetime:
    return datetime.combine(week, time(0), PARIS).astimezone(UTC)


def publish(pole, drawn: Drawn, base: datetime) -> Offer:
    """The drawn offer, published by org_b, with its closures and the bookings the cell's
    organisation made."""
    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == drawn.kind).order_by(Category.id).limit(1)).one()
    data = catalogue.OfferData(
        kind=drawn.kind, title=f"Offre {drawn.kind}", category_id=category,
        buffer_minutes=drawn.buffer, opening_hours=drawn.slots,
        min_duration_minutes=drawn.min_minutes, max_duration_minutes=drawn.max_minutes,
        min_notice_minutes=drawn.notice, max_hours_per_week=drawn.weekly_hours,
        provider_id=pole.b_admin.id if drawn.kind == OfferKind.SKILL else None,
        quantity=drawn.stock if drawn.kind == OfferKind.TOOL else None)
    offer = catalogue.create_offer(pole.b_admin, pole.org_b.id, data)
    offer = catalogue.change_status(pole.b_admin, offer.id, OfferStatus.PUBLISHED)
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
            offer_id=offer.id, member_id=pole.cell_org.id, requested_by_id=pole.cell.id,
            status=status, exclusive=exclusive, starts_at=at(start), ends_at=at(end),
            busy_from=busy.start, busy_until=busy.end, quantity=quantity, purpose="Essai"))
    db.session.commit()
    return offer


def plain_first_free(offer: Offer, need: engine.NeedRequest, member: Member,
                     now: datetime) -> Interval | None:
    """The first free time as the plain search finds it: the offer's own state, every
    opening cut by every booking held, every start tried."""
    window = engine.window_of(need, now)
    length = engine.length_of(need, offer)
    if window.end - window.start < length:
        return None
    quantity = engine.amount_of(need, offer.kind)
    state = store.read_offer_state(offer, window)
    tool = offer.kind == OfferKind.TOOL
    units = quantity if tool else 1
    opened = [Interval(max(i.start, window.start), min(i.end, window.end))
              for i in sorted(state.open, key=lambda i: i.start) if i.overlaps(window)]
    pieces: list[Interval] = []
    for interval in subtract(opened, state.closures):
        for piece, left in remaining(state.held, interval, state.stock):
            if left >= units:
                if pieces and pieces[-1].end == piece.start:
                    piece = Interval(pieces.pop().start, piece.end)
                pieces.append(piece)
    quotas = store.quotas_for(member, offer.kind)
    earliest = max(window.start, now + timedelta(minutes=offer.min_notice_minutes))
    for piece in pieces:
        if piece.end <= earliest:
            continue
        for start in engine.starts(piece, earliest):
            wanted = Interval(start, start + length)
            if wanted.end > window.end or (not tool and wanted.end > piece.end):
                break
            if rules.fits(offer, wanted, quantity, state, now) is not None:
                continue
            limits = store.hours_limits(offer, member, wanted, quotas)
            if rules.hours_refusal(limits, wanted) is None:
                return wanted
    return None


def as_request(pole, drawn: DrawnNeed, number: int, base: datetime) -> engine.NeedRequest:
    window = drawn.window and [base + timedelta(minutes=m) for m in drawn.window]
    return engine.NeedRequest(
        id=number, member_id=pole.org_a.id, kind=drawn.kind, text="besoin",
        window_from=window and window[0], window_to=window and window[1],
        duration_minutes=drawn.minutes,
        capacity=drawn.amount if drawn.kind == OfferKind.PREMISES else None,
        quantity=drawn.amount if drawn.kind == OfferKind.TOOL else None)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world=worlds())
def test_the_first_free_time_is_the_same_however_the_states_are_read(app, pole, world):
    week, drawn, drawn_needs_, asked = world
    base = week_start(week)
    now = base + timedelta(minutes=asked)
    offers = [publish(pole, one, base) for one in drawn]
    member = db.session.get(Member, pole.org_a.id)
    # The requester's circle's quota and everyone's, and another circle's that does not count.
    others = next(circle for circle in Circle if circle != member.circle)
    quotas = [Quota(kind=kind, circle=circle, period=QuotaPeriod.WEEK, max_hours=hours)
              for kind in OfferKind
              for circle, hours in ((member.circle, 6), (None, 9), (others, 1))]
    db.session.add_all(quotas)
    db.session.commit()
    quota_ids = [quota.id for quota in quotas]
    try:
        needs = [as_request(pole, one, number, base)
                 for number, one in enumerate(drawn_needs_, start=1)]
        windows = [engine.window_of(need, now) for need in needs]
        span = Interval(min(w.start for w in windows), max(w.end for w in windows))
        for need, window in zip(needs, windows, strict=True):
            ofits = [offer for offer in offers if offer.kind == need.kind]
            # A need's candidates read together; an offer's needs over all their windows.
            together = store.read_offer_states(ofits, window)
            # With the offers and the requester's quotas in one round trip, the largest
            # buffer foreseen rightly, or wrongly (read again).
            ids = [offer.id for offer in ofits]
            batches = [store.read_offers_and_states(ids, buffer, window, member, need.kind)
                       for buffer in (max(o.buffer_minutes for o in ofits), 45)]
            applying = store.quotas_for(member, need.kind)
            for offer in ofits:
                expected = plain_first_free(offer, need, member, now)
                requester = engine.Requester(member)
                assert engine.first_free(offer, need, requester, now) == expected
                assert engine.first_free(offer, need, requester, now,
                                         together[offer.id]) == expected
                for read, states, read_quotas in batches:
                    assert read[offer.id].member.name == offer.member.name
                    assert (sorted((q.period, q.max_hours) for q in read_quotas)
                            == sorted((q.period, q.max_hours) for q in applying))
                    assert engine.first_free(read[offer.id], need,
                                             engine.Requester(member, {need.kind: read_quotas}),
                                             now, states[offer.id]) == expected
                wide = store.read_offer_state(offer, span)
                assert engine.first_free(offer, need, requester, now, wide) == expected
    finally:
        db.session.rollback()
        db.session.execute(sa.delete(Quota).where(Quota.id.in_(quota_ids)))
        db.session.execute(sa.update(Offer).where(Offer.id.in_([o.id for o in offers]))
                           .values(status=OfferStatus.ARCHIVED))
        db.session.commit()
