"""A few of the cell's and the organisations' administrative actions, through the services,
so that the demo's audit log holds more than booking decisions."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import sqlalchemy as sa

from pooling.accounts import services as accounts
from pooling.accounts.models import Role, User
from pooling.bookings import quotas
from pooling.bookings.models import QuotaPeriod
from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.members import services as members
from pooling.members.models import Circle, Member


def _person(full_name: str, organisation: str) -> User:
    # By organisation too: the benchmark pole's generated people may share a name.
    return db.session.scalars(sa.select(User).join(Member).where(
        User.full_name == full_name, Member.name == organisation)).one()


def _as_data(member: Member, **changes) -> members.MemberData:
    data = members.MemberData(
        name=member.name, legal_form=member.legal_form, circle=member.circle,
        joined_on=member.joined_on, description=member.description, address=member.address,
        postcode=member.postcode, city=member.city, email=member.email, phone=member.phone,
        website=member.website, staff_fte=member.staff_fte,
        domain_codes=[d.code for d in member.domains])
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def load_demo(echo: Callable[[str], None] = print) -> int:
    """A hire recorded, a colleague made admin, another given a new job title, a quota tried
    and withdrawn (no organisation nor person added: the poles keep their sizes). Returns
    how many actions were taken."""
    cell = _person("Maëlle Guérin-Faure", "Coopér'Actions")
    gardens = db.session.scalars(sa.select(Member).where(
        Member.name == "Les Jardins Solidaires du Drac")).one()
    members.update_member(cell, gardens.id, _as_data(
        gardens, staff_fte=(gardens.staff_fte or Decimal(0)) + 1))
    admin = _person("Nadège Combaz", "Ressourcerie La Remise")
    colleague = _person("Yannick Berthet", "Ressourcerie La Remise")
    accounts.update_person(admin, colleague.id, accounts.PersonData(
        colleague.email, colleague.full_name, Role.MEMBER_ADMIN, colleague.job_title,
        colleague.phone))
    gardener = _person("Florent Bouvier", gardens.name)
    accounts.update_person(_person("Gaëlle Rochas", gardens.name), gardener.id,
                           accounts.PersonData(gardener.email, gardener.full_name,
                                               gardener.role, "Chef de culture",
                                               gardener.phone))
    quota = quotas.set_quota(cell, OfferKind.TOOL, Circle.PARTNER, QuotaPeriod.MONTH, 60)
    quotas.remove_quota(cell, quota.id)
    echo("Demo administrative actions: 5, in the audit log.")
    return 5
