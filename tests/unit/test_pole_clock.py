"""The pole's clock: its zone and its day, whatever the server's zone; and it is the only
module that reads the pole's zone from the configuration."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask import Flask

import pooling
from pooling.pole import clock

NEW_YEARS_EVE_UTC = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January in Paris


@pytest.fixture
def pole_app():
    app = Flask(__name__)
    app.config["POLE_TIMEZONE"] = "Europe/Paris"
    with app.app_context():
        yield app


def test_the_pole_day_is_the_wall_clocks_not_utcs(pole_app, monkeypatch):
    monkeypatch.setattr(clock, "utcnow", lambda: NEW_YEARS_EVE_UTC)
    assert clock.pole_today() == date(2027, 1, 1)
    assert clock.pole_now().hour == 0
    assert clock.pole_day(NEW_YEARS_EVE_UTC) == date(2027, 1, 1)


def test_another_zone_is_read_from_the_configuration(pole_app, monkeypatch):
    pole_app.config["POLE_TIMEZONE"] = "America/Cayenne"  # a pole in French Guiana, UTC-3
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2027, 1, 1, 1, 0, tzinfo=UTC))
    assert clock.pole_today() == date(2026, 12, 31)
    assert str(clock.pole_zone()) == "America/Cayenne"


# Besides the clock, only the configuration (the default) and the application factory (Babel's
# zone for formatting dates) name the setting.
READERS = {"pooling/pole/clock.py", "pooling/config.py", "pooling/__init__.py"}


def test_only_the_clock_reads_the_poles_zone():
    root = Path(pooling.__file__).parent.parent
    readers = {str(path.relative_to(root)) for path in (root / "pooling").rglob("*.py")
               if "POLE_TIMEZONE" in path.read_text(encoding="utf-8")}
    assert readers <= READERS, sorted(readers - READERS)
