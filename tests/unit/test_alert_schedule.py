"""When a digest is due: immediately at every run, daily once per day of the pole, weekly
once per week of the pole (Monday to Sunday), on the pole's clock, not UTC's."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from pooling.alerts.models import Frequency
from pooling.alerts.schedule import is_due

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


MONDAY_9 = paris(2026, 12, 7, 9)


@pytest.mark.parametrize("frequency", list(Frequency))
def test_a_first_digest_is_due_unless_never(frequency):
    assert is_due(frequency, None, MONDAY_9, PARIS) == (frequency != Frequency.NEVER)


@pytest.mark.parametrize("frequency, now, due", [
    (Frequency.IMMEDIATELY, paris(2026, 12, 7, 9, 15), True),
    (Frequency.NEVER, paris(2027, 1, 1), False),
    (Frequency.DAILY, paris(2026, 12, 7, 23, 59), False),
    (Frequency.DAILY, paris(2026, 12, 8, 0, 0), True),
    (Frequency.WEEKLY, paris(2026, 12, 13, 23, 59), False),  # Sunday night
    (Frequency.WEEKLY, paris(2026, 12, 14, 0, 0), True),  # the next Monday
    (Frequency.WEEKLY, paris(2027, 12, 7, 9), True),  # a year later, same ISO week
])
def test_a_digest_waits_for_its_next_day_or_week(frequency, now, due):
    assert is_due(frequency, MONDAY_9, now, PARIS) is due


def test_the_day_is_the_poles_not_utcs():
    # Sent at 23:30 in Paris: at 22:45 UTC (23:45 there) it is the same day of the pole,
    # at 23:05 UTC (00:05 there) the next, though UTC's day has not changed.
    last = paris(2026, 12, 7, 23, 30)
    assert not is_due(Frequency.DAILY, last, datetime(2026, 12, 7, 22, 45, tzinfo=UTC), PARIS)
    assert is_due(Frequency.DAILY, last, datetime(2026, 12, 7, 23, 5, tzinfo=UTC), PARIS)
