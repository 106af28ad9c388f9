"""Running totals of the ledger for the review, kept by database triggers.

Every entry inserted in `ledger_entries` (the ledger is append-only: a reversal is new
entries) is added, in the same transaction, to `review_member_ledger_months` (per member,
side, kind, cooperation and month) and, for the entry whose member has the smaller id, to
`review_pair_months` (per pair, kind and month): PostgreSQL once per statement, from its
transition table; SQLite once per row. An entry is filed under the month of its booking day,
a date already in the pole's calendar.

A second trigger counts the entries booked in each month (`review_ledger_counts`, spread
over shards by exchange): only ever added to, so the review reads from them whether the
figures it keeps still hold (pooling.review.remembered).

A period's cooperation, balance and network then read the totals of its whole months and
the raw entries of the days at its edges (`member_rows`, `pair_rows`). The migration,
`flask --app pooling review rebuild` and the large pole's loader fill the totals from the
ledger (`rebuild`, `rebuild_counts`).
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from pooling.ledger.models import Exchange, LedgerEntry
from pooling.review.models import LedgerCount, MemberLedgerMonth, PairMonth

E = LedgerEntry
M = MemberLedgerMonth
P = PairMonth
# Writers of different exchanges of a month mostly add to different rows of the counts
# (a power of two: the shard is the exchange's id's last bits, `&` on both databases).
SHARDS = 16

MEMBER_UPSERT = """INSERT INTO review_member_ledger_months
  (month, member_id, side, kind, cooperation, exchanges, value)
{select}
ON CONFLICT (month, member_id, side, kind, cooperation) DO UPDATE SET
  exchanges = review_member_ledger_months.exchanges + excluded.exchanges,
  value = review_member_ledger_months.value + excluded.value"""

PAIR_UPSERT = """INSERT INTO review_pair_months
  (month, member_id, counterpart_id, kind, exchanges, value)
{select}
ON CONFLICT (month, member_id, counterpart_id, kind) DO UPDATE SET
  exchanges = review_pair_months.exchanges + excluded.exchanges,
  value = review_pair_months.value + excluded.value"""

SIGN = "CASE WHEN {r}.quantity > 0 THEN 1 ELSE -1 END"


def month_sql(row: str, postgres: bool) -> str:
    if postgres:
        return f"CAST(date_trunc('month', {row}.booked_on) AS DATE)"
    return f"date({row}.booked_on, 'start of month')"


def grouped_upserts(source: str, postgres: bool) -> list[str]:
    """The upserts adding the entries of `source` (a table or subquery) to both totals,
    grouped by month and key, in the keys' order (two writers lock the rows they share in
    the same order)."""
    month, sign = month_sql("r", postgres), SIGN.format(r="r")
    member = MEMBER_UPSERT.format(select=f"""SELECT {month}, r.member_id, r.side, r.kind,
  x.cooperation, sum({sign}), sum(coalesce(r.value, 0))
FROM {source} r JOIN exchanges x ON x.id = r.exchange_id WHERE true
GROUP BY {month}, r.member_id, r.side, r.kind, x.cooperation ORDER BY 1, 2, 3, 4, 5""")  # nosec B608 # the module's own SQL text, no input reaches it
    pair = PAIR_UPSERT.format(select=f"""SELECT {month}, r.member_id, r.counterpart_id, r.kind,
  sum({sign}), sum(coalesce(r.value, 0))
