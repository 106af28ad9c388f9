"""The review's members and usage figures, each checked against a value worked out by hand
on the small pole of `tests/review_pole.py` (February 2026, read its docstring first)."""

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from pooling.bookings.models import Booking, BookingStatus
from pooling.catalogue.models import Closure, OfferKind
from pooling.extensions import db
from pooling.ledger.statements import Period
from pooling.review import members, usage
from pooling.review.models import ReviewMonth
from pooling.review.occupancy import occupancy
from tests.review_pole import FEBRUARY, NOW, ReviewPole, at, book

FEB = Period(*FEBRUARY)
JAN_FEB = Period(date(2026, 1, 1), date(2026, 2, 28))


@pytest.fixture
def review(pole, make_member):
    return ReviewPole(pole, make_member)


def by_key(shares) -> dict:
    return {s.key: (s.count, s.share) for s in shares}


def test_members_are_counted_at_the_end_of_the_period(review):
    figures = members.figures(FEB)
    # The cell, A, B (2020) and C (joined 10 Feb); D left on 15 Feb, E in 2025, F joins in
    # March: 4 members.
    assert figures.members == 4
    assert (figures.newcomers, figures.left) == (1, 1)  # C joined, D left
    # 3.5 FTE each for the cell, A and B, and C's 10: 3 × 3.5 + 10 = 20.5.
    assert figures.staff_fte == Decimal("20.5")
    forms = by_key(figures.by_legal_form)
    # The cell and A are associations, B a SCIC, C a SCOP: 2/4, 1/4, 1/4.
    assert forms["association"] == (2, 0.5)
    assert forms["scic"] == (1, 0.25) and forms["scop"] == (1, 0.25)
    assert forms["sarl"] == (0, 0.0)
    circles = by_key(figures.by_circle)
    # The cell; B founding; A and C partners.
    assert circles == {"animation-cell": (1, 0.25), "founding-member": (1, 0.25),
                       "partner": (2, 0.5)}
    domains = by_key(figures.by_domain)
    # A and C in eco-activities (2/4), B in culture (1/4).
    assert domains["eco-activities"] == (2, 0.5) and domains["culture"] == (1, 0.25)


def test_a_member_pools_when_it_offers_books_or_is_booked(review):
    figures = members.figures(FEB)
    # The cell publishes a room (never booked), A and B offer and book; C does nothing:
    # 3 of 4 members.
    assert (figures.pooling, figures.pooling_share) == (3, 0.75)


def test_members_before_anyone_joined_are_none(review):
    figures = members.figures(Period(date(2019, 1, 1), date(2019, 12, 31)))
    assert figures.members == 0 and figures.pooling_share is None
    assert all(s.share is None for s in figures.by_circle)


def uses(period=FEB, member_id=None) -> dict:
    return {u.title: u for u in occupancy(period, member_id)}


def test_a_room_is_used_over_its_open_hours_less_its_closures(review):
    room = uses()["Salle Jaurès"]
    # 20 weekdays × 8 h = 160 h; closed all Monday 16 (8 h of opening) and on Tuesday 17
    # from 14:00 to 20:00 (14:00-17:00: 3 h): 160 - 8 - 3 = 149 h open.
    assert room.available == pytest.approx(149)
    # Booked: 3 Feb 4 h completed, 10 Feb 3 h confirmed, 12 Feb 2 h no-show = 9 h; the
    # cancelled, declined and January bookings do not count.
    assert (room.bookings, room.hours, room.used) == (3, 9, 9)
    assert room.rate == pytest.approx(9 / 149)


def test_a_tool_counts_item_days_from_the_day_it_was_published(review):
    tool = uses()["Remorque"]
    # Published on 15 Feb: 14 days, less 2 days closed, times 2 in stock: 2 × 12 = 24.
    assert tool.available == pytest.approx(24)
    # One trailer 16 Feb 9:00 to 18 Feb 17:00 (56 h: 3 days) and two for 2 h on 23 Feb
    # (1 day each): 3 + 2 = 5 item-days, 58 hours.
    assert (tool.bookings, tool.used, tool.hours) == (2, 5, 58)
    assert tool.rate == pytest.approx(5 / 24)


def test_a_skill_offers_its_slots_within_the_providers_limit(review):
    skill = uses()["Comptabilité"]
    # Mondays and Wednesdays 14-18: 8 days × 4 h = 32 h, but at most 2 h a week:
    # 2 × 28 / 7 = 8 h offered. 2 h given on 4 Feb.
    assert (skill.available, skill.used) == (pytest.approx(8), 2)
    assert skill.rate == pytest.approx(0.25)


def test_offers_out_of_the_catalogue_are_left_out_and_an_organisation_sees_its_own(review,
                                                                                 pole):
    assert set(uses()) == {"Salle Jaurès", "Remorque", "Comptabilité", "Salle des fêtes"}
    assert set(uses(member_id=pole.org_a.id)) == {"Salle Jaurès", "Comptabilité"}


