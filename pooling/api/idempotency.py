"""`Idempotency-Key`: the same key sent again by the same person within 24 hours gets the
first answer instead of acting twice (a client that lost the answer to a booking that was
saved retries safely).

The key is claimed by inserting its row before acting, and its answer written in the same
transaction as what the request did: a unique key on (person, key) decides between two
requests racing with the same key. Only successful answers are kept: a refused request
wrote nothing and may be sent again with the same key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from functools import wraps

import sqlalchemy as sa
from flask import Response, current_app, g, request
from flask_babel import gettext as _

from pooling.api.models import IdempotencyKey
from pooling.db import enclosing_transaction, lock_wait_ms, utcnow
from pooling.errors import Conflict, invalid_field
from pooling.extensions import db

HEADER = "Idempotency-Key"
KEPT = timedelta(hours=24)
MAX_LENGTH = 255
# How long a request waits for another one holding the same key (PostgreSQL).
WAIT = "10s"

DOCUMENTED = {
    "in": "header", "name": HEADER, "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH},
    "description": "A unique value chosen by the client (a UUID) to send the same request "
                   "again safely: within 24 hours, the same key from the same person gets "
                   "the first successful answer (status and body, with the header "
                   "`Idempotent-Replayed: true`) instead of acting twice; with another "
                   "body it is refused (422); while the first is still running, 409.",
}
table = IdempotencyKey.__table__


def idempotent(view: Callable) -> Callable:
    """Decorate an API view (above its arguments and response decorators, so that the
    answer it keeps is the one sent)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        if not key.strip() or len(key) > MAX_LENGTH or not key.isprintable():
            message = _("The Idempotency-Key header must have 1 to %(n)d printable "
                        "characters.", n=MAX_LENGTH)
            raise invalid_field(HEADER, message)
        user_id, asked = g.api_user.id, fingerprint()
        kept = _kept(user_id, key)
        if kept is not None:
            return _replay(kept, asked)
        try:
            with enclosing_transaction() as session:
                try:
                    _claim(session, user_id, key, asked)
                except sa.exc.OperationalError as error:
                    # The key's wait alone: a lock the view waits for too long is a 503.
                    if getattr(error.orig, "sqlstate", None) != "55P03":  # lock_not_available
                        raise
                    raise _in_progress() from None
                response = view(*args, **kwargs)
                if 200 <= response.status_code < 300:
                    _keep(session, user_id, key, asked, response)
                else:
                    session.rollback()  # nothing kept, the claim let go
        except sa.exc.IntegrityError as error:
            if not _about_the_key(error):
                raise
            db.session.rollback()
            kept = _kept(user_id, key)
            if kept is None:
                raise _in_progress() from None
            return _replay(kept, asked)
        return response

    return wrapper


def fingerprint() -> str:
    """What the request asks, whatever the order of its JSON keys or its spacing."""
    body = request.get_json(silent=True)
    text = (json.dumps(body, sort_keys=True, separators=(",", ":")) if body is not None
            else request.get_data(as_text=True))
    return hashlib.sha256(f"{request.method} {request.path}\n{text}".encode()).hexdigest()


def _kept(user_id: int, key: str) -> sa.Row | None:
    """The committed answer to this key, if it is recent enough to count."""
    return db.session.execute(sa.select(table.c.fingerprint, table.c.status, table.c.body)
                              .where(table.c.user_id == user_id, table.c.key == key,
                                     table.c.created_at > utcnow() - KEPT)).first()


def _claim(session, user_id: int, key: str, asked: str) -> None:
    # An expired answer gives the key back. The insert waits for a request holding the
    # same key until it ends, then fails on the unique key if that one committed; on
    # PostgreSQL it waits at most WAIT, then answers "in progress".
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text(f"SET LOCAL lock_timeout = '{WAIT}'"))
    session.execute(table.delete().where(table.c.user_id == user_id, table.c.key == key,
                                         table.c.created_at <= utcnow() - KEPT))
    session.execute(table.insert().values(user_id=user_id, key=key, fingerprint=asked,
                                          created_at=utcnow()))
    if session.get_bind().dialect.name == "postgresql":
        # Back to the wait every other statement has (not DEFAULT: the server's, none).
        session.execute(sa.text(f"SET LOCAL lock_timeout = {lock_wait_ms(current_app.config)}"))


def _keep(session, user_id: int, key: str, asked: str, response: Response) -> None:
    answer = {"status": response.status_code, "body": response.get_data(as_text=True)}
    kept = session.execute(table.update().where(table.c.user_id == user_id,
                                                table.c.key == key).values(**answer))
    if kept.rowcount == 0:  # a retry after a deadlock rolled the claim back
        session.execute(table.insert().values(user_id=user_id, key=key, fingerprint=asked,
                                              created_at=utcnow(), **answer))


def _replay(kept: sa.Row, asked: str) -> Response:
    if kept.fingerprint != asked:
        message = _("This Idempotency-Key was used for another request: use a new key for a "
                    "new request.")
        raise invalid_field(HEADER, message)
    if kept.status is None:
        raise _in_progress()
    response = Response(kept.body, kept.status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _in_progress() -> Conflict:
    return Conflict(_("A request with this Idempotency-Key is still in progress: try again "
                      "in a moment."), details={"rule": "idempotency_in_progress"})


def _about_the_key(error: sa.exc.IntegrityError) -> bool:
    """Whether the unique key on (person, key) refused the row, not another constraint."""
    text = str(error.orig)
    return "uq_idempotency_keys_user_id_key" in text or "idempotency_keys.user_id" in text


def purge(now=None) -> int:
    """Forget the answers older than 24 hours; returns how many."""
    cutoff = (now or utcnow()) - KEPT
    return db.session.execute(table.delete().where(table.c.created_at <= cutoff)).rowcount
