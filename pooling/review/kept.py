"""The review's figures kept in the database, where every worker and every host finds them.

Each process keeps the figures it summed (pooling.review.remembered); without more, each of
gunicorn's workers sums a period once more before it answers from memory, and the first
page a worker serves of a period waits for the whole sum. PostgreSQL keeps one copy of each
settled figure (of a period ended before this month, or what the catalogue could give)
beside the state of the data it was summed from: a worker that has not summed it reads it
there, if it was summed from the state the worker has just read.

A figure is stored pickled and signed with the application's secret key, and read back only
when the signature holds: the table holds nothing a process did not write itself. The
digest of the code that sums and shows the figures is part of every state, so that figures
written by another version are summed again. SQLite, which serves one host, keeps figures
per process only: its single writer lock is not worth taking to save a sum.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import pickle  # nosec B403 # only what this application wrote and signed is ever loaded
import queue
import threading
from collections.abc import Hashable
from datetime import timedelta
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql

from pooling.db import utcnow
from pooling.extensions import db
from pooling.ledger.statements import Period
from pooling.pole.clock import pole_today
from pooling.review.models import KeptFigure

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
# A figure not summed again for this long is deleted when another one is written.
UNUSED = timedelta(days=7)
MISSING = object()
# Figures waiting for the writer thread, at most a few pages' worth.
queued: queue.Queue = queue.Queue(maxsize=32)
writer: threading.Thread | None = None
writer_lock = threading.Lock()


@cache
def code_digest() -> bytes:
    """A digest of the application's code and templates: figures pickled by one version are
    not read by another."""
    digest = hashlib.sha256()
    for path in sorted([*(ROOT / "pooling").rglob("*.py"), *(ROOT / "templates").rglob("*.html")]):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.digest()


def in_use() -> bool:
    """Figures are shared on PostgreSQL; on SQLite each process keeps its own."""
    return db.engine.dialect.name == "postgresql"


def settled(period: Period) -> bool:
    """Whether the period ended before the current month: its figures move only with a late
    entry or change, so other processes will read them as they are. The current period's
    move with every booking or exchange, and each first reading after one sums them again:
    pickling them for the others would only cost."""
    return period.end < pole_today().replace(day=1)


def key_digest(name: str, key: Hashable) -> bytes:
    return hashlib.sha256(repr((name, key)).encode()).digest()


def state_digest(state: tuple) -> bytes:
    return hashlib.sha256(code_digest() + repr(state).encode()).digest()


def signature(state: bytes, value: bytes) -> bytes:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, state + value, hashlib.sha256).digest()


def read(name: str, key: Hashable, state: tuple) -> object:
    """The figure kept for `name` and `key` if it was summed from `state`, else MISSING."""
    wanted = state_digest(state)
    row = db.session.execute(sa.select(KeptFigure.signature, KeptFigure.value).where(
        KeptFigure.key == key_digest(name, key), KeptFigure.state == wanted)).first()
    if row is None:
        return MISSING
    if not hmac.compare_digest(row.signature, signature(wanted, row.value)):
        logger.warning("kept review figure %s with a wrong signature: summed again", name)
        return MISSING
    return pickle.loads(row.value)  # nosec B301 # signed above with the secret key


def write(name: str, key: Hashable, state: tuple, value: object) -> None:
    """Keep the figure for the other processes, after the answer: a thread of the process
    pickles and writes it (a year's network takes tens of milliseconds to pickle, which the
    reader who waited for the sum need not wait for as well)."""
    if not current_app.config["REVIEW_KEEP_IN_BACKGROUND"]:
        store(name, key, state, value)
        return
    global writer
    with writer_lock:
        if writer is None or not writer.is_alive():
            writer = threading.Thread(target=write_queued, name="review-kept", daemon=True)
            writer.start()
    try:
        queued.put_nowait((current_app._get_current_object(), name, key, state, value))
    except queue.Full:  # the thread is behind: the figure stays this process's own
        logger.info("review figure %s not kept: the writer is behind", name)


def write_queued() -> None:
    while True:
        app, *figure = queued.get()
        try:
            with app.app_context():
                store(*figure)
        except Exception:  # the thread serves the next ones
            logger.exception("review figure %s not kept", figure[0])
        finally:
            queued.task_done()


def wait_for_writes() -> None:
    """Until every figure handed to the thread is written (tests, the CLI)."""
    queued.join()


def store(name: str, key: Hashable, state: tuple, value: object) -> None:
    """Write the figure, on a connection of its own, committed at once and without waiting
    for the disk: a lost or failed write only means a sum made again."""
    digest, pickled = state_digest(state), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    row = {"key": key_digest(name, key), "name": name, "state": digest,
           "signature": signature(digest, pickled), "value": pickled, "kept_at": utcnow()}
    insert = postgresql.insert(KeptFigure).values(row)
    try:
        with db.engine.begin() as connection:
            connection.execute(sa.text("SET LOCAL synchronous_commit = off"))
            connection.execute(sa.text("SET LOCAL lock_timeout = '200ms'"))
            connection.execute(insert.on_conflict_do_update(
                index_elements=[KeptFigure.key],
                set_={c: insert.excluded[c] for c in ("name", "state", "signature", "value",
                                                      "kept_at")}))
            connection.execute(sa.delete(KeptFigure).where(
                KeptFigure.kept_at < row["kept_at"] - UNUSED))
    except sa.exc.DBAPIError:
        logger.warning("review figure %s not kept for the other processes", name,
                       exc_info=True)


def forget_all(connection: sa.Connection) -> int:
    """Delete every kept figure (after the running totals were rebuilt)."""
    return connection.execute(sa.delete(KeptFigure)).rowcount