def test_usage_by_kind_month_by_month(review):
    figures = usage.figures(JAN_FEB, now=NOW)
    assert figures.months == (date(2026, 1, 1), date(2026, 2, 1))
    month = {(u.kind, u.month): (u.bookings, u.hours, u.organisations)
             for u in figures.by_month}
    jan, feb = figures.months
    # Rooms: 30 January 2 h; February 4 + 3 + 2 = 9 h, all by B.
    assert month[OfferKind.PREMISES, jan] == (1, 2, 1)
    assert month[OfferKind.PREMISES, feb] == (3, 9, 1)
    # The trailer, by A: 56 + 2 = 58 h. The skill, by B: 2 h.
    assert month[OfferKind.TOOL, jan] == (0, 0, 0)
    assert month[OfferKind.TOOL, feb] == (2, 58, 1)
    assert month[OfferKind.SKILL, feb] == (1, 2, 1)
    # Over both months: 7 bookings, 2 + 9 + 58 + 2 = 71 h, by A and B.
    total = figures.total
    assert (total.bookings, total.hours, total.organisations) == (7, 71, 2)
    kinds = {u.kind: (u.bookings, u.hours) for u in figures.by_kind}
    assert kinds[OfferKind.PREMISES] == (4, 11)


def test_offers_by_kind_and_the_most_least_and_never_used(review):
    figures = usage.figures(FEB, now=NOW)
    assert figures.offers == 4
    kinds = {k.kind: k.count for k in figures.offers_by_kind}
    assert kinds == {OfferKind.PREMISES: 2, OfferKind.TOOL: 1, OfferKind.SKILL: 1}
    assert sum(c.count for c in figures.offers_by_category) == 4
    # Rates: skill 2/8 = 25 %, trailer 5/24 ≈ 21 %, room 9/149 ≈ 6 %.
    assert [u.title for u in figures.most_used] == ["Comptabilité", "Remorque", "Salle Jaurès"]
    assert [u.title for u in figures.least_used] == ["Salle Jaurès", "Remorque", "Comptabilité"]
    assert [u.title for u in figures.dormant] == ["Salle des fêtes"]
    rates = {r.kind: r.rate for r in figures.rates}
    # Both rooms together: 9 h booked over 149 + 160 = 309 h open.
    assert rates[OfferKind.PREMISES] == pytest.approx(9 / 309)
    assert rates[OfferKind.TOOL] == pytest.approx(5 / 24)


def test_what_went_wrong(review):
    found = usage.figures(FEB, waiting_days=3, now=NOW).incidents
    # One no-show (12 Feb); one cancellation 14 h before (20 Feb), the other 4 days before;
    # one declined (25 Feb); left waiting: the skill's request since 5 Feb (24 days by
    # 1 March) and the room's request answered after 10 days.
    assert (found.no_shows, found.late_cancellations, found.declined, found.waiting) == \
        (1, 1, 1, 2)
    # With 15 days allowed, only the request still waiting after 24 days remains.
    assert usage.incidents(FEB, 15, NOW).waiting == 1


def test_each_figure_has_the_bookings_behind_it(review):
    def ids(what):
        return set(db.session.scalars(sa.select(Booking.id).where(
            usage.behind(what, FEB, 3, NOW))))

    assert ids("booked") == {review.completed.id, review.confirmed.id, review.no_show.id,
                             review.long_loan.id, review.two_items.id, review.lesson.id}
    assert ids("no_show") == {review.no_show.id}
    assert ids("late_cancel") == {review.late.id}
    assert ids("declined") == {review.declined.id}
    assert ids("waiting") == {review.waiting.id, review.declined.id}


def test_kept_figures_count_a_new_booking_a_closure_and_a_status_change_at_once(review):

    before = usage.figures(FEB)
    assert usage.figures(FEB) is before  # read again: kept
    book(review.room, review.pole.org_b, review.pole.b_member, at(26, 9), at(26, 11),
         BookingStatus.CONFIRMED)
    after = usage.figures(FEB)
    assert after.total.bookings == before.total.bookings + 1
    room = lambda figures: next(u for u in figures.occupancy  # noqa: E731
                                if u.offer_id == review.room.id)
    # A day closed removes its 8 open hours from the room's.
    db.session.add(Closure(offer_id=review.room.id, starts_at=at(27, 0), ends_at=at(28, 0),
                           reason="Travaux"))
    db.session.commit()
    closed = usage.figures(FEB)
    assert room(closed).available == room(after).available - 8
    # A booking's status changed in place (no new row) is seen too.
    row = db.session.get(Booking, review.confirmed.id)
    row.status = BookingStatus.NO_SHOW
    db.session.commit()
    assert usage.figures(FEB).incidents.no_shows == closed.incidents.no_shows + 1


