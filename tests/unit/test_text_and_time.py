"""Pure helpers: search keys, LIKE patterns and UTC storage."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pooling.db import UTCDateTime, like_pattern, search_key


@pytest.mark.parametrize("typed, stored", [
    ("reunion", "Réunion"), ("ECOLE", "école"), ("theatre", "Théâtre du Réel"),
    ("coeur", "cœur"), ("cooper'actions", "Coopér'Actions"),
])
def test_search_key_ignores_accents_and_case(typed, stored):
    assert search_key(typed) in search_key(stored)


@given(st.text())
def test_search_key_is_idempotent_and_lower_case(text):
    key = search_key(text)
    assert search_key(key) == key
    assert key == key.casefold() or not key


def test_like_pattern_escapes_wildcards():
    assert like_pattern("50%_off") == "%50\\%\\_off%"


class _Dialect:
    def __init__(self, name):
        self.name = name


@given(st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1),
                    timezones=st.sampled_from([UTC, ZoneInfo("Europe/Paris"),
                                               timezone(timedelta(hours=-9, minutes=-30))])),
       st.sampled_from(["sqlite", "postgresql"]))
def test_utc_datetime_round_trips_the_same_instant(value, dialect_name):
    column = UTCDateTime()
    dialect = _Dialect(dialect_name)
    stored = column.process_bind_param(value, dialect)
    restored = column.process_result_value(stored, dialect)
    # Compared as instants: PEP 495 makes == across zones false inside a DST fold or gap.
    assert restored.timestamp() == value.timestamp()
    assert restored.utcoffset() == timedelta(0)


def test_utc_datetime_refuses_naive_values():
    with pytest.raises(ValueError):
        UTCDateTime().process_bind_param(datetime(2026, 3, 29, 9, 0), _Dialect("sqlite"))
