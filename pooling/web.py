"""Small helpers shared by the views."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter
from wtforms.validators import ValidationError

from pooling.db import FIRST_DAY, INT_MAX, LAST_DAY, supported_day


def local_target(target: str | None) -> str:
    """A path on this site to go back to; anything else (another site) becomes home."""
    if target and target.startswith("/") and not target.startswith("//") \
            and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("core.home")


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: an id beyond the database's integer columns is not
    found (404, whatever the method) rather than sent to the database, which fails on it."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", INT_MAX)  # documented in the OpenAPI document
        super().__init__(url_map, *args, **kwargs)

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.max:
            raise NotFound()
        return number


def id_arg(text: str) -> int:
    """An id in a query string (`request.args.get(..., type=id_arg)`): beyond the
    database's integers it is no id, as a word would not be."""
    number = int(text)
    if not 0 < number <= INT_MAX:
        raise ValueError(text)
    return number


def out_of_days_message() -> str:
    return _("Choose a date between %(first)s and %(last)s.", first=FIRST_DAY.isoformat(),
             last=LAST_DAY.isoformat())


class SupportedDay:
    """A form's date between FIRST_DAY and LAST_DAY: at the ends of the calendar, moving
    a time to UTC overflows."""

    def __call__(self, form, field) -> None:
        if field.data is not None and not supported_day(field.data):
            raise ValidationError(out_of_days_message())


def names_supported_day(text: str | None) -> bool:
    """Whether a date or date-time of a query string names, as written (before any
    conversion, which could overflow), a day between FIRST_DAY and LAST_DAY."""
    try:
        return supported_day(datetime.fromisoformat(text or ""))
    except ValueError:
        return False


def warn_ignored_forwarded_for() -> None:
    """Say once in the log that requests come through a proxy that BEHIND_PROXY ignores: every
    client then has the proxy's address, and the sign-in limits per network count them all
    together."""
    if "X-Forwarded-For" not in request.headers \
            or current_app.extensions.get("pooling.forwarded_for_warned"):
        return
    current_app.extensions["pooling.forwarded_for_warned"] = True
    current_app.logger.warning(
        "Requests carry X-Forwarded-For but BEHIND_PROXY is off: the client address used by "
        "the sign-in limits is the proxy's (%s). Set BEHIND_PROXY=1 behind a reverse proxy, "
        "or make it stop sending the header.", request.remote_addr)
