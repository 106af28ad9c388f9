"""Invariants hold when many clients write at once, each on its own connection."""

import sqlalchemy as sa

from pooling.accounts import services as accounts
from pooling.accounts.models import Role, User
from pooling.errors import Conflict
from pooling.extensions import db
from pooling.members import services as members
from pooling.members.models import Circle, LegalForm, Member
from tests.races import race

CLIENTS = 12


def _race(app, action) -> list:
    return race(app, action, CLIENTS)


def test_only_one_of_many_simultaneous_invitations_for_one_address_wins(app, pole):
    admin_id, org_id = pole.a_admin.id, pole.org_a.id

    def invite(index):
        admin = db.session.get(User, admin_id)
        return accounts.create_person(admin, org_id, accounts.PersonData(
            email="same.person@example.org", full_name=f"Essai {index}", role=Role.MEMBER))

    outcomes = _race(app, invite)
    winners = [o for o in outcomes if isinstance(o, User)]
    losers = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(winners) == 1, outcomes
    assert len(losers) == CLIENTS - 1, outcomes
    assert all("existe déjà" in str(error) or "already exists" in str(error) for error in losers)
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(
        User.email == "same.person@example.org")) == 1


def test_only_one_of_many_simultaneous_registrations_of_a_name_wins(app, pole):
    from datetime import date

    cell_id = pole.cell.id

    def register(index):
        cell = db.session.get(User, cell_id)
        return members.create_member(cell, members.MemberData(
            name="Jardins Partagés du Drac", legal_form=LegalForm.ASSOCIATION,
            circle=Circle.PARTNER, joined_on=date(2026, 1, 1)))

    outcomes = _race(app, register)
    assert sum(isinstance(o, Member) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, Conflict) for o in outcomes) == CLIENTS - 1, outcomes
    assert db.session.scalar(sa.select(sa.func.count(Member.id)).where(
        Member.name == "Jardins Partagés du Drac")) == 1


def test_parallel_guesses_on_one_address_are_all_counted(app, pole):
    from pooling.accounts.models import LoginFailure
    from pooling.errors import InvalidInput, TooManyAttempts

    email = pole.a_member.email
    outcomes = _race(app, lambda i: accounts.authenticate(email, f"guess-{i}", f"10.0.0.{i}"))
    limit = app.config["LOGIN_MAX_FAILURES_PER_EMAIL"]
    # Exactly `limit` passwords were checked; every later guess met the lock.
    assert sum(isinstance(o, InvalidInput) for o in outcomes) == limit, outcomes
    assert sum(isinstance(o, TooManyAttempts) for o in outcomes) == CLIENTS - limit
    assert db.session.scalar(sa.select(sa.func.count(LoginFailure.id))) == limit


def test_a_password_link_used_twice_at_once_works_once(app, pole):
    from pooling.errors import InvalidInput

    token = accounts.password_token(pole.a_member)
    outcomes = _race(app, lambda i: accounts.set_password_with_token(token, f"new-secret-{i:02d}"))
    winners = [o for o in outcomes if isinstance(o, User)]
    assert len(winners) == 1, outcomes
    assert all(isinstance(o, InvalidInput) for o in outcomes if o not in winners)
