"""Statements run straight on the driver (`driver_rows`) and the objects made from their
rows (`as_loaded`): they behave as the session's own execution and loading do. Every test
runs with the setting `DRIVER_FAST_PATH` on and off."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

import pooling.db
from pooling.db import (
    DRIVER_CACHE_SIZE,
    NaiveDatetimeError,
    UTCDateTime,
    as_loaded,
    driver_batch,
    driver_rows,
    fast_path_on,
    utcnow,
)
from pooling.extensions import db
from pooling.members.models import Circle, LegalForm, Member
from tests.conftest import database_url, is_postgres

MEMBERS = Member.__table__


@pytest.fixture(params=[True, False], ids=["fast-path", "through-sqlalchemy"])
def app_config(request) -> dict:
    return {"DRIVER_FAST_PATH": request.param}


def on_the_driver() -> bool:
    """Whether statements go straight to the driver in this test."""
    return db.engine.dialect.name == "postgresql" and fast_path_on()


def by_id() -> sa.Select:
    return sa.select(MEMBERS).where(MEMBERS.c.id == sa.bindparam("id"))


@pytest.fixture
def member(make_member) -> Member:
    return make_member(name="Le Fournil", circle=Circle.FOUNDING_MEMBER)


def test_rows_are_plain_values_enums_by_value_datetimes_in_utc(member):
    since = datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=2)))
    statement = sa.select(MEMBERS.c.circle, MEMBERS.c.joined_on,
                          sa.bindparam("since", type_=UTCDateTime)
                          ).where(MEMBERS.c.id == sa.bindparam("id"))
    [(circle, joined_on, back)] = driver_rows(db.session, statement,
                                              {"id": member.id, "since": since})
    assert circle == Circle.FOUNDING_MEMBER.value and type(circle) is str
    assert joined_on == date(2020, 1, 1)
    assert back == since and back.tzinfo is UTC


def test_a_naive_datetime_given_is_refused(app):
    statement = sa.select(sa.bindparam("at", type_=sa.DateTime(timezone=True)))
    with pytest.raises(NaiveDatetimeError, match="naive datetime refused .parameter 'at'"):
        driver_rows(db.session, statement, {"at": datetime(2026, 1, 1)})


def test_a_naive_datetime_read_is_refused_not_taken_for_local_time(app):
    """A timestamp without time zone names no instant: reading it as the server's local
    time would shift every booking by the server's offset."""
    naive = sa.literal_column("TIMESTAMP '2026-01-01 10:00:00'" if db.engine.dialect.name
                              == "postgresql" else "'2026-01-01 10:00:00.000000'", sa.DateTime)
    with pytest.raises(NaiveDatetimeError, match="naive datetime refused .column 2 "):
        driver_rows(db.session, sa.select(sa.literal(1), naive), {})


def test_the_compiled_statements_are_kept_for_statements_built_once_within_a_bound():
    from sqlalchemy.dialects.postgresql.psycopg import dialect

    compile_for_driver = pooling.db._compiled_for_driver
    postgresql = dialect()
    compile_for_driver.cache_clear()
    built_once = by_id()
    compiled = compile_for_driver(built_once, postgresql)
    for n in range(3 * DRIVER_CACHE_SIZE):  # statements built anew at each call
        compile_for_driver(sa.select(MEMBERS.c.id).where(MEMBERS.c.id == n), postgresql)
        assert compile_for_driver(built_once, postgresql) is compiled  # still in use: kept
    assert compile_for_driver.cache_info().currsize == DRIVER_CACHE_SIZE
    assert compile_for_driver.cache_info().hits == 3 * DRIVER_CACHE_SIZE


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


def test_a_list_parameter_is_refused_on_the_driver(member):
    if not on_the_driver():
        pytest.skip("SQLAlchemy renders list parameters itself")
    with pytest.raises(ValueError, match="list parameters"):
        driver_rows(db.session, sa.select(MEMBERS.c.id).where(MEMBERS.c.id.in_([1, 2])), {})


def test_a_column_left_to_its_python_default_is_refused_on_the_driver(app):
    if not on_the_driver():
        pytest.skip("SQLAlchemy computes Python-side defaults itself")
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


@pytest.mark.skipif(not is_postgres(), reason="a PostgreSQL backend ended from outside")
def test_a_connection_lost_under_a_statement_is_dropped_and_the_session_rolls_back(app):
    """As with the session's own statements: the error says the connection was
    invalidated, the rollback does not fail on it, and the next statement gets another."""
    db.session.execute(sa.text("SELECT 1"))
    pid = db.session.scalar(sa.text("SELECT pg_backend_pid()"))
    admin = sa.create_engine(database_url(), poolclass=sa.pool.NullPool,
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()
    with pytest.raises(sa.exc.OperationalError) as lost:
        driver_rows(db.session, by_id(), {"id": 1})
    assert lost.value.connection_invalidated
    db.session.rollback()
    assert db.session.scalar(sa.text("SELECT pg_backend_pid()")) != pid