FROM {source} r WHERE r.member_id < r.counterpart_id
GROUP BY {month}, r.member_id, r.counterpart_id, r.kind ORDER BY 1, 2, 3, 4""")  # nosec B608 # the module's own SQL text, no input reaches it
    return [member, pair]


def row_upserts() -> list[str]:
    """SQLite: the upserts adding one new entry to both totals."""
    month, sign = month_sql("NEW", False), SIGN.format(r="NEW")
    member = MEMBER_UPSERT.format(select=f"""SELECT {month}, NEW.member_id, NEW.side, NEW.kind,
  x.cooperation, {sign}, coalesce(NEW.value, 0) FROM exchanges x WHERE x.id = NEW.exchange_id""")  # nosec B608 # the module's own SQL text, no input reaches it
    pair = PAIR_UPSERT.format(select=f"""SELECT {month}, NEW.member_id, NEW.counterpart_id,
  NEW.kind, {sign}, coalesce(NEW.value, 0) WHERE NEW.member_id < NEW.counterpart_id""")
    return [member, pair]


def install(connection: sa.Connection) -> None:
    """Create the trigger that keeps the totals."""
    if connection.dialect.name == "postgresql":
        body = ";\n  ".join(grouped_upserts("new_rows", True))
        connection.exec_driver_sql(
            "CREATE FUNCTION review_ledger_totals() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n  {body};\n  RETURN NULL;\nEND $$")
        connection.exec_driver_sql(
            "CREATE TRIGGER review_ledger_totals AFTER INSERT ON ledger_entries "
            "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION review_ledger_totals()")
    else:
        # IF NOT EXISTS: see pooling.ledger.guards, a pooled connection's cached schema.
        connection.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS review_ledger_totals AFTER INSERT ON ledger_entries "
            "BEGIN\n" + ";\n".join(row_upserts()) + ";\nEND")


def remove(connection: sa.Connection) -> None:
    """Drop the trigger (a bulk load sums the totals once at its end instead)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS review_ledger_totals() CASCADE")
    else:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS review_ledger_totals")


def rebuild(connection: sa.Connection) -> None:
    """Sum every entry of the ledger into the totals afresh."""
    if connection.dialect.name == "postgresql":
        # Writers of the ledger wait until the totals are whole again (SQLite: one writer).
        connection.exec_driver_sql("LOCK TABLE ledger_entries IN SHARE MODE")
    connection.execute(M.__table__.delete())
    connection.execute(P.__table__.delete())
    for statement in grouped_upserts("ledger_entries",
                                     connection.dialect.name == "postgresql"):
        connection.exec_driver_sql(statement)


COUNT_UPSERT = """INSERT INTO review_ledger_counts (month, shard, entries)
{select}
ON CONFLICT (month, shard) DO UPDATE SET
  entries = review_ledger_counts.entries + excluded.entries"""


def grouped_count_upsert(source: str, postgres: bool) -> str:
    """The upsert adding the entries of `source` to the counts, grouped, in the keys'
    order."""
    month = month_sql("r", postgres)
    return COUNT_UPSERT.format(select=f"""SELECT {month}, r.exchange_id & {SHARDS - 1}, count(*)
FROM {source} r WHERE true GROUP BY {month}, r.exchange_id & {SHARDS - 1} ORDER BY 1, 2""")  # nosec B608 # the module's own SQL text, no input reaches it


def row_count_upsert() -> str:
    """SQLite: the upsert adding one new entry to the counts."""
    return COUNT_UPSERT.format(
        select=f"SELECT {month_sql('NEW', False)}, NEW.exchange_id & {SHARDS - 1}, 1 WHERE true")


def install_counts(connection: sa.Connection) -> None:
    """Create the trigger that keeps the counts of entries."""
    if connection.dialect.name == "postgresql":
        body = grouped_count_upsert("new_rows", True)
        connection.exec_driver_sql(
            "CREATE FUNCTION review_ledger_counts() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n  {body};\n  RETURN NULL;\nEND $$")
        connection.exec_driver_sql(
            "CREATE TRIGGER review_ledger_counts AFTER INSERT ON ledger_entries "
            "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION review_ledger_counts()")
    else:
        connection.exec_driver_sql(
            "CREATE TRIGGER IF NOT EXISTS review_ledger_counts AFTER INSERT ON ledger_entries "
            "BEGIN\n" + row_count_upsert() + ";\nEND")


def remove_counts(connection: sa.Connection) -> None:
    """Drop the trigger of the counts."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS review_ledger_counts() CASCADE")
    else:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS review_ledger_counts")


def rebuild_counts(connection: sa.Connection) -> None:
    """Count every entry of the ledger afresh."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("LOCK TABLE ledger_entries IN SHARE MODE")
    connection.execute(LedgerCount.__table__.delete())
    connection.exec_driver_sql(grouped_count_upsert("ledger_entries",
                                                    connection.dialect.name == "postgresql"))


