"""The pole's wall-clock time and the instants it names: one place turns a local date and
time into UTC, and refuses a time that the clocks skip.

In spring the clocks jump from 02:00 to 03:00: 02:30 that night names no instant. In autumn
they fall back from 03:00 to 02:00: 02:30 names two instants, an hour apart; it is read as
the first of them (summer time, `fold=0`), as most calendars do.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import format_date
from flask_babel import gettext as _

from pooling.pole.clock import pole_zone


class NonexistentTime(ValueError):
    """A wall-clock time that the clocks skip when they move forward."""

    def __init__(self, wall: datetime):
        super().__init__(f"{wall.isoformat()} does not exist in this time zone")
        self.wall = wall


def to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant a naive wall-clock time names; an ambiguous one is the first of its
    two instants. Raises NonexistentTime for a time the clocks skip."""
    instant = moved_forward(wall, zone)
    if instant.astimezone(zone).replace(tzinfo=None) != wall.replace(tzinfo=None, fold=0):
        raise NonexistentTime(wall)
    return instant


def exists(wall: datetime, zone: ZoneInfo) -> bool:
    """Whether a naive wall-clock time names an instant in the zone."""
    try:
        to_utc(wall, zone)
    except NonexistentTime:
        return False
    return True


def moved_forward(wall: datetime, zone: ZoneInfo) -> datetime:
    """Like `to_utc`, but a skipped time moves forward by the length of the jump (02:30
    becomes 03:30): for opening hours, where "opens at 02:30" still opens that night."""
    # For a skipped time, fold=0 reads it with the offset in force before the jump.
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def local_instant(day: date, at: time) -> datetime:
    """A date and time of the pole as a UTC instant (NonexistentTime if skipped)."""
    return to_utc(datetime.combine(day, at), pole_zone())


def as_utc(value: datetime) -> datetime:
    """An instant given with its offset, or a naive one read as the pole's wall clock."""
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    return to_utc(value, pole_zone())


def wall_clock(instant: datetime) -> str:
    """How links and calendars carry an instant: the pole's wall clock, without offset."""
    return instant.astimezone(pole_zone()).replace(tzinfo=None).isoformat(timespec="minutes")


def nonexistent_message(error: NonexistentTime) -> str:
    """Why a time was refused, for a person: which time, which night."""
    return _("%(time)s does not exist on %(day)s: the clocks go forward an hour that "
             "night. Choose a time before or after the change.",
             time=error.wall.strftime("%H:%M"), day=format_date(error.wall.date(), "long"))
