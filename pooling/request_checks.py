"""Refuse, before any view reads them, requests that no view could answer well: characters
no database stores, JSON nested too deeply to parse, URIs longer than any link we make."""

from __future__ import annotations

import json

from flask import Flask, abort, request
from flask_babel import gettext as _

from pooling.errors import DomainError, InvalidInput, error_response

# gunicorn's own limit for a request line (gunicorn.conf.py lifts it so that the
# application answers, in JSON under /api/).
MAX_URI_LENGTH = 4094


def refuse_long_uris():
    """A URI beyond any link of the site: 414, answered like every other error."""
    if len(request.path) + len(request.query_string) + 1 > MAX_URI_LENGTH:
        abort(414)


def refuse_nul_characters():
    """Refuse a NUL character in the query string or a form, on every database alike.

    PostgreSQL cannot store or even compare text holding NUL: it would end in a 500.
    """
    names = {key for values in (request.args, request.form)
             for key, value in values.items(multi=True) if "\x00" in value or "\x00" in key}
    if names:
        message = _("The request contains a forbidden character (NUL).")
        return error_response(422, message, fields={name: [message] for name in names})
    return None


def refuse_bad_json():
    """A JSON body nested too deeply for the parser (400), or holding a string with NUL or
    an unpaired surrogate, which no database stores (422, naming the field)."""
    if not request.is_json:
        return
    try:
        body = json.loads(request.get_data(cache=True))
    except RecursionError:
        raise DomainError(_("The JSON sent is nested too deeply.")) from None
    except ValueError:
        return  # not JSON: the view's parser answers 400
    parts = body.items() if isinstance(body, dict) else [("", body)]
    fields = {name or "_body": [_("A forbidden character (NUL or an unpaired surrogate).")]
              for name, value in parts if not storable(name) or not storable_json(value)}
    if fields:
        raise InvalidInput(_("The request contains a forbidden character (NUL or an unpaired "
                             "surrogate)."), fields=fields)


def storable(text: str) -> bool:
    """Whether a database can store this text: no NUL, no unpaired surrogate."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def storable_json(value) -> bool:
    """Whether every string (keys too) of a parsed JSON value is `storable`."""
    pending = [value]
    while pending:  # not recursive: a value nested a thousand levels deep is fine
        item = pending.pop()
        if isinstance(item, str):
            if not storable(item):
                return False
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return True


def init_app(app: Flask) -> None:
    """Run the checks first, before authentication and any view."""
    for check in (refuse_long_uris, refuse_nul_characters, refuse_bad_json):
        app.before_request(check)
