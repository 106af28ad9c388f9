"""The audit log: every administrative action and booking decision leaves exactly one
event, with the changed values before and after, in the transaction of the change; a
refused or rolled-back change leaves none; the database refuses to change or remove one."""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError

from pooling.accounts import services as accounts
from pooling.accounts.models import Role
from pooling.audit import guards
from pooling.audit.models import AuditEvent
from pooling.bookings import lifecycle, quotas
from pooling.bookings import services as bookings
from pooling.bookings.models import QuotaPeriod
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import BookingPolicy, Category, OfferKind, OfferStatus, Unit
from pooling.db import enclosing_transaction
from pooling.errors import Conflict, Forbidden
from pooling.extensions import db
from pooling.ledger import services as ledger
from pooling.ledger.models import ExchangeUnit
from pooling.members import services as members
from pooling.members.models import Circle, LegalForm
from pooling.pole import services as pole_services
from pooling.search import thesaurus
from tests.conftest import is_postgres

PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2026, 11, 20)


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


def events() -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))


def only(action: str) -> AuditEvent:
    """The one event of the log, which must be of that action."""
    [event] = events()
    assert event.action == action
    return event


def member_data(**kw) -> members.MemberData:
    return members.MemberData(**{"name": "Jardin partagé", "legal_form": LegalForm.ASSOCIATION,
                                 "circle": Circle.PARTNER, "joined_on": date(2026, 3, 1),
                                 "city": "Eybens", **kw})


# --- organisations, people, domains ------------------------------------------------------


def test_registering_an_organisation_records_its_record(pole):
    member = members.create_member(pole.cell, member_data(domain_codes=["culture"]))
    event = only("member.create")
    assert (event.actor_id, event.actor_name, event.actor_email) == (
        pole.cell.id, "Claire Cell", "cell@example.org")
    assert (event.object_type, event.object_id, event.object_label, event.member_id) == (
        "member", member.id, "Jardin partagé", member.id)
    assert event.before is None
    assert event.after["name"] == "Jardin partagé" and event.after["domains"] == ["culture"]
    assert event.after["circle"] == "partner" and "name_key" not in event.after


def test_the_command_line_is_recorded_as_nobody(app):
    members.create_member(None, member_data())
    event = only("member.create")
    assert (event.actor_id, event.actor_name, event.actor_email) == (None, "", "")


def test_editing_an_organisation_keeps_only_the_changed_fields(pole):
    member = members.create_member(pole.cell, member_data(staff_fte=Decimal("2.5")))
    members.update_member(pole.cell, member.id, member_data(
        city="Grenoble", staff_fte=Decimal("3.0"), domain_codes=["culture"]))
    event = events()[-1]
    assert event.action == "member.update" and len(events()) == 2
    assert event.before == {"city": "Eybens", "domains": [], "staff_fte": "2.5"}
    assert event.after == {"city": "Grenoble", "domains": ["culture"], "staff_fte": "3.0"}


def test_an_edit_that_changes_nothing_records_nothing(pole):
    member = members.create_member(pole.cell, member_data())
    members.update_member(pole.cell, member.id, member_data())
    assert [e.action for e in events()] == ["member.create"]


def test_a_refused_or_rolled_back_change_records_nothing(pole):
    with pytest.raises(Forbidden):  # refused before any write
        members.update_member(pole.a_admin, pole.org_a.id, member_data())
    with pytest.raises(Conflict):  # written, then rolled back by the database's refusal
        members.update_member(pole.cell, pole.org_a.id, member_data(name="Théâtre du Réel"))
    with pytest.raises(Conflict):
        catalogue.create_category(pole.cell, OfferKind.TOOL, "Véhicule")  # exists already
    assert events() == []


def test_an_event_rolls_back_with_the_change_it_records(pole):
    with pytest.raises(RuntimeError):
        with enclosing_transaction():  # as an API call with an idempotency key runs
            members.create_domain(pole.cell, "Agriculture urbaine")
            raise RuntimeError("the request fails after the service")
    assert events() == []
    assert "Agriculture urbaine" not in [d.name for d in members.list_domains()]


