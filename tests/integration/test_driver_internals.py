"""What the fast path (`pooling.db.driver_batch`) takes from SQLAlchemy and psycopg beyond
their documented interfaces, and the versions it was checked on: a new version that
changes any of it fails here, saying which, before a booking goes wrong."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect

from pooling.extensions import db
from pooling.members.models import Circle, Member
from tests.conftest import is_postgres

LOCK_FILE = Path(__file__).resolve().parents[2] / "requirements.lock"
MEMBERS = Member.__table__


def locked() -> dict[str, str]:
    """The exact versions requirements.lock pins, by lower-case name."""
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", LOCK_FILE.read_text(), re.MULTILINE)
    return {name.lower(): pinned for name, pinned in pins}


def relied_on(what: str) -> str:
    """The failure's message: what changed, under which versions."""
    pins = locked()
    return (f"{what}. The fast path (pooling/db.py, driver_batch) relies on it: check it "
            f"under SQLAlchemy {sa.__version__} and psycopg {psycopg.__version__} (installed; "
            f"requirements.lock pins SQLAlchemy {pins.get('sqlalchemy')} and psycopg "
            f"{pins.get('psycopg')}), or set DRIVER_FAST_PATH=0 until it is fixed.")


@pytest.mark.parametrize("name", ["sqlalchemy", "psycopg", "psycopg-binary"])
def test_the_versions_installed_are_those_locked(name):
    pinned, installed = locked().get(name), version(name)
    assert installed == pinned, (
        f"{name} {installed} is installed but requirements.lock pins {pinned}: the fast "
        "path was checked on the locked versions. Run `make install`; to move to the new "
        "one, `make lock` and the whole suite on PostgreSQL, this module first.")


def compiled(statement: sa.Executable) -> sa.engine.Compiled:
    return statement.compile(dialect=psycopg_dialect())


def test_a_compiled_statement_gives_the_drivers_sql_and_parameters():
    statement = sa.select(MEMBERS.c.id).where(MEMBERS.c.id == sa.bindparam("id"),
                                              MEMBERS.c.circle == Circle.PARTNER)
    result = compiled(statement)
    assert isinstance(result.string, str) and "%(id)s" in result.string, relied_on(
        "Compiled.string no longer holds psycopg's named placeholders, %(name)s")
    params = result.construct_params({"id": 7})
    assert params.get("id") == 7 and Circle.PARTNER in params.values(), relied_on(
        "Compiled.construct_params(params) no longer merges the values given with those "
        f"the statement holds (it gave {params!r})")


def test_values_computed_at_each_execution_are_told_apart():
    listing = compiled(sa.select(MEMBERS.c.id).where(MEMBERS.c.id.in_([1, 2])))
    plain = compiled(sa.select(MEMBERS.c.id).where(MEMBERS.c.id == sa.bindparam("id")))
    assert listing.post_compile_params and not plain.post_compile_params, relied_on(
        "Compiled.post_compile_params no longer names the list parameters that SQLAlchemy "
        "renders at each execution")
    defaulted = compiled(MEMBERS.insert().values(name="N"))
    assert defaulted.insert_prefetch and not compiled(
        MEMBERS.insert().values({c.name: sa.bindparam(c.name) for c in MEMBERS.c})
    ).insert_prefetch, relied_on(
        "Compiled.insert_prefetch no longer names the columns SQLAlchemy fills at each "
        "execution")
    updated = compiled(MEMBERS.update().values(name="N"))
    assert updated.update_prefetch, relied_on(
        "Compiled.update_prefetch no longer names the columns SQLAlchemy fills at each "
        "execution (the updated_at of an UPDATE)")


def test_the_driver_runs_statements_alone_and_in_a_pipeline(app):
    if not is_postgres():
        pytest.skip("the driver's own interface: PostgreSQL only")
    connection = db.session.connection()
    driver = connection.connection.driver_connection
    assert isinstance(driver, psycopg.Connection), relied_on(
        "Connection.connection.driver_connection is no longer psycopg's connection")
    alone = driver.execute("SELECT %(n)s::int", {"n": 1})
    assert alone.pgresult.nfields == 1 and alone.fetchall() == [(1,)], relied_on(
        "a psycopg cursor's pgresult.nfields no longer counts the columns")
    with driver.pipeline():
        first = driver.execute("SELECT %(n)s::int", {"n": 2})
        nothing = driver.execute("SET LOCAL statement_timeout = 0", {})
    assert first.fetchall() == [(2,)] and not nothing.pgresult.nfields, relied_on(
        "psycopg's pipeline mode no longer gives each statement's results to its cursor")
    with pytest.raises(psycopg.Error) as failed:
        driver.execute("SELECT 1/0", {})
    wrapped = sa.exc.DBAPIError.instance("SELECT 1/0", None, failed.value,
                                         connection.dialect.loaded_dbapi.Error)
    assert isinstance(wrapped, sa.exc.DataError), relied_on(
        "DBAPIError.instance no longer turns psycopg's errors into SQLAlchemy's")
    db.session.rollback()
