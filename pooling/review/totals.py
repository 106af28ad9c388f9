"""Running totals of the bookings for the review, kept by database triggers.

Every write to `bookings` (the booking engine's plain INSERTs and its driver fast path, the
unit of work's changes of status and time, the demo's bulk loads, deletions cascading from
an offer) updates `review_offer_months` and `review_booker_months` in the same transaction:
PostgreSQL once per statement, from its transition tables; SQLite once per row. Each booking
is filed under the pole's month it starts in, looked up in `review_months`, the months'
first instants in the pole's zone, so that no trigger needs to know the zone.

A period's usage then reads the totals of its whole months, and the raw bookings of the days
at its edges that do not make a whole month (`split`). The migration and
`flask --app pooling review rebuild` fill the totals from the bookings (`rebuild`), for a
database written before the triggers or after a change of the pole's zone.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask import g, has_request_context

from pooling.bookings.models import BookingStatus
from pooling.extensions import db
from pooling.ledger.statements import Period
from pooling.localtime import moved_forward
from pooling.review.bounds import day_bounds, day_start, months
from pooling.review.models import BookerMonth, BookingChanges, OfferMonth, ReviewMonth

# The bookings that took the offer's time (as pooling.review.bounds.BOOKED).
BOOKED_VALUES = (BookingStatus.CONFIRMED.value, BookingStatus.COMPLETED.value,
                 BookingStatus.NO_SHOW.value)
# The months the triggers can file a booking under.
FIRST_MONTH, LAST_MONTH = date(1970, 1, 1), date(2199, 12, 1)
COLUMNS = ("id", "offer_id", "member_id", "status", "starts_at", "ends_at", "quantity")


def quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def seconds_sql(row: str, postgres: bool) -> str:
    """Whole seconds of a booking, as `pooling.review.bounds.seconds_between` counts them."""
    if postgres:
        return f"CAST(EXTRACT(EPOCH FROM ({row}.ends_at - {row}.starts_at)) AS INTEGER)"
    return f"(unixepoch({row}.ends_at) - unixepoch({row}.starts_at))"


OFFER_UPSERT = """INSERT INTO review_offer_months (month, offer_id, bookings, seconds, item_days)
{select}
ON CONFLICT (month, offer_id) DO UPDATE SET
  bookings = review_offer_months.bookings + excluded.bookings,
  seconds = review_offer_months.seconds + excluded.seconds,
  item_days = review_offer_months.item_days + excluded.item_days"""

BOOKER_UPSERT = """INSERT INTO review_booker_months (month, member_id, kind, bookings, seconds)
{select}
ON CONFLICT (month, member_id, kind) DO UPDATE SET
  bookings = review_booker_months.bookings + excluded.bookings,
  seconds = review_booker_months.seconds + excluded.seconds"""

IN_MONTH = "m.starts_at <= {row}.starts_at AND {row}.starts_at < m.ends_at"


def grouped_upserts(source: str, postgres: bool) -> list[str]:
    """The upserts adding the rows of `source` (a subquery with the booking's columns and
    `sign`, +1 or -1) to both totals, grouped by month and key."""
    secs = seconds_sql("r", postgres)
    booked = f"r.status IN ({quoted(BOOKED_VALUES)})"
    if postgres:
        rows = f"({source}) r JOIN review_months m ON {IN_MONTH.format(row='r')}"
        booked_in_month = booked
    else:
        # SQLite finds each booking's month by one seek in the months' index. Left to
        # join on the range, it read every booking once per month (hours on the large
        # pole): CROSS JOIN keeps the bookings first.
        rows = f"({source}) r CROSS JOIN review_months m"
        booked_in_month = f"""m.starts_at = (SELECT starts_at FROM review_months
  WHERE starts_at <= r.starts_at ORDER BY starts_at DESC LIMIT 1)
  AND r.starts_at < m.ends_at AND {booked}"""  # nosec B608 # the module's own SQL text, no input reaches it
    offer = OFFER_UPSERT.format(select=f"""SELECT m.month, r.offer_id, sum(r.sign),
  sum(r.sign * {secs}), sum(r.sign * r.quantity * (({secs} + 86399) / 86400))
