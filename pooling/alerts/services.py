"""Each person's choice of alerts, and the unsubscribe link their messages carry."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from pooling.accounts.models import User
from pooling.alerts.models import DEFAULTS, AlertKind, AlertPreference, Frequency
from pooling.db import insert_skipping_duplicates, run_use_case, transaction
from pooling.errors import DomainError, NotFound
from pooling.extensions import db


@dataclass(frozen=True)
class Preferences:
    """How often a person hears of new offers for their organisation's needs (`offers`) and
    of needs their organisation's offers can serve (`needs`)."""

    offers: Frequency = DEFAULTS[AlertKind.OFFERS]
    needs: Frequency = DEFAULTS[AlertKind.NEEDS]


OFF = Preferences(Frequency.NEVER, Frequency.NEVER)


def preferences_of(user_id: int) -> Preferences:
    """The person's choice, or the defaults if they never chose."""
    row = db.session.get(AlertPreference, user_id)
    return Preferences(row.offers, row.needs) if row else Preferences()


def set_preferences(user_id: int, preferences: Preferences) -> None:
    """Save a person's own choice; the times of their last digests are kept."""

    def save() -> None:
        with transaction() as session:
            # The row may not exist yet; two saves at once must not collide on its key.
            session.execute(insert_skipping_duplicates(session, AlertPreference.__table__)
                            .values(user_id=user_id, offers=DEFAULTS[AlertKind.OFFERS],
                                    needs=DEFAULTS[AlertKind.NEEDS]))
            session.execute(sa.update(AlertPreference)
                            .where(AlertPreference.user_id == user_id)
                            .values(offers=preferences.offers, needs=preferences.needs))

    run_use_case(save)


class InvalidLink(DomainError):
    status = 400
    code = "invalid_link"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="alerts-unsubscribe")


def unsubscribe_token(user_id: int) -> str:
    """A signed token naming the person; it never expires: a message read months later
    must still let its reader stop the alerts, and the token can do nothing else."""
    return _serializer().dumps({"u": user_id})


def person_of_token(token: str) -> User:
    """The person an unsubscribe token names; a token altered or made up is refused."""
    try:
        data = _serializer().loads(token)
        user_id = int(data["u"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise InvalidLink(_("This unsubscribe link is not valid. Copy the whole link from "
                            "the message, or choose your alerts in your profile.")) from None
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("This person no longer exists."))
    return user


def unsubscribe(token: str) -> User:
    """Turn off every alert of the person the token names, without signing in."""
    user = person_of_token(token)
    set_preferences(user.id, OFF)
    return user
