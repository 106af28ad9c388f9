"""The pole's clock: its time zone, and what day and time it is there, whatever the
server's own zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from pooling.db import utcnow


def pole_zone() -> ZoneInfo:
    """The pole's time zone (Europe/Paris unless configured otherwise)."""
    return ZoneInfo(current_app.config["POLE_TIMEZONE"])


def pole_now() -> datetime:
    """The current instant on the pole's wall clock."""
    return utcnow().astimezone(pole_zone())


def pole_today() -> date:
    """Today's date in the pole."""
    return pole_now().date()


def pole_day(instant: datetime) -> date:
    """The pole's date at an instant."""
    return instant.astimezone(pole_zone()).date()
