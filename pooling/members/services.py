"""Use cases of the member directory: search, read, create and edit organisations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from pooling.accounts.models import Role, User
from pooling.accounts.permissions import (
    can_edit_person,
    can_erase_person,
    can_manage_people,
    can_see_emails,
    require_cell,
)
from pooling.accounts.services import people_of
from pooling.audit import services as audit
from pooling.db import Page, like_pattern, search_key, transaction, utcnow
from pooling.errors import Conflict, InvalidInput, NotFound, invalid_field
from pooling.extensions import db
from pooling.members.models import Circle, Domain, LegalForm, Member, member_domains


@dataclass(frozen=True)
class DirectoryQuery:
    q: str = ""
    legal_form: LegalForm | None = None
    circle: Circle | None = None
    domain: str | None = None  # a domain code
    page: int = 1
    per_page: int = 20


@dataclass
class MemberData:
    name: str
    legal_form: LegalForm
    circle: Circle
    joined_on: date
    description: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    staff_fte: Decimal | None = None
    domain_codes: list[str] = field(default_factory=list)
    left_on: date | None = None


def search_members(query: DirectoryQuery) -> Page:
    """One page of the directory, filtered and sorted by name."""
    stmt = sa.select(Member)
    if query.q.strip():
        stmt = stmt.where(Member.name_key.like(like_pattern(query.q.strip()), escape="\\"))
    if query.legal_form:
        stmt = stmt.where(Member.legal_form == query.legal_form)
    if query.circle:
        stmt = stmt.where(Member.circle == query.circle)
    if query.domain:
        stmt = stmt.where(
            Member.id.in_(
                sa.select(member_domains.c.member_id)
                .join(Domain, Domain.id == member_domains.c.domain_id)
                .where(Domain.code == query.domain)
            )
        )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    items = db.session.scalars(
        stmt.options(selectinload(Member.domains))
        .order_by(Member.name_key, Member.id)
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    ).all()
    return Page(list(items), total or 0, query.page, query.per_page)


def get_member(member_id: int) -> Member:
    member = db.session.get(Member, member_id)
    if member is None:
        raise NotFound(_("This organisation does not exist."))
    return member


@dataclass(frozen=True)
class PersonEntry:
    """A person as a given viewer may see them on an organisation's page."""

    id: int
    full_name: str
    job_title: str
    phone: str
    role: Role
    active: bool
    invited: bool  # has not chosen a password yet
    email: str | None  # None when the viewer may not see it
    editable: bool  # the viewer may edit, deactivate or invite them
    erasable: bool = False  # the viewer may erase their personal data


@dataclass(frozen=True)
class MemberPage:
    member: Member
    people: list[PersonEntry]
    can_manage: bool
    show_emails: bool


def member_page(viewer: User, member_id: int) -> MemberPage:
    """An organisation and its people, as this viewer may see them (HTML page and API)."""
    member = get_member(member_id)
    manage = can_manage_people(viewer, member.id)
    show_emails = can_see_emails(viewer, member.id)
    people = [
        PersonEntry(
            id=p.id, full_name=p.full_name, job_title=p.job_title, phone=p.phone, role=p.role,
            active=p.active, invited=p.password_hash is None,
            email=p.email if show_emails else None,
            editable=p.id != viewer.id and can_edit_person(viewer, p),
            erasable=can_erase_person(viewer, p),
        )
        for p in people_of(member.id, include_inactive=manage)
    ]
    return MemberPage(member, people, manage, show_emails)


def list_domains() -> list[Domain]:
    return list(db.session.scalars(sa.select(Domain).order_by(Domain.position, Domain.name)))


def animation_cell() -> Member | None:
    """The organisation that carries the pole's animation cell."""
    return db.session.scalars(
        sa.select(Member).where(Member.circle == Circle.ANIMATION_CELL).order_by(Member.id)
    ).first()


def _domains_for(codes: list[str]) -> list[Domain]:
    codes = list(dict.fromkeys(codes))
    if not codes:
        return []
    domains = list(db.session.scalars(sa.select(Domain).where(Domain.code.in_(codes))))
    unknown = set(codes) - {d.code for d in domains}
    if unknown:
        raise InvalidInput(
            _("Unknown activity domain: %(codes)s", codes=", ".join(sorted(unknown))),
            fields={"domains": [_("Unknown activity domain.")]},
        )
    return domains


