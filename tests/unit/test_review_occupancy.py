"""Open hours and item-days of an offer over some days: pure arithmetic on weekly slots and
closures, worked out by hand."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from pooling.catalogue.hours import Interval, WeeklySlot
from pooling.catalogue.models import OfferKind
from pooling.review.occupancy import available, open_hours, weekdays_between

PARIS = ZoneInfo("Europe/Paris")
MORNINGS = [WeeklySlot(d, time(9), time(12)) for d in range(5)]  # 3 h, Monday to Friday


def paris(day: int, hour: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=PARIS).astimezone(UTC)


def test_weekdays_are_counted_whole_weeks_and_the_rest():
    # Sunday 1 to Tuesday 10 March 2026: one whole week, then Sunday 8, Monday 9, Tuesday 10.
    assert weekdays_between(date(2026, 3, 1), date(2026, 3, 10)) == [2, 2, 1, 1, 1, 1, 2]


def test_a_closure_over_a_weekend_takes_only_the_open_hours_it_covers():
    # 2 to 13 March: 10 weekdays × 3 h = 30 h. Closed from Friday 6 at 10:00 to Monday 9 at
    # 11:00: Friday 10-12 (2 h) and Monday 9-11 (2 h): 26 h.
    closure = Interval(paris(6, 10), paris(9, 11))
    assert open_hours(MORNINGS, [closure], date(2026, 3, 2), date(2026, 3, 13), PARIS) == 26


def test_overlapping_closures_count_once_and_the_clocks_change_nothing():
    # 23 to 31 March (the clocks go forward on Sunday 29): 7 weekdays × 3 h = 21 h; two
    # closures overlapping on Tuesday 24 from 9:00 to 12:00: 21 - 3 = 18 h.
    closures = [Interval(paris(24, 9), paris(24, 11)), Interval(paris(24, 10), paris(24, 12))]
    assert open_hours(MORNINGS, closures, date(2026, 3, 23), date(2026, 3, 31), PARIS) == 18


def test_a_skill_offers_at_most_its_providers_weekly_hours():
    # Two weeks of mornings: 30 h open, but at most 4 h a week: 4 × 14 / 7 = 8 h.
    days = (date(2026, 3, 2), date(2026, 3, 15))
    assert available(OfferKind.SKILL, MORNINGS, [], days, None, 4, None, PARIS) == \
        pytest.approx(8)
    # A monthly limit of 100 h is above the 30 h open: the slots decide.
    assert available(OfferKind.SKILL, MORNINGS, [], days, None, None, 100, PARIS) == 30


def test_a_tool_has_its_stock_every_day_less_its_closed_days():
    # Three items over 10 days, closed one and a half days: 3 × 8.5 = 25.5 item-days.
    closure = Interval(paris(3, 0), paris(4, 12))
    days = (date(2026, 3, 1), date(2026, 3, 10))
    assert available(OfferKind.TOOL, [], [closure], days, 3, None, None, PARIS) == \
        pytest.approx(25.5)
