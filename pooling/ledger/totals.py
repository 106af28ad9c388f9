"""The ledger's running totals: each entry added to its member's month, by side, kind, unit
and cooperation, in the entry's own transaction.

A database trigger keeps them, so that every write to the ledger (the services, the demo's
bulk loads, a restore) counts once; the ledger being append-only, an entry is only ever
added. The migration installs the trigger and fills the totals from the entries already
there; `drift` is the proof (`flask ledger check`) that they still equal the entries' sums.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from pooling.ledger.models import Exchange, LedgerEntry, LedgerTotal

E = LedgerEntry
T = LedgerTotal
TRIGGER = "ledger_entries_totals"
KEY = "month, member_id, side, kind, unit, cooperation"
COLUMNS = f"{KEY}, quantity, value, exchanges, entries"
CENT = Decimal("0.01")


def _added(month: str) -> str:
    """The SELECT of one new entry's totals row, its exchange's cooperation included."""
    return f"""SELECT {month}, NEW.member_id, NEW.side, NEW.kind, NEW.unit, x.cooperation,
  NEW.quantity, coalesce(NEW.value, 0), CASE WHEN NEW.quantity > 0 THEN 1 ELSE -1 END, 1
  FROM exchanges x WHERE x.id = NEW.exchange_id
  ON CONFLICT ({KEY}) DO UPDATE SET quantity = {{t}}quantity + excluded.quantity,
  value = {{t}}value + excluded.value, exchanges = {{t}}exchanges + excluded.exchanges,
  entries = {{t}}entries + excluded.entries"""  # nosec B608 # the module's own SQL text, no input reaches it


_POSTGRESQL = [
    f"""CREATE FUNCTION ledger_totals_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_totals AS t ({COLUMNS})
  {_added("date_trunc('month', NEW.booked_on)::date").format(t="t.")};
  RETURN NULL;
END $$""",
    f"""CREATE TRIGGER {TRIGGER} AFTER INSERT ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION ledger_totals_add()""",
]

# IF NOT EXISTS: see pooling.ledger.guards (a pooled SQLite connection's cached schema).
_SQLITE = [
    f"""CREATE TRIGGER IF NOT EXISTS {TRIGGER} AFTER INSERT ON ledger_entries
BEGIN
  INSERT INTO ledger_totals ({COLUMNS})
  {_added("date(NEW.booked_on, 'start of month')").format(t="")};
END""",
]


def install(connection: sa.Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    for statement in _POSTGRESQL if postgres else _SQLITE:
        connection.exec_driver_sql(statement)


def remove(connection: sa.Connection) -> None:
    connection.exec_driver_sql(
        "DROP FUNCTION IF EXISTS ledger_totals_add() CASCADE"
        if connection.dialect.name == "postgresql" else f"DROP TRIGGER IF EXISTS {TRIGGER}")


def missing(connection: sa.Connection) -> list[str]:
    """The totals' trigger, if the database lacks it (or has it disabled)."""
    postgres = connection.dialect.name == "postgresql"
    present = set(connection.scalars(sa.text(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
        if postgres else "SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    return [] if TRIGGER in present else [TRIGGER]


def month_of(connection: sa.Connection, day) -> sa.ColumnElement:
    """The first day of the month of a date column, in the connection's dialect."""
    if connection.dialect.name == "postgresql":
        return sa.cast(sa.func.date_trunc("month", day), sa.Date)
    return sa.type_coerce(sa.func.date(day, "start of month"), sa.Date)


def summed(connection: sa.Connection) -> sa.Select:
    """The totals summed from the entries themselves, in the table's columns."""
    x = Exchange
    month = month_of(connection, E.booked_on)
    return (sa.select(month, E.member_id, E.side, E.kind, E.unit, x.cooperation,
                      sa.func.sum(E.quantity), sa.func.coalesce(sa.func.sum(E.value), 0),
                      sa.func.sum(sa.case((E.quantity > 0, 1), else_=-1)), sa.func.count())
            .join(x, x.id == E.exchange_id)
            .group_by(month, E.member_id, E.side, E.kind, E.unit, x.cooperation))


def fill(connection: sa.Connection) -> None:
    """Write the totals of every entry there is (into an empty table)."""
    connection.execute(sa.insert(T).from_select(
        ["month", "member_id", "side", "kind", "unit", "cooperation", "quantity", "value",
         "exchanges", "entries"], summed(connection)))


def _rows(result) -> dict[tuple, tuple]:
    # SQLite sums decimals as floats: compared to the cent.
    return {tuple(str(k) for k in row[:6]): (Decimal(row[6]).quantize(CENT),
                                            Decimal(row[7]).quantize(CENT), row[8], row[9])
            for row in result if row[9]}


def drift(connection: sa.Connection) -> list[tuple]:
    """The (month, member, side, kind, unit, cooperation) whose running totals differ from
    their entries' sums."""
    kept = _rows(connection.execute(sa.select(
        T.month, T.member_id, T.side, T.kind, T.unit, T.cooperation, T.quantity, T.value,
        T.exchanges, T.entries)))
    actual = _rows(connection.execute(summed(connection)))
    return sorted(key for key in kept.keys() | actual.keys() if kept.get(key) != actual.get(key))
