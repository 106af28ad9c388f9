"""The booking engine's e-mails, sent over real SMTP to a local server (aiosmtpd): who
receives what, and nothing at all when the transaction that caused them rolls back."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from pooling.bookings import lifecycle, notifications, services
from pooling.bookings.models import Booking, BookingStatus
from pooling.bookings.services import BookingRefused, BookingRequest
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import BookingPolicy, Category, OfferKind, OfferStatus
from pooling.extensions import db
from pooling.ledger.models import Exchange
from tests.conftest import fresh

PARIS = ZoneInfo("Europe/Paris")
EVERY_DAY = [WeeklySlot(d, time(8), time(20)) for d in range(7)]
ACCESS = "Code de la porte : 4321, badge à l'accueil."


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


@pytest.fixture
def app_config(mail_app_config):
    return mail_app_config


def publish(user, member, **fields):
    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == OfferKind.PREMISES, Category.name == "Salle de réunion")).one()
    data = dict(kind=OfferKind.PREMISES, title="Salle Belledonne", capacity=12,
                category_id=category, opening_hours=EVERY_DAY, access_instructions=ACCESS)
    data.update(fields)
    offer = catalogue.create_offer(user, member.id, catalogue.OfferData(**data))
    return catalogue.change_status(user, offer.id, OfferStatus.PUBLISHED)


@pytest.fixture
def approval_room(people):
    return publish(people.a_member, people.org_a, booking_policy=BookingPolicy.APPROVAL)


@pytest.fixture
def room(people):
    return publish(people.a_member, people.org_a, title="Salle Chartreuse")


def book(user, offer, start, end, now=None, **kw):
    return services.create_booking(user, BookingRequest(offer.id, start, end, **kw), now=now)


def received(inbox) -> list[tuple[str, str]]:
    return sorted((m["To"], m["Subject"]) for m in inbox.messages)


def body_to(inbox, address: str) -> str:
    [message] = [m for m in inbox.messages if m["To"] == address]
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def test_a_request_tells_the_owner_and_acknowledges_the_requester(
        people, approval_room, smtp_server):
    booking = book(people.b_member, approval_room, paris(2030, 6, 3, 10),
                   paris(2030, 6, 3, 12), quantity=8, purpose="Conseil d'administration")

    # The owner's admins decide (not every member of the organisation); the requester
    # hears that the request left.
    assert received(smtp_server) == [
        ("admin.a@example.org", "Booking request: Salle Belledonne"),
        ("member.b@example.org", "Request sent: Salle Belledonne"),
    ]
    assert all(m["From"] == "pole@example.org" for m in smtp_server.messages)
    request = body_to(smtp_server, "admin.a@example.org")
    assert "Hello Aline Admin," in request
    assert "Berthe Membre (Théâtre du Réel) asks to book" in request
    # One format for a span of time, pages and e-mails alike: no seconds, no zone's name.
    assert "When: Monday, June 3, 2030, 10:00\u202fAM–12:00\u202fPM" in request
    assert "For: Théâtre du Réel · 8 people" in request
    assert "Purpose: Conseil d'administration" in request
    assert f"http://127.0.0.1:5000/bookings/{booking.id}" in request
    # Access instructions wait for the confirmation.
    assert ACCESS not in request
    acknowledgement = body_to(smtp_server, "member.b@example.org")
    assert "Ressourcerie La Remise, who approves each booking" in acknowledgement
    assert ACCESS not in acknowledgement


def test_the_confirmation_carries_the_access_instructions(people, approval_room, smtp_server):
    booking = book(people.b_member, approval_room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    smtp_server.messages.clear()  # once delivered

    lifecycle.confirm(people.a_admin, booking.id)

    assert received(smtp_server) == [("member.b@example.org",
                                      "Booking confirmed: Salle Belledonne")]
    body = body_to(smtp_server, "member.b@example.org")
    assert "Your booking is confirmed." in body
    assert "Access instructions:\n" + ACCESS in body


def test_a_decline_carries_the_reason(people, approval_room, smtp_server):
    booking = book(people.b_member, approval_room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    smtp_server.messages.clear()  # once delivered

    lifecycle.decline(people.a_admin, booking.id, "La salle est réservée au CA ce jour-là.")

    assert received(smtp_server) == [("member.b@example.org",
                                      "Booking declined: Salle Belledonne")]
    body = body_to(smtp_server, "member.b@example.org")
    assert "Ressourcerie La Remise has declined your request." in body
    assert "Reason: La salle est réservée au CA ce jour-là." in body
    assert ACCESS not in body


def test_accepting_a_request_tells_the_colliding_request_why_it_was_declined(
        people, approval_room, smtp_server):
    first = book(people.b_member, approval_room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    book(people.b_admin, approval_room, paris(2030, 6, 3, 11), paris(2030, 6, 3, 13))
    smtp_server.messages.clear()  # once delivered

    lifecycle.confirm(people.a_admin, first.id)

    assert received(smtp_server) == [
        ("admin.b@example.org", "Booking declined: Salle Belledonne"),
        ("member.b@example.org", "Booking confirmed: Salle Belledonne"),
    ]
    assert ("Reason: Another request for the same time was accepted."
            in body_to(smtp_server, "admin.b@example.org"))


def test_an_automatic_booking_confirms_at_once_and_tells_the_owner(people, room, smtp_server):
    book(people.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    assert received(smtp_server) == [
        ("admin.a@example.org", "New booking: Salle Chartreuse"),
        ("member.b@example.org", "Booking confirmed: Salle Chartreuse"),
    ]
    assert ACCESS in body_to(smtp_server, "member.b@example.org")
    assert "confirmed automatically" in body_to(smtp_server, "admin.a@example.org")


def test_a_loan_over_several_days_names_both_days(people, smtp_server):
    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == OfferKind.TOOL, Category.name == "Véhicule")).one()
    van = publish(people.a_member, people.org_a, kind=OfferKind.TOOL, title="Camion",
                  quantity=2, capacity=None, category_id=category, access_instructions="")
    book(people.b_member, van, paris(2030, 6, 3, 9), paris(2030, 6, 5, 17, 30), quantity=2)
    body = body_to(smtp_server, "member.b@example.org")
    assert ("When: from Monday, June 3, 2030, 9:00\u202fAM to Wednesday, June 5, 2030, "
            "5:30\u202fPM" in body)
    assert "For: Théâtre du Réel · 2 items" in body


def test_the_owner_cancelling_tells_the_beneficiary_why(people, room, smtp_server):
    booking = book(people.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    smtp_server.messages.clear()  # once delivered

    lifecycle.cancel(people.a_admin, booking.id, "Dégât des eaux dans la salle.")

    # The beneficiary hears it; the person who cancelled does not get their own news.
    assert received(smtp_server) == [("member.b@example.org",
                                      "Booking cancelled: Salle Chartreuse")]
    body = body_to(smtp_server, "member.b@example.org")
    assert "Aline Admin (Ressourcerie La Remise) has cancelled this booking." in body
    assert "Reason: Dégât des eaux dans la salle." in body


def test_the_beneficiary_cancelling_tells_the_owner(people, room, smtp_server):
    booking = book(people.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    smtp_server.messages.clear()  # once delivered

    lifecycle.cancel(people.b_member, booking.id)

    assert received(smtp_server) == [("admin.a@example.org",
                                      "Booking cancelled: Salle Chartreuse")]
    body = body_to(smtp_server, "admin.a@example.org")
    assert "Berthe Membre (Théâtre du Réel) has cancelled" in body
    assert "Reason:" not in body


def test_reminders_go_the_day_before_once_and_not_to_those_who_turned_them_off(
        people, room, smtp_server):
    booked_on = paris(2030, 6, 1, 9)
    tomorrow = book(people.b_member, room, paris(2030, 6, 4, 10), paris(2030, 6, 4, 12),
                    now=booked_on)
    quiet = book(people.b_admin, room, paris(2030, 6, 4, 14), paris(2030, 6, 4, 16),
                 now=booked_on)
    later = book(people.b_member, room, paris(2030, 6, 5, 10), paris(2030, 6, 5, 12),
                 now=booked_on)
    people.b_admin.booking_reminders = False
    db.session.commit()
    smtp_server.messages.clear()  # once delivered

    # The evening before, in the pole's time.
    assert notifications.send_reminders(now=paris(2030, 6, 3, 18)) == 1

    assert received(smtp_server) == [("member.b@example.org", "Tomorrow: Salle Chartreuse")]
    body = body_to(smtp_server, "member.b@example.org")
    assert "A reminder of your booking tomorrow." in body
    assert ACCESS in body
    assert "You can turn these reminders off in your profile." in body
    assert fresh(Booking, quiet.id).reminded_at is not None  # considered, not sent
    assert fresh(Booking, later.id).reminded_at is None

    # Running again sends nothing more.
    assert notifications.send_reminders(now=paris(2030, 6, 3, 18, 15)) == 0
    assert notifications.send_reminders(now=paris(2030, 6, 3, 23, 45)) == 0
    assert len(smtp_server.messages) == 1
    assert fresh(Booking, tomorrow.id).reminded_at is not None


def test_cancelled_bookings_get_no_reminder(people, room, smtp_server):
    booking = book(people.b_member, room, paris(2030, 6, 4, 10), paris(2030, 6, 4, 12),
                   now=paris(2030, 6, 1, 9))
    lifecycle.cancel(people.b_member, booking.id, now=paris(2030, 6, 2, 9))
    smtp_server.messages.clear()  # once delivered
    assert notifications.send_reminders(now=paris(2030, 6, 3, 18)) == 0
    assert smtp_server.messages == []


def test_a_refused_booking_sends_nothing_and_leaves_nothing_for_the_next_commit(
        people, room, smtp_server):
    book(people.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    smtp_server.messages.clear()  # once delivered

    with pytest.raises(BookingRefused):
        book(people.b_admin, room, paris(2030, 6, 3, 11), paris(2030, 6, 3, 13))
    assert smtp_server.messages == []

    book(people.b_admin, room, paris(2030, 6, 3, 14), paris(2030, 6, 3, 15))
    assert len(smtp_server.messages) == 2
    assert {m["To"] for m in smtp_server.messages} == {"admin.b@example.org",
                                                      "admin.a@example.org"}


def test_mail_queued_in_a_transaction_that_rolls_back_is_never_sent(
        people, approval_room, smtp_server, monkeypatch):
    booking = book(people.b_member, approval_room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    smtp_server.messages.clear()  # once delivered
    queue_then_fail = notifications.booking_decided

    def decided(booking):
        queue_then_fail(booking)  # the decision e-mail is queued...
        raise RuntimeError("the database went away")  # ...and the transaction fails

    monkeypatch.setattr(notifications, "booking_decided", decided)
    with pytest.raises(RuntimeError):
        lifecycle.confirm(people.a_admin, booking.id)

    assert fresh(Booking, booking.id).status == BookingStatus.REQUESTED
    assert smtp_server.messages == []


# --- flask bookings tick -------------------------------------------------------------------


def test_tick_completes_ended_bookings_and_sends_reminders_once(
        people, room, runner, smtp_server):
    now = datetime.now(UTC)
    zone_today = now.astimezone(PARIS).date()
    ten = datetime.combine(zone_today - timedelta(days=3), time(10), PARIS)
    ended = book(people.b_member, room, ten, ten + timedelta(hours=2),
                 now=ten - timedelta(days=1))
    tomorrow = datetime.combine(zone_today + timedelta(days=1), time(10), PARIS)
    coming = book(people.b_member, room, tomorrow, tomorrow + timedelta(hours=2))
    smtp_server.messages.clear()  # once delivered

    result = runner.invoke(args=["bookings", "tick"])

    assert result.exit_code == 0, result.output
    assert "Completed 1 booking that had ended." in result.output
    assert "Sent 1 reminder for tomorrow's bookings." in result.output
    assert fresh(Booking, ended.id).status == BookingStatus.COMPLETED
    assert db.session.scalar(sa.select(sa.func.count(Exchange.id))) == 1
    assert fresh(Booking, coming.id).status == BookingStatus.CONFIRMED
    assert received(smtp_server) == [("member.b@example.org", "Tomorrow: Salle Chartreuse")]

    again = runner.invoke(args=["bookings", "tick"])

    assert again.exit_code == 0, again.output
    assert "Completed 0 bookings that had ended." in again.output
    assert "Sent 0 reminders for tomorrow's bookings." in again.output
    assert db.session.scalar(sa.select(sa.func.count(Exchange.id))) == 1
    assert len(smtp_server.messages) == 1