def test_adding_an_activity_domain(pole):
    domain = members.create_domain(pole.cell, "Agriculture urbaine")
    event = only("domain.create")
    assert event.object_id == domain.id and event.after["name"] == "Agriculture urbaine"


def test_inviting_a_person_records_their_role_not_their_secrets(pole):
    person = accounts.create_person(pole.a_admin, pole.org_a.id, accounts.PersonData(
        "nina@example.org", "Nina Nouvelle"))
    event = only("person.invite")
    assert (event.object_id, event.member_id, event.actor_id) == (
        person.id, pole.org_a.id, pole.a_admin.id)
    assert event.after == {"active": True, "email": "nina@example.org",
                           "full_name": "Nina Nouvelle", "job_title": "", "phone": "",
                           "role": "member"}


def test_a_role_change_and_an_edit_are_told_apart(pole):
    data = accounts.PersonData(pole.a_member.email, "Arnaud Membre", Role.MEMBER_ADMIN)
    accounts.update_person(pole.a_admin, pole.a_member.id, data)
    event = only("person.role")
    assert (event.before, event.after) == ({"role": "member"}, {"role": "member-admin"})
    data.job_title = "Trésorier"
    accounts.update_person(pole.a_admin, pole.a_member.id, data)
    assert events()[-1].action == "person.update"
    assert events()[-1].after == {"job_title": "Trésorier"}


def test_deactivating_and_reactivating_a_person(pole):
    accounts.set_active(pole.cell, pole.b_member.id, False)
    accounts.set_active(pole.cell, pole.b_member.id, True)
    deactivated, reactivated = events()
    assert (deactivated.action, deactivated.before, deactivated.after) == (
        "person.deactivate", {"active": True}, {"active": False})
    assert (reactivated.action, reactivated.after) == ("person.reactivate", {"active": True})
    assert deactivated.member_id == pole.org_b.id


def test_a_refused_role_change_records_nothing(pole):
    with pytest.raises(Conflict):  # one's own role
        accounts.update_person(pole.a_admin, pole.a_admin.id, accounts.PersonData(
            pole.a_admin.email, "Aline Admin", Role.MEMBER))
    assert events() == []


# --- the cell's settings -------------------------------------------------------------------


def test_categories_and_the_valuation_grid(pole):
    category = catalogue.create_category(pole.cell, OfferKind.SKILL, "Graphisme")
    event = only("category.create")
    assert event.object_id == category.id
    assert event.after == {"kind": "skill", "name": "Graphisme", "name_en": None}
    catalogue.set_rate(pole.cell, OfferKind.SKILL, None, Unit.HOUR, Decimal("20"),
                       date(2026, 1, 1))
    catalogue.set_rate(pole.cell, OfferKind.SKILL, None, Unit.HOUR, Decimal("25"),
                       date(2026, 7, 1))
    first, second = events()[1:]
    assert first.action == second.action == "valuation.update"
    assert first.before is None
    assert (second.before, second.after) == (
        {"valid_from": "2026-01-01", "value": "20.00"},
        {"valid_from": "2026-07-01", "value": "25"})


def test_quotas_set_changed_and_removed(pole):
    quota = quotas.set_quota(pole.cell, OfferKind.PREMISES, Circle.PARTNER, QuotaPeriod.MONTH, 20)
    quotas.set_quota(pole.cell, OfferKind.PREMISES, Circle.PARTNER, QuotaPeriod.MONTH, 30)
    quotas.remove_quota(pole.cell, quota.id)
    created, changed, removed = events()
    assert (created.action, created.before, created.after["max_hours"]) == (
        "quota.update", None, 20)
    assert (changed.before, changed.after) == ({"max_hours": 20}, {"max_hours": 30})
    assert (removed.action, removed.object_id, removed.after) == (
        "quota.delete", quota.id, None)
    assert removed.before == {"circle": "partner", "kind": "premises", "max_hours": 30,
                              "period": "month"}


