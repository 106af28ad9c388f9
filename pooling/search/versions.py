"""The search's version: database triggers move it at every committed change to the tables
the offer index and the thesaurus are read from, whoever writes (another process, a
command, SQL by hand); each request reads it once and rebuilds what it keeps only when it
moved."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app, g, has_app_context

from pooling.extensions import db
from pooling.search.models import SearchVersion

# What the offer index (pooling.search.index) and the thesaurus read.
WATCHED = ("offers", "offer_tags", "members", "categories", "thesaurus_entries")
ROW = 1  # the one row
T = TypeVar("T")
_build_lock = threading.Lock()

# PostgreSQL: at the commit (a deferred constraint trigger), once per transaction. The row
# is thus locked for the end of a commit only, never while its transaction waits for a lock
# of another: two transactions that change offers and organisations in opposite orders
# cannot deadlock on it, and a commit of 3,000 offers writes it once.
POSTGRES_FUNCTION = f"""CREATE OR REPLACE FUNCTION bump_search_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('pooling.search_version_moved', true) IS DISTINCT FROM 'yes' THEN
    PERFORM set_config('pooling.search_version_moved', 'yes', true);
    UPDATE search_versions SET version = version + 1 WHERE id = {ROW};
  END IF;
  RETURN NULL;
END $$"""  # nosec B608 # the module's own SQL text, no input reaches it


def install(connection: sa.Connection) -> None:
    """Create the triggers that move the version."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(POSTGRES_FUNCTION)
        for table in WATCHED:
            connection.exec_driver_sql(
                f"CREATE CONSTRAINT TRIGGER search_version AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                "EXECUTE FUNCTION bump_search_version()")
        return
    # SQLite writes one transaction at a time: each row moves it.
    for table in WATCHED:
        for op in ("INSERT", "UPDATE", "DELETE"):
            connection.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS search_version_{table}_{op.lower()} "
                f"AFTER {op} ON {table} BEGIN "
                f"UPDATE search_versions SET version = version + 1 WHERE id = {ROW}; END")  # nosec B608 # the module's own SQL text, no input reaches it


def remove(connection: sa.Connection) -> None:
    """Drop the triggers."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS bump_search_version() CASCADE")
        return
    for table in WATCHED:
        for op in ("insert", "update", "delete"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS search_version_{table}_{op}")


def current(connection: sa.Connection) -> int | None:
    """The version now (None in a database that has none yet)."""
    if not sa.inspect(connection).has_table("search_versions"):
        return None
    return connection.scalar(sa.select(SearchVersion.version).where(SearchVersion.id == ROW))


def move(connection: sa.Connection, past: int | None = None) -> None:
    """Move the version by hand, past where it is and past `past`: after the tables were
    replaced wholesale (a restore, whose version may be one a process read before; the
    tests' truncation), which no trigger sees."""
    now = current(connection)
    if now is not None:
        connection.execute(sa.update(SearchVersion).where(SearchVersion.id == ROW)
                           .values(version=max(now, past or 0) + 1))


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _forget_read_version(_session) -> None:
    """A commit may have moved it: the next search reads it again."""
    if has_app_context():
        g.pop("search_version", None)


def search_version() -> int:
    """The version, read once per request."""
    if "search_version" not in g:
        g.search_version = db.session.scalar(
            sa.select(SearchVersion.version).where(SearchVersion.id == ROW))
    return g.search_version


def kept(name: str, build: Callable[[], T]) -> T:
    """What `build` makes of the searched tables, once per request, kept by the process
    while the version stays where it was made (`g` and the app's extensions hold it under
    `name`). Made for the request alone when its transaction changed data, which it sees
    and which may yet be rolled back."""
    if name in g:
        return g.get(name)
    version = search_version()
    session = db.session()
    if session.info.get("wrote") or session.new or session.dirty or session.deleted:
        value = build()
    else:
        found = current_app.extensions.get(name)
        if found is None or found[0] != version:
            with _build_lock:  # one thread builds, the others wait for it
                found = current_app.extensions.get(name)
                if found is None or found[0] != version:
                    found = current_app.extensions[name] = (version, build())
        value = found[1]
    setattr(g, name, value)
    return value
