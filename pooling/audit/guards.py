"""Database triggers that keep the audit log append-only, whatever writes to it.

As with the ledger (pooling.ledger.guards), the code never updates nor deletes an audit
event; these triggers make the database refuse a write that bypasses it. The migration
installs them; `install` and `remove` also serve whoever must empty a database (the tests).

One update is allowed, for the erasure of a person (GDPR article 17, see
pooling.privacy.erasure): on a row whose actor, or whose object (a person), is a person
marked erased (`users.erased_at`), the copies of their personal data may be replaced.
The actor's copied name and e-mail may only become the erased values the person now has;
the label, the values before and after and the search text may be rewritten only on the
rows about an erased person. When, who (the id), what, which object and which organisation
never change. `erasure=False` installs the strict guard of before (a downgrade).
"""

from __future__ import annotations

import sqlalchemy as sa

TABLE = "audit_events"


def erasure_allowed(same: str) -> str:
    """The condition under which an UPDATE of a row is an erasure; `same` is the SQL of
    "equal, NULLs included" (`IS` on SQLite, `IS NOT DISTINCT FROM` on PostgreSQL)."""
    erased = "SELECT 1 FROM users u WHERE u.erased_at IS NOT NULL AND u.id = {}"
    kept = " AND ".join(f"NEW.{c} {same} OLD.{c}" for c in (
        "id", "at", "actor_id", "action", "object_type", "object_id", "member_id"))
    # The trigger's text, from this module's own column names: no input reaches it.
    return f"""({kept}
  AND ((NEW.actor_name {same} OLD.actor_name AND NEW.actor_email {same} OLD.actor_email)
       OR EXISTS (SELECT 1 FROM users u WHERE u.id = NEW.actor_id
                  AND u.erased_at IS NOT NULL AND u.full_name = NEW.actor_name
                  AND u.email = NEW.actor_email))
  AND ((NEW.object_label {same} OLD.object_label
        AND NEW.before_values {same} OLD.before_values
        AND NEW.after_values {same} OLD.after_values)
       OR (NEW.object_type = 'person' AND EXISTS ({erased.format("NEW.object_id")})))
  AND (NEW.search_text {same} OLD.search_text
       OR EXISTS ({erased.format("NEW.actor_id")})
       OR (NEW.object_type = 'person' AND EXISTS ({erased.format("NEW.object_id")}))))"""  # nosec B608


def postgresql(erasure: bool = True) -> list[str]:
    allow = (f"IF TG_OP = 'UPDATE' AND {erasure_allowed('IS NOT DISTINCT FROM')} THEN\n"
             "    RETURN NEW;\n  END IF;\n") if erasure else ""
    return [f"""CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {allow}RAISE EXCEPTION USING ERRCODE = 'restrict_violation',
    MESSAGE = 'the audit log is append-only: ' || TG_OP || ' on ' || TG_TABLE_NAME
              || ' refused';
END $$""",
            f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
            f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()"""]


_POSTGRESQL_DROP = ["DROP FUNCTION IF EXISTS audit_append_only() CASCADE"]


def sqlite(erasure: bool = True) -> list[str]:
    # IF NOT EXISTS: see pooling.ledger.guards (a pooled SQLite connection's cached schema).
    # COALESCE: a condition that came out NULL must refuse, not let the update through.
    when = f" WHEN NOT COALESCE({erasure_allowed('IS')}, 0)" if erasure else ""
    return [f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_{op.lower()} BEFORE {op} ON {TABLE}
{when if op == "UPDATE" else ""}
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: {op} on {TABLE} refused'); END"""
            for op in ("UPDATE", "DELETE")]


_SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_{op}" for op in ("update", "delete")]


def install(connection: sa.Connection, erasure: bool = True) -> None:
    postgres = connection.dialect.name == "postgresql"
    for statement in postgresql(erasure) if postgres else sqlite(erasure):
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
