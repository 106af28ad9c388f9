"""The command line: demo poles, people and API tokens."""

from collections import Counter

import pytest
import sqlalchemy as sa

from pooling.accounts.models import ApiToken, Role, User
from pooling.demo import story
from pooling.extensions import db
from pooling.members.models import Circle, LegalForm, Member


@pytest.mark.demo
def test_demo_loads_a_pole_in_the_survey_proportions_and_prints_one_login_per_role(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    members = db.session.scalars(sa.select(Member)).all()
    assert 35 <= len(members) <= 45
    forms = Counter(m.legal_form for m in members)
    assert forms[LegalForm.ASSOCIATION] / len(members) > 0.5  # 57 % in the survey
    assert Counter(m.circle for m in members)[Circle.ANIMATION_CELL] == 1
    people = db.session.scalars(sa.select(User)).all()
    assert len(people) >= 3 * len(members)
    printed = [line.split() for line in result.output.splitlines()
               if line.strip().startswith(("cell ", "member-admin ", "member "))]
    assert [words[0] for words in printed] == ["cell", "member-admin", "member"]
    by_email = {u.email: u for u in people}
    for label, email, *_organisation in printed:
        assert by_email[email].role == Role(label)  # each printed login has its role
    assert "cooperation-2026" in result.output
    assert {"cell", "member-admin", "member"} <= set(result.output.split())


def test_demo_refuses_a_database_that_holds_data(runner, make_member):
    make_member(name="Déjà là")
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0
    assert "already holds data" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Member.id))) == 1


def test_demo_if_empty_leaves_existing_data_alone(runner, make_member):
    make_member(name="Déjà là")
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count(Member.id))) == 1


