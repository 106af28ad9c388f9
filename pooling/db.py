"""Declarative base, naming convention, UTC columns, the transaction helper, and
statements run straight on the driver for the booking path."""

from __future__ import annotations

import enum
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from typing import TypeVar

import psycopg.postgres
import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

# Named constraints make migrations reviewable and errors translatable.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A datetime stored in UTC that always comes back timezone-aware.

    SQLite has no time zone type, so values are normalised to UTC on the way in
    and tagged as UTC on the way out; naive datetimes are refused.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: store timezone-aware datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# What the database's columns hold: ids and other integers are 32-bit signed.
INT_MAX = 2**31 - 1

# The days a person may name: any booking or report, far from the ends of Python's calendar
# (years 1 and 9999), where moving to UTC or adding a day overflows.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def supported_day(value: date | datetime) -> bool:
    """Whether a day, or a moment's day, is between FIRST_DAY and LAST_DAY."""
    day = value.date() if isinstance(value, datetime) else value
    return FIRST_DAY <= day <= LAST_DAY


def enum_type(enum_cls: type[enum.Enum], name: str) -> sa.Enum:
    """A portable enum column storing the members' values, checked by the database."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )


def insert_skipping_duplicates(session: sa.orm.Session, table: sa.Table) -> sa.Insert:
    """An INSERT that skips the rows a unique key already holds (ON CONFLICT DO NOTHING),
    on SQLite and PostgreSQL: the database, not a check made before, decides what is new;
    with RETURNING it gives the rows it wrote."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


# The furthest page a listing serves: beyond it, filter rather than page.
MAX_PAGE = 10_000


