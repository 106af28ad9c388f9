"""Two hosts behind a load balancer: two applications with their own instance folders on one
database (the README's production section). What one host does, the other sees: bookings,
signed-in sessions, sign-in limits, and photos kept in the database."""

import io
import tempfile

import pytest
from PIL import Image

from pooling import create_app, mail
from pooling.accounts.models import User
from pooling.catalogue import photos
from pooling.catalogue.models import OfferKind
from pooling.extensions import db
from pooling.members.models import Member
from pooling.members.services import MemberData, create_domain, update_member
from tests.conftest import PASSWORD, base_config, publish

START, END = "2030-06-03T10:00", "2030-06-03T12:00"


@pytest.fixture
def other_host(app, monkeypatch):
    """A second host: the same database and secret key, an instance folder of its own."""
    monkeypatch.setenv("POOLING_INSTANCE_PATH", tempfile.mkdtemp(prefix="pooling-host-b-"))
    other = create_app(base_config(PHOTO_STORE=app.config["PHOTO_STORE"]))
    assert other.instance_path != app.instance_path
    # E-mail leaves in the background and reads the database: let it finish each request.
    other.after_request(lambda response: (mail.flush(), response)[1])
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()



@pytest.fixture
def app_config():
    return {"PHOTO_STORE": "database"}


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (40, 120, 90)).save(out, "PNG")
    return out.getvalue()


def test_a_slot_booked_on_one_host_is_refused_on_the_other(app, client, bearer, pole,
                                                            other_host):
    room = publish(pole.a_member, pole.org_a, OfferKind.PREMISES, "Salle du conseil",
                   capacity=20)
    body = {"offer": room.id, "start": START, "end": END, "attendees": 6, "purpose": "AG"}
    first = client.post("/api/v1/bookings", json=body, headers=bearer(pole.b_member))
    assert first.status_code == 201, first.json
    with other_host.test_client() as there:
        second = there.post("/api/v1/bookings", json=body, headers=bearer(pole.b_admin))
    assert second.status_code == 409, second.json


def test_a_person_signed_in_on_one_host_stays_signed_in_on_the_other(client, pole,
                                                                       other_host):
    assert client.post("/login", data={"email": pole.a_member.email,
                                       "password": PASSWORD}).status_code == 302
    cookie = client.get_cookie("pooling_session")
    with other_host.test_client() as there:
        there.set_cookie("pooling_session", cookie.value)
        page = there.get("/profile/")
    assert page.status_code == 200
    assert pole.a_member.full_name in page.get_data(as_text=True)


def test_sign_in_failures_count_across_hosts(app, client, pole, other_host):
    limit = app.config["LOGIN_MAX_FAILURES_PER_EMAIL"]
    for _ in range(limit):
        client.post("/login", data={"email": pole.a_member.email, "password": "wrong"})
    there = other_host.test_client()
    # The right password, on the other host: the failures made on the first count.
    refused = there.post("/login", data={"email": pole.a_member.email, "password": PASSWORD})
    assert refused.status_code != 302  # not signed in
    # Another person signs in on that host as usual.
    assert there.post("/login", data={"email": pole.b_member.email,
                                      "password": PASSWORD}).status_code == 302


def test_a_photo_uploaded_on_one_host_is_served_by_the_other(app, pole, other_host):
    room = publish(pole.a_member, pole.org_a, OfferKind.PREMISES, "Atelier", capacity=8)
    photo = photos.add_photo(pole.a_member, room.id, jpeg())
    assert not (photos.photo_folder() / photo.filename).exists()  # in the database
    with other_host.test_client() as there:
        assert there.post("/login", data={"email": pole.b_member.email,
                                          "password": PASSWORD}).status_code == 302
        served = there.get(f"/offers/photos/{photo.filename}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(served.data)) as image:
        assert image.size == (300, 200)


@pytest.mark.parametrize("app_config", [{"PHOTO_STORE": "files"}])
def test_photos_kept_as_files_are_not_seen_by_another_host(app, pole, other_host, app_config):
    room = publish(pole.a_member, pole.org_a, OfferKind.PREMISES, "Atelier", capacity=8)
    photo = photos.add_photo(pole.a_member, room.id, jpeg())
    there = other_host.test_client()
    there.post("/login", data={"email": pole.b_member.email, "password": PASSWORD})
    # A clear 404, not an error: the file is in the first host's folder only.
    assert there.get(f"/offers/photos/{photo.filename}").status_code == 404


def test_the_members_figures_kept_on_one_host_follow_changes_made_on_the_other(
        app, client, bearer, pole, other_host):
    def by_domain(there) -> dict[str, int]:
        response = there.get("/api/v1/stats", headers=bearer(pole.cell))
        assert response.status_code == 200
        members = response.json["members"]
        return {s["key"]: s["count"] for s in members["by_domain"]} | {
            "pooling": members["pooling"]}

    here = client
    before = by_domain(here)
    assert (before["culture"], before["eco-activities"], before["pooling"]) == (1, 1, 0)
    assert by_domain(here) == before  # kept, the same
    with other_host.app_context():
        cell = db.session.get(User, pole.cell.id)
        org_a = db.session.get(Member, pole.org_a.id)
        # Only the links move: the organisation's own columns stay as they were.
        update_member(cell, org_a.id, MemberData(
            name=org_a.name, legal_form=org_a.legal_form, circle=org_a.circle,
            joined_on=org_a.joined_on, description=org_a.description, address=org_a.address,
            postcode=org_a.postcode, city=org_a.city, email=org_a.email, phone=org_a.phone,
            website=org_a.website, staff_fte=org_a.staff_fte, left_on=org_a.left_on,
            domain_codes=["culture"]))
        db.session.remove()
    moved = by_domain(here)
    assert (moved["culture"], moved["eco-activities"]) == (2, 0)
    with other_host.app_context():
        domain = create_domain(db.session.get(User, pole.cell.id), "Numérique")
        code = domain.code
        db.session.remove()
    assert by_domain(here)[code] == 0
    # Publishing makes an organisation pool something.
    with other_host.app_context():
        publish(db.session.get(User, pole.a_member.id), db.session.get(Member, pole.org_a.id),
                OfferKind.PREMISES, "Salle du conseil", capacity=20)
        db.session.remove()
    assert by_domain(here)["pooling"] == 1
