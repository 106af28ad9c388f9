"""Property-based tests of the booking arithmetic: overlaps and buffers, peaks of stock,
units, and recurrences across daylight-saving changes."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from pooling.bookings.recurrence import Recurrence, occurrences
from pooling.bookings.timeline import Held, busy_range, peak, remaining, subtract, units_used
from pooling.catalogue.hours import Interval
from pooling.catalogue.models import Unit
from pooling.errors import InvalidInput
from pooling.localtime import moved_forward, to_utc

PARIS = ZoneInfo("Europe/Paris")
BASE = datetime(2030, 1, 1, tzinfo=UTC)

minutes = st.integers(min_value=0, max_value=60 * 24 * 14)
lengths = st.integers(min_value=1, max_value=60 * 24)


@st.composite
def intervals(draw):
    start = BASE + timedelta(minutes=draw(minutes))
    return Interval(start, start + timedelta(minutes=draw(lengths)))


@given(intervals(), intervals(), st.integers(min_value=0, max_value=240))
def test_busy_ranges_overlap_exactly_when_the_gap_is_shorter_than_the_buffer(a, b, buffer):
    gap = max(b.start - a.end, a.start - b.end)
    clash = busy_range(a.start, a.end, buffer).overlaps(busy_range(b.start, b.end, buffer))
    assert clash == (gap < timedelta(minutes=buffer))


@given(st.lists(st.tuples(intervals(), st.integers(min_value=1, max_value=5)), max_size=12),
       intervals())
def test_the_peak_is_the_most_held_at_any_instant(bookings, window):
    held = [Held(interval, quantity) for interval, quantity in bookings]
    # Brute force: the quantity held just after every edge inside the window.
    instants = {window.start} | {e for h in held for e in (h.busy.start, h.busy.end)
                                 if window.start <= e < window.end}
    expected = max((sum(h.quantity for h in held if h.busy.start <= t < h.busy.end)
                    for t in instants), default=0)
    assert peak(held, window) == expected


@given(st.lists(st.tuples(intervals(), st.integers(min_value=1, max_value=3)), max_size=8),
       intervals(), st.integers(min_value=1, max_value=10))
def test_remaining_pieces_cover_the_window_and_never_go_negative(bookings, window, stock):
    held = [Held(interval, quantity) for interval, quantity in bookings]
    pieces = remaining(held, window, stock)
    assert pieces[0][0].start == window.start and pieces[-1][0].end == window.end
    assert all(a[0].end == b[0].start for a, b in zip(pieces, pieces[1:], strict=False))
    for piece, left in pieces:
        assert 0 <= left <= stock
        assert left == max(0, stock - peak(held, piece))


@given(st.lists(intervals(), max_size=5), st.lists(intervals(), max_size=5))
def test_subtracting_holes_leaves_nothing_inside_them(blocks, holes):
    left = subtract(blocks, holes)
    assert not any(piece.overlaps(hole) for piece in left for hole in holes)
    assert all(any(block.contains(piece) for block in blocks) for piece in left)


@given(st.integers(min_value=0, max_value=364), st.integers(min_value=0, max_value=23),
       st.integers(min_value=1, max_value=12))
def test_a_day_unit_counts_the_local_days_touched(day, hour, span_hours):
    start = moved_forward(datetime(2030, 1, 1) + timedelta(days=day, hours=hour), PARIS)
    end = start + timedelta(hours=span_hours)
    days = (end.astimezone(PARIS) - timedelta(microseconds=1)).date() - \
        start.astimezone(PARIS).date()
    assert units_used(Unit.DAY, start, end, PARIS) == days.days + 1


def test_units_in_hours_and_half_days():
    start = to_utc(datetime(2030, 6, 3, 9), PARIS)
    assert units_used(Unit.HOUR, start, start + timedelta(minutes=90), PARIS) == Decimal("1.50")
    assert units_used(Unit.HALF_DAY, start, start + timedelta(hours=3), PARIS) == 1
    assert units_used(Unit.HALF_DAY, start, start + timedelta(hours=8), PARIS) == 2


@settings(max_examples=60)
@example(date(2032, 3, 7), time(1, 0), 60, 4)  # ends in the hour skipped on 28 March
@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2035, 12, 31)),
       st.times(), st.integers(min_value=15, max_value=600), st.integers(min_value=1, max_value=60))
def test_weekly_occurrences_keep_their_local_time_and_length(day, at, length, count):
    at = at.replace(second=0, microsecond=0)
    start = moved_forward(datetime.combine(day, at), PARIS)
    # Skip wall-clock times that do not exist or exist twice: they cannot stay put.
    assume(start.astimezone(PARIS).time() == at)
    end = start + timedelta(minutes=length)
    found = occurrences(start, end, Recurrence("weekly", count=count), PARIS)
    assert len(found) == count
    local = end.astimezone(PARIS).replace(tzinfo=None) - start.astimezone(PARIS).replace(
        tzinfo=None)
    for index, occurrence in enumerate(found):
        wall = datetime.combine(day + timedelta(weeks=index), at)
        if occurrence.skipped is not None:  # its start or end is an hour the clocks skip
            assert occurrence.skipped.wall in (wall, wall + local)
            with pytest.raises(ValueError):
                to_utc(occurrence.skipped.wall, PARIS)
            continue
        # The same wall-clock start and end, every week.
        assert occurrence.start == to_utc(wall, PARIS)
        assert occurrence.end == to_utc(wall + local, PARIS)


@pytest.mark.parametrize("day, utc_hour", [
    (date(2026, 3, 23), 8), (date(2026, 3, 30), 7),  # last Sunday of March 2026: 29th
    (date(2026, 10, 19), 7), (date(2026, 10, 26), 8),  # last Sunday of October: 25th
])
def test_a_weekly_nine_oclock_meeting_stays_at_nine(day, utc_hour):
    found = occurrences(to_utc(datetime(2026, 3, 16, 9), PARIS),
                        to_utc(datetime(2026, 3, 16, 10), PARIS),
                        Recurrence("weekly", until=date(2026, 11, 30)), PARIS)
    starts = {o.start.astimezone(PARIS).date(): o.start for o in found}
    assert starts[day].hour == utc_hour
    assert starts[day].astimezone(PARIS).time() == time(9)


@given(st.sampled_from(["daily", "weekly", "monthly"]), st.integers(min_value=1, max_value=4),
       st.integers(min_value=1, max_value=50))
def test_occurrences_are_ordered_distinct_and_counted(frequency, interval, count):
    start = to_utc(datetime(2030, 1, 31, 10), PARIS)
    found = occurrences(start, start + timedelta(hours=1),
                        Recurrence(frequency, interval=interval, count=count), PARIS)
    assert len(found) == count
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


@pytest.mark.parametrize("recurrence", [
    Recurrence("hourly", count=2), Recurrence("weekly"),
    Recurrence("weekly", count=3, until=date(2030, 3, 1)), Recurrence("daily", count=201),
    Recurrence("daily", until=date(2029, 1, 1)), Recurrence("weekly", count=2, weekdays=(7,)),
    Recurrence("daily", interval=0, count=2), Recurrence("daily", until=date(2031, 1, 1)),
])
def test_impossible_recurrences_are_refused(app, recurrence):
    start = to_utc(datetime(2030, 1, 7, 10), PARIS)
    with app.test_request_context(), pytest.raises(InvalidInput):
        occurrences(start, start + timedelta(hours=1), recurrence, PARIS)