FROM {rows}
WHERE {booked_in_month}
GROUP BY m.month, r.offer_id""")  # nosec B608 # the module's own SQL text, no input reaches it
    booker = BOOKER_UPSERT.format(select=f"""SELECT m.month, r.member_id, o.kind,
  sum(r.sign), sum(r.sign * {secs})
FROM {rows}
JOIN offers o ON o.id = r.offer_id
WHERE {booked_in_month}
GROUP BY m.month, r.member_id, o.kind""")  # nosec B608 # the module's own SQL text, no input reaches it
    return [offer, booker]


def row_upserts(row: str, sign: str) -> list[str]:
    """SQLite: the upserts adding one booking (NEW or OLD) to both totals."""
    secs = seconds_sql(row, False)
    booked = f"{row}.status IN ({quoted(BOOKED_VALUES)})"
    offer = OFFER_UPSERT.format(select=f"""SELECT m.month, {row}.offer_id, {sign},
  {sign} * {secs}, {sign} * {row}.quantity * (({secs} + 86399) / 86400)
FROM review_months m WHERE {IN_MONTH.format(row=row)} AND {booked}""")  # nosec B608 # the module's own SQL text, no input reaches it
    booker = BOOKER_UPSERT.format(select=f"""SELECT m.month, {row}.member_id, o.kind,
  {sign}, {sign} * {secs}
FROM review_months m JOIN offers o ON o.id = {row}.offer_id
WHERE {IN_MONTH.format(row=row)} AND {booked}""")  # nosec B608 # the module's own SQL text, no input reaches it
    return [offer, booker]


def changed(old: str, new: str) -> str:
    return " OR ".join(f"{old}.{c} IS NOT {new}.{c}" if c != "id" else "false"
                       for c in COLUMNS).replace("false OR ", "")


def postgres_function() -> str:
    cols = ", ".join(COLUMNS)
    added = f"SELECT {cols}, 1 AS sign FROM new_rows"  # nosec B608 # the module's own SQL text, no input reaches it
    removed = f"SELECT {cols}, -1 AS sign FROM old_rows"  # nosec B608 # the module's own SQL text, no input reaches it
    moved_cols = ", ".join(f"x.{c}" for c in COLUMNS)
    pick = "FROM {a} x JOIN {b} y ON y.id = x.id WHERE " + changed("x", "y").replace(
        " IS NOT ", " IS DISTINCT FROM ")
    moved = (f"SELECT {moved_cols}, 1 AS sign {pick.format(a='new_rows', b='old_rows')} "
             f"UNION ALL SELECT {moved_cols}, -1 AS sign "
             f"{pick.format(a='old_rows', b='new_rows')}")
    body = {op: ";\n    ".join(grouped_upserts(source, True))
            for op, source in (("INSERT", added), ("DELETE", removed), ("UPDATE", moved))}
    return f"""CREATE FUNCTION review_booking_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {body["INSERT"]};
  ELSIF TG_OP = 'DELETE' THEN
    {body["DELETE"]};
  ELSE
    {body["UPDATE"]};
  END IF;
  RETURN NULL;
END $$"""


def postgres_install() -> list[str]:
    return [postgres_function(), *(
        f"""CREATE TRIGGER review_totals_{op.lower()} AFTER {op} ON bookings
REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION review_booking_totals()"""
        for op, refs in (("INSERT", "NEW TABLE AS new_rows"),
                         ("DELETE", "OLD TABLE AS old_rows"),
                         ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows")))]


def sqlite_install() -> list[str]:
    watched = ", ".join(c for c in COLUMNS if c != "id")
    # IF NOT EXISTS: see pooling.ledger.guards, a pooled connection's cached schema.
    return [
        "CREATE TRIGGER IF NOT EXISTS review_totals_insert AFTER INSERT ON bookings BEGIN\n"
        + ";\n".join(row_upserts("NEW", "1")) + ";\nEND",
        "CREATE TRIGGER IF NOT EXISTS review_totals_delete AFTER DELETE ON bookings BEGIN\n"
        + ";\n".join(row_upserts("OLD", "-1")) + ";\nEND",
        f"CREATE TRIGGER IF NOT EXISTS review_totals_update AFTER UPDATE OF {watched} "
        f"ON bookings WHEN {changed('OLD', 'NEW')} BEGIN\n"
        + ";\n".join([*row_upserts("OLD", "-1"), *row_upserts("NEW", "1")]) + ";\nEND",
    ]


# The bookings' writes counted per month the booking starts in, and shard (by offer).
CHANGE_SHARDS = 16
CHANGE_UPSERT = """INSERT INTO review_booking_changes (month, shard, changes)
{select}
ON CONFLICT (month, shard) DO UPDATE SET
  changes = review_booking_changes.changes + excluded.changes"""
# The month a booking starts in: one seek in the months' index, from the month's start.
MONTH_OF = """(SELECT month FROM review_months WHERE starts_at <= {row}.starts_at
  ORDER BY starts_at DESC LIMIT 1)"""


def grouped_change_upsert(source: str) -> str:
    """PostgreSQL: the upsert counting the rows of `source` (starts_at, offer_id), grouped,
    in the keys' order."""
    month, shard = MONTH_OF.format(row="r"), f"r.offer_id & {CHANGE_SHARDS - 1}"
    return CHANGE_UPSERT.format(select=f"""SELECT {month}, {shard}, count(*) FROM ({source}) r
WHERE {month} IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2""")  # nosec B608 # the module's own SQL text, no input reaches it


