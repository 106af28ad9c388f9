"""The booking engine's services: the rules, the life cycle, and the exchange it records."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from pooling.bookings import availability, lifecycle, services
from pooling.bookings.models import Booking, BookingEvent, BookingStatus, Quota, QuotaPeriod
from pooling.bookings.services import BookingRefused, BookingRequest
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import (
    BookingPolicy,
    Category,
    OfferKind,
    OfferStatus,
    Unit,
)
from pooling.errors import Conflict, Forbidden, InvalidInput, NotFound
from pooling.extensions import db
from pooling.ledger.models import Exchange
from pooling.members.models import Circle

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = [WeeklySlot(d, time(9), time(18)) for d in range(5)]


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


def _category(kind: OfferKind, name: str) -> int:
    return db.session.scalars(sa.select(Category.id).where(
        Category.kind == kind, Category.name == name)).one()


def publish(user, member, **fields):
    data = dict(kind=OfferKind.PREMISES, title="Salle Belledonne", capacity=12,
                category_id=_category(OfferKind.PREMISES, "Salle de réunion"),
                opening_hours=WEEKDAYS)
    data.update(fields)
    offer = catalogue.create_offer(user, member.id, catalogue.OfferData(**data))
    return catalogue.change_status(user, offer.id, OfferStatus.PUBLISHED)


@pytest.fixture
def room(pole):
    return publish(pole.a_member, pole.org_a, buffer_minutes=30, max_duration_minutes=480)


@pytest.fixture
def vans(pole):
    return publish(pole.a_member, pole.org_a, kind=OfferKind.TOOL, title="Camions", quantity=3,
                   category_id=_category(OfferKind.TOOL, "Véhicule"), unit=Unit.DAY,
                   value_per_unit=Decimal("30"), min_duration_minutes=60)


def book(user, offer, start, end, quantity=1, **kw):
    return services.create_booking(user, BookingRequest(offer.id, start, end, quantity, **kw))


def test_a_room_is_booked_and_confirmed_at_once(pole, room):
    booking = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12), 8,
                   purpose="Conseil d'administration")
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.member_id == pole.org_b.id and booking.requested_by_id == pole.b_member.id
    assert [(e.from_status, e.to_status, e.actor_id, e.note) for e in booking.events] == [
        (None, BookingStatus.REQUESTED, pole.b_member.id, ""),
        (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, None, "Confirmed automatically.")]
    # Stored in UTC: 10:00 in Paris in June is 08:00 UTC.
    assert booking.starts_at == datetime(2030, 6, 3, 8, tzinfo=UTC)


@pytest.mark.parametrize("start, end, quantity, rule", [
    (paris(2030, 6, 3, 10), paris(2030, 6, 3, 12), 13, "capacity"),
    (paris(2030, 6, 3, 10), paris(2030, 6, 3, 10, 15), 1, "min_length"),
    (paris(2030, 6, 3, 9), paris(2030, 6, 3, 18, 0), 1, "max_length"),
    (paris(2030, 6, 3, 8), paris(2030, 6, 3, 10), 1, "opening_hours"),
    (paris(2030, 6, 8, 10), paris(2030, 6, 8, 12), 1, "opening_hours"),  # a Saturday
    (paris(2020, 6, 3, 10), paris(2020, 6, 3, 12), 1, "past"),
])
def test_each_rule_refuses_with_its_name(pole, room, start, end, quantity, rule):
    with pytest.raises(BookingRefused) as refused:
        book(pole.b_member, room, start, end, quantity)
    assert refused.value.rule == rule
    assert refused.value.status == 409
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_the_buffer_keeps_bookings_apart_and_alternatives_are_offered(pole, room):
    book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    with pytest.raises(BookingRefused) as refused:
        book(pole.a_member, room, paris(2030, 6, 3, 12, 15), paris(2030, 6, 3, 13))
    assert refused.value.rule == "overlap"
    slots = refused.value.alternatives.slots
    assert slots and all(s.start != paris(2030, 6, 3, 12, 15) for s in slots)
    # 30 minutes after the end is far enough.
    assert book(pole.a_member, room, paris(2030, 6, 3, 12, 30), paris(2030, 6, 3, 13))


def test_similar_offers_free_at_that_time_are_suggested(pole, room):
    other = publish(pole.b_admin, pole.org_b, title="Salle Chartreuse")
    book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    with pytest.raises(BookingRefused) as refused:
        book(pole.a_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    assert [o.id for o in refused.value.alternatives.offers] == [other.id]


def test_tools_never_exceed_their_stock(pole, vans):
    monday, wednesday = paris(2030, 6, 3, 9), paris(2030, 6, 5, 17)
    book(pole.b_member, vans, monday, wednesday, 2)
    with pytest.raises(BookingRefused) as refused:
        book(pole.b_member, vans, paris(2030, 6, 4, 9), paris(2030, 6, 4, 17), 2)
    assert refused.value.rule == "stock"
    assert "1" in refused.value.message
    book(pole.b_member, vans, paris(2030, 6, 4, 9), paris(2030, 6, 4, 17), 1)
    # After the first loan comes back, all three are free again.
    book(pole.b_member, vans, paris(2030, 6, 6, 9), paris(2030, 6, 6, 17), 3)


def test_a_buffer_of_days_keeps_a_tool_from_being_lent_twice(pole):
    """The state read with the lock looks two days around the booking; an offer with a
    longer buffer has its state read again, wide enough to see the loan that ended five
    days before."""
    trailer = publish(pole.a_member, pole.org_a, kind=OfferKind.TOOL, title="Remorque",
                      quantity=1, category_id=_category(OfferKind.TOOL, "Véhicule"),
                      buffer_minutes=6 * 24 * 60)  # six days to service it between loans
    book(pole.b_member, trailer, paris(2030, 6, 5, 10), paris(2030, 6, 5, 11))
    with pytest.raises(BookingRefused) as refused:  # 5 days 3 hours after its return
        book(pole.b_member, trailer, paris(2030, 6, 10, 14), paris(2030, 6, 10, 15))
    assert refused.value.rule == "stock"
    # Six days after the return is far enough.
    assert book(pole.b_member, trailer, paris(2030, 6, 11, 14), paris(2030, 6, 11, 15))


def test_approval_policy_waits_and_accepting_declines_colliding_requests(pole, sent_mail):
    room = publish(pole.a_member, pole.org_a, booking_policy=BookingPolicy.APPROVAL)
    first = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    second = book(pole.b_admin, room, paris(2030, 6, 3, 11), paris(2030, 6, 3, 13))
    apart = book(pole.b_admin, room, paris(2030, 6, 3, 14), paris(2030, 6, 3, 15))
    assert first.status == second.status == BookingStatus.REQUESTED

    lifecycle.confirm(pole.a_member, first.id)
    assert db.session.get(Booking, first.id).status == BookingStatus.CONFIRMED
    assert db.session.get(Booking, second.id).status == BookingStatus.DECLINED
    assert db.session.get(Booking, apart.id).status == BookingStatus.REQUESTED
    with pytest.raises(Conflict):
        lifecycle.confirm(pole.a_member, second.id)  # declined is final


def test_only_the_owner_or_the_cell_decides(pole):
    room = publish(pole.a_member, pole.org_a, booking_policy=BookingPolicy.APPROVAL)
    request = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    with pytest.raises(Forbidden):
        lifecycle.confirm(pole.b_admin, request.id)
    lifecycle.decline(pole.cell, request.id, "Salle réservée au CA ce jour-là")
    assert db.session.get(Booking, request.id).events[-1].note.startswith("Salle réservée")


def test_outsiders_do_not_even_see_a_booking(pole, room, make_member, make_user):
    booking = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    stranger = make_user(make_member(name="Tiers-Lieu"))
    with pytest.raises(NotFound):
        lifecycle.get_booking(stranger, booking.id)
    with pytest.raises(NotFound):
        lifecycle.cancel(stranger, booking.id)


def test_cancellation_rules(pole, room):
    booking = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    with pytest.raises(InvalidInput):
        lifecycle.cancel(pole.a_member, booking.id)  # the owner owes a reason
    lifecycle.cancel(pole.b_member, booking.id)
    assert db.session.get(Booking, booking.id).status == BookingStatus.CANCELLED
    # The slot is free again.
    book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    started = book(pole.b_member, room, paris(2030, 6, 4, 10), paris(2030, 6, 4, 12))
    with pytest.raises(Conflict):
        lifecycle.cancel(pole.b_member, started.id, now=paris(2030, 6, 4, 11))


def test_completion_records_one_exchange_valued_on_its_day(pole, vans):
    loan = book(pole.b_member, vans, paris(2030, 6, 3, 9), paris(2030, 6, 5, 17), 2)
    with pytest.raises(Conflict):
        lifecycle.complete(pole.a_member, loan.id, now=paris(2030, 6, 4, 9))  # not over
    lifecycle.complete(pole.a_member, loan.id, now=paris(2030, 6, 6, 9))
    exchange = db.session.scalars(sa.select(Exchange)).one()
    # Three days, two vans, 30 credits a van-day.
    assert (exchange.quantity, exchange.unit, exchange.value) == (
        Decimal("6"), Unit.DAY, Decimal("180.00"))
    assert (exchange.provider_id, exchange.beneficiary_id) == (pole.org_a.id, pole.org_b.id)
    with pytest.raises(Conflict):
        lifecycle.complete(pole.a_member, loan.id, now=paris(2030, 6, 6, 9))
    assert db.session.scalar(sa.select(sa.func.count(Exchange.id))) == 1


def test_ended_bookings_complete_automatically(pole, room):
    booking = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    assert lifecycle.complete_due(now=paris(2030, 6, 3, 11)) == 0
    assert lifecycle.complete_due(now=paris(2030, 6, 3, 13)) == 1
    assert lifecycle.complete_due(now=paris(2030, 6, 3, 14)) == 0
    assert db.session.get(Booking, booking.id).status == BookingStatus.COMPLETED
    assert db.session.scalar(sa.select(sa.func.count(Exchange.id))) == 1


def test_a_no_show_records_no_exchange(pole, room):
    booking = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    lifecycle.report_no_show(pole.a_member, booking.id, now=paris(2030, 6, 3, 11))
    assert lifecycle.complete_due(now=paris(2030, 6, 4)) == 0
    assert db.session.scalar(sa.select(sa.func.count(Exchange.id))) == 0


def test_a_skill_provider_gives_at_most_its_hours(pole):
    skill = publish(pole.a_member, pole.org_a, kind=OfferKind.SKILL, title="Comptabilité",
                    category_id=_category(OfferKind.SKILL, "Comptabilité et gestion"),
                    max_hours_per_week=3)
    book(pole.b_member, skill, paris(2030, 6, 3, 9), paris(2030, 6, 3, 11))
    with pytest.raises(BookingRefused) as refused:
        book(pole.b_member, skill, paris(2030, 6, 5, 9), paris(2030, 6, 5, 11))
    assert refused.value.rule == "provider_limit"
    book(pole.b_member, skill, paris(2030, 6, 5, 9), paris(2030, 6, 5, 10))
    book(pole.b_member, skill, paris(2030, 6, 10, 9), paris(2030, 6, 10, 11))  # next week


def test_quotas_per_circle_and_the_cells_override(pole, room):
    db.session.add(Quota(kind=OfferKind.PREMISES, circle=Circle.FOUNDING_MEMBER,
                         period=QuotaPeriod.MONTH, max_hours=3))
    db.session.commit()
    book(pole.b_member, room, paris(2030, 6, 3, 9), paris(2030, 6, 3, 11))  # org B founding
    with pytest.raises(BookingRefused) as refused:
        book(pole.b_member, room, paris(2030, 6, 4, 9), paris(2030, 6, 4, 11))
    assert refused.value.rule == "quota"
    book(pole.a_member, room, paris(2030, 6, 4, 9), paris(2030, 6, 4, 11))  # A is a partner
    services.create_booking(pole.cell, BookingRequest(
        room.id, paris(2030, 6, 5, 9), paris(2030, 6, 5, 11), member_id=pole.org_b.id))


@pytest.mark.parametrize("change", [
    dict(ends_at=paris(2030, 6, 3, 9)),
    dict(quantity=0),
    dict(starts_at=datetime(2030, 6, 3, 10)),
    dict(ends_at=paris(2031, 6, 3, 9)),
])
def test_malformed_requests_are_invalid_and_change_nothing(pole, room, change):
    fields = dict(offer_id=room.id, starts_at=paris(2030, 6, 3, 10), ends_at=paris(2030, 6, 3, 12))
    fields.update(change)
    with pytest.raises(InvalidInput):
        services.create_booking(pole.b_member, BookingRequest(**fields))
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_a_member_books_only_for_its_own_organisation(pole, room):
    with pytest.raises(Forbidden):
        services.create_booking(pole.b_member, BookingRequest(
            room.id, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12), member_id=pole.org_a.id))


def test_availability_lists_free_time_with_what_is_left(pole, vans):
    book(pole.b_member, vans, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12), 2)
    free = availability.availability(pole.b_member, vans.id, paris(2030, 6, 3), paris(2030, 6, 4))
    assert [(f.interval.start.astimezone(PARIS).hour, f.interval.end.astimezone(PARIS).hour,
             f.remaining) for f in free] == [(9, 10, 3), (10, 12, 1), (12, 18, 3)]


def test_every_transition_is_recorded_with_who_and_when(pole):
    room = publish(pole.a_member, pole.org_a, booking_policy=BookingPolicy.APPROVAL)
    booking = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    lifecycle.confirm(pole.a_member, booking.id)
    lifecycle.cancel(pole.a_member, booking.id, "Dégât des eaux")
    events = db.session.scalars(sa.select(BookingEvent).where(
        BookingEvent.booking_id == booking.id).order_by(BookingEvent.id)).all()
    assert [(e.to_status, e.actor_id) for e in events] == [
        (BookingStatus.REQUESTED, pole.b_member.id),
        (BookingStatus.CONFIRMED, pole.a_member.id),
        (BookingStatus.CANCELLED, pole.a_member.id)]
    assert db.session.get(Booking, booking.id).sequence == 2
    assert all(e.at - datetime.now(UTC) < timedelta(minutes=1) for e in events)


def test_the_catalogue_hides_offers_booked_during_the_period(pole, room, vans):
    def found(start, end, **filters):
        page = catalogue.search_offers(catalogue.OfferQuery(
            available_from=start, available_to=end, **filters))
        return sorted(o.title for o in page.items)

    monday = (paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    assert found(*monday) == ["Camions", "Salle Belledonne"]
    book(pole.b_member, room, paris(2030, 6, 3, 11), paris(2030, 6, 3, 12))
    book(pole.b_member, vans, paris(2030, 6, 3, 9), paris(2030, 6, 3, 17), 2)
    assert found(*monday) == ["Camions"]  # one van is left
    assert found(*monday, min_quantity=2) == []
    assert found(paris(2030, 6, 4, 10), paris(2030, 6, 4, 12)) == ["Camions",
                                                                    "Salle Belledonne"]
