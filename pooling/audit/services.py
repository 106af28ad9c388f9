"""Writing the audit log, in the transaction of the change it records, and reading it.

Domain services call `record` inside their own `transaction()`: the event commits with the
change or rolls back with it. The audit package reads no other package's services.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from pooling.accounts.models import User
from pooling.audit.models import AuditEvent
from pooling.db import Page, like_pattern, paginate, search_key, utcnow
from pooling.extensions import db
from pooling.localtime import local_instant
from pooling.members.models import Member

# The actions the services record, and what they mean for the person reading the log.
ACTIONS = {
    "member.create": _l("Organisation registered"),
    "member.update": _l("Organisation edited"),
    "domain.create": _l("Activity domain added"),
    "person.invite": _l("Person added"),
    "person.update": _l("Person edited"),
    "person.role": _l("Role changed"),
    "person.deactivate": _l("Person deactivated"),
    "person.reactivate": _l("Person reactivated"),
    "person.erase": _l("Personal data erased"),
    "category.create": _l("Category added"),
    "valuation.update": _l("Valuation set"),
    "quota.update": _l("Quota set"),
    "quota.delete": _l("Quota removed"),
    "settings.update": _l("Settings of the pole changed"),
    "thesaurus.create": _l("Thesaurus entry added"),
    "thesaurus.delete": _l("Thesaurus entry removed"),
    "ledger.close": _l("Period closed"),
    "exchange.reverse": _l("Exchange reversed"),
    "booking.approve": _l("Booking request accepted"),
    "booking.decline": _l("Booking request declined"),
    "booking.cancel": _l("Booking cancelled"),
    "booking.no_show": _l("No-show reported"),
}

OBJECT_TYPES = {
    "member": _l("Organisation"),
    "domain": _l("Activity domain"),
    "person": _l("Person"),
    "category": _l("Category"),
    "valuation": _l("Valuation rate"),
    "quota": _l("Quota"),
    "settings": _l("Settings of the pole"),
    "thesaurus": _l("Thesaurus entry"),
    "ledger": _l("Ledger"),
    "exchange": _l("Exchange"),
    "booking": _l("Booking"),
}

# The recorded fields as the forms name them; a field not listed shows its own name.
FIELDS = {
    "name": _l("Name"), "name_en": _l("Name (English)"), "legal_form": _l("Legal form"),
    "circle": _l("Circle"), "description": _l("Description"), "address": _l("Address"),
    "postcode": _l("Postcode"), "city": _l("Town"), "email": _l("E-mail address"),
    "phone": _l("Phone"), "website": _l("Website"), "staff_fte": _l("Staff (FTE)"),
    "joined_on": _l("Date of joining"), "domains": _l("Activity domains"),
    "full_name": _l("Full name"), "job_title": _l("Job title"), "role": _l("Role"),
    "active": _l("Active"), "kind": _l("Kind"), "unit": _l("Unit"), "value": _l("Value"),
    "valid_from": _l("From"), "period": _l("Period"), "max_hours": _l("At most hours"),
    "unit_name": _l("Unit of account"), "term": _l("Word or abbreviation"),
    "equivalent": _l("Means the same as"), "status": _l("Status"), "note": _l("Note"),
    "reason": _l("Reason"), "reversal": _l("Reversal"), "starts_on": _l("First day"),
    "ends_on": _l("Last day"), "code": _l("Code"),
}


def plain(value: Any) -> Any:
    """A value as JSON holds it: enums by value, decimals as strings, days in ISO 8601."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def fields(obj: object, *names: str) -> dict[str, Any]:
    """Some attributes of an object, as the audit log keeps them."""
    return {name: plain(getattr(obj, name)) for name in names}


# Bookkeeping, not data: an id, when the row was written, the keys the search compares.
UNRECORDED = frozenset({"id", "created_at", "updated_at"})


