"""Opening hours in the pole's local time, turned into UTC intervals (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from pooling.localtime import moved_forward


@dataclass(frozen=True)
class WeeklySlot:
    weekday: int  # Monday is 0
    opens_at: time
    closes_at: time


@dataclass(frozen=True)
class Interval:
    start: datetime  # UTC
    end: datetime  # UTC

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end

    def as_json(self, zone: ZoneInfo) -> dict[str, str]:
        """As the API gives it: ISO 8601 in the zone, with its offset."""
        return {"start": self.start.astimezone(zone).isoformat(),
                "end": self.end.astimezone(zone).isoformat()}


@lru_cache(maxsize=8192)
def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time of the pole as a UTC instant; an opening time that the clocks
    skip on the last Sunday of March moves forward with them. Remembered: most offers
    open and close at the same few times, and a need's candidates span the same weeks."""
    return moved_forward(datetime.combine(day, at), zone)


def open_intervals(slots: Iterable[WeeklySlot], first_day: date, last_day: date,
                   zone: ZoneInfo) -> list[Interval]:
    """The UTC intervals when the weekly slots are open, day by day, merged where they touch."""
    return list(_open_intervals(tuple(slots), first_day, last_day, zone))


@lru_cache(maxsize=4096)
def _open_intervals(slots: tuple[WeeklySlot, ...], first_day: date, last_day: date,
                    zone: ZoneInfo) -> tuple[Interval, ...]:
    """`open_intervals`, remembered: a need's candidates, and the needs asked the same
    day, mostly share a few weekly hours over the same weeks."""
    by_weekday: dict[int, list[WeeklySlot]] = {}
    for slot in slots:
        by_weekday.setdefault(slot.weekday, []).append(slot)
    intervals: list[Interval] = []
    day = first_day
    while day <= last_day:
        for slot in sorted(by_weekday.get(day.weekday(), []), key=lambda s: s.opens_at):
            interval = Interval(_local(day, slot.opens_at, zone), _local(day, slot.closes_at, zone))
            if intervals and intervals[-1].end >= interval.start:
                last = intervals.pop()
                interval = Interval(last.start, max(last.end, interval.end))
            intervals.append(interval)
        day += timedelta(days=1)
    return tuple(intervals)


def is_open_for(slots: Iterable[WeeklySlot], closures: Iterable[Interval], wanted: Interval,
                zone: ZoneInfo) -> bool:
    """Whether the whole wanted interval falls in opening hours and in no closure."""
    if not wanted.start < wanted.end:
        return False
    if any(closure.overlaps(wanted) for closure in closures):
        return False
    first = wanted.start.astimezone(zone).date() - timedelta(days=1)
    last = wanted.end.astimezone(zone).date()
    return any(interval.contains(wanted)
               for interval in open_intervals(slots, first, last, zone))