def test_the_pole_settings(pole):
    pole_services.update_settings(pole.cell, "Pôle Sud", "crédits", balances_public=True)
    event = only("settings.update")
    assert event.after["name"] == "Pôle Sud" and event.after["balances_public"] is True
    assert event.before["balances_public"] is False
    pole_services.update_settings(pole.cell, "Pôle Sud", "heures")
    assert (events()[-1].before, events()[-1].after) == (
        {"unit_name": "crédits"}, {"unit_name": "heures"})


def test_the_thesaurus(pole):
    entry = thesaurus.add_entry(pole.cell, "vélo", "bicyclette")
    thesaurus.remove_entry(pole.cell, entry.id)
    added, removed = events()
    assert (added.action, added.object_label, added.after) == (
        "thesaurus.create", "vélo = bicyclette", {"equivalent": "bicyclette", "term": "vélo"})
    assert (removed.action, removed.before["term"], removed.after) == (
        "thesaurus.delete", "vélo", None)


# --- the ledger ------------------------------------------------------------------------------


def confirmed_exchange(pole):
    exchange = ledger.declare(pole.a_member, ledger.Declaration(
        pole.org_a.id, pole.org_b.id, OfferKind.SKILL, Decimal("3"), ExchangeUnit.HOUR,
        date(2026, 11, 12), "Aide à la comptabilité"), today=TODAY)
    return ledger.confirm(pole.b_admin, exchange.id)


def test_a_close_and_a_reversal(pole):
    exchange = confirmed_exchange(pole)
    assert events() == []  # declaring and confirming are members' business, not the log's
    ledger.reverse(pole.cell, exchange.id, "Déclaré deux fois")
    reversal = only("exchange.reverse")
    assert (reversal.object_id, reversal.member_id) == (exchange.id, pole.org_a.id)
    assert reversal.before == {"reason": None, "reversal": None, "status": "confirmed"}
    assert reversal.after["status"] == "reversed"
    assert reversal.after["reason"] == "Déclaré deux fois"
    close = ledger.close_period(pole.cell, date(2026, 11, 1), date(2026, 11, 15), today=TODAY)
    event = events()[-1]
    assert (event.action, event.object_id, event.after) == (
        "ledger.close", close.id, {"ends_on": "2026-11-15", "starts_on": "2026-11-01"})


def test_a_reversal_asked_by_a_party_is_recorded_when_the_other_agrees(pole):
    exchange = confirmed_exchange(pole)
    ledger.reverse(pole.a_admin, exchange.id, "Erreur de quantité")
    assert events() == []  # asked, not yet posted
    agreed = ledger.reverse(pole.b_admin, exchange.id, "D'accord")
    event = only("exchange.reverse")
    assert (event.actor_id, event.after["reversal"], event.after["status"]) == (
        pole.b_admin.id, agreed.id, "reversed")
    assert event.after["reason"] == "Erreur de quantité"  # the reason the reversal carries


def test_a_refused_close_records_nothing(pole):
    ledger.close_period(pole.cell, date(2026, 11, 1), date(2026, 11, 15), today=TODAY)
    with pytest.raises(Exception):  # noqa: B017 (not the day after the last close)
        ledger.close_period(pole.cell, date(2026, 11, 3), date(2026, 11, 16), today=TODAY)
    assert [e.action for e in events()] == ["ledger.close"]


# --- booking decisions ---------------------------------------------------------------------


def room_of(pole, policy=BookingPolicy.APPROVAL):
    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == OfferKind.PREMISES).order_by(Category.id)).first()
    offer = catalogue.create_offer(pole.a_member, pole.org_a.id, catalogue.OfferData(
        kind=OfferKind.PREMISES, title="Salle Belledonne", capacity=12, category_id=category,
        opening_hours=[WeeklySlot(d, time(9), time(18)) for d in range(5)],
        booking_policy=policy))
    return catalogue.change_status(pole.a_member, offer.id, OfferStatus.PUBLISHED)