def columns(obj: object, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every column of a row but its bookkeeping (ids, timestamps, search keys), as the
    audit log keeps them: a column added later is recorded without more code."""
    return {a.key: plain(getattr(obj, a.key)) for a in sa.inspect(obj).mapper.column_attrs
            if a.key not in UNRECORDED | skip and not a.key.endswith("_key")}


def changed(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Only the fields whose value differs, on both sides; a creation or a removal keeps
    all of its side."""
    if before is None or after is None:
        return before, after
    keys = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def _json(values: dict | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)


def record(actor: User | None, action: str, target: Any, label: str, *,
           member_id: int | None = None, before: dict | None = None,
           after: dict | None = None, at: datetime | None = None) -> AuditEvent | None:
    """Add an event to the current transaction: `target` is the object acted on (its id is
    read after a flush), its type the action's first word; `at` the moment the service
    acted, if not now. An edit that changed nothing records nothing."""
    before, after = changed(before, after)
    if before == {} and after == {}:
        return None
    session = db.session
    if target is not None and getattr(target, "id", None) is None:
        session.flush()  # a new object: its id
    object_type = action.partition(".")[0]
    name, email = (actor.full_name, actor.email) if actor is not None else ("", "")
    event = AuditEvent(
        at=at or utcnow(), actor_id=actor.id if actor is not None else None,
        actor_name=name, actor_email=email,
        action=action, object_type=object_type,
        object_id=getattr(target, "id", None) if target is not None else None,
        object_label=label[:300], member_id=member_id,
        before_values=_json(before), after_values=_json(after),
        search_text=search_key(" ".join((action, label, name, email))))
    session.add(event)
    return event


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditQuery:
    """A search of the log: words in the action, object or actor, and filters; the days
    are the pole's, both included."""

    text: str = ""
    actor_id: int | None = None
    member_id: int | None = None
    action: str | None = None
    object_type: str | None = None
    start: date | None = None
    end: date | None = None
    page: int = 1
    per_page: int = 50


def _filtered(query: AuditQuery) -> sa.Select:
    e = AuditEvent
    stmt = sa.select(e)
    for word in query.text.split():
        stmt = stmt.where(e.search_text.like(like_pattern(word), escape="\\"))
    if query.actor_id is not None:
        stmt = stmt.where(e.actor_id == query.actor_id)
    if query.member_id is not None:
        stmt = stmt.where(e.member_id == query.member_id)
    if query.action:
        stmt = stmt.where(e.action == query.action)
    if query.object_type:
        stmt = stmt.where(e.object_type == query.object_type)
    # Bounds worked out here, in UTC: the same comparison on SQLite and PostgreSQL.
    if query.start is not None:
        stmt = stmt.where(e.at >= local_instant(query.start, time()))
    if query.end is not None:
        stmt = stmt.where(e.at < local_instant(query.end + timedelta(days=1), time()))
    return stmt


NEWEST_FIRST = (AuditEvent.at.desc(), AuditEvent.id.desc())


def search(query: AuditQuery) -> Page:
    """A page of the events matching the query, newest first."""
    return paginate(_filtered(query), query.page, query.per_page, NEWEST_FIRST)


def all_events(query: AuditQuery) -> Iterator[AuditEvent]:
    """Every event matching the query, newest first, read in batches (for the CSV)."""
    yield from db.session.scalars(_filtered(query).order_by(*NEWEST_FIRST)
                                  .execution_options(yield_per=500))


def member_names(ids: set[int]) -> dict[int, str]:
    """The names of the organisations some events concern."""
    if not ids:
        return {}
    return {i: n for i, n in db.session.execute(
        sa.select(Member.id, Member.name).where(Member.id.in_(ids)))}


@dataclass(frozen=True)
class Choices:
    """What the filters offer: the people who acted and the actions taken, as recorded."""

    actors: list[tuple[int, str]]
    actions: list[str]
    object_types: list[str]


def choices() -> Choices:
    """The distinct actors, actions and object types of the log (grouped in SQL)."""
    e = AuditEvent
    actors = db.session.execute(
        sa.select(e.actor_id, sa.func.max(User.full_name))
        .join(User, User.id == e.actor_id).group_by(e.actor_id)
        .order_by(sa.func.max(User.full_name))).all()
    actions = db.session.scalars(sa.select(e.action).group_by(e.action).order_by(e.action))
    types = db.session.scalars(sa.select(e.object_type).group_by(e.object_type)
                               .order_by(e.object_type))
    return Choices([(i, n) for i, n in actors], list(actions), list(types))


def action_label(code: str) -> str:
    return str(ACTIONS.get(code, code))


def object_type_label(code: str) -> str:
    return str(OBJECT_TYPES.get(code, code))


def field_label(name: str) -> str:
    return str(FIELDS.get(name, name))


def organisations() -> list[tuple[int, str]]:
    """Every organisation by name, for the filter."""
    return [(i, n) for i, n in db.session.execute(
        sa.select(Member.id, Member.name).order_by(Member.name_key))]
