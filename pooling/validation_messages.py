"""The messages of marshmallow and webargs, in the request's language.

They format their English messages before we see them ("Longer than maximum length 200."),
so each template is matched back and its translation filled with the same values.
"""

from __future__ import annotations

import re

from flask_babel import gettext


def N_(msgid: str) -> str:  # noqa: N802 (Babel's keyword for a message to extract)
    """Mark a message for the catalogue; translated when used."""
    return msgid


TEMPLATES = [
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid value."),
    N_("Invalid type."),
    N_("Invalid input type."),
    N_("Unknown field."),
    N_("Not a valid list."),
    N_("Not a valid string."),
    N_("Not a valid utf-8 string."),
    N_("Not a valid number."),
    N_("Number too large."),
    N_("Not a valid integer."),
    N_("Special numeric values (nan or infinity) are not permitted."),
    N_("Not a valid boolean."),
    N_("Not a valid datetime."),
    N_("Not a valid aware datetime."),
    N_("Not a valid time."),
    N_("Not a valid date."),
    N_("Not a valid mapping type."),
    N_("Not a valid email address."),
    N_("Not a valid URL."),
    N_("String does not match expected pattern."),
    N_("Invalid JSON body."),
    N_("Must be one of: %(choices)s."),
    N_("Shorter than minimum length %(min)s."),
    N_("Longer than maximum length %(max)s."),
    N_("Length must be between %(min)s and %(max)s."),
    N_("Length must be %(equal)s."),
    N_("Must be greater than or equal to %(min)s and less than or equal to %(max)s."),
    N_("Must be greater than %(min)s and less than or equal to %(max)s."),
    N_("Must be greater than or equal to %(min)s and less than %(max)s."),
    N_("Must be greater than %(min)s and less than %(max)s."),
    # After the ranges with both ends, which they would match too.
    N_("Must be greater than or equal to %(min)s."),
    N_("Must be greater than %(min)s."),
    N_("Must be less than or equal to %(max)s."),
    N_("Must be less than %(max)s."),
]


def _pattern(template: str) -> re.Pattern:
    regex = re.escape(template)
    regex = re.sub(r"%\\\((\w+)\\\)s", r"(?P<\1>.+?)", regex)
    return re.compile(f"^{regex}$", re.DOTALL)


_MATCHERS = [(_pattern(t), t) for t in TEMPLATES]


def translated(message: str) -> str:
    """The message in the request's language when it is one of the libraries'; else as is."""
    if not isinstance(message, str):
        return message
    for pattern, template in _MATCHERS:
        found = pattern.match(message)
        if found:
            return gettext(template, **found.groupdict())
    return message


def flat_fields(messages: dict, prefix: str = "") -> dict[str, list[str]]:
    """Messages per field, nested ones (a list's items, a nested object) under dotted names
    such as `opening_hours.0.closes_at`, each translated."""
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flat_fields(value, f"{name}."))
        elif isinstance(value, list | tuple):
            texts = [m for m in value if isinstance(m, str)]
            for item in value:
                if isinstance(item, dict):
                    flat.update(flat_fields(item, f"{name}."))
            if texts:
                flat[name] = [translated(m) for m in texts]
        else:
            flat[name] = [translated(str(value))]
    return flat
