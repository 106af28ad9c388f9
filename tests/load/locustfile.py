"""Simulated members of the pole for locust: `locust -f tests/load/locustfile.py --headless`.

LOAD_POLE names the JSON file of harness.Pole (the people, their tokens, free slots);
LOAD_OUTCOME the JSON file written when the run stops: the bookings and exchanges the
clients were told were made, and the business refusals (409, 422) counted apart from
failures. The cell signs in through the login form and reads its dashboard; the other
members use the API with their tokens.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from locust import HttpUser, between, events, task

from tests.load.harness import Pole, csrf_token

POLE = Pole.from_json(Path(os.environ["LOAD_POLE"]).read_text())
WORDS = ["salle", "réunion", "vidéoprojecteur", "comptabilité", "cuisine", "camion",
         "atelier", "formation", "bureau", "graphisme", "perceuse", "accompagnement juridique",
         "salle pour une assemblée", "outil de jardin", "traduction"]
# Business refusals a client expects: a slot taken meanwhile, a transition already made,
# a rule of the pole. Any other status that is not 2xx is a failure.
REFUSALS = (409, 422)
# Answers a fault test expects while it breaks something (LOAD_TOLERATED="503,0": the
# service unavailable, a connection cut), counted apart too; none in the plain load test.
TOLERATED = {int(s) for s in os.environ.get("LOAD_TOLERATED", "").split(",") if s.strip()}

# A few slots everyone wants (the big room on the day of the general assemblies): a third
# of the bookings race for them, so that the booking engine's locks are put to the test.
# Booked at once (a request waiting for approval holds nothing), rooms and tools.
HOT = [s for s in POLE.slots if s["booking_policy"] == "automatic"
       and s["kind"] in ("premises", "tool")][:12]
HOT_SHARE = 1 / 3

_lock = threading.Lock()
# Each member acts as a person of their own (as many as there are, then again from the first).
_people = itertools.cycle(POLE.people[1:])
OUTCOME: dict = {"booked": [], "cancelled": [], "declared": [], "confirmed": [],
                 "refusals": Counter(), "tolerated": Counter(), "failed": Counter()}


def next_person():
    with _lock:
        return next(_people)


def window(slot: dict | None = None) -> tuple[str, str]:
    """A two-hour window in the weeks the slots fall in: a slot's start, or any hour."""
    if slot is not None:
        start = datetime.fromisoformat(slot["start"])
    else:
        day = date.today() + timedelta(days=random.randint(7, 34))
        start = datetime(day.year, day.month, day.day, random.randint(8, 17))
    return start.isoformat(), (start + timedelta(hours=2)).isoformat()


