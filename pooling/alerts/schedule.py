"""When a person's digest is due: pure rules on the pole's calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pooling.alerts.models import Frequency


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def is_due(frequency: Frequency, last_sent: datetime | None, now: datetime,
           zone: ZoneInfo) -> bool:
    """Immediately: at every run; daily: once per day of the pole; weekly: once per week of
    the pole (Monday to Sunday). A digest with nothing new is not sent and leaves it due."""
    if frequency == Frequency.NEVER:
        return False
    if frequency == Frequency.IMMEDIATELY or last_sent is None:
        return True
    last_day, today = last_sent.astimezone(zone).date(), now.astimezone(zone).date()
    if frequency == Frequency.DAILY:
        return today > last_day
    return _monday(today) > _monday(last_day)
