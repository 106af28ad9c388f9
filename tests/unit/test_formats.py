"""Durations and spans of time read as people say them, in French and in English."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, format_time
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pooling.formats import Phrases, format_duration, format_time_range

NB = "\u00a0"  # French keeps a number and its unit together
PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


@pytest.mark.parametrize("minutes, french, english", [
    (20160, f"14{NB}jours", "14 days"),
    (150, f"2{NB}h{NB}30", "2 hours, 30 minutes"),
    (120, f"2{NB}heures", "2 hours"),
    (30, "30 minutes", "30 minutes"),
    (1440 + 240, f"1{NB}jour et 4{NB}heures", "1 day, 4 hours"),
    (525600, f"365{NB}jours", "365 days"),
])
def test_durations_are_exact_and_said_as_people_say_them(app, minutes, french, english):
    with app.test_request_context():
        with force_locale("fr"):
            assert format_duration(minutes) == french
        with force_locale("en"):
            assert format_duration(minutes) == english


def test_a_span_within_a_day_names_the_day_once(app):
    start, end = paris(2026, 12, 8, 14), paris(2026, 12, 8, 16)
    with app.test_request_context():
        with force_locale("fr"):
            assert format_time_range(start, end) == f"mardi 8 décembre 2026, 14{NB}h–16{NB}h"
            assert format_time_range(paris(2026, 7, 8, 9, 30), paris(2026, 7, 8, 11)) == \
                f"mercredi 8 juillet 2026, 9{NB}h{NB}30–11{NB}h"
        with force_locale("en"):
            assert format_time_range(start, end) == \
                "Tuesday, December 8, 2026, 2:00\u202fPM–4:00\u202fPM"


def test_a_span_across_days_says_from_and_to(app):
    start, end = paris(2026, 12, 8, 14), paris(2026, 12, 9, 10, 30)
    with app.test_request_context():
        with force_locale("fr"):
            assert format_time_range(start, end) == (
                f"du mardi 8 décembre 2026, 14{NB}h au mercredi 9 décembre 2026, 10{NB}h{NB}30")
        with force_locale("en"):
            assert format_time_range(start, end) == (
                "from Tuesday, December 8, 2026, 2:00\u202fPM to Wednesday, December 9, 2026, "
                "10:30\u202fAM")


# Instants around both of 2026's changes of time in Paris, and the nights themselves.
instants = st.datetimes(min_value=datetime(2026, 3, 27), max_value=datetime(2026, 11, 2),
                        timezones=st.just(UTC))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # the app only
@given(start=instants, length=st.integers(0, 60 * 60 * 30), language=st.sampled_from(
    ["fr", "en"]))
def test_a_span_reads_as_babel_writes_its_days_and_times_in_paris(app, start, length,
                                                                  language):
    """The phrases looked up once write what Babel's own functions write, in the pole's
    time zone, across the changes of time."""
    end = start + timedelta(seconds=length)
    with app.test_request_context(), force_locale(language):
        start_local, end_local = start.astimezone(PARIS), end.astimezone(PARIS)

        def time_of_day(local: datetime) -> str:
            if language == "fr":
                return format_time(local, f"H{NB}'h'{NB}mm" if local.minute else f"H{NB}'h'",
                                   locale=language)
            return format_time(local, "short", locale=language)

        day = format_date(start_local.date(), "full", locale=language)
        if start_local.date() == end_local.date():
            expected = {"fr": f"{day}, {time_of_day(start_local)}–{time_of_day(end_local)}",
                        "en": f"{day}, {time_of_day(start_local)}–{time_of_day(end_local)}"}
        else:
            other = format_date(end_local.date(), "full", locale=language)
            expected = {
                "fr": f"du {day}, {time_of_day(start_local)} au {other}, "
                      f"{time_of_day(end_local)}",
                "en": f"from {day}, {time_of_day(start_local)} to {other}, "
                      f"{time_of_day(end_local)}"}
        assert format_time_range(start, end) == expected[language]
        phrases = Phrases()
        assert phrases.time_range(start, end) == expected[language]
        assert phrases.time_of_day(end) == time_of_day(end_local)
