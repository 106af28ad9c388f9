"""Calendar feeds: the .ics documents, their secret addresses and who may see or replace
them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from pooling import mail
from pooling.bookings import feeds, lifecycle, services
from pooling.bookings.models import CalendarFeed
from pooling.bookings.services import BookingRequest
from pooling.catalogue import services as catalogue
from pooling.catalogue.hours import WeeklySlot
from pooling.catalogue.models import BookingPolicy, Category, OfferKind, OfferStatus
from pooling.extensions import db
from tests.conftest import snapshot

PARIS = ZoneInfo("Europe/Paris")
EVERY_DAY = [WeeklySlot(d, time(8), time(20)) for d in range(7)]


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS).astimezone(UTC)


def publish(user, member, **fields):
    category = db.session.scalars(sa.select(Category.id).where(
        Category.kind == OfferKind.PREMISES, Category.name == "Salle de réunion")).one()
    data = dict(kind=OfferKind.PREMISES, title="Salle Belledonne", capacity=12,
                category_id=category, opening_hours=EVERY_DAY, location="12 rue des Alpes")
    data.update(fields)
    offer = catalogue.create_offer(user, member.id, catalogue.OfferData(**data))
    return catalogue.change_status(user, offer.id, OfferStatus.PUBLISHED)


def book(user, offer, start, end, now=None, **kw):
    return services.create_booking(user, BookingRequest(offer.id, start, end, **kw), now=now)


@pytest.fixture
def room(pole):
    return publish(pole.a_member, pole.org_a)


def token_of(member=None, offer=None) -> str:
    """The token as committed now (another app or request may just have changed it)."""
    db.session.rollback()
    where = (CalendarFeed.member_id == member.id if member is not None
             else CalendarFeed.offer_id == offer.id)
    return db.session.scalars(sa.select(CalendarFeed.token).where(where)).one()


def member_token(user) -> str:
    return feeds.member_feed(user).token


def fetch(client, token: str) -> Calendar:
    response = client.get(f"/calendars/{token}.ics")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


# --- the document ------------------------------------------------------------------------


def test_an_organisations_feed_parses_back_with_its_time_zone(client, pole, room):
    booking = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12),
                   quantity=8, purpose="Conseil d'administration")

    calendar = fetch(client, member_token(pole.b_member))

    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["PRODID"]).startswith("-//pooling//")
    assert "Théâtre du Réel" in calendar["X-WR-CALNAME"]
    assert calendar["X-WR-TIMEZONE"] == "Europe/Paris"
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Paris"
    [event] = calendar.walk("VEVENT")
    assert event["UID"] == f"booking-{booking.id}@127.0.0.1"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert "Salle Belledonne" in event["SUMMARY"] and "Théâtre du Réel" in event["SUMMARY"]
    assert event["LOCATION"] == "12 rue des Alpes"
    assert f"/bookings/{booking.id}" in event["URL"]
    for name in ("DTSTAMP", "CREATED", "LAST-MODIFIED"):
        assert event.decoded(name).tzinfo is not None
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event.decoded("DTSTART") == datetime(2030, 6, 3, 10, tzinfo=PARIS)
    assert event.decoded("DTEND") == datetime(2030, 6, 3, 12, tzinfo=PARIS)


def test_the_document_is_well_formed_text(client, pole, room):
    book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    body = client.get(f"/calendars/{member_token(pole.b_member)}.ics").data
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert b"DTSTART;TZID=Europe/Paris:20300603T100000\r\n" in body
    # Lines are folded at 75 octets (RFC 5545 3.1).
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert body.index(b"BEGIN:VTIMEZONE") < body.index(b"BEGIN:VEVENT")


def test_a_weekly_booking_stays_at_nine_across_the_change_to_winter_time(client, pole, room):
    # The last Sunday of October 2030 is the 27th: Wednesdays on either side.
    wednesdays = [paris(2030, 10, 16, 9), paris(2030, 10, 23, 9), paris(2030, 10, 30, 9),
                  paris(2030, 11, 6, 9)]
    for start in wednesdays:
        book(pole.b_member, room, start, start + timedelta(hours=2))

    response = client.get(f"/calendars/{member_token(pole.b_member)}.ics")
    body = response.get_data(as_text=True)
    for day in ("20301016", "20301023", "20301030", "20301106"):
        assert f"DTSTART;TZID=Europe/Paris:{day}T090000" in body
        assert f"DTEND;TZID=Europe/Paris:{day}T110000" in body

    starts = sorted(e.decoded("DTSTART") for e in Calendar.from_ical(response.data)
                    .walk("VEVENT"))
    assert [s.astimezone(PARIS).time() for s in starts] == [time(9)] * 4
    # The same local hour is another UTC hour after the change.
    assert [s.astimezone(UTC).hour for s in starts] == [7, 7, 8, 8]


def _onsets(observance) -> list[datetime]:
    """When an observance begins, in UTC, read as RFC 5545 says: local time of the onset
    with the offset in force before it."""
    offset = observance.decoded("TZOFFSETFROM")
    local = [observance.decoded("DTSTART")]
    rdates = observance.get("RDATE", [])
    for rdate in rdates if isinstance(rdates, list) else [rdates]:
        local += [d.dt for d in rdate.dts]
    return [(d.replace(tzinfo=None) - offset).replace(tzinfo=UTC) for d in local]


def test_the_time_zone_describes_the_real_changes_of_offset(client, pole, room):
    book(pole.b_member, room, paris(2030, 10, 23, 9), paris(2030, 10, 23, 11))
    calendar = fetch(client, member_token(pole.b_member))
    [zone] = calendar.walk("VTIMEZONE")
    changes = {}
    for observance in zone.subcomponents:
        if observance.decoded("TZOFFSETFROM") == observance.decoded("TZOFFSETTO"):
            continue  # the offset in force when the description starts
        for onset in _onsets(observance):
            changes[onset] = (observance.name, observance.decoded("TZOFFSETTO"))
    # Summer time starts at 01:00 UTC on the last Sunday of March (02:00 local becomes
    # 03:00) and ends at 01:00 UTC on the last Sunday of October.
    assert changes[datetime(2030, 3, 31, 1, tzinfo=UTC)] == ("DAYLIGHT", timedelta(hours=2))
    assert changes[datetime(2030, 10, 27, 1, tzinfo=UTC)] == ("STANDARD", timedelta(hours=1))
    for onset, (_name, offset) in changes.items():
        assert (onset - timedelta(seconds=1)).astimezone(PARIS).utcoffset() != offset
        assert onset.astimezone(PARIS).utcoffset() == offset


def test_statuses_and_sequence_follow_the_life_of_bookings(client, pole, room):
    approval = publish(pole.a_member, pole.org_a, title="Salle Chartreuse",
                       booking_policy=BookingPolicy.APPROVAL)
    kept = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    cancelled = book(pole.b_member, room, paris(2030, 6, 4, 10), paris(2030, 6, 4, 12))
    pending = book(pole.b_member, approval, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    declined = book(pole.b_member, approval, paris(2030, 6, 5, 10), paris(2030, 6, 5, 12))
    token = member_token(pole.b_member)
    before = events(fetch(client, token))
    assert before[f"booking-{cancelled.id}@127.0.0.1"]["STATUS"] == "CONFIRMED"
    assert before[f"booking-{pending.id}@127.0.0.1"]["STATUS"] == "TENTATIVE"

    lifecycle.cancel(pole.b_member, cancelled.id, "Plus besoin")
    lifecycle.decline(pole.a_admin, declined.id, "Fermé pour travaux")
    after = events(fetch(client, token))

    assert set(after) == set(before)  # nothing disappears: calendars must learn the news
    for booking, status in ((kept, "CONFIRMED"), (cancelled, "CANCELLED"),
                            (pending, "TENTATIVE"), (declined, "CANCELLED")):
        uid = f"booking-{booking.id}@127.0.0.1"
        assert after[uid]["STATUS"] == status
        changed = booking in (cancelled, declined)
        assert after[uid]["SEQUENCE"] == before[uid]["SEQUENCE"] + (1 if changed else 0)
    uid = f"booking-{cancelled.id}@127.0.0.1"
    assert after[uid].decoded("LAST-MODIFIED") >= before[uid].decoded("LAST-MODIFIED")


def test_uids_are_stable_across_fetches_and_feeds(client, pole, room):
    booking = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    uid = f"booking-{booking.id}@127.0.0.1"
    beneficiary = member_token(pole.b_member)
    assert set(events(fetch(client, beneficiary))) == {uid}
    assert set(events(fetch(client, beneficiary))) == {uid}
    assert set(events(fetch(client, member_token(pole.a_member)))) == {uid}
    assert set(events(fetch(client, feeds.offer_feed(pole.a_member, room.id).token))) == {uid}


def test_each_feed_holds_its_own_bookings(client, pole, room, make_member, make_user):
    other_org = make_member(name="Tiers-Lieu")
    stranger = make_user(other_org)
    elsewhere = publish(pole.b_admin, pole.org_b, title="Atelier bois")
    made_by_b = book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    of_b_offer = book(stranger, elsewhere, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    unrelated = book(stranger, room, paris(2030, 6, 4, 10), paris(2030, 6, 4, 12))

    def uids(token):
        return {str(e["UID"]).split("@")[0] for e in fetch(client, token).walk("VEVENT")}

    assert uids(member_token(pole.b_member)) == {f"booking-{made_by_b.id}",
                                                 f"booking-{of_b_offer.id}"}
    assert uids(member_token(pole.a_member)) == {f"booking-{made_by_b.id}",
                                                 f"booking-{unrelated.id}"}
    assert uids(member_token(stranger)) == {f"booking-{of_b_offer.id}",
                                            f"booking-{unrelated.id}"}
    # The offer's feed shows every booking of it, whoever made it, to its owner.
    room_feed = fetch(client, feeds.offer_feed(pole.a_member, room.id).token)
    assert {str(e["UID"]).split("@")[0] for e in room_feed.walk("VEVENT")} == {
        f"booking-{made_by_b.id}", f"booking-{unrelated.id}"}
    assert "Tiers-Lieu" in room_feed.to_ical().decode()
    assert "Salle Belledonne" in str(room_feed["X-WR-CALNAME"])


def test_the_feed_goes_back_ninety_days(client, pole, room):
    today = datetime.now(PARIS).date()

    def past(days_ago: int):
        start = datetime.combine(today - timedelta(days=days_ago), time(10), PARIS)
        return book(pole.b_member, room, start, start + timedelta(hours=2),
                    now=start - timedelta(days=1))

    old, recent = past(100), past(80)
    uids = set(events(fetch(client, member_token(pole.b_member))))
    assert f"booking-{recent.id}@127.0.0.1" in uids
    assert f"booking-{old.id}@127.0.0.1" not in uids


def test_an_empty_feed_is_still_a_valid_calendar(client, pole):
    calendar = fetch(client, member_token(pole.a_member))
    assert calendar.walk("VEVENT") == []
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Paris"


def test_user_text_is_escaped_in_the_document(client, pole, room):
    book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12),
         purpose="Réunion; ordre du jour, point 2\nBEGIN:VEVENT")
    body = client.get(f"/calendars/{member_token(pole.b_member)}.ics").data
    assert body.count(b"\r\nBEGIN:VEVENT\r\n") == 1  # the newline is escaped
    [event] = Calendar.from_ical(body).walk("VEVENT")
    assert "Réunion; ordre du jour, point 2\nBEGIN:VEVENT" in event["DESCRIPTION"]


# --- secret addresses ----------------------------------------------------------------------


def test_regenerating_the_organisations_address_retires_the_old_one(
        client, login_as, pole, room):
    old = member_token(pole.a_member)
    assert client.get(f"/calendars/{old}.ics").status_code == 200
    login_as(pole.a_member)

    response = client.post("/calendars/member/regenerate")

    assert response.status_code == 302
    new = token_of(member=pole.org_a)
    assert new != old and len(new) >= 43
    assert client.get(f"/calendars/{old}.ics").status_code == 404
    assert client.get(f"/calendars/{new}.ics").status_code == 200
    assert new in client.get("/calendars/").get_data(as_text=True)


def test_regenerating_an_offers_address_retires_the_old_one(client, login_as, pole, room):
    login_as(pole.a_member)
    page = client.get("/calendars/").get_data(as_text=True)
    old = token_of(offer=room)
    assert f"http://127.0.0.1:5000/calendars/{old}.ics" in page

    assert client.post(f"/calendars/offers/{room.id}/regenerate").status_code == 302

    new = token_of(offer=room)
    assert new != old
    assert client.get(f"/calendars/{old}.ics").status_code == 404
    assert client.get(f"/calendars/{new}.ics").status_code == 200


@pytest.mark.parametrize("token", ["not-a-token", "x" * 43, "", "%00", "..%2F..%2Fetc"])
def test_unknown_addresses_are_not_found(client, pole, token):
    member_token(pole.a_member)
    assert client.get(f"/calendars/{token}.ics").status_code == 404


def test_feeds_are_created_once(app, pole):
    first = feeds.member_feed(pole.a_member)
    again = feeds.member_feed(pole.a_admin)
    assert first.id == again.id and first.token == again.token
    assert db.session.scalar(sa.select(sa.func.count(CalendarFeed.id))) == 1


def test_the_page_shows_my_feeds_escaped_with_instructions(
        client, login_as, english, pole, room, make_member, make_user):
    publish(pole.a_member, pole.org_a, title="<script>alert(1)</script> Salle")
    draft = catalogue.create_offer(pole.a_member, pole.org_a.id, catalogue.OfferData(
        kind=OfferKind.PREMISES, title="Brouillon", capacity=3,
        category_id=room.category_id, opening_hours=EVERY_DAY))
    login_as(pole.a_member)

    response = client.get("/calendars/")
    body = response.get_data(as_text=True)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert f"http://127.0.0.1:5000/calendars/{token_of(member=pole.org_a)}.ics" in body
    assert f"/calendars/{token_of(offer=room)}.ics" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Salle" in body
    assert "Brouillon" not in body
    assert db.session.scalar(sa.select(sa.func.count(CalendarFeed.id)).where(
        CalendarFeed.offer_id == draft.id)) == 0
    for program in ("Thunderbird", "Outlook", "Google Calendar"):
        assert program in body
    # Links are built on BASE_URL, never on the Host header a client sends.
    forged = client.get("/calendars/", headers={"Host": "evil.example"}).get_data(
        as_text=True)
    assert "evil.example" not in forged


def test_another_organisation_sees_neither_my_addresses_nor_my_offers(
        client, login_as, pole, room):
    mine, offer_token = member_token(pole.a_member), feeds.offer_feed(pole.a_member,
                                                                    room.id).token
    login_as(pole.b_member)
    body = client.get("/calendars/").get_data(as_text=True)
    assert mine not in body and offer_token not in body
    assert "Salle Belledonne" not in body
    assert token_of(member=pole.org_b) in body


def test_forms_need_their_csrf_token(app_config, pole, room):
    from pooling import create_app
    from tests.conftest import PASSWORD, base_config

    app = create_app(base_config(WTF_CSRF_ENABLED=True))
    browser = app.test_client()
    login_page = browser.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    assert browser.post("/login", data={"email": pole.a_member.email, "password": PASSWORD,
                                        "csrf_token": csrf}).status_code == 302
    old = member_token(pole.a_member)
    for path in ("/calendars/member/regenerate", f"/calendars/offers/{room.id}/regenerate"):
        before = snapshot()
        assert browser.post(path).status_code == 400
        assert snapshot() == before
    page = browser.get("/calendars/").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert browser.post("/calendars/member/regenerate",
                        data={"csrf_token": csrf}).status_code == 302
    assert token_of(member=pole.org_a) != old
    with app.app_context():
        db.engine.dispose()


# --- who may do what -----------------------------------------------------------------------

ANONYMOUS, MEMBER, OTHER, CELL = "anonymous", "member of A", "member of B", "cell"
ACTORS = (ANONYMOUS, MEMBER, OTHER, CELL)
EVERYONE = frozenset(ACTORS)
SIGNED_IN = EVERYONE - {ANONYMOUS}


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # with {token}, {offer}
    allowed: frozenset[str]
    ok_status: int = 200
    changes: bool = False

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


ROUTES = [
    Route("GET", "/calendars/{token}.ics", EVERYONE),  # the token is the key
    Route("GET", "/calendars/", SIGNED_IN),
    Route("POST", "/calendars/member/regenerate", SIGNED_IN, 302, changes=True),
    Route("POST", "/calendars/offers/{offer}/regenerate", frozenset({MEMBER, CELL}), 302,
          changes=True),
]


@pytest.fixture
def actors(pole):
    return {ANONYMOUS: None, MEMBER: pole.a_member, OTHER: pole.b_member, CELL: pole.cell}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_route_permissions(client, login_as, english, pole, room, actors, sent_mail,
                           route, actor):
    book(pole.b_member, room, paris(2030, 6, 3, 10), paris(2030, 6, 3, 12))
    mail.flush()
    sent_mail.clear()
    user = actors[actor]
    # Every feed exists beforehand, so that reading pages changes nothing.
    for someone in (pole.a_member, pole.b_member, pole.cell):
        member_token(someone)
    token = feeds.offer_feed(pole.a_member, room.id).token
    if user is not None:
        login_as(user)
    path = route.path.format(token=token, offer=room.id)
    before = snapshot()

    response = client.open(path, method=route.method)
    body = response.get_data(as_text=True)
    after = snapshot()

    assert sent_mail == []
    if actor not in route.allowed:
        assert after == before
        assert token not in body
        if user is None:
            assert response.status_code == 302
            location = urlsplit(response.headers["Location"])
            assert location.path == "/login" and parse_qs(location.query)["next"] == [path]
        else:
            assert response.status_code == 403, body
            assert "Only the people of the organisation that shares this offer" in body
        return
    assert response.status_code == route.ok_status, body
    assert (after != before) == route.changes


@pytest.mark.parametrize("actor", sorted(SIGNED_IN))
def test_regenerating_a_missing_or_hidden_offers_address_is_not_found(
        client, login_as, pole, actors, actor):
    draft = catalogue.create_offer(pole.b_admin, pole.org_b.id, catalogue.OfferData(
        kind=OfferKind.PREMISES, title="Brouillon de B", capacity=3,
        category_id=db.session.scalars(sa.select(Category.id).where(
            Category.kind == OfferKind.PREMISES)).first(), opening_hours=EVERY_DAY))
    login_as(actors[actor])
    before = snapshot()
    assert client.post("/calendars/offers/999999/regenerate").status_code == 404
    hidden = client.post(f"/calendars/offers/{draft.id}/regenerate").status_code
    # Drafts are for their organisation (B) and the cell; for others they do not exist.
    assert hidden == (404 if actor == MEMBER else 302)
    if actor == MEMBER:
        assert snapshot() == before


def test_the_cell_replaces_its_own_organisations_address(client, login_as, pole):
    a_token, cell_token = member_token(pole.a_member), member_token(pole.cell)
    login_as(pole.cell)
    assert client.post("/calendars/member/regenerate").status_code == 302
    assert token_of(member=pole.org_a) == a_token
    assert token_of(member=pole.cell_org) != cell_token


def test_the_matrix_covers_every_calendar_route(app):
    """A new /calendars route must be added to the matrix above."""
    rules = {(method, r.rule) for r in app.url_map.iter_rules()
             if r.rule.startswith("/calendars") for method in r.methods - {"HEAD", "OPTIONS"}}
    matrix = {(r.method, r.path.replace("{token}", "<token>")
               .replace("{offer}", "<int:offer_id>")) for r in ROUTES}
    assert rules == matrix
