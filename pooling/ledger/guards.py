"""Database triggers that keep the ledger append-only, whatever writes to it.

Ledger entries, closed periods and their balances are never updated nor deleted, and no
entry may be booked inside a closed period. The code never tries; these triggers make the
database refuse a write that bypasses it. The migration installs them; `install` and
`remove` are also used by whoever must empty a database (the tests do, between tests).
"""

from __future__ import annotations

import sqlalchemy as sa

APPEND_ONLY = ("ledger_entries", "ledger_closes", "closing_balances")

_POSTGRESQL = [
    """CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'restrict_violation',
    MESSAGE = 'the ledger is append-only: ' || TG_OP || ' on ' || TG_TABLE_NAME || ' refused';
END $$""",
    """CREATE FUNCTION ledger_open_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.booked_on <= (SELECT max(ends_on) FROM ledger_closes) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation',
      MESSAGE = 'the period of ' || NEW.booked_on || ' is closed';
  END IF;
  RETURN NEW;
END $$""",
    *(f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION ledger_append_only()""" for table in APPEND_ONLY),
    *(f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()""" for table in APPEND_ONLY),
    """CREATE TRIGGER ledger_entries_open_period BEFORE INSERT ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION ledger_open_period()""",
]

_POSTGRESQL_DROP = [
    "DROP FUNCTION IF EXISTS ledger_append_only() CASCADE",
    "DROP FUNCTION IF EXISTS ledger_open_period() CASCADE",
]

# IF NOT EXISTS is not for idempotence: a pooled SQLite connection checks its cached schema
# only when a statement runs, and a plain CREATE fails at preparation if another connection
# dropped the trigger since; with IF NOT EXISTS the statement runs, sees the schema changed
# and is prepared again.
_SQLITE = [
    *(f"""CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table}
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: {op} on {table} refused'); END"""
      for table in APPEND_ONLY for op in ("UPDATE", "DELETE")),
    """CREATE TRIGGER IF NOT EXISTS ledger_entries_open_period BEFORE INSERT ON ledger_entries
WHEN NEW.booked_on <= (SELECT max(ends_on) FROM ledger_closes)
BEGIN SELECT RAISE(ABORT, 'the period of this entry is closed'); END""",
]

_SQLITE_DROP = [
    *(f"DROP TRIGGER IF EXISTS {table}_no_{op}" for table in APPEND_ONLY
      for op in ("update", "delete")),
    "DROP TRIGGER IF EXISTS ledger_entries_open_period",
]


def install(connection: sa.Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    for statement in _POSTGRESQL if postgres else _SQLITE:
        connection.exec_driver_sql(statement)


def remove(connection: sa.Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    for statement in _POSTGRESQL_DROP if postgres else _SQLITE_DROP:
        connection.exec_driver_sql(statement)


def _expected(postgres: bool) -> set[str]:
    names = {"ledger_entries_open_period"}
    for table in APPEND_ONLY:
        names |= ({f"{table}_append_only", f"{table}_no_truncate"} if postgres
                  else {f"{table}_no_update", f"{table}_no_delete"})
    return names


def missing(connection: sa.Connection) -> list[str]:
    """The guarding triggers the database lacks (or has disabled)."""
    postgres = connection.dialect.name == "postgresql"
    present = set(connection.scalars(sa.text(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
        if postgres else "SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    return sorted(_expected(postgres) - present)
