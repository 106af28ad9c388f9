"""Members' data: an organisation's export and the erasure of a person."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError

from pooling.accounts import services as accounts
from pooling.accounts.models import ApiToken, User, UserSession
from pooling.audit.models import AuditEvent
from pooling.bookings import services as bookings
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import Category, OfferKind, OfferStatus
from pooling.errors import Conflict, Forbidden
from pooling.extensions import db
from pooling.ledger import services as ledger
from pooling.ledger.models import Exchange, ExchangeUnit, LedgerEntry
from pooling.members import services as members
from pooling.privacy import erasure, exports
from tests.conftest import PASSWORD, fresh

PARIS = ZoneInfo("Europe/Paris")
TODAY = date(2026, 6, 15)


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


def room_of(user, member, title="Salle Belledonne"):
    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == OfferKind.PREMISES).order_by(Category.id)).first()
    offer = catalogue.create_offer(user, member.id, catalogue.OfferData(
        kind=OfferKind.PREMISES, title=title, capacity=12, category_id=category,
        tags=["cuisine"], opening_hours=[WeeklySlot(d, time(9), time(18)) for d in range(5)]))
    return catalogue.change_status(user, offer.id, OfferStatus.PUBLISHED)


def exchange(actor, provider, beneficiary, on: date, description: str) -> Exchange:
    declared = ledger.declare(actor, ledger.Declaration(
        provider.id, beneficiary.id, OfferKind.SKILL, Decimal("2"), ExchangeUnit.HOUR, on,
        description), today=TODAY)
    other = accounts.get_user_by_email(
        "admin.b@example.org" if actor.member_id == provider.id or actor.member_id ==
        beneficiary.id and provider.id != actor.member_id else "admin.a@example.org")
    return ledger.confirm(other, declared.id)


@pytest.fixture
def history(pole):
    """Organisation A's offers, bookings made and received, and exchanges of two years."""
    room = room_of(pole.a_member, pole.org_a)
    theatre = room_of(pole.b_member, pole.org_b, "=HYPERLINK(\"http://x\")")
    received = bookings.create_booking(pole.b_member, bookings.BookingRequest(
        room.id, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12), 1))
    made = bookings.create_booking(pole.a_member, bookings.BookingRequest(
        theatre.id, paris(2030, 6, 4, 10), paris(2030, 6, 4, 12), 1))
    exchange(pole.a_admin, pole.org_a, pole.org_b, date(2025, 3, 1), "Atelier compta")
    exchange(pole.a_admin, pole.org_b, pole.org_a, date(2026, 2, 1), "=1+1 relecture")
    return {"room": room, "theatre": theatre, "received": received, "made": made}


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


# --- the export --------------------------------------------------------------------------------


def test_an_export_holds_all_the_organisations_data_and_no_secret(pole, history):
    _member, data = exports.export_member(pole.a_admin, pole.org_a.id, TODAY)
    files = unzip(data)

    names = {"organisation", "personnes", "offres", "horaires", "fermetures", "reservations",
             "echanges", "ecritures", "releves", "besoins"}
    assert set(files) == {"README.txt"} | {f"{n}.{x}" for n in names for x in ("csv", "json")}
    readme = files["README.txt"].decode("utf-8")
    assert "Ressourcerie La Remise" in readme and "portabilité" in readme
    assert json.loads(files["organisation.json"])[0]["name"] == "Ressourcerie La Remise"
    people = json.loads(files["personnes.json"])
    assert {p["email"] for p in people} == {"admin.a@example.org", "member.a@example.org"}
    for name, content in files.items():
        for secret in ("password_hash", "credential_stamp", "scrypt", "pbkdf2"):
            assert secret.encode() not in content, (name, secret)
    offers = json.loads(files["offres.json"])
    assert [(o["title"], o["tags"]) for o in offers] == [("Salle Belledonne", ["cuisine"])]
    assert len(json.loads(files["horaires.json"])) == 5
    directions = {(b["id"], b["direction"]) for b in json.loads(files["reservations.json"])}
    assert directions == {(history["received"].id, "reçue"), (history["made"].id, "faite")}
    made = next(b for b in json.loads(files["reservations.json"]) if b["direction"] == "faite")
    assert datetime.fromisoformat(made["starts_at"]) == paris(2030, 6, 4, 10)
    assert len(json.loads(files["echanges.json"])) == 2
    entries = json.loads(files["ecritures.json"])
    assert sorted((e["side"], e["booked_on"][:4]) for e in entries) == [
        ("given", "2025"), ("received", "2026")]
    statements = {(s["year"], s["side"]) for s in json.loads(files["releves.json"])}
    assert statements == {(2025, "given"), (2026, "received")}


