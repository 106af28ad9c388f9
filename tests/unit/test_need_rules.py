"""The rules of a need, without a database: amounts, windows, dates, hours typed by people,
and when an open need reads as expired."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from flask import Flask
from flask_babel import Babel

from pooling.catalogue.models import OfferKind
from pooling.errors import InvalidInput
from pooling.needs.models import Need, NeedState, NeedStatus
from pooling.needs.services import NeedData, check_need_data, hours_of_minutes, minutes_of_hours

TODAY = date(2030, 6, 3)


@pytest.fixture(autouse=True)
def _context():
    """The messages are translated: an application context, no database."""
    app = Flask(__name__)
    Babel(app)
    with app.app_context():
        yield


def _need(**kw) -> NeedData:
    return NeedData(**{"kind": OfferKind.PREMISES, "text": "Une salle pour 12", **kw})


def _refused(data: NeedData) -> str:
    with pytest.raises(InvalidInput) as error:
        check_need_data(data, TODAY)
    [field] = error.value.fields
    return field


@pytest.mark.parametrize(("typed", "minutes"), [
    (Decimal("2.5"), 150), (Decimal("0.25"), 15), (Decimal("6"), 360), (None, None)])
def test_hours_become_whole_minutes(typed, minutes):
    assert minutes_of_hours(typed) == minutes
    if minutes:
        assert minutes_of_hours(hours_of_minutes(minutes)) == minutes


@pytest.mark.parametrize("typed", [Decimal("0"), Decimal("-1"), Decimal("NaN"),
                                   Decimal("0.001"), Decimal("1e9")])
def test_hours_that_name_no_length_are_refused(typed):
    with pytest.raises(InvalidInput) as error:
        minutes_of_hours(typed)
    assert list(error.value.fields) == ["duration_hours"]


def test_a_need_is_cleaned_and_given_a_default_date():
    cleaned = check_need_data(_need(text="  Une salle  ", capacity=12, quantity=3,
                                    tags=["Formation", "formation "]), TODAY)
    assert (cleaned.text, cleaned.capacity, cleaned.quantity) == ("Une salle", 12, None)
    assert cleaned.tags == ["formation"]
    assert cleaned.open_until == TODAY + timedelta(days=30)


@pytest.mark.parametrize(("change", "field"), [
    ({"text": " "}, "text"),
    ({"text": "x" * 2001}, "text"),
    ({"window_from": datetime(2099, 1, 1, 9, tzinfo=UTC)}, "window_to"),
    ({"window_from": datetime(2099, 1, 1, 9, tzinfo=UTC),
      "window_to": datetime(2099, 1, 1, 8, tzinfo=UTC)}, "window_to"),
    ({"window_from": datetime(2099, 1, 1, 9, tzinfo=UTC),
      "window_to": datetime(2099, 1, 1, 10, tzinfo=UTC), "duration_minutes": 90},
     "duration_hours"),
    ({"capacity": 0}, "capacity"),
    ({"kind": OfferKind.TOOL, "quantity": 0}, "quantity"),
    ({"duration_minutes": 0}, "duration_hours"),
    ({"open_until": TODAY - timedelta(days=1)}, "open_until"),
    ({"open_until": TODAY + timedelta(days=400)}, "open_until"),
    ({"town": "x" * 101}, "town"),
])
def test_bad_needs_are_refused_naming_the_field(change, field):
    assert _refused(_need(**change)) == field


def test_an_open_need_past_its_date_reads_as_expired():
    need = Need(status=NeedStatus.OPEN, open_until=TODAY)
    assert need.state(TODAY) == NeedState.OPEN
    assert need.state(TODAY + timedelta(days=1)) == NeedState.EXPIRED
    need.status = NeedStatus.FULFILLED
    assert need.state(TODAY + timedelta(days=1)) == NeedState.FULFILLED
