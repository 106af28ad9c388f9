"""The arithmetic of bookings over time, free of the database: busy ranges, peaks of
stock, free time, units used, and the weeks and months that quotas count in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from pooling.bookings.models import QuotaPeriod
from pooling.catalogue.hours import Interval
from pooling.catalogue.models import Unit


def busy_range(start: datetime, end: datetime, buffer_minutes: int) -> Interval:
    """The range a booking keeps to itself: half the buffer on each side, so that two
    bookings are a whole buffer apart exactly when their busy ranges do not overlap."""
    half = timedelta(minutes=buffer_minutes) / 2
    return Interval(start - half, end + half)


@dataclass(frozen=True)
class Held:
    """A booking that holds (part of) an offer's stock over its busy range."""

    busy: Interval
    quantity: int


def peak(held: Iterable[Held], window: Interval) -> int:
    """The largest quantity held at any instant of the window (a sweep over the edges)."""
    edges: list[tuple[datetime, int]] = []
    for item in held:
        if item.busy.overlaps(window):
            edges.append((max(item.busy.start, window.start), item.quantity))
            edges.append((min(item.busy.end, window.end), -item.quantity))
    # At one instant, releases come before takes: touching ranges do not add up.
    edges.sort(key=lambda edge: (edge[0], edge[1]))
    level = highest = 0
    for _at, change in edges:
        level += change
        highest = max(highest, level)
    return highest


def remaining(held: list[Held], window: Interval, stock: int) -> list[tuple[Interval, int]]:
    """The window cut where the quantity held changes, with what is left in each piece."""
    cuts = {window.start, window.end}
    for item in held:
        for edge in (item.busy.start, item.busy.end):
            if window.start < edge < window.end:
                cuts.add(edge)
    ordered = sorted(cuts)
    pieces = []
    for start, end in zip(ordered, ordered[1:], strict=False):
        piece = Interval(start, end)
        used = sum(h.quantity for h in held if h.busy.overlaps(piece))
        pieces.append((piece, max(0, stock - used)))
    return pieces


def subtract(intervals: list[Interval], holes: Iterable[Interval]) -> list[Interval]:
    """The parts of the intervals outside every hole."""
    result = list(intervals)
    for hole in holes:
        next_result = []
        for interval in result:
            if not interval.overlaps(hole):
                next_result.append(interval)
                continue
            if interval.start < hole.start:
                next_result.append(Interval(interval.start, hole.start))
            if hole.end < interval.end:
                next_result.append(Interval(hole.end, interval.end))
        result = next_result
    return result


def units_used(unit: Unit, start: datetime, end: datetime, zone: ZoneInfo) -> Decimal:
    """How many of the offer's units a booking uses: hours to the minute; days and
    half-days (mornings until 13:00, afternoons after) as counted on the pole's calendar."""
    if unit == Unit.HOUR:
        return (Decimal((end - start).total_seconds()) / 3600).quantize(Decimal("0.01"))
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    count = 0
    day = local_start.date()
    while datetime.combine(day, time(0), zone) < local_end:
        day_start = max(local_start, datetime.combine(day, time(0), zone))
        day_end = min(local_end, datetime.combine(day + timedelta(days=1), time(0), zone))
        noon = datetime.combine(day, time(13), zone)
        if unit == Unit.DAY:
            count += 1
        else:
            count += (day_start < noon) + (day_end > noon)
        day += timedelta(days=1)
    return Decimal(max(count, 1))


def hours_of(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600




def period_bounds(day: date, period: QuotaPeriod, zone: ZoneInfo) -> Interval:
    """The calendar week (Monday to Sunday) or month of the pole that holds the day."""
    if period == QuotaPeriod.WEEK:
        first = day - timedelta(days=day.weekday())
        last = first + timedelta(days=7)
    else:
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1)
    return Interval(datetime.combine(first, time(0), zone), datetime.combine(last, time(0), zone))