def test_the_csv_files_are_utf8_and_neutralise_formulas(pole, history):
    files = unzip(exports.export_member(pole.cell, pole.org_a.id, TODAY)[1])
    descriptions = {r["description"] for r in csv_rows(files["echanges.csv"])}
    assert descriptions == {"Atelier compta", "'=1+1 relecture"}
    # JSON keeps the text as typed.
    assert "=1+1 relecture" in {e["description"] for e in
                                json.loads(files["echanges.json"])}
    people = csv_rows(files["personnes.csv"])
    assert "password_hash" not in people[0]
    assert files["organisation.csv"].decode("utf-8").startswith("id,")


@pytest.mark.parametrize("who", ["a_member", "b_admin", "b_member"])
def test_only_the_organisations_admins_and_the_cell_export(pole, who):
    with pytest.raises(Forbidden):
        exports.export_member(getattr(pole, who), pole.org_a.id, TODAY)


def test_the_export_page_sends_a_zip_to_an_admin(client, login_as, pole, history):
    login_as(pole.a_admin)
    page = client.get(f"/members/{pole.org_a.id}")
    assert f"/members/{pole.org_a.id}/export.zip" in page.get_data(as_text=True)
    response = client.get(f"/members/{pole.org_a.id}/export.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "echanges.csv" in unzip(response.data)


def test_a_plain_member_sees_no_export_button(client, login_as, pole):
    login_as(pole.a_member)
    assert f"/members/{pole.org_a.id}/export.zip" not in client.get(
        f"/members/{pole.org_a.id}").get_data(as_text=True)
    assert client.get(f"/members/{pole.org_a.id}/export.zip").status_code == 403


# --- the erasure -------------------------------------------------------------------------------


def test_erasing_a_person_keeps_their_history_and_the_ledger_balanced(pole, history, runner):
    person = pole.a_admin  # declared exchanges, and acts in the audit log
    accounts.create_person(person, pole.org_a.id, accounts.PersonData(
        email="nina@example.org", full_name="Nina Nouvelle"), password="a-long-password-1")
    token, plain = accounts.create_api_token(person.id, "tableur de Aline")
    accounts.start_session(person)
    accounts.update_person(pole.cell, pole.a_member.id, accounts.PersonData(
        email="member.a@example.org", full_name="Arnaud Membre", phone="06 00 00 00 00"))
    entries_before = db.session.scalar(sa.select(sa.func.count(LedgerEntry.id)))
    declared = db.session.scalar(sa.select(sa.func.count(Exchange.id)).where(
        Exchange.declared_by_id == person.id))

    erasure.erase_person(pole.cell, person.id)

    erased = fresh(User, person.id)
    assert erased.full_name == f"Personne effacée n° {person.id}"
    assert erased.email == f"effacee-{person.id}@personne-effacee.invalid"
    assert (erased.job_title, erased.phone, erased.password_hash) == ("", "", None)
    assert not erased.active and erased.erased_at is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession).where(
        UserSession.user_id == person.id)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken).where(
        ApiToken.user_id == person.id)) == 0
    assert accounts.user_for_api_token(plain) is None
    # History kept, ledger whole.
    assert db.session.scalar(sa.select(sa.func.count(LedgerEntry.id))) == entries_before
    assert db.session.scalar(sa.select(sa.func.count(Exchange.id)).where(
        Exchange.declared_by_id == person.id)) == declared
    result = runner.invoke(args=["ledger", "check"])
    assert result.exit_code == 0, result.output
    # The audit log no longer holds their name nor e-mail, and records the erasure.
    dump = " ".join(str(v) for row in db.session.execute(
        sa.select(AuditEvent)).scalars() for v in (
        row.actor_name, row.actor_email, row.object_label, row.before_values,
        row.after_values, row.search_text))
    assert "Aline" not in dump and "admin.a@example.org" not in dump and "aline" not in dump
    erase_event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "person.erase")).one()
    assert (erase_event.actor_id, erase_event.object_id) == (pole.cell.id, person.id)
    assert erase_event.before is None and erase_event.after is None
    # The events they took part in are still theirs.
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.actor_id == person.id)) > 0
    # Others' data untouched.
    arnaud = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "person.update")).one()
    assert arnaud.object_label == "Arnaud Membre <member.a@example.org>"


def test_an_erased_person_cannot_sign_in_nor_be_erased_twice(pole):
    erasure.erase_person(pole.cell, pole.a_member.id)
    with pytest.raises(Exception, match="incorrect"):
        accounts.authenticate("member.a@example.org", PASSWORD, "10.0.0.1")
    with pytest.raises(Conflict):
        erasure.erase_person(pole.cell, pole.a_member.id)


