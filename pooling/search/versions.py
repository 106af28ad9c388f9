"""The search's version: database triggers move it at every committed change to the tables
the offer index and the thesaurus are read from, whoever writes (another process, a
command, SQL by hand); a request that searches reads it once per transaction, and each
process rebuilds what it keeps only when it moved. TRUNCATE moves it too on PostgreSQL;
writes made with the triggers off (`session_replication_role = replica`) do not, and
whoever makes them moves it with `move`."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TypeVar

import sqlalchemy as sa
from flask import current_app, g, has_app_context

from pooling.db import has_written
from pooling.extensions import db
from pooling.search.models import SearchVersion

# What the offer index (pooling.search.index) and the thesaurus read.
WATCHED = ("offers", "offer_tags", "members", "categories", "thesaurus_entries")
ROW = 1  # the one row
T = TypeVar("T")
# What `kept` holds in `g`, forgotten at the end of each transaction; a lock per name.
_kept_names: set[str] = {"search_version"}
_build_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)

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


def fresh_version() -> int:
    """A version no process can have read yet: past every one counted so far, which move
    by one per transaction, as long as the clock moves forward (microseconds)."""
    return time.time_ns() // 1000


def install(connection: sa.Connection, tables: Iterable[str] = WATCHED) -> None:
    """Create, or create again, the triggers that move the version (`tables`: those a
    migration watched when it ran)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(POSTGRES_FUNCTION)
        for table in tables:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS search_version ON {table}")
            connection.exec_driver_sql(
                f"CREATE CONSTRAINT TRIGGER search_version AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                "EXECUTE FUNCTION bump_search_version()")
            connection.exec_driver_sql(
                f"DROP TRIGGER IF EXISTS search_version_truncate ON {table}")
            connection.exec_driver_sql(
                f"CREATE TRIGGER search_version_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bump_search_version()")
        return
    # SQLite writes one transaction at a time: each row moves it.
    for table in tables:
        for op in ("INSERT", "UPDATE", "DELETE"):
            connection.exec_driver_sql(
                f"CREATE TRIGGER IF NOT EXISTS search_version_{table}_{op.lower()} "
                f"AFTER {op} ON {table} BEGIN "
                f"UPDATE search_versions SET version = version + 1 WHERE id = {ROW}; END")  # nosec B608 # the module's own SQL text, no input reaches it


def missing(connection: sa.Connection) -> list[str]:
    """The watched tables whose triggers are gone (SQLite drops a table's triggers when a
    migration rebuilds the table), and the row if it is: without them no process would
    ever see a change."""
    if connection.dialect.name == "postgresql":
        found = set(connection.scalars(sa.text(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'search_version'")))
        absent = [table for table in WATCHED if table not in found]
    else:
        found = set(connection.scalars(sa.text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'search\\_version\\_%' ESCAPE '\\'")))
        absent = [table for table in WATCHED
                  if any(f"search_version_{table}_{op}" not in found
                         for op in ("insert", "update", "delete"))]
    if current(connection) is None:
        absent.append("search_versions")
    return absent


def remove(connection: sa.Connection, tables: Iterable[str] = WATCHED) -> None:
    """Drop the triggers."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS bump_search_version() CASCADE")
        return
    for table in tables:
        for op in ("insert", "update", "delete"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS search_version_{table}_{op}")


def current(connection: sa.Connection) -> int | None:
    """The version now (None in a database that has none yet)."""
    if not sa.inspect(connection).has_table("search_versions"):
        return None
    return connection.scalar(sa.select(SearchVersion.version).where(SearchVersion.id == ROW))


def move(connection: sa.Connection) -> None:
    """Move the version by hand to one never read: after the tables were replaced wholesale
    (a restore, whose version may be one a process read before with other offers; the
    tests' truncation, with the triggers off), which no trigger saw."""
    now = current(connection)
    if now is not None:
        connection.execute(sa.update(SearchVersion).where(SearchVersion.id == ROW)
                           .values(version=max(now, fresh_version()) + 1))


@sa.event.listens_for(sa.orm.Session, "after_transaction_end")
def _forget_what_was_read(_session, transaction: sa.orm.SessionTransaction) -> None:
    """A commit may have moved the version, and a rollback taken back the changes an
    index was built from: the next search reads the version again."""
    if transaction.parent is None and has_app_context():
        for name in _kept_names:
            g.pop(name, None)


def search_version() -> int | None:
    """The version, read once per transaction (None without the row)."""
    if "search_version" not in g:
        g.search_version = db.session.scalar(
            sa.select(SearchVersion.version).where(SearchVersion.id == ROW))
    return g.search_version


def kept(name: str, build: Callable[[], T]) -> T:
    """What `build` makes of the searched tables, once per transaction, kept by the process
    while the version stays where it was made (`g` and the app's extensions hold it under
    `name`). Made for the request alone when its transaction changed data, which it sees
    and which may yet be rolled back, or when the version is gone."""
    _kept_names.add(name)
    if name in g:
        return g.get(name)
    version = search_version()
    if version is None or has_written(db.session()):
        value = build()
    else:
        found = current_app.extensions.get(name)
        if found is None or found[0] != version:
            with _build_locks[name]:  # one thread builds, the others wait for it
                found = current_app.extensions.get(name)
                if found is None or found[0] != version:
                    found = current_app.extensions[name] = (version, build())
        value = found[1]
    setattr(g, name, value)
    return value
