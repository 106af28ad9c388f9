"""Faults under load, against gunicorn on PostgreSQL with durable commits: the database
restarted, a worker killed in the middle of a request, a request that waits too long for a
lock. Each time requests fail cleanly (503, or a connection closed before any answer; never
a 500, never a half-written booking or exchange), the service recovers without being
restarted, and every booking a client was told was made (201) is in the database."""

from __future__ import annotations

import itertools
import math
import os
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
import requests

from tests.load.harness import (
    Cluster,
    Pole,
    Server,
    api_client,
    double_bookings,
    ledger_check,
    statuses,
    wait_until,
)

pytestmark = pytest.mark.load

ZONE = ZoneInfo("Europe/Paris")
CLIENTS = 4
# A fault test waits this long at most for the load to go on (a bound, not a measure).
PATIENCE = 60
# Seconds each client rests between two bookings: a light load, which the slots last.
PACE = 0.1


# --- the load ------------------------------------------------------------------------


def later(slots: list[dict], weeks: int) -> list[dict]:
    """The load test's free slots, the same hours `weeks` later: free too, unless a closure
    or an earlier booking falls there (a 409 then), and booked by no other test."""
    moved = []
    for slot in slots:
        start, end = (datetime.fromisoformat(slot[k]).astimezone(ZONE) + timedelta(weeks=weeks)
                      for k in ("start", "end"))
        moved.append({**slot, "start": start.isoformat(), "end": end.isoformat()})
    return moved


@dataclass
class Answer:
    """What one request of the load got: a status, or the error that came instead."""

    what: str  # booking, exchange, confirm
    status: int | None
    error: str = ""
    id: int | None = None
    offer: int | None = None
    retry_after: str | None = None


class Load:
    """A few API clients, each booking free slots one after the other and, every third time,
    declaring an exchange that the cell then confirms, until stopped."""

    def __init__(self, base: str, pole: Pole, slots: list[dict], clients: int = CLIENTS):
        self.base, self.pole = base, pole
        self.people = [p for p in pole.people if p.role != "cell"]
        self.slots = iter(slots)
        self.taken = threading.Lock()
        self.stopping = threading.Event()
        self.answers: list[Answer] = []
        self.threads = [threading.Thread(target=self.client, args=(n,), daemon=True)
                        for n in range(clients)]

    def __enter__(self) -> Load:
        self.began = datetime.now(UTC)
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=PATIENCE)

    def next_slot(self) -> dict | None:
        with self.taken:
            return next(self.slots, None)

    def client(self, number: int) -> None:
        sessions = {p.token: api_client(p.token) for p in self.people}
        cell = api_client(self.pole.cell.token)
        for turn in itertools.count():
            slot = self.next_slot()
            if slot is None or self.stopping.is_set():
                return
            # Another organisation than the offer's: people do not book their own offers.
            person = next(p for p in itertools.islice(
                itertools.cycle(self.people), number + turn * CLIENTS, None)
                if p.member_id != slot["member_id"])
            self.persist(sessions[person.token], "booking", "/api/v1/bookings",
                         booking_body(slot), offer=slot["offer"])
            if turn % 3 == 0:
                self.exchange(sessions[person.token], cell, person.member_id, turn)
            time.sleep(PACE)

    def persist(self, session: requests.Session, what: str, path: str,
                body: dict | None = None, offer: int | None = None) -> Answer:
        """POST until answered otherwise than 503 or a lost connection, as a client that
        honours Retry-After does (sooner: a test waits), with one Idempotency-Key: a retry
        never acts twice. Every answer is recorded."""
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        deadline = time.monotonic() + PATIENCE
        while True:
            answer = call(session, what, "POST", self.base + path, json=body, headers=headers)
            answer.offer = offer
            self.answers.append(answer)
            if answer.status not in (None, 503) or self.stopping.is_set() \
                    or time.monotonic() > deadline:
                return answer
            time.sleep(0.2)

    def exchange(self, declarer: requests.Session, cell: requests.Session, member_id: int,
                 turn: int) -> None:
        others = [m for m in self.pole.members if m != member_id]
        declared = self.persist(declarer, "exchange", "/api/v1/exchanges", {
            "provider_id": member_id, "beneficiary_id": others[turn % len(others)],
            "kind": "skill", "quantity": "1.5", "unit": "hour",
            "occurred_on": datetime.now(ZONE).date().isoformat(),
            "description": "Un coup de main pendant la charge", "valued": False})
        if declared.status == 201:
            self.persist(cell, "confirm", f"/api/v1/exchanges/{declared.id}/confirm")

    def made(self, what: str = "booking", status: int = 201) -> list[Answer]:
        return [a for a in list(self.answers) if a.what == what and a.status == status]

    def wait_for_more(self, count: int = 3) -> None:
        """Until `count` more bookings are made than so far: the service answers."""
        goal = len(self.made()) + count

        def made_enough() -> bool:
            if not any(thread.is_alive() for thread in self.threads):
                raise AssertionError("the load's clients stopped: no free slot left?")
            return len(self.made()) >= goal

        wait_until(made_enough, PATIENCE, "bookings under load")