class Member(HttpUser):
    """A member of one organisation, working through the API with a personal token."""

    wait_time = between(0.3, 1.5)
    weight = 49

    def on_start(self) -> None:
        self.person = self.choose_person()
        self.client.headers["Authorization"] = f"Bearer {self.person['token']}"
        self.mine: list[int] = []  # bookings made and not cancelled yet
        self.others = [m for m in POLE.members if m != self.person["member_id"]]

    def choose_person(self) -> dict:
        return vars(next_person())

    def expect(self, response, name: str, ok: tuple[int, ...]) -> bool:
        """True for an expected success; a business refusal is counted, not failed."""
        if response.status_code in ok:
            response.success()
            return True
        if response.status_code in REFUSALS:
            try:
                rule = response.json().get("error", {}).get("rule") or ""
            except ValueError:
                rule = ""
            with _lock:
                OUTCOME["refusals"][f"{name} {response.status_code} {rule}".strip()] += 1
            response.success()
            return False
        if response.status_code in TOLERATED:
            with _lock:
                OUTCOME["tolerated"][f"{name} {response.status_code}"] += 1
            response.success()
            return False
        response.failure(f"{response.status_code}: {response.text[:200]}")
        # Counted here too: locust's statistics may be written before the last answers.
        with _lock:
            OUTCOME["failed"][f"{name} {response.status_code}"] += 1
        return False

    def get(self, path: str, name: str, **params) -> object | None:
        with self.client.get(path, params=params or None, name=name,
                             catch_response=True) as response:
            return response.json() if self.expect(response, name, (200,)) else None

    @task(6)
    def search_words(self) -> None:
        self.get("/api/v1/offers", "GET /api/v1/offers?q", q=random.choice(WORDS))

    @task(4)
    def search_available(self) -> None:
        start, end = window(random.choice(POLE.slots) if random.random() < 0.5 else None)
        params = {"available_from": start, "available_to": end}
        if random.random() < 0.5:
            params["q"] = random.choice(WORDS)
        self.get("/api/v1/offers", "GET /api/v1/offers?available_from", **params)

    @task(4)
    def offer_week(self) -> None:
        offer = random.choice(POLE.offers)
        monday = date.today() + timedelta(days=7 - date.today().weekday()
                                          + 7 * random.randint(0, 3))
        self.get(f"/api/v1/offers/{offer['id']}/availability",
                 "GET /api/v1/offers/{id}/availability",
                 **{"from": f"{monday}T00:00", "to": f"{monday + timedelta(days=7)}T00:00"})

    @task(4)
    def book(self) -> None:
        pool = HOT if random.random() < HOT_SHARE else POLE.slots
        slot = random.choice([s for s in pool if s["member_id"] != self.person["member_id"]]
                             or POLE.slots)
        body = {"offer": slot["offer"], "start": slot["start"], "end": slot["end"],
                "purpose": "Load test"}
        if slot["kind"] == "tool":
            body["quantity"] = 1
        elif slot["kind"] == "premises":
            body["attendees"] = 1
        name = "POST /api/v1/bookings"
        with self.client.post("/api/v1/bookings", json=body, name=name,
                              catch_response=True) as response:
            if self.expect(response, name, (201,)):
                booking = response.json()
                self.mine.append(booking["id"])
                with _lock:
                    OUTCOME["booked"].append({"id": booking["id"], "offer": slot["offer"],
                                              "start": booking["start"],
                                              "end": booking["end"],
                                              "status": booking["status"]})

    @task(1)
    def cancel(self) -> None:
        if not self.mine:
            return
        booking_id = self.mine.pop(random.randrange(len(self.mine)))
        name = "POST /api/v1/bookings/{id}/cancel"
        with self.client.post(f"/api/v1/bookings/{booking_id}/cancel",
                              json={"reason": "Plans changed"}, name=name,
                              catch_response=True) as response:
            if self.expect(response, name, (200,)):
                with _lock:
                    OUTCOME["cancelled"].append(booking_id)

    @task(2)
    def declare(self) -> None:
        body = {"provider_id": self.person["member_id"],
                "beneficiary_id": random.choice(self.others), "kind": "skill",
                "quantity": str(random.choice([1, 2, 3])), "unit": "hour",
                "occurred_on": (date.today() - timedelta(days=random.randint(0, 5))
                                ).isoformat(),
                "description": "Coup de main entre voisins (test de charge)"}
        name = "POST /api/v1/exchanges"
        with self.client.post("/api/v1/exchanges", json=body, name=name,
                              catch_response=True) as response:
            if self.expect(response, name, (201,)):
                with _lock:
                    OUTCOME["declared"].append(response.json()["id"])

    @task(2)
    def confirm(self) -> None:
        waiting = self.get("/api/v1/exchanges", "GET /api/v1/exchanges?to_decide",
                           to_decide="true", per_page=5)
        if not waiting or not waiting["items"]:
            return
        exchange = random.choice(waiting["items"])
        name = "POST /api/v1/exchanges/{id}/confirm"
        with self.client.post(f"/api/v1/exchanges/{exchange['id']}/confirm", name=name,
                              catch_response=True) as response:
            if self.expect(response, name, (200,)):
                with _lock:
                    OUTCOME["confirmed"].append(exchange["id"])

    @task(2)
    def statement(self) -> None:
        self.get(f"/api/v1/ledger/members/{self.person['member_id']}",
                 "GET /api/v1/ledger/members/{id}")

    @task(1)
    def match_need(self) -> None:
        needs = POLE.needs.get(self.person["member_id"])
        if needs:
            self.get(f"/api/v1/needs/{random.choice(needs)}/matches",
                     "GET /api/v1/needs/{id}/matches")


class Cell(Member):
    """The animation cell: signed in through the form for its dashboard, and the API for
    the rest, any organisation's need and statement included."""

    weight = 1
    fixed_count = 1

    def choose_person(self) -> dict:
        return vars(POLE.cell)

    def on_start(self) -> None:
        super().on_start()
        page = self.client.get("/login", name="GET /login")
        self.client.post("/login", name="POST /login", data={
            "csrf_token": csrf_token(page.text), "email": self.person["email"],
            "password": self.person["password"]})
        # Its first look, whatever the draw of tasks: the dashboard, then a need's matches.
        self.dashboard()
        self.match_need()

    @task(15)
    def dashboard(self) -> None:
        # The page, not the API: the session cookie signs it in; no bearer token needed.
        with self.client.get("/review/", name="GET /review/", catch_response=True,
                             allow_redirects=False) as response:
            self.expect(response, "GET /review/", (200,))

    @task(2)
    def match_need(self) -> None:
        needs = [n for found in POLE.needs.values() for n in found]
        if needs:
            self.get(f"/api/v1/needs/{random.choice(needs)}/matches",
                     "GET /api/v1/needs/{id}/matches")

    @task(1)
    def pole_ledger(self) -> None:
        self.get("/api/v1/ledger", "GET /api/v1/ledger")


@events.quitting.add_listener
def write_outcome(environment, **_kwargs) -> None:
    """What the clients were told, for the checks in SQL after the run."""
    path = os.environ.get("LOAD_OUTCOME")
    if path:
        with _lock:
            data = dict(OUTCOME, **{k: dict(OUTCOME[k])
                                    for k in ("refusals", "tolerated", "failed")})
        Path(path).write_text(json.dumps(data))
