"""Durations and spans of time as people say them, in the page's language and the pole's time:
« 14 jours », « 2 h 30 », « mardi 8 décembre 2026, 14 h–16 h ». Pages, e-mails and the
booking rules' messages all use these, on top of Babel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache

from babel import Locale
from babel.dates import (
    DateTimePattern,
    format_timedelta,
    get_date_format,
    get_time_format,
    parse_pattern,
)
from babel.lists import format_list
from flask_babel import get_locale, get_timezone, get_translations

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


@lru_cache(maxsize=32)
def date_pattern(style: str, locale: Locale) -> DateTimePattern:
    """Babel's pattern of a date style (short, medium, long, full) in a language, parsed
    once: format_date looks the locale up and parses it again at each call."""
    return get_date_format(style, locale)


@lru_cache(maxsize=16)
def _time_patterns(locale: Locale) -> tuple[DateTimePattern, DateTimePattern]:
    """The patterns of a time of day in a language: on the hour, and with minutes."""
    if locale.language in _TIME_PATTERNS:
        return tuple(parse_pattern(p) for p in _TIME_PATTERNS[locale.language])
    short = get_time_format("short", locale)
    return short, short


class Phrases:
    """The reader's language, translations and time zone, looked up once for sentences
    written one after the other (a need's matches give each of their reasons in a few):
    Flask-Babel keeps them in the request's `g` but finds them there again at each of its
    calls, through several context lookups. Make one where the sentences are written; keep
    none across requests or languages."""

    def __init__(self) -> None:
        self.locale = _locale()
        self.translations = get_translations()
        self.zone = get_timezone()

    def gettext(self, message: str, **values) -> str:
        """Flask-Babel's gettext."""
        text = self.translations.ugettext(message)
        return text % values if values else text

    def local(self, moment: datetime) -> datetime:
        """The moment in the reader's time zone (a naive one is in UTC)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return self.zone.normalize(moment.astimezone(self.zone))

    def time_of_day(self, moment: datetime) -> str:
        """A time in the reader's time zone, without seconds or zone: « 14 h »,
        « 9 h 30 », "2:00 PM"."""
        local = self.local(moment)
        whole, with_minutes = _time_patterns(self.locale)
        return (with_minutes if local.minute else whole).apply(local, self.locale)

    def time_range(self, start: datetime, end: datetime) -> str:
        """See format_time_range."""
        local_start, local_end = self.local(start), self.local(end)
        full = date_pattern("full", self.locale)
        start_day = full.apply(local_start.date(), self.locale)
        if local_start.date() == local_end.date():
            return self.gettext("%(day)s, %(start)s–%(end)s", day=start_day,
                                start=self.time_of_day(start), end=self.time_of_day(end))
        return self.gettext("from %(start_day)s, %(start)s to %(end_day)s, %(end)s",
                            start_day=start_day, start=self.time_of_day(start),
                            end_day=full.apply(local_end.date(), self.locale),
                            end=self.time_of_day(end))


def format_time_range(start: datetime, end: datetime) -> str:
    """A span of time in one format: « mardi 8 décembre 2026, 14 h–16 h », across days
    « du mardi 8 décembre 2026, 14 h au mercredi 9 décembre 2026, 10 h »."""
    return Phrases().time_range(start, end)
