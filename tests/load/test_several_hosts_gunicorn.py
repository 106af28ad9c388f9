"""Two app hosts behind a load balancer, as the README's production section runs them: two
gunicorn instances with their own instance folders on one PostgreSQL, one secret key,
photos in the database. What one host does, the other sees, over HTTP."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

import pytest
import requests
from PIL import Image

from tests.load.harness import (
    api_client,
    csrf_token,
    sign_in,
    signed_in,
)

pytestmark = pytest.mark.load

# Beyond the load test's weeks: the slots here are free whatever it booked.
AHEAD = timedelta(days=60)


def test_the_hosts_share_the_database_not_their_instance_folders(server, other_host,
                                                                 instance_path,
                                                                 other_instance_path):
    assert server.base != other_host.base and instance_path != other_instance_path
    assert server.env["DATABASE_URL"] == other_host.env["DATABASE_URL"]
    assert server.env["SECRET_KEY"] == other_host.env["SECRET_KEY"]
    assert other_host.env["PHOTO_STORE"] == "database"


def free_hour(client: requests.Session, base: str, offer_id: int) -> tuple[str, str] | None:
    """The first whole free hour of an offer in a week two months ahead."""
    start = date.today() + AHEAD
    answer = client.get(f"{base}/api/v1/offers/{offer_id}/availability", timeout=30,
                        params={"from": f"{start}T00:00", "to": f"{start + timedelta(7)}T00:00"})
    assert answer.status_code == 200, answer.text
    for free in answer.json():
        begin = datetime.fromisoformat(free["start"])
        begin = begin.replace(minute=0) + (timedelta(hours=1) if begin.minute else timedelta())
        if begin + timedelta(hours=2) <= datetime.fromisoformat(free["end"]):
            return begin.isoformat(), (begin + timedelta(hours=2)).isoformat()
    return None


def test_a_slot_booked_on_one_host_is_refused_on_the_other(server, other_host, pole):
    rooms = [o for o in pole.offers
             if o["kind"] == "premises" and o["booking_policy"] == "automatic"]
    first, second = pole.people[1], next(p for p in pole.people[2:]
                                         if p.member_id != pole.people[1].member_id)
    room, hour = next((room, hour) for room in rooms
                      if room["member_id"] not in (first.member_id, second.member_id)
                      and (hour := free_hour(api_client(first.token), server.base, room["id"])))
    body = {"offer": room["id"], "start": hour[0], "end": hour[1], "attendees": 1,
            "purpose": "Deux hôtes"}
    made = api_client(first.token).post(f"{server.base}/api/v1/bookings", json=body, timeout=30)
    assert made.status_code == 201, made.text
    refused = api_client(second.token).post(f"{other_host.base}/api/v1/bookings", json=body,
                                            timeout=30)
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["rule"] == "overlap"


def test_a_person_signed_in_on_one_host_stays_signed_in_on_the_other(server, other_host,
                                                                       pole):
    person = pole.people[3]
    session = signed_in(server.base, person.email)
    # The load balancer sends the next request to the other host, with the same cookie.
    there = session.get(f"{other_host.base}/profile/", allow_redirects=False, timeout=30)
    assert there.status_code == 200
    assert person.email in there.text


def test_sign_in_failures_count_across_hosts(server, other_host, pole):
    person, other = pole.people[-1], pole.people[-2]
    for _ in range(5):  # LOGIN_MAX_FAILURES_PER_EMAIL
        sign_in(requests.Session(), server.base, person.email, "not-the-password")
    # The right password, on the other host: the failures made on the first count.
    browser = requests.Session()
    sign_in(browser, other_host.base, person.email)
    profile = browser.get(f"{other_host.base}/profile/", allow_redirects=False, timeout=30)
    assert profile.status_code == 302 and "/login" in profile.headers["Location"]
    # Another person signs in on that host as usual.
    signed_in(other_host.base, other.email)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (40, 120, 90)).save(out, "PNG")
    return out.getvalue()


def test_a_photo_uploaded_on_one_host_is_served_by_the_other(server, other_host, pole):
    offer = pole.offers[0]
    cell = signed_in(server.base, pole.cell.email)
    page = cell.get(f"{server.base}/offers/{offer['id']}", timeout=30)
    before = set(re.findall(r"/offers/photos/([\w.-]+)", page.text))
    added = cell.post(f"{server.base}/offers/{offer['id']}/photos", timeout=30,
                      data={"csrf_token": csrf_token(page.text)},
                      files={"photo": ("atelier.png", png(), "image/png")})
    assert added.status_code == 200, added.text[:500]
    page = cell.get(f"{server.base}/offers/{offer['id']}", timeout=30)
    (name,) = set(re.findall(r"/offers/photos/([\w.-]+)", page.text)) - before
    member = next(p for p in pole.people[1:] if p.member_id != offer["member_id"])
    served = signed_in(other_host.base, member.email).get(
        f"{other_host.base}/offers/photos/{name}", timeout=30)
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(served.content)) as image:
        assert image.size == (300, 200)
