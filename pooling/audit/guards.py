"""Database triggers that keep the audit log append-only, whatever writes to it.

As with the ledger (pooling.ledger.guards), the code never updates nor deletes an audit
event; these triggers make the database refuse a write that bypasses it. The migration
installs them; `install` and `remove` also serve whoever must empty a database (the tests).
"""

from __future__ import annotations

import sqlalchemy as sa

TABLE = "audit_events"

_POSTGRESQL = [
    """CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'restrict_violation',
    MESSAGE = 'the audit log is append-only: ' || TG_OP || ' on ' || TG_TABLE_NAME
              || ' refused';
END $$""",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
    f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()""",
]

_POSTGRESQL_DROP = ["DROP FUNCTION IF EXISTS audit_append_only() CASCADE"]

# IF NOT EXISTS: see pooling.ledger.guards (a pooled SQLite connection's cached schema).
_SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_{op.lower()} BEFORE {op} ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: {op} on {TABLE} refused'); END"""
    for op in ("UPDATE", "DELETE")
]

_SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_{op}" for op in ("update", "delete")]


def install(connection: sa.Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    for statement in _POSTGRESQL if postgres else _SQLITE:
        connection.exec_driver_sql(statement)


def remove(connection: sa.Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    for statement in _POSTGRESQL_DROP if postgres else _SQLITE_DROP:
        connection.exec_driver_sql(statement)


def missing(connection: sa.Connection) -> list[str]:
    """The guarding triggers the database lacks (or has disabled)."""
    postgres = connection.dialect.name == "postgresql"
    expected = ({f"{TABLE}_append_only", f"{TABLE}_no_truncate"} if postgres
                else {f"{TABLE}_no_update", f"{TABLE}_no_delete"})
    present = set(connection.scalars(sa.text(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
        if postgres else "SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    return sorted(expected - present)