def row_change_upsert(row: str) -> str:
    """SQLite: the upsert counting one booking (NEW or OLD)."""
    month = MONTH_OF.format(row=row)
    return CHANGE_UPSERT.format(select=f"""SELECT {month}, {row}.offer_id & {CHANGE_SHARDS - 1}, 1
WHERE {month} IS NOT NULL""")  # nosec B608 # the module's own SQL text, no input reaches it


def install_changes(connection: sa.Connection) -> None:
    """Create the triggers that count the bookings' writes per month."""
    if connection.dialect.name == "postgresql":
        new, old = (f"SELECT starts_at, offer_id FROM {rows}"  # nosec B608 # the module's own SQL text, no input reaches it
                    for rows in ("new_rows", "old_rows"))
        connection.exec_driver_sql(f"""CREATE FUNCTION review_booking_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {grouped_change_upsert(new)};
  ELSIF TG_OP = 'DELETE' THEN
    {grouped_change_upsert(old)};
  ELSE
    {grouped_change_upsert(f"{new} UNION ALL {old}")};
  END IF;
  RETURN NULL;
END $$""")
        for op, refs in (("INSERT", "NEW TABLE AS new_rows"), ("DELETE", "OLD TABLE AS old_rows"),
                         ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows")):
            connection.exec_driver_sql(
                f"CREATE TRIGGER review_changes_{op.lower()} AFTER {op} ON bookings "
                f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION review_booking_changes()")
        return
    for op, rows in (("INSERT", ("NEW",)), ("DELETE", ("OLD",)), ("UPDATE", ("OLD", "NEW"))):
        connection.exec_driver_sql(
            f"CREATE TRIGGER IF NOT EXISTS review_changes_{op.lower()} AFTER {op} ON bookings "
            "BEGIN\n" + ";\n".join(row_change_upsert(row) for row in rows) + ";\nEND")


def remove_changes(connection: sa.Connection) -> None:
    """Drop the triggers that count the bookings' writes."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS review_booking_changes() CASCADE")
    else:
        for op in ("insert", "delete", "update"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS review_changes_{op}")


def changes_by_month() -> sa.Select:
    """SQL: (month, writes) of each month whose bookings were written."""
    return (sa.select(BookingChanges.month, sa.func.sum(BookingChanges.changes))
            .group_by(BookingChanges.month))


# A step of a booking's history that decides a request, and one that cancels the booking:
# the booking keeps the longest wait for a decision and the latest cancellation, so that
# the review reads late decisions and late cancellations from the bookings' index alone.
DECIDES = (f"NEW.from_status = '{BookingStatus.REQUESTED.value}' "
           f"AND NEW.to_status <> '{BookingStatus.REQUESTED.value}'")
CANCELS = f"NEW.to_status = '{BookingStatus.CANCELLED.value}'"

# The wait for a decision, in seconds, as a SQL expression of the step and its booking.
POSTGRES_WAIT = "CAST(EXTRACT(EPOCH FROM (NEW.at - created_at)) AS INTEGER)"
SQLITE_WAIT = "unixepoch(NEW.at) - unixepoch(created_at)"

# The booking is written only when the step changes what it keeps: a booking confirmed
# at once is inserted with its wait (none) already, and writing its row again rewrote
# every index of the bookings and ran their triggers a second time, for nothing.
POSTGRES_HISTORY = [
    f"""CREATE OR REPLACE FUNCTION review_booking_history() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF {DECIDES} AND NOT EXISTS (SELECT FROM bookings WHERE id = NEW.booking_id
      AND decided_after >= {POSTGRES_WAIT}) THEN
    UPDATE bookings SET decided_after = GREATEST(decided_after, {POSTGRES_WAIT})
    WHERE id = NEW.booking_id;
  END IF;
  IF {CANCELS} AND NOT EXISTS (SELECT FROM bookings WHERE id = NEW.booking_id
      AND cancelled_at >= NEW.at) THEN
    UPDATE bookings SET cancelled_at = GREATEST(cancelled_at, NEW.at)
    WHERE id = NEW.booking_id;
  END IF;
  RETURN NULL;
END $$""",  # nosec B608 # the module's own SQL text, no input reaches it
    "DROP TRIGGER IF EXISTS review_history ON booking_events",
    """CREATE TRIGGER review_history AFTER INSERT ON booking_events
FOR EACH ROW EXECUTE FUNCTION review_booking_history()""",
]

# SQLite's triggers on the bookings run per row: an UPDATE that matches none costs nothing.
SQLITE_HISTORY = [
    "DROP TRIGGER IF EXISTS review_history_decided",
    f"""CREATE TRIGGER review_history_decided AFTER INSERT ON booking_events
WHEN {DECIDES} BEGIN
UPDATE bookings SET decided_after = {SQLITE_WAIT}
WHERE id = NEW.booking_id AND (decided_after IS NULL OR decided_after < {SQLITE_WAIT});
END""",  # nosec B608 # the module's own SQL text, no input reaches it
    "DROP TRIGGER IF EXISTS review_history_cancelled",
    f"""CREATE TRIGGER review_history_cancelled AFTER INSERT ON booking_events
WHEN {CANCELS} BEGIN
UPDATE bookings SET cancelled_at = NEW.at
WHERE id = NEW.booking_id AND (cancelled_at IS NULL OR cancelled_at < NEW.at);
END""",  # nosec B608 # the module's own SQL text, no input reaches it
]


def install_history(connection: sa.Connection) -> None:
    """Create, or replace, the triggers that keep each booking's steps from its history."""
    for statement in (POSTGRES_HISTORY if connection.dialect.name == "postgresql"
                      else SQLITE_HISTORY):
        connection.exec_driver_sql(statement)


def install(connection: sa.Connection) -> None:
    """Create the triggers that keep the totals and the bookings' steps."""
    postgres = connection.dialect.name == "postgresql"
    for statement in postgres_install() if postgres else sqlite_install():
        connection.exec_driver_sql(statement)
    install_history(connection)


def remove(connection: sa.Connection) -> None:
    """Drop the triggers (whoever empties the database wholesale, as the tests do)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS review_booking_totals() CASCADE")
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS review_booking_history() CASCADE")
    else:
        for name in ("totals_insert", "totals_delete", "totals_update", "history_decided",
                     "history_cancelled"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS review_{name}")


def fill_history(connection: sa.Connection) -> None:
    """Each booking's longest wait for a decision and latest cancellation, read from its
    history (the migration, for the bookings written before the trigger)."""
    postgres = connection.dialect.name == "postgresql"
    wait = ((POSTGRES_WAIT if postgres else SQLITE_WAIT)
            .replace("created_at", "b.created_at").replace("NEW.", "e."))
    connection.exec_driver_sql(f"""UPDATE bookings SET decided_after = w.decided,
  cancelled_at = w.cancelled
FROM (SELECT e.booking_id, max(CASE WHEN {DECIDES.replace("NEW.", "e.")} THEN {wait} END)
        AS decided, max(CASE WHEN {CANCELS.replace("NEW.", "e.")} THEN e.at END) AS cancelled
      FROM booking_events e JOIN bookings b ON b.id = e.booking_id
      GROUP BY e.booking_id) w
WHERE bookings.id = w.booking_id""")  # nosec B608 # the module's own SQL text, no input reaches it


def month_rows(zone) -> list[dict]:
    """Every month the totals may hold, with its first and next month's first instant."""
    rows, month = [], FIRST_MONTH
    start = moved_forward(datetime.combine(month, datetime.min.time()), zone)
    while month <= LAST_MONTH:
        following = month + relativedelta(months=1)
        ends = moved_forward(datetime.combine(following, datetime.min.time()), zone)
        rows.append({"month": month, "starts_at": start, "ends_at": ends})
        month, start = following, ends
    return rows


def rebuild(connection: sa.Connection, zone) -> None:
    """Read each booking's steps from its history, file the months in the pole's zone
    again, and sum every booking into the totals afresh."""
    if connection.dialect.name == "postgresql":
        # Writers of bookings wait until the totals are whole again (SQLite: one writer).
        connection.exec_driver_sql("LOCK TABLE bookings IN SHARE MODE")
    fill_history(connection)
    months, rows = ReviewMonth.__table__, month_rows(zone)
    filed = connection.execute(sa.select(months.c.month, months.c.starts_at, months.c.ends_at)
                               .order_by(months.c.month)).all()
    if [tuple(row) for row in filed] != [(r["month"], r["starts_at"], r["ends_at"])
                                         for r in rows]:
        connection.execute(months.delete())
        connection.execute(months.insert(), rows)
    connection.execute(OfferMonth.__table__.delete())
    connection.execute(BookerMonth.__table__.delete())
    cols = ", ".join(COLUMNS)
    for statement in grouped_upserts(f"SELECT {cols}, 1 AS sign FROM bookings",  # nosec B608 # the module's own SQL text, no input reaches it
                                     connection.dialect.name == "postgresql"):
        connection.exec_driver_sql(statement)


def offer_months(months: list[date]) -> sa.Select:
    """SQL: (month, offer_id, bookings, seconds, item_days) of each offer in each of
    `months`."""
    return (sa.select(OfferMonth.month, OfferMonth.offer_id, OfferMonth.bookings,
                      OfferMonth.seconds, OfferMonth.item_days)
            .where(OfferMonth.month.in_(months)))


def booker_months(months: list[date]) -> sa.Select:
    """SQL: (month, member_id, kind, bookings, seconds) of what each organisation booked of
    each kind in each of `months`."""
    return (sa.select(BookerMonth.month, BookerMonth.member_id, BookerMonth.kind,
                      BookerMonth.bookings, BookerMonth.seconds)
            .where(BookerMonth.month.in_(months)))


def split(period: Period) -> tuple[list[date], list[tuple[datetime, datetime]]]:
    """The period's whole months to read from the totals, and the ranges of instants at its
    edges to read from the bookings. All of it from the bookings when the months were filed
    in another zone than the pole's (`rebuild` files them again). Worked out once per
    request for each period."""
    if not has_request_context():
        return split_afresh(period)
    found = g.setdefault("review_splits", {})
    if period not in found:
        found[period] = split_afresh(period)
    return found[period]


def split_afresh(period: Period) -> tuple[list[date], list[tuple[datetime, datetime]]]:
    """`split`, asking the database."""
    start, end = day_bounds(period)
    whole = [m for m in months(period)
             if m >= period.start and m + relativedelta(months=1, days=-1) <= period.end]
    if not whole or not months_filed_in_pole_zone(whole):
        return [], [(start, end)]
    first, after = day_start(whole[0]), day_start(whole[-1] + relativedelta(months=1))
    return whole, [(a, b) for a, b in ((start, first), (after, end)) if a < b]


def months_filed_in_pole_zone(first_days: list[date]) -> bool:
    """Whether each of these months is filed under the pole's zone, its first and last
    instants those of its days there."""
    filed = {month: (starts, ends) for month, starts, ends in db.session.execute(
        sa.select(ReviewMonth.month, ReviewMonth.starts_at, ReviewMonth.ends_at)
        .where(ReviewMonth.month.in_(first_days)))}
    return all(filed.get(m) == (day_start(m), day_start(m + relativedelta(months=1)))
               for m in first_days)


def filed_in_pole_zone(period: Period) -> bool:
    """Whether every month the period touches is filed under the pole's zone: the triggers
    then count a booking starting in the period in one of those months."""
    return months_filed_in_pole_zone(months(period))


def starts_in(column, ranges: list[tuple[datetime, datetime]]):
    """SQL: the instant falls in one of the ranges (none: false)."""
    return sa.or_(sa.false(), *(sa.and_(column >= a, column < b) for a, b in ranges))
