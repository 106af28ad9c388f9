"""While the database is unreachable, answer 503 with Retry-After rather than a 500."""

from __future__ import annotations

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


def unavailable_response():
    """503: JSON with `Retry-After` for the API, a page that reads nothing from the
    database for people."""
    # Who is signed in and in which language they read are in the database: use the
    # browser's choice, else the default, without asking it.
    languages = current_app.config["LANGUAGES"]
    locale = session.get("lang") if session.get("lang") in languages else \
        current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        if wants_json():
            response = error_response(503, _("The service is temporarily unavailable. Please "
                                             "try again in a minute."), "unavailable")
        else:
            # The page template, without the context processors that read the database.
            page = current_app.jinja_env.get_template("errors/503.html")
            response = current_app.response_class(
                page.render(locale=locale), 503, mimetype="text/html")
    response.headers["Retry-After"] = str(RETRY_AFTER)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Answer 503 for every error of UNAVAILABLE, wherever in the request it arose."""

    def handle_unavailable(error: sa.exc.SQLAlchemyError):
        app.logger.warning("database unavailable (%s %s): %s", request.method, request.path,
                           str(error).splitlines()[0])
        return unavailable_response()

    for error_class in UNAVAILABLE:
        app.register_error_handler(error_class, handle_unavailable)