@pytest.mark.parametrize("who", ["a_admin", "b_admin", "a_member"])
def test_only_the_cell_erases(pole, who):
    with pytest.raises(Forbidden):
        erasure.erase_person(getattr(pole, who), pole.a_member.id)
    assert fresh(User, pole.a_member.id).erased_at is None


def test_the_cell_cannot_erase_itself(pole):
    with pytest.raises(Forbidden):
        erasure.erase_person(pole.cell, pole.cell.id)


def refused(statement: str, **params) -> None:
    with pytest.raises(DatabaseError):
        with db.engine.begin() as conn:
            conn.execute(sa.text(statement), params)


def test_the_audit_guard_allows_the_erasure_and_nothing_else(pole):
    members.create_domain(pole.cell, "Agriculture urbaine")
    accounts.set_active(pole.cell, pole.a_member.id, False)
    db.session.commit()
    # Nobody is erased: the copies cannot change.
    refused("UPDATE audit_events SET actor_name = 'Personne effacée n° 1', "
            "actor_email = 'x@personne-effacee.invalid'")
    refused("UPDATE audit_events SET object_label = 'x'")
    erasure.erase_person(pole.cell, pole.a_member.id)
    cell_events = "actor_id = :cell"
    # Erased or not, the rest of a row never changes, nor a copy into another value.
    refused(f"UPDATE audit_events SET action = 'x' WHERE {cell_events}", cell=pole.cell.id)
    refused("UPDATE audit_events SET object_type = 'member' WHERE object_id = :p",
            p=pole.a_member.id)
    refused("UPDATE audit_events SET actor_name = 'Quelqu''un' WHERE actor_id = :p",
            p=pole.cell.id)
    refused("UPDATE audit_events SET member_id = NULL WHERE object_id = :p",
            p=pole.a_member.id)
    refused("DELETE FROM audit_events WHERE object_id = :p", p=pole.a_member.id)
    # The cell's own copy stays its own: it is not erased.
    refused("UPDATE audit_events SET object_label = 'x' WHERE action = 'domain.create'")


def test_the_cell_erases_from_the_organisations_page(client, login_as, pole):
    login_as(pole.cell)
    page = client.get(f"/members/{pole.org_a.id}").get_data(as_text=True)
    path = f"/members/{pole.org_a.id}/people/{pole.a_member.id}/erase"
    assert path in page
    confirm = client.get(path)
    assert confirm.status_code == 200 and "cannot be undone" in confirm.get_data(as_text=True)
    response = client.post(path, follow_redirects=True)
    assert response.status_code == 200
    assert f"Personne effacée n° {pole.a_member.id}" in response.get_data(as_text=True)
    assert fresh(User, pole.a_member.id).erased_at is not None
    # A person of another organisation is not found under this one.
    other = f"/members/{pole.org_a.id}/people/{pole.b_member.id}/erase"
    assert client.get(other).status_code == 404
    assert client.post(path).status_code == 409


@pytest.fixture(autouse=True)
def _in_english(english):
    """Messages in English, whether or not the French catalogue is compiled."""


def test_the_erase_button_is_the_cells(client, login_as, pole):
    login_as(pole.a_admin)
    assert "/erase" not in client.get(f"/members/{pole.org_a.id}").get_data(as_text=True)


@pytest.mark.parametrize("who, status", [
    ("a_admin", 200), ("cell", 200), ("a_member", 403), ("b_admin", 403), (None, 401)])
def test_the_api_exports_for_the_admins_and_the_cell_only(client, bearer, pole, who, status):
    headers = bearer(getattr(pole, who)) if who else {}
    response = client.get(f"/api/v1/members/{pole.org_a.id}/export", headers=headers)
    assert response.status_code == status
    if status == 200:
        assert response.mimetype == "application/zip"
        assert "personnes.json" in unzip(response.data)
    else:
        assert response.is_json and b"admin.a@example.org" not in response.data


def test_an_erased_person_can_no_longer_be_edited_nor_reactivated(client, login_as, pole):
    erasure.erase_person(pole.cell, pole.a_member.id)
    login_as(pole.cell)
    for path in (f"/people/{pole.a_member.id}/reactivate", f"/people/{pole.a_member.id}/edit",
                 f"/people/{pole.a_member.id}/invite"):
        response = client.post(path, data={"full_name": "Arnaud", "role": "member"})
        assert response.status_code == 403, path
        assert "erased" in response.get_data(as_text=True)
    assert not fresh(User, pole.a_member.id).active
