"""Statements run straight on the driver (`driver_rows`) and the objects made from their
rows (`as_loaded`): they behave as the session's own execution and loading do."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from pooling.db import as_loaded, driver_batch, driver_rows, utcnow
from pooling.extensions import db
from pooling.members.models import Circle, LegalForm, Member

MEMBERS = Member.__table__


def by_id() -> sa.Select:
    return sa.select(MEMBERS).where(MEMBERS.c.id == sa.bindparam("id"))


@pytest.fixture
def member(make_member) -> Member:
    return make_member(name="Le Fournil", circle=Circle.FOUNDING_MEMBER)


def test_rows_are_plain_values_enums_by_value_datetimes_in_utc(member):
    since = datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=2)))
    statement = sa.select(MEMBERS.c.circle, MEMBERS.c.joined_on,
                          sa.bindparam("since", type_=sa.DateTime(timezone=True))
                          ).where(MEMBERS.c.id == sa.bindparam("id"))
    [(circle, joined_on, back)] = driver_rows(db.session, statement,
                                              {"id": member.id, "since": since})
    assert circle == Circle.FOUNDING_MEMBER.value and not isinstance(circle, Circle)
    assert joined_on == date(2020, 1, 1)
    if db.engine.dialect.name == "postgresql":  # SQLite gives back what it was given
        assert back == since and back.utcoffset() == timedelta(0)


def test_a_naive_datetime_is_refused(app):
    statement = sa.select(sa.bindparam("at", type_=sa.DateTime(timezone=True)))
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs the statement through SQLAlchemy")
    with pytest.raises(ValueError, match="naive"):
        driver_rows(db.session, statement, {"at": datetime(2026, 1, 1)})


def test_pending_changes_are_flushed_first(member):
    db.session.get(Member, member.id).name = "Le Fournil d'Eybens"
    [row] = driver_rows(db.session, by_id(), {"id": member.id})
    assert row[MEMBERS.c.keys().index("name")] == "Le Fournil d'Eybens"


def test_errors_are_sqlalchemys(member, make_member):
    other = make_member(name="La Régie")
    taken = MEMBERS.update().where(MEMBERS.c.id == other.id).values(
        name="Le Fournil", updated_at=utcnow())
    with pytest.raises(sa.exc.IntegrityError):
        driver_rows(db.session, taken, {}, writes=True)
    db.session.rollback()
    assert db.session.get(Member, other.id).name == "La Régie"


def test_a_statement_that_writes_is_not_committed_as_a_read(app, member):
    with app.app_context():  # a request's own context, ended like a request's
        driver_rows(db.session, MEMBERS.update().where(MEMBERS.c.id == member.id)
                    .values(name="Renommé", updated_at=utcnow()), {}, writes=True)
    assert db.session.scalar(sa.select(MEMBERS.c.name)) == "Le Fournil"


def test_a_list_parameter_is_refused_on_postgresql(member):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs the statement through SQLAlchemy")
    with pytest.raises(ValueError, match="list parameters"):
        driver_rows(db.session, sa.select(MEMBERS.c.id).where(MEMBERS.c.id.in_([1, 2])), {})


def test_a_column_left_to_its_python_default_is_refused_on_postgresql(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs the statement through SQLAlchemy")
    incomplete = MEMBERS.insert().values(name="Nouvelle", name_key="nouvelle",
                                         legal_form=LegalForm.ASSOCIATION,
                                         circle=Circle.PARTNER, joined_on=date(2020, 1, 1))
    with pytest.raises(ValueError, match="every column"):
        driver_rows(db.session, incomplete, {}, writes=True)


def test_as_loaded_gives_a_clean_object_of_the_session(member):
    member_id = member.id
    db.session.expunge_all()
    [row] = driver_rows(db.session, by_id(), {"id": member_id})
    loaded = as_loaded(db.session, Member, dict(zip(MEMBERS.c.keys(), row, strict=True)))
    assert loaded in db.session and loaded.circle is Circle.FOUNDING_MEMBER
    assert not db.session.dirty and not db.session.new
    assert db.session.get(Member, member_id) is loaded


def test_as_loaded_refreshes_the_object_the_session_holds(member):
    held = db.session.get(Member, member.id)
    with db.engine.begin() as other:  # another transaction renames it
        other.execute(MEMBERS.update().values(name="Renommé", circle=Circle.PARTNER))
    db.session.commit()
    [row] = driver_rows(db.session, by_id(), {"id": member.id})
    loaded = as_loaded(db.session, Member, dict(zip(MEMBERS.c.keys(), row, strict=True)))
    assert loaded is held
    assert (held.name, held.circle) == ("Renommé", Circle.PARTNER)
    assert not db.session.dirty
    assert isinstance(held.created_at, datetime) and held.created_at.tzinfo == UTC


def test_a_batch_runs_its_statements_in_order(member):
    rename = MEMBERS.update().where(MEMBERS.c.id == member.id).values(
        name="Renommé", updated_at=utcnow())
    names = sa.select(MEMBERS.c.name)
    before, renamed, after = driver_batch(db.session, (names, {}), (rename, {}), (names, {}),
                                          writes=True)
    assert (before, renamed, after) == ([("Le Fournil",)], [], [("Renommé",)])


def test_an_error_in_a_batch_is_sqlalchemys(member, make_member):
    other = make_member(name="La Régie")
    taken = MEMBERS.update().where(MEMBERS.c.id == other.id).values(
        name="Le Fournil", updated_at=utcnow())
    with pytest.raises(sa.exc.IntegrityError):
        driver_batch(db.session, (by_id(), {"id": member.id}), (taken, {}), writes=True)
    db.session.rollback()
    assert db.session.get(Member, other.id).name == "La Régie"
