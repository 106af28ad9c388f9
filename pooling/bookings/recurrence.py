"""Recurrence rules (python-dateutil's rrule) in the pole's wall-clock time.

A weekly 9:00 meeting stays at 9:00 local time on both sides of a daylight-saving change:
occurrences are computed on naive local times, then placed in the time zone. An occurrence
whose start or end the clocks skip (the last Sunday of March) is kept, marked as skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil import rrule
from flask_babel import gettext as _

from pooling.catalogue.hours import Interval
from pooling.errors import invalid_field
from pooling.localtime import NonexistentTime, moved_forward, to_utc

MAX_OCCURRENCES = 200
FREQUENCIES = {"daily": rrule.DAILY, "weekly": rrule.WEEKLY, "monthly": rrule.MONTHLY}
WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)


@dataclass(frozen=True)
class Recurrence:
    frequency: str  # daily, weekly, monthly
    interval: int = 1  # every N days, weeks or months
    weekdays: tuple[int, ...] = field(default_factory=tuple)  # weekly: Monday is 0
    monthly_by: str = "date"  # monthly: the same date, or the same nth "weekday"
    until: date | None = None
    count: int | None = None


def _rule(recurrence: Recurrence, local_start: datetime) -> rrule.rrule:
    if recurrence.frequency not in FREQUENCIES:
        raise invalid_field("recurrence", _("Repeat daily, weekly or monthly."))
    if not 1 <= recurrence.interval <= 52:
        raise invalid_field("recurrence", _("Repeat every 1 to 52 days, weeks or months."))
    if (recurrence.until is None) == (recurrence.count is None):
        raise invalid_field("recurrence", _("Give either an end date or a number of occurrences."))
    if recurrence.count is not None and not 1 <= recurrence.count <= MAX_OCCURRENCES:
        raise invalid_field("recurrence", _("At most %(n)d occurrences.", n=MAX_OCCURRENCES))
    if recurrence.until is not None and recurrence.until < local_start.date():
        raise invalid_field("recurrence", _("The series must end after its first occurrence."))
    if any(not 0 <= d <= 6 for d in recurrence.weekdays):
        raise invalid_field("recurrence", _("Unknown day of the week."))
    if recurrence.monthly_by not in ("date", "weekday"):
        raise invalid_field("recurrence", _("Repeat monthly on the same date or the same weekday."))
    options = {"dtstart": local_start, "interval": recurrence.interval}
    if recurrence.count is not None:
        options["count"] = recurrence.count
    else:
        options["until"] = datetime.combine(recurrence.until, time.max)
    if recurrence.frequency == "weekly":
        options["byweekday"] = [WEEKDAYS[d] for d in sorted(set(recurrence.weekdays))] or [
            WEEKDAYS[local_start.weekday()]]
    elif recurrence.frequency == "monthly":
        if recurrence.monthly_by == "date":
            options["bymonthday"] = local_start.day
        else:
            nth = (local_start.day - 1) // 7 + 1
            # The 5th weekday of a month does not always exist: take the last one then.
            options["byweekday"] = WEEKDAYS[local_start.weekday()](-1 if nth == 5 else nth)
    return rrule.rrule(FREQUENCIES[recurrence.frequency], **options)


def rule_text(recurrence: Recurrence, first_start: datetime, zone: ZoneInfo) -> str:
    """The RFC 5545 RRULE of a series, as stored with it."""
    local = first_start.astimezone(zone).replace(tzinfo=None)
    text = str(_rule(recurrence, local))
    return next(line for line in text.splitlines() if line.startswith("RRULE:"))


@dataclass(frozen=True)
class Planned(Interval):
    """An occurrence of a series. `skipped`: the wall-clock time of its start or end that
    the clocks skip, if any; its interval is then only where it would have been."""

    skipped: NonexistentTime | None = None


def occurrences(start: datetime, end: datetime, recurrence: Recurrence,
                zone: ZoneInfo) -> list[Planned]:
    """The UTC intervals of a series whose first occurrence is [start, end)."""
    local_start = start.astimezone(zone).replace(tzinfo=None)
    local_end = end.astimezone(zone).replace(tzinfo=None)
    length = local_end - local_start
    found = []
    for index, occurrence in enumerate(_rule(recurrence, local_start)):
        if index == MAX_OCCURRENCES:
            raise invalid_field("recurrence", _("At most %(n)d occurrences.", n=MAX_OCCURRENCES))
        try:
            found.append(Planned(to_utc(occurrence, zone), to_utc(occurrence + length, zone)))
        except NonexistentTime as skipped:
            found.append(Planned(moved_forward(occurrence, zone),
                                 moved_forward(occurrence + length, zone), skipped))
    return found