@dataclass(frozen=True)
class Page:
    """One page of a listing, with its place in the whole."""

    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)

    @property
    def first(self) -> int:
        """The place of its first item in the whole, from 1."""
        return (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        """The place of its last item in the whole."""
        return self.first + len(self.items) - 1


def page_count(total: int, per_page: int) -> int:
    """How many pages `total` items fill (one when there are none)."""
    return max(1, -(-total // per_page))


def paginate(statement: sa.Select, page: int, per_page: int, order: Iterable) -> Page:
    """A page of the statement's rows (ORM entities) in that order, and their count."""
    from pooling.extensions import db

    page = max(1, min(page, MAX_PAGE))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    items = db.session.scalars(statement.order_by(*order).limit(per_page)
                               .offset((page - 1) * per_page)).unique()
    return Page(list(items), total or 0, page, per_page)

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def search_key(text: str | None) -> str:
    """Lower-case text without accents, so that "reunion" finds "Réunion"."""
    if not text:
        return ""
    # NFKD splits accents off their letters but keeps French ligatures whole; it can also
    # turn a lower-case compatibility letter into a capital, hence casefold after it.
    folded = unicodedata.normalize("NFKD", text).casefold().translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def like_pattern(term: str) -> str:
    """A LIKE pattern matching the search key of a term anywhere, wildcards escaped."""
    escaped = search_key(term).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# --- statements run straight on the driver ----------------------------------------------


# Statements kept compiled for the driver. The callers build each of theirs once, so a few
# dozen suffice; the bound keeps a caller that builds them anew from growing it forever.
DRIVER_CACHE_SIZE = 128


def driver_rows(session: sa.orm.Session, statement: sa.Executable, params: dict,
                writes: bool = False) -> list[tuple]:
    """The rows of a Core statement, run in the session's transaction, as plain tuples:
    enums by value, datetimes aware and in UTC (a naive datetime, given or read, is refused).

    On PostgreSQL the statement, compiled once, goes straight to the driver: on the
    booking path, SQLAlchemy's work for each execution (execution context, result
    metadata, type processing) took more time than the database's. Pending changes are
    flushed first and errors come back as SQLAlchemy's, as with `Session.execute`.
    SQLite, and PostgreSQL when the setting `DRIVER_FAST_PATH` is off, run the statement
    through `Session.execute`. `writes`: the statement changes data (the request must not
    end with a commit as if it had only read).
    """
    [rows] = driver_batch(session, (statement, params), writes=writes)
    return rows


def driver_batch(session: sa.orm.Session, *statements: tuple[sa.Executable, dict],
                 writes: bool = False) -> list[list[tuple]]:
    """Like `driver_rows`, for several statements sent together: on PostgreSQL in one
    round trip (the driver's pipeline mode). The database still runs them one after the
    other, each as a statement of its own: it sees what the ones before it did, and
    what other transactions committed before it started."""
    for _statement, params in statements:
        for name, value in params.items():
            _refuse_naive(value, f"parameter {name!r}")
    if session.autoflush:
        session.flush()
    connection = session.connection()
    if writes:
        session.info["wrote"] = True
    if connection.dialect.name != "postgresql" or not fast_path_on():
        return [_plain_rows(session.execute(statement, params))
                for statement, params in statements]
    driver = connection.connection.driver_connection
    sent = []
    for statement, params in statements:
        compiled = _compiled_for_driver(statement, connection.dialect)
        sent.append((compiled.string, {name: _for_driver(name, value) for name, value
                                       in compiled.construct_params(params).items()}))
    try:
        if len(sent) == 1:
            cursors = [driver.execute(*sent[0])]
        else:
            with driver.pipeline():
                cursors = [driver.execute(*query) for query in sent]
        results = [_driver_plain_rows(cursor) for cursor in cursors]
    except connection.dialect.loaded_dbapi.Error as error:
        # A connection lost (the database restarted, the backend ended) is dropped, as
        # SQLAlchemy drops it after its own statements: the rollback that follows does not
        # fail on it, and the pool does not hand it out again.
        lost = connection.dialect.is_disconnect(error, driver, None)
        if lost:
            connection.invalidate(error)
        raise sa.exc.DBAPIError.instance("; ".join(sql for sql, _ in sent), None, error,
                                         connection.dialect.loaded_dbapi.Error,
                                         connection_invalidated=lost) from error
    return results


# The types of timestamps, with and without a time zone: psycopg reads the other columns
# as plain values already (an enum's as its text).
TIMESTAMP_TYPES = frozenset(psycopg.postgres.types[name].oid
                            for name in ("timestamptz", "timestamp"))


def _driver_plain_rows(cursor) -> list[tuple]:
    """The rows of a psycopg cursor as `_plain_rows` shapes them, looking only at the
    columns of timestamps: converting every value of every row took a tenth of a need's
    matching."""
    result = cursor.pgresult
    if not result or not result.nfields:  # no columns: read without their description
        return []
    rows = cursor.fetchall()
    stamped = [index for index in range(result.nfields) if result.ftype(index) in TIMESTAMP_TYPES]
    if not stamped or not rows:
        return rows
    plain = []
    for row in rows:
        values = list(row)
        for index in stamped:
            if values[index] is not None:
                values[index] = _plain(values[index], index)
        plain.append(tuple(values))
    return plain


def fast_path_on() -> bool:
    """Whether statements of the booking path go straight to the driver on PostgreSQL:
    the setting `DRIVER_FAST_PATH` (on outside an application)."""
    return not has_app_context() or current_app.config.get("DRIVER_FAST_PATH", True)


def _plain_rows(result: sa.Result) -> list[tuple]:
    """The rows SQLAlchemy gives, shaped as the driver's: enums by value, datetimes in UTC."""
    if isinstance(result, sa.CursorResult) and not result.returns_rows:
        return []  # a statement without RETURNING: the ORM's results always have rows
    return [tuple(_plain(value, index) for index, value in enumerate(row)) for row in result]


def _plain(value, column: int):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        _refuse_naive(value, f"column {column + 1} of a row read")
        return value.astimezone(UTC)
    return value


class NaiveDatetimeError(ValueError):
    """A datetime without a time zone given to, or read by, a statement of the booking path:
    the hour it names is ambiguous."""


def _refuse_naive(value, where: str) -> None:
    if isinstance(value, datetime) and value.tzinfo is None:
        raise NaiveDatetimeError(
            f"naive datetime refused ({where}): {value.isoformat()} names no time zone; "
            "give timezone-aware datetimes and read timestamps with time zone")


def _for_driver(name: str, value):
    if isinstance(value, enum.Enum):
        return value.value
    _refuse_naive(value, f"parameter {name!r}")
    return value


def as_loaded(session: sa.orm.Session, entity: type, values: dict):
    """The session's object for a row that `driver_rows` read, by column name, as if the
    session had just loaded it: the object it holds, refreshed, or a new one."""
    mapper = sa.inspect(entity)
    state = {}
    for name, key, enum_class in _columns_of(entity):
        value = values[name]
        state[key] = enum_class(value) if enum_class and value is not None else value
    existing = session.identity_map.get(mapper.identity_key_from_primary_key(
        [values[column.name] for column in mapper.primary_key]))
    if existing is not None:
        for key, value in state.items():
            set_committed_value(existing, key, value)
        return existing
    # As the ORM's loading does: the values go straight into the instance's dictionary,
    # not through its attributes, which would record them as changes to write.
    loaded = mapper.class_manager.new_instance()
    loaded.__dict__.update(state)
    make_transient_to_detached(loaded)
    session.add(loaded)
    return loaded


@cache
def _columns_of(entity: type) -> list[tuple[str, str, type | None]]:
    """The entity's columns: name, attribute, and enum class if any."""
    mapper = sa.inspect(entity)
    return [(column.name, mapper.get_property_by_column(column).key,
             column.type.enum_class if isinstance(column.type, sa.Enum) else None)
            for column in mapper.local_table.c]


@lru_cache(maxsize=DRIVER_CACHE_SIZE)
def _compiled_for_driver(statement: sa.Executable, dialect) -> sa.engine.Compiled:
    # Keyed by the statement itself: the callers build each of theirs once.
    compiled = statement.compile(dialect=dialect)
    # SQLAlchemy renders list parameters (IN) and computes Python-side column defaults
    # at each execution: the driver would do neither.
    if compiled.post_compile_params:
        raise ValueError("a statement run on the driver cannot have list parameters")
    if compiled.insert_prefetch or compiled.update_prefetch:
        raise ValueError("a statement run on the driver must give every column's value")
    return compiled


WRITE_LOCK = "pooling_write_lock"


def lock_wait_ms(config: Mapping) -> int:
    """The longest a statement waits for a lock, in milliseconds: the setting
    `DB_LOCK_TIMEOUT`, in seconds."""
    return max(1, round(float(config["DB_LOCK_TIMEOUT"]) * 1000))


def serialise_on(session: sa.orm.Session, key: str, shared: bool = False) -> None:
    """Make write transactions about the same key run one after the other; `shared` ones
    run together, but never while an exclusive one runs.

    PostgreSQL: a transaction-scoped advisory lock on the key. SQLite needs nothing more:
    every write transaction already holds the database's single write lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        lock = sa.func.pg_advisory_xact_lock_shared if shared else sa.func.pg_advisory_xact_lock
        session.execute(sa.select(lock(sa.func.hashtext(key))))


@contextmanager
def transaction(expire: bool = True) -> Iterator[sa.orm.Session]:
    """One use case, one transaction: commit on success, roll back on any error.

    `expire=False` keeps the loaded objects as the transaction left them instead of
    reloading them on their next use, for a caller that only reads what it just wrote.
    """
    from pooling.extensions import db

    session = db.session()  # the request's Session behind the scoped proxy
    if session.info.get(JOINED):
        # Inside `enclosing_transaction`: that one commits, with what its caller adds.
        if session.get_bind().dialect.name == "sqlite" and not session.in_transaction():
            # Begun anew after a retry's rollback: take the write lock again.
            session.connection(execution_options={WRITE_LOCK: True})
        yield session
        return
    if session.get_bind().dialect.name == "sqlite":
        # SQLite: take the write lock when the transaction starts (BEGIN IMMEDIATE), so that
        # writers queue and each reads the state the previous one committed. A read-only
        # transaction already open is ended first: its snapshot may be stale.
        if session.in_transaction() and not (session.new or session.dirty or session.deleted):
            session.commit()
        session.connection(execution_options={WRITE_LOCK: True})
    try:
        yield session
        expiring = session.expire_on_commit
        session.expire_on_commit = expiring and expire
        try:
            session.commit()
        finally:
            session.expire_on_commit = expiring
    except BaseException:
        session.rollback()
        raise


JOINED = "joined"

T = TypeVar("T")

# SQLSTATEs of a PostgreSQL transaction that lost a race and may simply be run again.
_RETRYABLE = ("40001", "40P01")  # serialisation failure, deadlock
# SQLite: a read snapshot gone stale when the transaction came to write. Not a plain busy
# error: that one already waited the whole lock wait (busy_timeout), and waiting again
# would make the request wait several times `DB_LOCK_TIMEOUT`.
_SQLITE_RETRYABLE = ("SQLITE_BUSY_SNAPSHOT",)


def run_use_case(action: Callable[[], T], attempts: int = 5) -> T:
    """Run a use case's transaction (`action`, which opens it with `transaction()`), again
    when the database asks for it: a deadlock or a serialisation failure on PostgreSQL, a
    stale snapshot on SQLite. Whatever fails in the end is rolled back, then raised: the
    session is left clean for the request's next use case and its error page."""
    from pooling.extensions import db

    for attempt in range(attempts):
        try:
            return action()
        except sa.exc.OperationalError as error:
            retryable = (getattr(error.orig, "sqlstate", None) in _RETRYABLE
                         or getattr(error.orig, "sqlite_errorname", None) in _SQLITE_RETRYABLE)
            db.session.rollback()
            if attempt == attempts - 1 or not retryable:
                raise
            time.sleep(0.01 * (attempt + 1))
        except BaseException:
            db.session.rollback()
            raise
    raise AssertionError("unreachable")


@contextmanager
def enclosing_transaction() -> Iterator[sa.orm.Session]:
    """A transaction that the services' transactions inside it join: everything commits
    once, at its end, with what the caller writes after them (e.g. the answer kept for an
    idempotency key). A service's retry after a deadlock rolls back all of it, and starts
    again within it."""
    with transaction(expire=False) as session:
        session.info[JOINED] = True
        try:
            yield session
        finally:
            session.info.pop(JOINED, None)


# --- ending a request's read-only transaction ------------------------------------------
#
# A request that only read ends its transaction with COMMIT rather than ROLLBACK. Both
# leave the database as it was, but the PostgreSQL driver forgets the connection's
# prepared statements on every ROLLBACK, and then plans each statement again: planning
# costs more than running most of ours.


@sa.event.listens_for(sa.orm.Session, "after_flush")
def _flushed(session: sa.orm.Session, _context) -> None:
    session.info["wrote"] = True


@sa.event.listens_for(sa.orm.Session, "do_orm_execute")
def _executed(state: sa.orm.ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["wrote"] = True


@sa.event.listens_for(sa.orm.Session, "after_transaction_end")
def _ended(session: sa.orm.Session, transaction: sa.orm.SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop("wrote", None)


def has_written(session: sa.orm.Session) -> bool:
    """Whether the session's transaction changed data, flushed or not yet."""
    return bool(session.info.get("wrote") or session.new or session.dirty or session.deleted)


def end_read_only_transaction(scoped: sa.orm.scoped_session, error: BaseException | None
                              ) -> None:
    """Commit the request's transaction if it wrote nothing and nothing failed; anything
    else is left to the rollback that closing the session does."""
    if error is not None or not scoped.registry.has():
        return
    session = scoped()
    if not session.in_transaction() or has_written(session):
        return
    try:
        session.commit()
    except sa.exc.SQLAlchemyError:
        session.rollback()
