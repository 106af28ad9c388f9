"""Opening hours are wall-clock times of the pole, correct across daylight-saving changes."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from pooling.catalogue.hours import Interval, WeeklySlot, is_open_for, open_intervals

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS_9_TO_18 = [WeeklySlot(d, time(9), time(18)) for d in range(5)]


def _paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def test_nine_oclock_stays_nine_oclock_across_both_changes():
    # Last Sundays of March and October 2026: 29 March and 25 October.
    slots = [WeeklySlot(0, time(9), time(10))]  # Mondays
    for monday in (date(2026, 3, 23), date(2026, 3, 30), date(2026, 10, 19), date(2026, 10, 26)):
        (interval,) = open_intervals(slots, monday, monday, PARIS)
        assert interval.start.astimezone(PARIS).time() == time(9)
        assert interval.end - interval.start == timedelta(hours=1)
    before, after = (open_intervals(slots, d, d, PARIS)[0].start
                     for d in (date(2026, 3, 23), date(2026, 3, 30)))
    assert (before.hour, after.hour) == (8, 7)  # 9:00 is 08:00 UTC in winter, 07:00 in summer


def test_a_slot_over_the_skipped_hour_is_an_hour_shorter():
    slots = [WeeklySlot(6, time(1), time(4))]  # Sunday 29 March 2026, 02:00-03:00 skipped
    (interval,) = open_intervals(slots, date(2026, 3, 29), date(2026, 3, 29), PARIS)
    assert interval.end - interval.start == timedelta(hours=2)


def test_touching_slots_merge_so_a_booking_may_span_them():
    slots = [WeeklySlot(0, time(9), time(12)), WeeklySlot(0, time(12), time(18))]
    wanted = Interval(_paris(2026, 6, 1, 11).astimezone(UTC),
                      _paris(2026, 6, 1, 14).astimezone(UTC))
    assert is_open_for(slots, [], wanted, PARIS)


def test_closed_outside_hours_on_weekends_and_during_closures():
    monday_10_to_12 = Interval(_paris(2026, 6, 1, 10), _paris(2026, 6, 1, 12))
    assert is_open_for(WEEKDAYS_9_TO_18, [], monday_10_to_12, PARIS)
    evening = Interval(_paris(2026, 6, 1, 17), _paris(2026, 6, 1, 19))
    assert not is_open_for(WEEKDAYS_9_TO_18, [], evening, PARIS)
    saturday = Interval(_paris(2026, 6, 6, 10), _paris(2026, 6, 6, 12))
    assert not is_open_for(WEEKDAYS_9_TO_18, [], saturday, PARIS)
    works = Interval(_paris(2026, 6, 1, 11, 30), _paris(2026, 6, 1, 13))
    assert not is_open_for(WEEKDAYS_9_TO_18, [works], monday_10_to_12, PARIS)


@given(day=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
       opens=st.integers(min_value=0, max_value=22), length=st.integers(min_value=1, max_value=6))
def test_every_interval_opens_at_the_local_wall_clock_time(day, opens, length):
    closes = min(opens + length, 23)
    slots = [WeeklySlot(day.weekday(), time(opens), time(closes))]
    for interval in open_intervals(slots, day, day, PARIS):
        local_start = interval.start.astimezone(PARIS)
        assert local_start.date() == day
        assert local_start.hour in (opens, opens + 1)  # +1 only inside the skipped hour
        assert interval.start < interval.end
        assert interval.start.utcoffset() == timedelta(0)


@given(start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31),
                          timezones=st.just(UTC)),
       minutes=st.integers(min_value=15, max_value=600))
def test_a_booking_is_open_only_inside_one_days_hours(start, minutes):
    wanted = Interval(start, start + timedelta(minutes=minutes))
    local_start, local_end = wanted.start.astimezone(PARIS), wanted.end.astimezone(PARIS)
    expected = (local_start.weekday() < 5 and local_start.date() == local_end.date()
                and time(9) <= local_start.time() and local_end.time() <= time(18)
                and local_end.time() != time(0))
    assert is_open_for(WEEKDAYS_9_TO_18, [], wanted, PARIS) == expected


def test_remembered_intervals_are_the_same_and_a_callers_list_its_own():
    first = open_intervals(iter(WEEKDAYS_9_TO_18), date(2026, 3, 23), date(2026, 4, 5), PARIS)
    first.clear()  # what one caller does to its list does not reach the next
    again = open_intervals(WEEKDAYS_9_TO_18, date(2026, 3, 23), date(2026, 4, 5), PARIS)
    assert len(again) == 10
    assert again[5].start == _paris(2026, 3, 30, 9).astimezone(UTC)
    assert open_intervals(list(WEEKDAYS_9_TO_18), date(2026, 3, 23), date(2026, 4, 5),
                          PARIS) == again