def call(session: requests.Session, what: str, method: str, url: str, **kw) -> Answer:
    try:
        response = session.request(method, url, timeout=PATIENCE, **kw)
    except requests.RequestException as error:
        return Answer(what, None, error=type(error).__name__)
    body = response.json() if response.headers.get("Content-Type", "").startswith(
        "application/json") else {}
    return Answer(what, response.status_code, id=body.get("id"),
                  error=body.get("error", {}).get("code", ""),
                  retry_after=response.headers.get("Retry-After"))


def booking_body(slot: dict) -> dict:
    return {"offer": slot["offer"], "start": slot["start"], "end": slot["end"], "quantity": 1,
            "purpose": "Charge et pannes"}


def book(session: requests.Session, base: str, slot: dict) -> Answer:
    """One booking, sent once."""
    answer = call(session, "booking", "POST", base + "/api/v1/bookings",
                  json=booking_body(slot))
    answer.offer = slot["offer"]
    return answer


class InFlight(threading.Thread):
    """One booking sent in a thread of its own, answered (or not) later."""

    def __init__(self, session: requests.Session, base: str, slot: dict):
        super().__init__(daemon=True)
        self.session, self.base, self.slot = session, base, slot
        self.answer: Answer | None = None
        self.start()

    def run(self) -> None:
        self.answer = book(self.session, self.base, self.slot)

    def result(self) -> Answer:
        self.join(timeout=PATIENCE)
        assert self.answer is not None, "the request never ended"
        return self.answer


# --- holding an offer's lock -----------------------------------------------------------


class Holder:
    """A connection of the test's own that holds an offer's row lock, as a long booking
    would, and sees who waits for it."""

    def __init__(self, cluster: Cluster, offer_id: int):
        self.cluster = cluster
        self.connection = psycopg.connect(cluster.url.replace("+psycopg", ""))
        self.connection.execute("SELECT id FROM offers WHERE id = %s FOR UPDATE", (offer_id,))
        self.pid = self.connection.info.backend_pid

    def waiting(self) -> list[tuple[int, int]]:
        """The backends (pid, client port) waiting for the lock."""
        rows = self.cluster.psql(f"SELECT pid, client_port FROM pg_stat_activity WHERE "
                                 f"{self.pid} = ANY(pg_blocking_pids(pid))")
        return [tuple(int(v) for v in line.split("|")) for line in rows.split()]

    def wait_for_waiter(self) -> tuple[int, int]:
        """The first backend (pid, client port) seen waiting for the lock."""
        seen: list[tuple[int, int]] = []
        wait_until(lambda: bool(seen.extend(self.waiting()) or seen), PATIENCE,
                   "a request waiting for the offer's lock")
        return seen[0]

    def release(self) -> None:
        try:
            self.connection.rollback()
            self.connection.close()
        except psycopg.Error:
            pass  # cut by a restart of the database: the lock went with it


@contextmanager
def holding(cluster: Cluster, offer_id: int) -> Iterator[Holder]:
    holder = Holder(cluster, offer_id)
    try:
        yield holder
    finally:
        holder.release()


# --- what must hold afterwards -----------------------------------------------------------


def check_nothing_lost_or_half_written(cluster: Cluster, load: Load, instance_path) -> None:
    """No 500; every 201 in the database; no booking without its history; no double
    booking; the ledger's checks pass."""
    answers = list(load.answers)
    failed = [a for a in answers if a.status and a.status >= 500 and a.status != 503]
    assert not failed, failed
    assert all(a.retry_after for a in answers if a.status == 503), "503 without Retry-After"

    bookings = load.made()
    missing = {a.id for a in bookings} - set(statuses(cluster, "bookings",
                                                      [a.id for a in bookings]))
    assert not missing, f"bookings answered 201 missing: {missing}"
    # Every booking written during the load, its answer received or not, has its history.
    assert cluster.psql(f"SELECT count(*) FROM bookings b WHERE created_at >= "
                        f"'{load.began.isoformat()}' AND NOT EXISTS (SELECT 1 FROM "
                        "booking_events e WHERE e.booking_id = b.id)") == "0\n"
    assert double_bookings(cluster) == []

    declared, confirmed = load.made("exchange"), load.made("confirm", 200)
    kept = statuses(cluster, "exchanges", [a.id for a in declared])
    assert {a.id for a in declared} <= set(kept), "an exchange answered 201 is missing"
    assert all(kept[a.id] == "confirmed" for a in confirmed), "a confirmation is missing"
    check = ledger_check(cluster.url, instance_path)
    assert check.returncode == 0, check.stdout + check.stderr


def booked_at(cluster: Cluster, slot: dict) -> int:
    return int(cluster.psql(
        f"SELECT count(*) FROM bookings WHERE offer_id = {int(slot['offer'])} AND "
        f"starts_at = '{datetime.fromisoformat(slot['start']).isoformat()}'"))