def _apply(member: Member, data: MemberData) -> None:
    name = data.name.strip()
    if not name:
        raise InvalidInput(_("The name is required."), fields={"name": [_("Required.")]})
    member.name = name
    member.name_key = search_key(name)
    member.legal_form = data.legal_form
    member.circle = data.circle
    member.joined_on = data.joined_on
    if data.left_on is not None and data.left_on < data.joined_on:
        raise invalid_field("left_on", _("An organisation leaves after it joins."))
    member.left_on = data.left_on
    member.description = data.description.strip()
    member.address = data.address.strip()
    member.postcode = data.postcode.strip()
    member.city = data.city.strip()
    member.email = data.email.strip().lower()
    member.phone = data.phone.strip()
    member.website = data.website.strip()
    member.staff_fte = data.staff_fte
    domains = _domains_for(data.domain_codes)
    if {d.id for d in domains} != {d.id for d in member.domains}:
        # The links are rows of their own: the member's last change must say they moved,
        # which the review's kept figures are checked against (pooling.review.remembered).
        member.updated_at = utcnow()
    member.domains = domains


def _audited(member: Member) -> dict:
    """The organisation's record as the audit log keeps it."""
    return {**audit.columns(member), "domains": sorted(d.code for d in member.domains)}


def _name_taken(error: IntegrityError) -> Conflict:
    return Conflict(
        _("An organisation with this name already exists."),
        fields={"name": [_("Already taken.")]},
    )


def create_member(actor: User | None, data: MemberData) -> Member:
    """The cell registers a new member organisation (actor None: the command line)."""
    if actor is not None:
        require_cell(actor)
    try:
        with transaction() as session:
            member = Member()
            _apply(member, data)
            session.add(member)
            session.flush()
            audit.record(actor, "member.create", member, member.name, member_id=member.id,
                         after=_audited(member))
    except IntegrityError as error:
        raise _name_taken(error) from None
    return member


def update_member(actor: User, member_id: int, data: MemberData) -> Member:
    """The cell edits an organisation's record."""
    require_cell(actor)
    try:
        with transaction():
            member = get_member(member_id)
            before = _audited(member)
            _apply(member, data)
            db.session.flush()
            audit.record(actor, "member.update", member, member.name, member_id=member.id,
                         before=before, after=_audited(member))
    except IntegrityError as error:
        raise _name_taken(error) from None
    return member


def create_domain(actor: User, name: str, name_en: str = "") -> Domain:
    """The cell adds an activity domain to the pole's list."""
    require_cell(actor)
    name = name.strip()
    if not name:
        raise InvalidInput(_("The name is required."), fields={"name": [_("Required.")]})
    base = "".join(c if c.isalnum() else "-" for c in search_key(name))
    base = "-".join(part for part in base.split("-") if part)[:36] or "domain"
    taken = set(db.session.scalars(sa.select(Domain.code).where(Domain.code.like(f"{base}%"))))
    code = next(c for c in (base, *(f"{base}-{n}" for n in range(2, 1000))) if c not in taken)
    try:
        with transaction() as session:
            position = session.scalar(sa.select(sa.func.coalesce(sa.func.max(Domain.position), 0)))
            domain = Domain(code=code, name=name, name_en=name_en.strip() or None,
                            position=position + 10)
            session.add(domain)
            session.flush()
            audit.record(actor, "domain.create", domain, name,
                         after=audit.fields(domain, "code", "name", "name_en"))
    except IntegrityError:
        raise Conflict(_("This activity domain exists already."),
                       fields={"name": [_("Already taken.")]}) from None
    return domain


@dataclass(frozen=True)
class PoleFigures:
    organisations: int
    people: int
    staff_fte: Decimal
    by_legal_form: dict[LegalForm, int]
    by_circle: dict[Circle, int]
    by_domain: list[tuple[Domain, int]]


def pole_figures() -> PoleFigures:
    """Counts of the directory, computed in SQL, for the home page and the cell's review."""
    session = db.session
    organisations = session.scalar(sa.select(sa.func.count(Member.id))) or 0
    people = session.scalar(sa.select(sa.func.count(User.id)).where(User.active)) or 0
    fte = session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Member.staff_fte), 0)))
    by_form = dict(session.execute(
        sa.select(Member.legal_form, sa.func.count()).group_by(Member.legal_form)).all())
    by_circle = dict(session.execute(
        sa.select(Member.circle, sa.func.count()).group_by(Member.circle)).all())
    counts = dict(session.execute(
        sa.select(member_domains.c.domain_id, sa.func.count())
        .group_by(member_domains.c.domain_id)).all())
    by_domain = [(d, counts.get(d.id, 0)) for d in list_domains()]
    return PoleFigures(organisations, people, Decimal(fte), by_form, by_circle, by_domain)
