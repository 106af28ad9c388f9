"""Durations and spans of time as people say them, in the page's language and the pole's time:
« 14 jours », « 2 h 30 », « mardi 8 décembre 2026, 14 h–16 h ». Pages, e-mails and the
booking rules' messages all use these, on top of Babel."""

from __future__ import annotations

from datetime import datetime, timedelta

from babel import Locale
from babel.dates import format_date, format_time, format_timedelta
from babel.lists import format_list
from flask_babel import get_locale, to_user_timezone
from flask_babel import gettext as _

# French says « 14 h » and « 14 h 30 »; other languages keep their usual short time.
_TIME_PATTERNS = {"fr": ("H\u00a0'h'", "H\u00a0'h'\u00a0mm")}
_NEVER_ROUND = 10**9  # a threshold Babel never reaches: 14 days stay 14 days, not 2 weeks


def _locale() -> Locale:
    return get_locale() or Locale.parse("fr")


def _unit(amount: int, unit: str, locale: Locale) -> str:
    seconds = {"day": 86400, "hour": 3600, "minute": 60}[unit]
    return format_timedelta(timedelta(seconds=amount * seconds), threshold=_NEVER_ROUND,
                            granularity=unit, locale=locale)


def format_duration(minutes: int) -> str:
    """A length of time from minutes, exact and as said: « 14 jours », « 2 heures »,
    « 2 h 30 », « 1 jour et 4 heures »; never rounded."""
    locale = _locale()
    days, rest = divmod(int(minutes), 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [_unit(days, "day", locale)] if days else []
    if hours and minutes:
        if locale.language == "fr":
            parts.append(f"{hours}\u00a0h\u00a0{minutes:02d}")
        else:
            parts += [_unit(hours, "hour", locale), _unit(minutes, "minute", locale)]
    elif hours:
        parts.append(_unit(hours, "hour", locale))
    elif minutes or not parts:
        parts.append(_unit(minutes, "minute", locale))
    return format_list(parts, style="unit", locale=locale)


def format_time_of_day(moment: datetime) -> str:
    """A time in the pole's time zone, without seconds or zone: « 14 h », « 9 h 30 »,
    "2:00 PM"."""
    locale = _locale()
    local = to_user_timezone(moment)
    whole, with_minutes = _TIME_PATTERNS.get(locale.language, ("short", "short"))
    return format_time(local, with_minutes if local.minute else whole, locale=locale)


def format_time_range(start: datetime, end: datetime) -> str:
    """A span of time in one format: « mardi 8 décembre 2026, 14 h–16 h », across days
    « du mardi 8 décembre 2026, 14 h au mercredi 9 décembre 2026, 10 h »."""
    locale = _locale()
    local_start, local_end = to_user_timezone(start), to_user_timezone(end)
    start_day = format_date(local_start.date(), "full", locale=locale)
    if local_start.date() == local_end.date():
        return _("%(day)s, %(start)s–%(end)s", day=start_day,
                 start=format_time_of_day(start), end=format_time_of_day(end))
    return _("from %(start_day)s, %(start)s to %(end_day)s, %(end)s", start_day=start_day,
             start=format_time_of_day(start),
             end_day=format_date(local_end.date(), "full", locale=locale),
             end=format_time_of_day(end))
