"""What each person may do with a booking now, against a table written from the README,
over every status, every person and every moment, without a database.

README: requested → confirmed or declined (by the owner, or the cell) → completed after its
end (the owner, the cell, or `flask bookings tick`) or no-show (reported once it started);
the beneficiary cancels before the start, the owner (and the cell) before the end; the
organisation that booked (or the cell) changes the times before the start.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pooling import create_app
from pooling.accounts.models import Role, User
from pooling.bookings.models import Booking, BookingStatus
from pooling.bookings.permissions import Action, allowed_actions, refusal
from pooling.bookings.rules import Rule
from pooling.catalogue.models import Offer
from pooling.errors import Conflict, Forbidden
from tests.conftest import base_config

OWNER, BENEFICIARY, OTHER, CELL = 1, 2, 3, 4  # the organisations' ids
START = datetime(2030, 3, 4, 9, tzinfo=UTC)
END = START + timedelta(hours=2)
# Each moment, and when it falls: a booking has started at its start, is over at its end.
MOMENTS = {
    "a day before": (START - timedelta(days=1), "before"),
    "a minute before the start": (START - timedelta(minutes=1), "before"),
    "at the start": (START, "during"),
    "during": (START + timedelta(hours=1), "during"),
    "at the end": (END, "after"),
    "a day after": (END + timedelta(days=1), "after"),
}
PEOPLE = {
    "the cell": (Role.CELL, CELL),
    "the owner": (Role.MEMBER, OWNER),
    "the owner's administrator": (Role.MEMBER_ADMIN, OWNER),
    "the beneficiary": (Role.MEMBER, BENEFICIARY),
    "the beneficiary's administrator": (Role.MEMBER_ADMIN, BENEFICIARY),
    "another member": (Role.MEMBER_ADMIN, OTHER),
    "the service": None,
}


@pytest.fixture(scope="module", autouse=True)
def translated():
    """Refusals are translated: they are built in a request of the app (no database)."""
    app = create_app(base_config())
    with app.test_request_context():
        yield


def may_ever(person: str, action: Action) -> bool:
    """Who may take each action at all, whatever the booking's status and time."""
    deciders = {"the cell", "the owner", "the owner's administrator"}
    bookers = {"the cell", "the beneficiary", "the beneficiary's administrator"}
    return {
        Action.CONFIRM: person in deciders,
        Action.DECLINE: person in deciders,
        Action.CANCEL: person in deciders | bookers,
        Action.CHANGE: person in bookers,
        Action.COMPLETE: person in deciders | {"the service"},
        Action.NO_SHOW: person in deciders,
    }[action]


def may_now(person: str, status: BookingStatus, when: str, action: Action) -> bool:
    """The README's rules of status and time, for a person who may take the action."""
    deciding = person in {"the cell", "the owner", "the owner's administrator"}
    open_ = status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
    return {
        Action.CONFIRM: status == BookingStatus.REQUESTED,
        Action.DECLINE: status == BookingStatus.REQUESTED,
        # The owner and the cell cancel until the end; the beneficiary before the start.
        Action.CANCEL: open_ and (when != "after" if deciding else when == "before"),
        Action.CHANGE: open_ and when == "before",
        Action.COMPLETE: status == BookingStatus.CONFIRMED and when == "after",
        Action.NO_SHOW: status == BookingStatus.CONFIRMED and when != "before",
    }[action]


def booking(status: BookingStatus) -> Booking:
    return Booking(status=status, starts_at=START, ends_at=END, member_id=BENEFICIARY,
                   offer=Offer(member_id=OWNER))


def person(name: str) -> User | None:
    if PEOPLE[name] is None:
        return None
    role, member_id = PEOPLE[name]
    return User(role=role, member_id=member_id)


@pytest.mark.parametrize("status", BookingStatus)
@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("moment", MOMENTS)
def test_each_person_may_take_exactly_the_actions_the_readme_gives(status, who, moment):
    now, when = MOMENTS[moment]
    user, held = person(who), booking(status)
    expected = {action for action in Action
                if may_ever(who, action) and may_now(who, status, when, action)}
    for action in Action:
        refused = refusal(user, held, action, now)
        if action in expected:
            assert refused is None, (action, refused)
        elif not may_ever(who, action):
            # Who they are refuses them, whatever the booking's state: 403.
            assert isinstance(refused, Forbidden), (action, refused)
        else:
            # The booking's status or time refuses it: 409, with the rule the API names.
            assert isinstance(refused, Conflict), (action, refused)
            assert refused.details["rule"] == Rule.TRANSITION
        assert refused is None or str(refused)  # a message for the person
    if user is not None:
        # The page shows the buttons of exactly these actions.
        assert allowed_actions(user, held, now) == expected