def entries_by_month() -> sa.Select:
    """SQL: (month, entries) of each month holding entries."""
    return (sa.select(LedgerCount.month, sa.func.sum(LedgerCount.entries))
            .group_by(LedgerCount.month))


def month_pairs(months: list[date]) -> sa.Select:
    """SQL: (month, member_id, counterpart_id, value, exchanges) of each pair (the smaller id
    first) in each of `months`, every kind together."""
    return (sa.select(P.month, P.member_id, P.counterpart_id,
                      sa.func.coalesce(sa.func.sum(P.value), 0), net(P.exchanges))
            .where(P.month.in_(months)).group_by(P.month, P.member_id, P.counterpart_id))


def month_members(months: list[date]) -> sa.Select:
    """SQL: (month, member_id, side, kind, cooperation, value, exchanges) of each member's
    totals in each of `months`."""
    return (sa.select(M.month, M.member_id, M.side, M.kind, M.cooperation, M.value,
                      M.exchanges).where(M.month.in_(months)))


def split(start: date | None, end: date) -> tuple[date | None, date, list[tuple[date, date]]]:
    """The days from `start` (None: from the first) to `end`, both included, as whole months
    (from the first returned, before the second) and ranges of days at the edges, each from
    its first day to before its second."""
    after = end + timedelta(days=1)
    last = after.replace(day=1)
    if start is None:
        return None, last, [(last, after)] if last < after else []
    first = start if start.day == 1 else start.replace(day=1) + relativedelta(months=1)
    if first >= last:
        return first, first, [(start, after)]
    return first, last, [(a, b) for a, b in ((start, first), (last, after)) if a < b]


def months_between(column, first: date | None, last: date):
    return sa.and_(column >= first, column < last) if first is not None else column < last


def days_in(ranges: list[tuple[date, date]]):
    return sa.or_(sa.false(), *(sa.and_(E.booked_on >= a, E.booked_on < b) for a, b in ranges))


def member_rows(start: date | None, end: date, *where) -> list[sa.Select]:
    """What each member gave and received from `start` to `end`: (day, member_id, side,
    kind, cooperation, exchanges, value), a month's totals under its first day and the
    edges' entries under their own, as selects to be put together by `rows`; `where`, a
    function of the table, filters both."""
    first, last, ranges = split(start, end)
    sign = sa.case((E.quantity > 0, 1), else_=-1)
    raw = (sa.select(E.booked_on.label("day"), E.member_id, E.side.label("side"),
                     E.kind.label("kind"), Exchange.cooperation.label("cooperation"),
                     sign.label("exchanges"), E.value.label("value"))
           .join(Exchange, Exchange.id == E.exchange_id).where(days_in(ranges)))
    kept = sa.select(M.month.label("day"), M.member_id, M.side, M.kind, M.cooperation,
                     M.exchanges, M.value).where(months_between(M.month, first, last))
    return [kept.where(*(w(M) for w in where)), raw.where(*(w(E) for w in where))]


def pair_rows(start: date | None, end: date, *where) -> list[sa.Select]:
    """What each pair exchanged (the smaller id first) from `start` to `end`: (day,
    member_id, counterpart_id, kind, exchanges, value), as `member_rows`."""
    first, last, ranges = split(start, end)
    sign = sa.case((E.quantity > 0, 1), else_=-1)
    raw = sa.select(E.booked_on.label("day"), E.member_id, E.counterpart_id,
                    E.kind.label("kind"), sign.label("exchanges"), E.value.label("value")
                    ).where(days_in(ranges), E.member_id < E.counterpart_id)
    kept = sa.select(P.month.label("day"), P.member_id, P.counterpart_id, P.kind,
                     P.exchanges, P.value).where(months_between(P.month, first, last))
    return [kept.where(*(w(P) for w in where)), raw.where(*(w(E) for w in where))]


def rows(*selects: sa.Select) -> sa.Subquery:
    """The selects of `member_rows` or `pair_rows` as one subquery (SQLite takes no
    parenthesised compounds: one flat UNION ALL)."""
    return sa.union_all(*selects).subquery()


def net(column) -> sa.Cast:
    """SQL: the sum of a column of exchanges, as an integer (PostgreSQL sums big integers
    as numerics)."""
    return sa.cast(sa.func.sum(column), sa.BigInteger)
