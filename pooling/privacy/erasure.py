"""The cell erases a person's personal data (GDPR article 17, right to erasure).

The person's row stays, so that their bookings, exchanges, ledger entries and audit
events keep their author and the ledger stays balanced; their name, e-mail, phone and job
title become neutral values, their password, tokens, sessions and preferences go, and the
account is deactivated for good.

The audit log is append-only, and its rows hold copies of the person's name and e-mail
(as the actor of an event, or in the label and values of the events about them). Its
guard (pooling.audit.guards) allows exactly this rewrite: once `users.erased_at` is set,
the actor's copies may become the person's new, erased name and e-mail, and the rows about
the person may have their label, values and search text rewritten; nothing else of any row
may change. The erasure itself is recorded with the erased label only.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask_babel import gettext as _

from pooling.accounts.models import ApiToken, LoginFailure, User, UserSession
from pooling.accounts.permissions import require_person_eraser
from pooling.accounts.services import get_user, new_stamp
from pooling.alerts.models import AlertPreference, SentSuggestion
from pooling.api.models import IdempotencyKey
from pooling.audit import services as audit
from pooling.audit.models import AuditEvent
from pooling.db import search_key, transaction, utcnow
from pooling.errors import Conflict

# A domain that can never receive mail (RFC 2606).
ERASED_DOMAIN = "personne-effacee.invalid"
# The person's fields the audit log copies, and what replaces them.
PERSONAL = ("email", "full_name", "job_title", "phone")


def erased_name(user_id: int) -> str:
    return f"Personne effacée n° {user_id}"


def erased_email(user_id: int) -> str:
    return f"effacee-{user_id}@{ERASED_DOMAIN}"


def label(user: User) -> str:
    """How the audit log names a person (as the people services do)."""
    return f"{user.full_name} <{user.email}>"


def redacted(values: str | None, replacement: dict) -> str | None:
    """A JSON object of audited values with the person's fields replaced."""
    if not values:
        return values
    data = json.loads(values)
    data.update({k: replacement[k] for k in PERSONAL if k in data})
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def erase_person(actor: User, user_id: int) -> User:
    """Replace a person's personal data with neutral values and keep their history."""
    person = get_user(user_id)
    require_person_eraser(actor, person)
    if person.erased_at is not None:
        raise Conflict(_("This person's personal data are erased already."))
    with transaction() as session:
        old_email = person.email
        person.full_name = erased_name(person.id)
        person.email = erased_email(person.id)
        person.job_title = ""
        person.phone = ""
        person.password_hash = None
        person.credential_stamp = new_stamp()
        person.reset_requested_at = None
        person.locale = None
        person.booking_reminders = False
        person.last_login_at = None
        person.active = False
        person.deactivated_at = person.deactivated_at or utcnow()
        person.erased_at = utcnow()
        for table in (UserSession, ApiToken, AlertPreference, SentSuggestion, IdempotencyKey):
            session.execute(sa.delete(table).where(table.user_id == person.id))
        session.execute(sa.delete(LoginFailure).where(LoginFailure.email_key == old_email))
        session.flush()  # the guard reads the erased values from the row
        redact_audit(session, person)
        audit.record(actor, "person.erase", person, label(person),
                     member_id=person.member_id)
    return person


def redact_audit(session: sa.orm.Session, person: User) -> None:
    """Rewrite the audit rows' copies of the person's data, as the guard allows."""
    e = AuditEvent
    replacement = {k: getattr(person, k) for k in PERSONAL}
    about = sa.and_(e.object_type == "person", e.object_id == person.id)
    for event in session.scalars(sa.select(e).where(sa.or_(e.actor_id == person.id, about))):
        if event.actor_id == person.id:
            event.actor_name, event.actor_email = person.full_name, person.email
        if event.object_type == "person" and event.object_id == person.id:
            event.object_label = label(person)
            event.before_values = redacted(event.before_values, replacement)
            event.after_values = redacted(event.after_values, replacement)
        event.search_text = search_key(" ".join(
            (event.action, event.object_label, event.actor_name, event.actor_email)))