def test_offers_uses_made_again_where_bookings_moved_equal_those_made_afresh(app, review):
    """Each process makes again only the uses of the offers whose bookings moved: after a
    new booking, and a cancellation that leaves an offer with none, the uses are those
    made from nothing."""
    def afresh() -> list:
        app.extensions.pop("review_offer_uses", None)
        return occupancy(FEB)

    before = {u.offer_id: u for u in occupancy(FEB)}
    book(review.tool, review.pole.org_a, review.pole.a_member, at(26, 9), at(26, 11),
         BookingStatus.CONFIRMED)
    uses = occupancy(FEB)
    assert uses == afresh()
    by_id = {u.offer_id: u for u in uses}
    assert by_id[review.tool.id].bookings == before[review.tool.id].bookings + 1
    assert by_id[review.room.id] is before[review.room.id]  # left as it was
    # The lesson, the skill's only booking, cancelled: the skill has no totals left.
    row = db.session.get(Booking, review.lesson.id)
    row.status = BookingStatus.CANCELLED
    db.session.commit()
    uses = occupancy(FEB)
    assert uses == afresh()
    skill = next(u for u in uses if u.offer_id == review.skill.id)
    assert (skill.bookings, skill.hours, skill.rate) == (0, 0, 0)


def test_a_booking_counts_again_who_pools_not_who_the_members_are(review, monkeypatch):
    """A booking moves how many members pool, never who they are: their circles, legal
    forms and domains stay as counted, and a change of a member counts them again."""
    kept_figures = members.figures(FEB)
    assert kept_figures.pooling == 3
    recounted = []
    original = members.count_members
    monkeypatch.setattr(members, "count_members",
                        lambda period: recounted.append(period) or original(period))
    # C, who did nothing in February, books the room: 4 members of 4 pool.
    book(review.room, review.newcomer, review.pole.cell, at(26, 10), at(26, 12),
         BookingStatus.CONFIRMED)
    figures = members.figures(FEB)
    assert (figures.pooling, figures.pooling_share) == (4, 1.0)
    assert recounted == []
    assert replace(figures, pooling=3, pooling_share=0.75) == kept_figures
    # C's staff grows from 10 to 12 FTE: the members are counted again.
    review.newcomer.staff_fte = Decimal("12")
    db.session.commit()
    assert members.figures(FEB).staff_fte == Decimal("22.5")
    assert recounted == [FEB]


def test_a_periods_usage_is_kept_until_a_booking_of_its_months_is_written(review,
                                                                          monkeypatch):
    """Each process keeps a period's usage and members' figures; a booking made, moved,
    cancelled or deleted in another month leaves them, one in the period's months does
    not. The writes are counted by the bookings' trigger."""
    pole, room = review.pole, review.room
    kept_usage, kept_members = usage.figures(FEB), members.figures(FEB)
    summed = []
    for module in (usage, members):
        original = module.compute
        monkeypatch.setattr(module, "compute",
                            lambda period, *a, original=original, name=module.__name__:
                            summed.append(name) or original(period, *a))

    def counted_again() -> list[str]:
        usage.figures(FEB), members.figures(FEB)
        found = sorted(summed)
        summed.clear()
        return found

    # April: February's figures stand.
    april = book(room, pole.org_b, pole.b_admin, at(7, 10, month=4), at(7, 12, month=4),
                 BookingStatus.CONFIRMED)
    april.status = BookingStatus.CANCELLED
    db.session.commit()
    assert counted_again() == []
    assert usage.figures(FEB) == kept_usage and members.figures(FEB) == kept_members
    # A booking in February, then the April one moved into February, then deleted.
    book(room, pole.org_b, pole.b_admin, at(24, 14), at(24, 16), BookingStatus.CONFIRMED)
    assert counted_again() == ["pooling.review.members", "pooling.review.usage"]
    assert usage.figures(FEB).total.bookings == kept_usage.total.bookings + 1
    april.starts_at, april.ends_at = at(25, 10), at(25, 12)
    april.busy_from, april.busy_until = april.starts_at, april.ends_at
    db.session.commit()
    assert counted_again() == ["pooling.review.members", "pooling.review.usage"]
    db.session.delete(april)
    db.session.commit()
    assert counted_again() == ["pooling.review.members", "pooling.review.usage"]
    assert counted_again() == []
    # The month right after February, filed in the pole's zone: February stands.
    march = book(room, pole.org_b, pole.b_admin, at(2, 10, month=3), at(2, 12, month=3),
                 BookingStatus.CONFIRMED)
    assert counted_again() == []
    # Months filed in another zone (before `review rebuild`): February's usage is summed
    # from its bookings' instants, and a booking of the months beside it counts again.
    db.session.execute(sa.update(ReviewMonth).where(ReviewMonth.month == date(2026, 2, 1))
                       .values(starts_at=datetime(2026, 2, 1, tzinfo=UTC)))
    db.session.commit()
    usage.figures(FEB), members.figures(FEB)
    summed.clear()
    march.status = BookingStatus.CANCELLED
    db.session.commit()
    assert counted_again() == ["pooling.review.members", "pooling.review.usage"]