def target_and_load(pole: Pole, weeks: int) -> tuple[dict, list[dict]]:
    """A slot of one offer (the target of the fault) and the load's slots, of other
    offers."""
    slots = later(pole.slots, weeks)
    target = slots[0]
    return target, [s for s in slots if s["offer"] != target["offer"]]


def someone_else(pole: Pole, slot: dict) -> requests.Session:
    person = next(p for p in pole.people if p.role != "cell"
                  and p.member_id != slot["member_id"])
    return api_client(person.token)


# --- the faults ----------------------------------------------------------------------------


def test_postgresql_restarted_during_the_load(cluster, pole, server, instance_path):
    target, slots = target_and_load(pole, weeks=6)
    master = server.master_pid
    with Load(server.base, pole, slots) as load:
        load.wait_for_more()
        with holding(cluster, target["offer"]) as holder:
            # A booking is in flight (waiting for the offer's lock) when the database stops.
            in_flight = InFlight(someone_else(pole, target), server.base, target)
            holder.wait_for_waiter()
            cluster.restart(mode="immediate")
        cut = in_flight.result()
        # Back without restarting gunicorn: the load's bookings go through again.
        load.wait_for_more()
    assert cut.status == 503 or (cut.status is None and cut.error), cut
    assert server.process.poll() is None and server.master_pid == master
    assert booked_at(cluster, target) == 0
    again = book(someone_else(pole, target), server.base, target)
    assert again.status == 201, again
    load.answers.append(again)
    check_nothing_lost_or_half_written(cluster, load, instance_path)


def worker_holding(server: Server, local_port: int) -> int:
    """The gunicorn worker whose database connection leaves from `local_port`."""
    inodes = set()
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        if not table.exists():
            continue  # no IPv6
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == local_port:
                inodes.add(fields[9])
    for pid in server.worker_pids():
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return pid
    raise AssertionError(f"no worker holds a connection from port {local_port}")


def kill_a_worker_mid_booking(cluster: Cluster, server: Server, pole: Pole, slot: dict
                              ) -> tuple[Answer, int, int]:
    """Kill (SIGKILL) the worker of a booking waiting for the offer's lock; the answer its
    client got, the worker's database backend and the worker."""
    for _try in range(3):
        with holding(cluster, slot["offer"]) as holder:
            in_flight = InFlight(someone_else(pole, slot), server.base, slot)
            backend, port = holder.wait_for_waiter()
            worker = worker_holding(server, port)
            os.kill(worker, signal.SIGKILL)
            cut = in_flight.result()
        # A 503: the lock wait ran out before the kill (a slow machine); try again.
        if cut.status != 503:
            return cut, backend, worker
    raise AssertionError("every booking waited out its lock wait before its worker was killed")


def test_a_worker_killed_in_the_middle_of_a_booking(cluster, pole, server, instance_path):
    target, slots = target_and_load(pole, weeks=9)
    with Load(server.base, pole, slots) as load:
        load.wait_for_more()
        cut, backend, worker = kill_a_worker_mid_booking(cluster, server, pole, target)
        # The worker's transaction ends with its connection, without a commit.
        wait_until(lambda: str(backend) not in cluster.psql(
            "SELECT pid FROM pg_stat_activity").split(), PATIENCE, "the killed worker's backend")
        wait_until(lambda: len(server.worker_pids()) == server.workers
                   and worker not in server.worker_pids(), PATIENCE, "a new worker")
        load.wait_for_more()
    assert cut.status is None and cut.error, cut  # the connection closed, no answer
    assert booked_at(cluster, target) == 0
    again = book(someone_else(pole, target), server.base, target)
    assert again.status == 201, again
    load.answers.append(again)
    check_nothing_lost_or_half_written(cluster, load, instance_path)


def test_a_booking_that_waits_too_long_for_its_lock(cluster, pole, server, instance_path):
    """On the server as production runs it: the lock wait is DB_LOCK_TIMEOUT's default."""
    target, slots = target_and_load(pole, weeks=12)
    with Load(server.base, pole, slots) as load:
        load.wait_for_more()
        with holding(cluster, target["offer"]) as holder:
            in_flight = InFlight(someone_else(pole, target), server.base, target)
            holder.wait_for_waiter()
            # Meanwhile the other offers are booked.
            load.wait_for_more()
            refused = in_flight.result()
        load.wait_for_more()
    assert refused.status == 503 and refused.error == "busy", refused
    # As many seconds as the server waits for a lock: 5 unless its environment says.
    assert refused.retry_after == str(math.ceil(float(server.env.get("DB_LOCK_TIMEOUT", 5))))
    assert booked_at(cluster, target) == 0
    again = book(someone_else(pole, target), server.base, target)
    assert again.status == 201, again
    load.answers.append(again)
    check_nothing_lost_or_half_written(cluster, load, instance_path)