def book(user, offer, start, end):
    return bookings.create_booking(user, bookings.BookingRequest(offer.id, start, end, 1))


def test_accepting_a_request_records_it_and_the_requests_it_declines(pole):
    room = room_of(pole)
    first = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    second = book(pole.b_admin, room, paris(2030, 6, 3, 11), paris(2030, 6, 3, 13))
    assert events() == []  # asking is not a decision
    lifecycle.confirm(pole.a_member, first.id)
    approved, declined = sorted(events(), key=lambda e: e.action)
    assert (approved.action, approved.object_id, approved.member_id) == (
        "booking.approve", first.id, pole.org_b.id)
    assert (approved.before, approved.after) == (
        {"status": "requested"}, {"status": "confirmed"})  # no note: only what changed
    assert approved.object_label == "Salle Belledonne · Théâtre du Réel · 2030-06-03 10:00"
    assert (declined.action, declined.object_id, declined.after["status"]) == (
        "booking.decline", second.id, "declined")


def test_declining_and_a_no_show(pole):
    room = room_of(pole)
    request = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    lifecycle.decline(pole.cell, request.id, "Salle réservée au CA")
    event = only("booking.decline")
    assert event.actor_id == pole.cell.id and event.after["note"] == "Salle réservée au CA"
    auto = room_of(pole, BookingPolicy.AUTOMATIC)
    came_not = book(pole.b_member, auto, paris(2030, 6, 4, 10), paris(2030, 6, 4, 12))
    lifecycle.report_no_show(pole.a_member, came_not.id, now=paris(2030, 6, 4, 11))
    event = events()[-1]
    assert (event.action, event.before, event.after["status"]) == (
        "booking.no_show", {"note": None, "status": "confirmed"}, "no-show")


def test_a_cancellation_by_the_owner_is_recorded_not_the_beneficiarys_own(pole):
    room = room_of(pole, BookingPolicy.AUTOMATIC)
    mine = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    theirs = book(pole.b_member, room, paris(2030, 6, 4, 10), paris(2030, 6, 4, 12))
    lifecycle.cancel(pole.b_member, mine.id)
    assert events() == []
    lifecycle.cancel(pole.a_member, theirs.id, "Dégât des eaux")
    event = only("booking.cancel")
    assert (event.object_id, event.after) == (
        theirs.id, {"note": "Dégât des eaux", "status": "cancelled"})


def test_a_refused_decision_records_nothing(pole):
    room = room_of(pole)
    request = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    with pytest.raises(Forbidden):
        lifecycle.confirm(pole.b_admin, request.id)  # the beneficiary does not decide
    lifecycle.decline(pole.a_member, request.id)
    with pytest.raises(Conflict):
        lifecycle.confirm(pole.a_member, request.id)  # declined is final
    assert [e.action for e in events()] == ["booking.decline"]


# --- the database guards the log -------------------------------------------------------------


def refused(statement: str) -> None:
    with pytest.raises(DatabaseError):
        with db.engine.begin() as conn:
            conn.execute(sa.text(statement))


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET actor_name = 'Personne'",
    "UPDATE audit_events SET after_values = NULL",
    "DELETE FROM audit_events",
])
def test_the_database_refuses_to_change_or_remove_an_event(pole, statement):
    members.create_domain(pole.cell, "Agriculture urbaine")
    before = db.session.execute(sa.text("SELECT * FROM audit_events")).all()
    db.session.rollback()
    refused(statement)
    assert db.session.execute(sa.text("SELECT * FROM audit_events")).all() == before


@pytest.mark.skipif(not is_postgres(), reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_to_truncate_the_log(pole):
    members.create_domain(pole.cell, "Agriculture urbaine")
    refused("TRUNCATE audit_events")


def test_the_guards_are_in_place(app):
    with db.engine.connect() as conn:
        assert guards.missing(conn) == []
