"""Needs in the database: the constraints refuse what the services refuse, on SQLite and
PostgreSQL alike, and a matcher reads a need as plain values."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pooling.accounts.models import User
from pooling.catalogue.models import Category, OfferKind
from pooling.errors import Conflict
from pooling.extensions import db
from pooling.needs import services
from pooling.needs.models import Need, NeedStatus
from pooling.pole.clock import pole_today
from tests.races import race

NINE, FIVE = datetime(2030, 6, 6, 7, tzinfo=UTC), datetime(2030, 6, 6, 15, tzinfo=UTC)


def _insert(row: dict) -> None:
    """The row as written straight in SQL, past the model's own checks of its enums."""
    table = sa.table("needs", *(sa.column(name) for name in row))
    db.session.execute(sa.insert(table).values(**row))
    db.session.flush()


def _row(pole, **kw) -> dict:
    return {"member_id": pole.org_a.id, "kind": "premises", "status": "open", "text": "Salle",
            "search_key": "salle", "town": "", "open_until": date(2030, 1, 1),
            "created_at": NINE, "updated_at": NINE, **kw}


@pytest.mark.parametrize("change", [
    {"text": ""},
    {"window_from": NINE},
    {"window_from": FIVE, "window_to": NINE},
    {"duration_minutes": 0},
    {"capacity": 0},
    {"quantity": -1},
    {"status": "expired"},
    {"status": "fulfilled"},  # closed without a date
    {"closed_at": NINE},  # open with a closing date
    {"kind": "ship"},
])
def test_the_database_refuses_what_the_services_refuse(app, pole, change):
    _insert(_row(pole))  # the same row, as it should be, is taken
    with pytest.raises(IntegrityError):
        _insert(_row(pole, **change))
    db.session.rollback()


def test_a_category_must_be_of_the_needs_kind(app, pole):
    tool_category = db.session.scalar(sa.select(Category.id).where(
        Category.kind == OfferKind.TOOL).limit(1))
    with pytest.raises(IntegrityError):
        _insert(_row(pole, category_id=tool_category))
    db.session.rollback()


def test_a_matcher_reads_a_need_as_plain_values(app, pole):
    need = services.create_need(pole.a_member, services.NeedData(
        kind=OfferKind.PREMISES, text="Une salle pour une formation de 12 personnes",
        tags=["formation"], window_from=NINE, window_to=FIVE, duration_minutes=180,
        capacity=12, town="Grenoble"))
    request = services.need_request(need.id)
    assert (request.member_id, request.kind, request.capacity, request.duration_minutes) == (
        pole.org_a.id, OfferKind.PREMISES, 12, 180)
    assert (request.window_from, request.window_to, request.tags) == (NINE, FIVE,
                                                                       ("formation",))
    assert request.is_open
    services.close_need(pole.a_member, need.id, NeedStatus.FULFILLED)
    assert not services.need_request(need.id).is_open


def test_the_board_leaves_out_expired_needs(app, pole):
    kept = services.create_need(pole.a_member, services.NeedData(
        kind=OfferKind.SKILL, text="Aide pour la paie"))
    old = services.create_need(pole.a_member, services.NeedData(
        kind=OfferKind.SKILL, text="Conseil RGPD"))
    db.session.get(Need, old.id).open_until = pole_today() - timedelta(days=1)
    db.session.commit()
    board = services.search_needs(services.NeedQuery())
    assert [n.id for n in board.items] == [kept.id]
    ours = services.search_needs(services.NeedQuery(member_id=pole.org_a.id))
    assert {n.id for n in ours.items} == {kept.id, old.id}


@pytest.mark.demo
def test_the_demo_pole_has_open_needs_and_some_fulfilled(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    states = [need.state(pole_today()) for need in db.session.scalars(sa.select(Need))]
    assert states.count("open") >= 8 and states.count("fulfilled") >= 2
    board = services.search_needs(services.NeedQuery(q="salle formation"))
    assert [n.capacity for n in board.items] == [12]
    # The demo member's organisation has needs of its own, to edit and close.
    assert services.search_needs(services.NeedQuery(
        member_id=board.items[0].member_id)).total >= 2


def test_two_people_closing_a_need_at_once_close_it_once(app, pole):
    need = services.create_need(pole.a_member, services.NeedData(
        kind=OfferKind.SKILL, text="Aide pour la paie"))
    people = [pole.a_member.id, pole.a_admin.id, pole.cell.id, pole.a_member.id]
    outcomes = race(app, lambda i: services.close_need(
        db.session.get(User, people[i]), need.id,
        (NeedStatus.FULFILLED, NeedStatus.WITHDRAWN)[i % 2]).status, len(people))
    closed = [o for o in outcomes if isinstance(o, NeedStatus)]
    assert len(closed) == 1, outcomes
    assert all(isinstance(o, Conflict) for o in outcomes if o not in closed), outcomes
    assert db.session.get(Need, need.id).status == closed[0]
