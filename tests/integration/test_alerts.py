"""Alerts of new matches over real SMTP (aiosmtpd): one message per person per digest,
grouping every new suggestion, none sent twice, at the pace each person chose, even when
two runs of `needs notify` overlap."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from pooling.alerts import services as alerts
from pooling.alerts.digests import send_digests
from pooling.alerts.models import Frequency, SentSuggestion
from pooling.catalogue.models import OfferKind
from pooling.db import utcnow
from pooling.extensions import db
from pooling.needs import services as needs
from pooling.pole.clock import pole_today
from tests.conftest import publish
from tests.races import race

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def app_config(mail_app_config):
    return mail_app_config


@pytest.fixture(autouse=True)
def catalogue(pole):
    """Other premises of the pole: relevance weighs words by how rare they are in it."""
    for title, text in (("Cuisine professionnelle", "Four, plonge et chambre froide."),
                        ("Entrepôt de stockage", "Palettes et rayonnages, accès camion."),
                        ("Bureau partagé", "Deux postes de travail, wifi.")):
        publish(pole.cell, pole.cell_org, OfferKind.PREMISES, title, text, capacity=4)


def monday(weeks: int = 1, hour: int = 10) -> datetime:
    """A Monday to come, at an hour of the pole."""
    today = pole_today()
    day = today + timedelta(days=7 * weeks - today.weekday())
    return datetime.combine(day, time(hour), PARIS)


def need_a_room(person, text="Salle pour une formation de 12 personnes"):
    return needs.create_need(person, needs.NeedData(
        kind=OfferKind.PREMISES, text=text, capacity=12, duration_minutes=120))


def room(person, member, title, capacity=20):
    return publish(person, member, OfferKind.PREMISES, title,
                   "Salle lumineuse pour une formation, tables et vidéoprojecteur.",
                   capacity=capacity)


def choose(person, offers=Frequency.IMMEDIATELY, needs_=Frequency.NEVER):
    alerts.set_preferences(person.id, alerts.Preferences(offers, needs_))


def to(inbox, address) -> list:
    return [m for m in inbox.messages if m["To"] == address]


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


@pytest.fixture
def quiet_others(people):
    """Only Arnaud (organisation A, which needs a room) hears of matches."""
    for person in (people.cell, people.a_admin, people.b_admin, people.b_member):
        alerts.set_preferences(person.id, alerts.OFF)
    return people


def test_one_message_groups_every_suggestion_with_reasons_links_and_a_way_out(
        quiet_others, smtp_server):
    people = quiet_others
    choose(people.a_member)
    need = need_a_room(people.a_member)
    first = room(people.b_member, people.org_b, "Salle de formation Vercors")
    second = room(people.b_admin, people.org_b, "Salle de formation Chartreuse")

    assert send_digests() == 1

    [message] = to(smtp_server, "member.a@example.org")
    assert len(smtp_server.messages) == 1
    text = body(message)
    assert message["Subject"] == "2 new matches on the pole"
    assert "20 places for 12 people" in text
    assert "Salle de formation Vercors (Théâtre du Réel)" in text
    assert "Salle de formation Chartreuse (Théâtre du Réel)" in text
    assert f"/offers/{first.id}" in text and f"/offers/{second.id}" in text
    assert f"/needs/{need.id}" in text
    # Each suggestion says why it is there, as the engine explains it.
    assert text.count("\n    ") >= 4
    unsubscribe = message["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/needs/alerts/unsubscribe/" in unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in text


def test_a_second_run_sends_nothing_and_a_new_offer_goes_out_the_next_time(
        quiet_others, smtp_server):
    people = quiet_others
    choose(people.a_member)
    need_a_room(people.a_member)
    room(people.b_member, people.org_b, "Salle de formation Vercors")
    assert send_digests() == 1

    assert send_digests() == 0
    assert len(smtp_server.messages) == 1

    later = room(people.b_member, people.org_b, "Salle de formation Belledonne")
    assert send_digests() == 1
    [_first, second] = to(smtp_server, "member.a@example.org")
    assert second["Subject"] == "1 new match on the pole"
    assert "Belledonne" in body(second) and "Vercors" not in body(second)
    assert f"/offers/{later.id}" in body(second)


def test_everyone_of_the_organisation_hears_of_its_needs_once_each(people, smtp_server):
    """The defaults: a weekly digest of offers for one's organisation's needs."""
    need_a_room(people.a_member)
    room(people.b_member, people.org_b, "Salle de formation Vercors")

    assert send_digests() == 2
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "admin.a@example.org", "member.a@example.org"]


@pytest.mark.parametrize("frequency, too_soon, due", [
    (Frequency.DAILY, timedelta(hours=13), timedelta(days=1)),
    (Frequency.WEEKLY, timedelta(days=6, hours=13), timedelta(days=7)),
])
def test_a_digest_waits_for_its_day_or_week(quiet_others, smtp_server, frequency, too_soon,
                                            due):
    people = quiet_others
    choose(people.a_member, frequency)
    need_a_room(people.a_member)
    room(people.b_member, people.org_b, "Salle de formation Vercors")
    start = monday(hour=10)
    assert send_digests(now=start) == 1

    room(people.b_member, people.org_b, "Salle de formation Belledonne")
    # Still the same day (23:00) or week (Sunday 23:00) of the pole.
    assert send_digests(now=start + too_soon) == 0
    assert send_digests(now=start + due - timedelta(hours=9)) == 1  # 01:00, the next one
    assert len(to(smtp_server, "member.a@example.org")) == 2
    assert send_digests(now=start + due) == 0


def test_never_and_unsubscribed_people_get_nothing(people, smtp_server):
    alerts.set_preferences(people.a_member.id, alerts.Preferences(Frequency.NEVER,
                                                                  Frequency.NEVER))
    alerts.unsubscribe(alerts.unsubscribe_token(people.a_admin.id))
    need_a_room(people.a_member)
    room(people.b_member, people.org_b, "Salle de formation Vercors")

    assert send_digests() == 0
    assert smtp_server.messages == []


def test_a_provider_hears_of_the_needs_its_offers_can_serve(quiet_others, smtp_server):
    people = quiet_others
    alerts.set_preferences(people.a_member.id, alerts.OFF)
    alerts.set_preferences(people.b_member.id, alerts.Preferences(Frequency.NEVER,
                                                                  Frequency.DAILY))
    offer = room(people.b_member, people.org_b, "Salle de formation Vercors")
    need = need_a_room(people.a_admin)

    assert send_digests() == 1
    [message] = to(smtp_server, "member.b@example.org")
    text = body(message)
    assert "Needs that your organisation's offers can serve" in text
    assert "Salle de formation Vercors" in text and f"/offers/{offer.id}" in text
    assert "Salle pour une formation de 12 personnes" in text and f"/needs/{need.id}" in text
    assert "(Ressourcerie La Remise)" in text


def test_messages_are_in_french_unless_the_person_chose_english(pole, smtp_server):
    for person in (pole.cell, pole.a_admin, pole.b_admin, pole.b_member):
        alerts.set_preferences(person.id, alerts.OFF)
    choose(pole.a_member)
    need_a_room(pole.a_member)
    room(pole.b_member, pole.org_b, "Salle de formation Vercors")

    assert send_digests() == 1
    [message] = smtp_server.messages
    assert message["Subject"] == "1 nouvelle suggestion sur le pôle"
    assert "Arrêter ces alertes" in body(message)
    # The engine's reasons too, though the command line speaks English.
    assert "20 places pour 12 personnes" in body(message)


def test_two_runs_at_once_mail_each_suggestion_once(app, people, smtp_server):
    choose(people.a_member)
    choose(people.a_admin, Frequency.DAILY)
    need_a_room(people.a_member)
    room(people.b_member, people.org_b, "Salle de formation Vercors")
    room(people.b_member, people.org_b, "Salle de formation Chartreuse")
    now = utcnow()

    outcomes = race(app, lambda _: send_digests(now=now), clients=2)

    assert sorted(outcomes) == [0, 2] or sorted(outcomes) == [1, 1], outcomes
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "admin.a@example.org", "member.a@example.org"]
    rows = db.session.execute(sa.select(SentSuggestion.user_id, SentSuggestion.need_id,
                                        SentSuggestion.offer_id)).all()
    assert len(rows) == 4 and len(set(rows)) == 4
    assert all(body(m).count("/offers/") == 2 for m in smtp_server.messages)


def test_the_command_sends_what_is_due_and_says_how_many(quiet_others, runner, smtp_server):
    people = quiet_others
    choose(people.a_member)
    need_a_room(people.a_member)
    room(people.b_member, people.org_b, "Salle de formation Vercors")

    result = runner.invoke(args=["needs", "notify"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 alert message." in result.output
    assert len(smtp_server.messages) == 1
    assert runner.invoke(args=["needs", "notify"]).output.strip() == "Sent 0 alert messages."


def test_the_database_refuses_a_suggestion_recorded_twice(people):
    need = need_a_room(people.a_member)
    offer = room(people.b_member, people.org_b, "Salle de formation Vercors")
    row = {"user_id": people.a_member.id, "need_id": need.id, "offer_id": offer.id}
    db.session.add(SentSuggestion(**row))
    db.session.commit()
    db.session.add(SentSuggestion(**row))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_digest_with_nothing_of_its_kind_stays_due(quiet_others, smtp_server):
    """Weekly offers and daily needs: a day that only had needs to tell keeps the week's
    offers digest for the first offer that comes."""
    people = quiet_others
    alerts.set_preferences(people.a_member.id, alerts.Preferences(Frequency.WEEKLY,
                                                                  Frequency.DAILY))
    room(people.a_member, people.org_a, "Salle de formation La Remise")
    need_a_room(people.b_admin)
    start = monday(hour=10)
    assert send_digests(now=start) == 1
    assert "Needs that your organisation's offers can serve" in body(smtp_server.messages[0])

    need_a_room(people.a_member)
    room(people.b_member, people.org_b, "Salle de formation Vercors")
    assert send_digests(now=start + timedelta(hours=1)) == 1
    assert "Offers that can serve your organisation's needs" in body(smtp_server.messages[1])


def test_people_invited_or_deactivated_get_nothing(pole, make_user, smtp_server):
    for person in (pole.cell, pole.b_admin, pole.b_member, pole.a_admin):
        alerts.set_preferences(person.id, alerts.OFF)
    invited = make_user(pole.org_a, password_hash=None)
    choose(invited)
    choose(pole.a_member)
    pole.a_member.active = False
    db.session.commit()
    need_a_room(pole.a_admin)
    room(pole.b_member, pole.org_b, "Salle de formation Vercors")

    assert send_digests() == 0
    assert smtp_server.messages == []