@pytest.mark.demo
def test_large_demo_builds_the_benchmark_pole(runner, monkeypatch):
    from pooling.bookings.models import Booking
    from pooling.ledger import checks
    from pooling.ledger.models import Exchange, ExchangeStatus

    # 500,000 bookings and 200,000 exchanges take minutes: the same generators, on fewer.
    monkeypatch.setattr("pooling.demo.bookings.LARGE_BOOKINGS", 6000)
    monkeypatch.setattr("pooling.demo.ledger.LARGE_EXCHANGES", 3000)
    result = runner.invoke(args=["demo", "--size", "large"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(sa.func.count(Member.id))) == 300
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1200
    names = db.session.scalars(sa.select(Member.name)).all()
    assert len(set(names)) == 300
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 6000
    # The generated exchanges, then the demo's declared ones; every invariant holds.
    exchanges = db.session.scalars(sa.select(Exchange)).all()
    assert len(exchanges) > 3000
    by_status = Counter(x.status for x in exchanges)
    assert by_status[ExchangeStatus.REVERSED] and by_status[ExchangeStatus.REJECTED]
    assert sum(x.booking_id is not None for x in exchanges) > 1000
    assert checks.check() == []


@pytest.mark.demo
def test_demo_bookings_follow_the_rules_and_wait_for_the_demo_admin(runner, app):
    from zoneinfo import ZoneInfo

    from pooling.bookings.models import Booking, BookingSeries, BookingStatus
    from pooling.bookings.timeline import Held, peak
    from pooling.catalogue.hours import Interval
    from pooling.catalogue.models import Offer, OfferKind
    from pooling.db import utcnow
    from pooling.ledger.models import Exchange

    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    bookings = db.session.scalars(sa.select(Booking)).all()
    assert len(bookings) > 150
    now = utcnow()
    by_status = Counter(b.status for b in bookings)
    assert by_status[BookingStatus.COMPLETED] > 50 and by_status[BookingStatus.CANCELLED]
    assert by_status[BookingStatus.DECLINED] and by_status[BookingStatus.REQUESTED]
    assert any(b.starts_at > now and b.status == BookingStatus.CONFIRMED for b in bookings)
    assert all(b.ends_at <= now for b in bookings if b.status == BookingStatus.COMPLETED)
    assert all(b.starts_at > now for b in bookings if b.status == BookingStatus.REQUESTED)
    # Completed bookings recorded their exchanges through the service.
    exchanges = db.session.scalar(sa.select(sa.func.count(Exchange.id)).where(
        Exchange.booking_id.is_not(None)))
    assert exchanges == by_status[BookingStatus.COMPLETED]
    # No two holding bookings overlap beyond an offer's stock, and all keep opening hours.
    zone = ZoneInfo(app.config["POLE_TIMEZONE"])
    for offer in db.session.scalars(sa.select(Offer)):
        held = [b for b in bookings if b.offer_id == offer.id
                and b.status in (BookingStatus.CONFIRMED, BookingStatus.COMPLETED)]
        stock = offer.quantity if offer.kind == OfferKind.TOOL else 1
        items = [Held(Interval(b.busy_from, b.busy_until),
                      b.quantity if offer.kind == OfferKind.TOOL else 1) for b in held]
        for booking in held:
            assert peak(items, Interval(booking.busy_from, booking.busy_until)) <= stock
            local = booking.starts_at.astimezone(zone)
            assert any(h.weekday == local.weekday() and h.opens_at <= local.time() < h.closes_at
                       for h in offer.opening_hours)
    # The demo admin's organisation has requests to decide, its member's has bookings.
    admin = db.session.scalars(sa.select(User).where(
        User.email == "matthieu.brunet.manquat@fournil-eybens.example.org")).one()
    waiting = [b for b in bookings if b.offer.member_id == admin.member_id
               and b.status == BookingStatus.REQUESTED]
    assert len(waiting) >= 3
    member = db.session.scalars(sa.select(User).where(
        User.email == "oceane.riviere@fournil-eybens.example.org")).one()
    assert sum(b.member_id == member.member_id for b in bookings) >= 5
    # Recurring series, each with its RRULE and its occurrences.
    for series in db.session.scalars(sa.select(BookingSeries)):
        assert series.rule.startswith("RRULE:FREQ=WEEKLY")
        assert sum(b.series_id == series.id for b in bookings) >= 5


def test_users_create_a_cell_person_in_the_animation_cell_by_default(runner, make_member):
    cell = make_member(name="Coopér'Actions", circle=Circle.ANIMATION_CELL)
    result = runner.invoke(args=["users", "create", "Chef@Example.org", "--role", "cell",
                                 "--password", "long-enough-pass"])
    assert result.exit_code == 0, result.output
    user = db.session.scalars(sa.select(User)).one()
    assert (user.email, user.role, user.member_id) == ("chef@example.org", Role.CELL, cell.id)
    assert user.password_hash and "long-enough-pass" not in user.password_hash


def test_users_create_a_member_admin_of_a_named_organisation(runner, make_member):
    org = make_member(name="Ressourcerie La Remise")
    result = runner.invoke(args=["users", "create", "a@example.org", "--role", "member-admin",
                                 "--member", "Ressourcerie La Remise"])
    assert result.exit_code == 0, result.output
    assert "/password/reset/" in result.output  # no password: an invitation link
    user = db.session.scalars(sa.select(User)).one()
    assert user.member_id == org.id and user.role == Role.MEMBER_ADMIN
    assert user.password_hash is None


def test_users_create_refuses_bad_input_with_a_clear_message(runner, make_member):
    make_member(name="Ressourcerie La Remise")
    cases = [
        (["users", "create", "a@example.org", "--role", "member"], "--member is required"),
        (["users", "create", "a@example.org", "--role", "boss", "--member", "1"], "boss"),
        (["users", "create", "a@example.org", "--member", "Inconnue"], "No organisation"),
        (["users", "create", "a@example.org", "--member", "Ressourcerie La Remise",
          "--password", "short"], "at least 10"),
    ]
    for args, message in cases:
        result = runner.invoke(args=args)
        assert result.exit_code != 0, args
        assert message in result.output, result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_users_create_refuses_a_duplicate_email(runner, make_user):
    user = make_user()
    result = runner.invoke(args=["users", "create", user.email.upper(), "--member",
                                 str(user.member_id)])
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_users_token_prints_a_working_token_as_the_last_line(runner, make_user, app):
    user = make_user()
    result = runner.invoke(args=["users", "token", user.email])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 1
    response = app.test_client().get("/api/v1/me",
                                     headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json["email"] == user.email


def test_users_token_refuses_an_unknown_person(runner):
    result = runner.invoke(args=["users", "token", "nobody@example.org"])
    assert result.exit_code != 0
    assert "No active person" in result.output


def test_members_create_registers_the_animation_cell_of_a_new_pole(runner):
    result = runner.invoke(args=["members", "create", "Coopér'Actions", "--circle",
                                 "animation-cell", "--joined-on", "2014-03-01"])
    assert result.exit_code == 0, result.output
    member = db.session.scalars(sa.select(Member)).one()
    assert (member.circle, member.joined_on.isoformat()) == (Circle.ANIMATION_CELL, "2014-03-01")
    again = runner.invoke(args=["members", "create", "Coopér'Actions"])
    assert again.exit_code != 0 and "already exists" in again.output


@pytest.mark.demo
def test_demo_gives_every_member_a_statement_and_exchanges_in_every_state(runner):
    from pooling.ledger import checks
    from pooling.ledger.models import Exchange, ExchangeStatus, LedgerClose, LedgerEntry
    from pooling.ledger.queries import ExchangeQuery, count_to_decide, list_exchanges
    from pooling.pole.clock import pole_today

    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    # Every organisation has entries, from bookings and from declared exchanges, but the
    # one the demo's story leaves isolated.
    members = set(db.session.scalars(sa.select(Member.id).where(
        Member.name != story.ISOLATED)))
    assert set(db.session.scalars(sa.select(LedgerEntry.member_id).distinct())) == members
    declared = db.session.scalars(sa.select(Exchange).where(
        Exchange.booking_id.is_(None))).all()
    assert 30 <= len(declared) <= 70
    parties = {m for x in declared for m in (x.provider_id, x.beneficiary_id)
               if x.status != ExchangeStatus.REJECTED}
    assert parties == members
    by_status = Counter(x.status for x in declared)
    assert by_status[ExchangeStatus.PENDING] >= 3 and by_status[ExchangeStatus.REJECTED]
    assert by_status[ExchangeStatus.REVERSED] and all(
        x.reason for x in declared if x.status == ExchangeStatus.REJECTED or x.is_reversal)
    assert any(x.value is None for x in declared if x.status == ExchangeStatus.CONFIRMED)
    assert any(x.cooperation == "commercial" for x in declared)
    # Dated in the past, declared before they were decided.
    today = pole_today()
    assert all(x.occurred_on <= today for x in declared)
    assert all(x.decided_at is None or x.decided_at >= x.created_at for x in declared)
    # The demo admin's organisation has exchanges to confirm (and a reversal to agree to).
    admin = db.session.scalars(sa.select(User).where(
        User.email == "matthieu.brunet.manquat@fournil-eybens.example.org")).one()
    assert count_to_decide(admin) >= 3
    waiting = list_exchanges(admin, ExchangeQuery(to_decide=True)).items
    assert any(x.is_reversal for x in waiting)
    # The past months are closed, the current one is open; the ledger holds.
    last = db.session.scalar(sa.select(sa.func.max(LedgerClose.ends_on)))
    assert last is not None and last < today.replace(day=1)
    assert checks.check() == []
