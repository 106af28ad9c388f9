"""While the database is unreachable, or a lock is held for longer than a request may wait,
answer 503 with Retry-After rather than a 500."""

from __future__ import annotations

import math

import sqlalchemy as sa
from flask import Flask, current_app, request, session
from flask_babel import force_locale
from flask_babel import gettext as _

from pooling.errors import error_response, wants_json

# Seconds a client should wait before trying again.
RETRY_AFTER = 30


# Errors that say the database cannot be reached (refused, restarting, connection lost,
# no connection left in the pool), rather than that it refused a statement.
UNAVAILABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)


def gave_up_waiting(error: BaseException) -> bool:
    """Whether a statement waited for a lock as long as it may (`DB_LOCK_TIMEOUT`): the
    database is there, another transaction holds what this one needs."""
    orig = getattr(error, "orig", None)
    return (getattr(orig, "sqlstate", None) == "55P03"  # lock_not_available
            or getattr(orig, "sqlite_errorname", None) == "SQLITE_BUSY")


def unavailable_response(busy: bool = False):
    """503: JSON with `Retry-After` for the API, a page that reads nothing from the
    database for people. `busy`: the database is there, but a lock was held too long."""
    # Who is signed in and in which language they read are in the database: use the
    # browser's choice, else the default, without asking it.
    languages = current_app.config["LANGUAGES"]
    locale = session.get("lang") if session.get("lang") in languages else \
        current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        if busy:
            message = _("Someone else is changing the same thing right now: please try "
                        "again in a few seconds.")
        else:
            message = _("The service is temporarily unavailable. Please try again in a "
                        "minute.")
        if wants_json():
            response = error_response(503, message, "busy" if busy else "unavailable")
        else:
            # The page template, without the context processors that read the database.
            page = current_app.jinja_env.get_template("errors/503.html")
            lead = message if busy else _("Please try again in a minute.")
            response = current_app.response_class(
                page.render(locale=locale, message=lead), 503, mimetype="text/html")
    # Busy: the lock is likely free again by the time another wait would end.
    retry_after = math.ceil(current_app.config["DB_LOCK_TIMEOUT"]) if busy else RETRY_AFTER
    response.headers["Retry-After"] = str(retry_after)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Answer 503 for every error of UNAVAILABLE, wherever in the request it arose."""

    def handle_unavailable(error: sa.exc.SQLAlchemyError):
        busy = gave_up_waiting(error)
        app.logger.warning("%s (%s %s): %s", "lock wait too long" if busy else
                           "database unavailable", request.method, request.path,
                           str(error).splitlines()[0])
        return unavailable_response(busy)

    for error_class in UNAVAILABLE:
        app.register_error_handler(error_class, handle_unavailable)
