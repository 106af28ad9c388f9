"""Time the booking engine on the large benchmark pole (500,000 bookings): medians and
percentiles of a week of availability and of a booking (service layer and HTTP), of the
catalogue's "available during" filter, and two races of 20 clients.

On PostgreSQL each booking scenario runs both ways, its statements straight on the driver
(DRIVER_FAST_PATH on) and through SQLAlchemy (off), turn by turn so that both see the same
load, and a last table says what the fast path saves. SQLite always goes through SQLAlchemy.

Usage: make bench  (or: .venv/bin/python bench/bookings.py [--requests N] [--races N]
[--fast-path both|on|off])
Uses DATABASE_URL if set (an empty database), else a fresh SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

CLIENTS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="requests per scenario")
    parser.add_argument("--races", type=int, default=30, help="repetitions of each race")
    parser.add_argument("--fast-path", choices=("both", "on", "off"), default="both",
                        help="on PostgreSQL: time the driver's fast path, SQLAlchemy, or both")
    args = parser.parse_args()
    # One connection per racing client, as under a threaded server.
    bench = harness.start({"SQLALCHEMY_ENGINE_OPTIONS": {
        "pool_pre_ping": True, "pool_size": CLIENTS + 5, "max_overflow": 5}})
    import sqlalchemy as sa

    from pooling import mail
    from pooling.accounts.models import User
    from pooling.bookings import availability, services
    from pooling.catalogue.models import BookingPolicy, Offer, OfferKind, OfferStatus
    from pooling.demo import catalogue_data
    from pooling.extensions import db

    app = bench.app
    rng = random.Random(7)
    with app.app_context():
        zone = ZoneInfo(app.config["POLE_TIMEZONE"])
        titles = [o["title"] for o in catalogue_data.OFFERS]
        offers = db.session.execute(
            sa.select(Offer.id, Offer.kind, Offer.member_id, Offer.min_duration_minutes)
            .where(Offer.status == OfferStatus.PUBLISHED, Offer.title.not_in(titles),
                   Offer.booking_policy == BookingPolicy.AUTOMATIC)).all()
        # Actors: one person of each organisation, so that a client books for its own.
        actors = dict(db.session.execute(
            sa.select(User.member_id, sa.func.min(User.id)).group_by(User.member_id)).all())
        print(f"database: {db.engine.dialect.name}, "
              f"{db.session.scalar(sa.text('SELECT count(*) FROM bookings'))} bookings")
        postgresql = db.engine.dialect.name == "postgresql"
    # The ways to run the booking path's statements: True straight on the driver.
    modes = {"both": [True, False], "on": [True], "off": [False]}[args.fast_path]
    if not postgresql:
        modes = [False]
    timed: dict[tuple[str, bool], list[float]] = {}

    def turns(index: int) -> list[bool]:
        """The ways, in turn: each goes first every other time, so neither only follows."""
        return modes if index % 2 == 0 else modes[::-1]

    def way(fast: bool) -> None:
        app.config["DRIVER_FAST_PATH"] = fast

    def report(name: str) -> None:
        for fast in modes:
            label = ("fast path" if fast else "SQLAlchemy") if postgresql else ""
            harness.report(f"{name} [{label}]" if label else name, timed[name, fast])
    today = datetime.now(zone).date()
    monday = today + timedelta(days=7 - today.weekday())
    claimed: set[tuple[int, datetime]] = set()

    def context():
        # Each step in a request context of its own, which ends as a request does.
        return app.test_request_context()

    def actor_for(offer) -> User:
        member_id = rng.choice([m for m in actors if m != offer.member_id])
        return db.session.get(User, actors[member_id])

    def free_slot(offer, day: date, viewer: User) -> tuple[datetime, datetime] | None:
        """A free hour (or the offer's minimum) on that day, on the half hour."""
        start = datetime.combine(day, datetime.min.time(), zone)
        length = timedelta(minutes=max(60, offer.min_duration_minutes))
        for free in availability.availability(viewer, offer.id, start, start + timedelta(days=1)):
            begin = free.interval.start
            if begin.minute % 30:
                begin += timedelta(minutes=30 - begin.minute % 30)
            while begin + length <= free.interval.end:
                if (offer.id, begin) not in claimed:
                    claimed.add((offer.id, begin))
                    return begin, begin + length
                begin += length
        return None

    def pick_slot(viewer: User, kinds=tuple(OfferKind)) -> tuple:
        """A random offer of those kinds and a free slot 3 to 25 weeks ahead."""
        while True:
            offer = rng.choice(offers)
            if offer.kind not in kinds:
                continue
            day = monday + timedelta(weeks=rng.randint(2, 24), days=rng.randrange(6))
            slot = free_slot(offer, day, viewer)
            if slot:
                return offer, slot

    harness.report_header()

    # 1. A week of one offer's availability, in the service layer.
    name = "availability, one offer's week (service)"
    for index in range(args.requests):
        offer = rng.choice(offers)
        start = datetime.combine(monday + timedelta(weeks=rng.randint(0, 20)),
                                 datetime.min.time(), zone)
        for fast in turns(index):
            way(fast)
            with context():
                viewer = db.session.get(User, bench.user_id)
                started = time.perf_counter()
                availability.availability(viewer, offer.id, start, start + timedelta(days=7))
                timed.setdefault((name, fast), []).append(
                    (time.perf_counter() - started) * 1000)
    report(name)

    # The same over HTTP (GET /api/v1/offers/{id}/availability), as a calendar asks it.
    weeks = []
    for _ in range(args.requests):
        offer = rng.choice(offers)
        start = monday + timedelta(weeks=rng.randint(0, 20))
        weeks.append(f"/api/v1/offers/{offer.id}/availability?from={start}T00:00"
                     f"&to={start + timedelta(days=7)}T00:00")
    harness.report("availability, one offer's week (HTTP)",
                   harness.timed_each(weeks, bench.get))

    # 2. A booking of a free slot, in the service layer.
    name, refused = "booking a free slot (service)", 0
    for index in range(args.requests):
        for fast in turns(index):
            way(fast)
            with context():
                viewer = db.session.get(User, bench.user_id)
                offer, (start, end) = pick_slot(viewer)
                actor = actor_for(offer)
                request = services.BookingRequest(offer_id=offer.id, starts_at=start,
                                                  ends_at=end, purpose="Banc d'essai")
                # The previous booking's e-mails render in a background thread of this
                # process: wait for them, so that they are not counted in this one's time.
                mail.flush()
                started = time.perf_counter()
                try:
                    services.create_booking(actor, request)
                except services.BookingRefused:
                    refused += 1
                timed.setdefault((name, fast), []).append(
                    (time.perf_counter() - started) * 1000)
    report(name)
    if refused:
        print(f"  {refused} of them refused (expected none)")

    # 3. The same over HTTP, if the bookings API is there.
    with context():
        routes = {(rule.rule, method) for rule in app.url_map.iter_rules()
                  for method in rule.methods}
    if ("/api/v1/bookings", "POST") in routes:
        name, failed = "booking a free slot (HTTP POST /api/v1/bookings)", []
        for index in range(args.requests):
            for fast in turns(index):
                way(fast)
                with context():
                    viewer = db.session.get(User, bench.user_id)
                    offer, (start, end) = pick_slot(viewer)
                body = json.dumps({"offer": offer.id, "start": start.isoformat(),
                                   "end": end.isoformat(), "purpose": "Banc d'essai"}).encode()
                request = urllib.request.Request(
                    bench.base + "/api/v1/bookings", data=body, method="POST",
                    headers={**bench.headers, "Content-Type": "application/json"})
                mail.flush()
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(request) as response:
                        response.read()
                except urllib.error.HTTPError as error:
                    failed.append(f"{error.code} {error.read()[:200]!r}")
                timed.setdefault((name, fast), []).append(
                    (time.perf_counter() - started) * 1000)
        report(name)
        if failed:
            print(f"  {len(failed)} refused, e.g. {failed[0]}")
    else:
        print("HTTP booking: route not available (POST /api/v1/bookings); service timed only")

    # 4. The catalogue's "available during" filter over HTTP.
    windows = []
    for week in range(1, 21):
        day = monday + timedelta(weeks=week, days=week % 5)
        windows.append((f"{day}T10:00", f"{day}T12:00"))
    asked = [rng.choice(windows) for _ in range(args.requests)]
    harness.report("catalogue, available during 2 h (HTTP)", harness.timed_each(
        asked, lambda window: bench.get(f"/api/v1/offers?available_from={window[0]}"
                                        f"&available_to={window[1]}")))

    # 5. Races: CLIENTS clients at once, each with its own context and connection.
    def race(action) -> tuple[list, float]:
        barrier = threading.Barrier(CLIENTS + 1)
        outcomes = [None] * CLIENTS

        def client(index):
            with context():
                try:
                    barrier.wait()
                    outcomes[index] = action(index)
                except Exception as error:  # noqa: BLE001 (the outcome is what is counted)
                    outcomes[index] = error

        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join(timeout=120)
        return outcomes, (time.perf_counter() - started) * 1000

    exclusive = (OfferKind.PREMISES, OfferKind.SKILL)
    name, wrong = f"race: {CLIENTS} clients, one free slot (whole race)", []
    for index in range(args.races * len(modes)):
        fast = turns(index // len(modes))[index % len(modes)]
        way(fast)
        with context():
            viewer = db.session.get(User, bench.user_id)
            offer, (start, end) = pick_slot(viewer, exclusive)
            clients = [actors[m] for m in rng.sample(
                [m for m in actors if m != offer.member_id], CLIENTS)]

        def book_same(index, offer=offer, start=start, end=end, clients=clients):
            actor = db.session.get(User, clients[index])
            return services.create_booking(actor, services.BookingRequest(
                offer_id=offer.id, starts_at=start, ends_at=end, purpose="Course"))

        outcomes, elapsed = race(book_same)
        timed.setdefault((name, fast), []).append(elapsed)
        winners = sum(not isinstance(o, Exception) for o in outcomes)
        refused = sum(isinstance(o, services.BookingRefused) for o in outcomes)
        if winners != 1 or refused != CLIENTS - 1:
            others = [repr(o)[:120] for o in outcomes if isinstance(o, Exception)
                      and not isinstance(o, services.BookingRefused)]
            wrong.append((winners, refused, others[:2]))
    report(name)
    print(f"  exactly one winner in {len(modes) * args.races - len(wrong)} of "
          f"{len(modes) * args.races} races" + (f"; wrong: {wrong[:3]}" if wrong else ""))

    name, failures = f"race: {CLIENTS} clients, {CLIENTS} slots of one offer", []
    for index in range(args.races * len(modes)):
        fast = turns(index // len(modes))[index % len(modes)]
        way(fast)
        with context():
            viewer = db.session.get(User, bench.user_id)
            while True:
                offer = rng.choice([o for o in offers if o.kind in exclusive])
                slots = []
                for week in range(2, 26):
                    day = monday + timedelta(weeks=week, days=rng.randrange(5))
                    slot = free_slot(offer, day, viewer)
                    if slot:
                        slots.append(slot)
                    if len(slots) == CLIENTS:
                        break
                if len(slots) == CLIENTS:
                    break
            clients = [actors[m] for m in rng.sample(
                [m for m in actors if m != offer.member_id], CLIENTS)]

        def book_own(index, offer=offer, slots=slots, clients=clients):
            actor = db.session.get(User, clients[index])
            start, end = slots[index]
            return services.create_booking(actor, services.BookingRequest(
                offer_id=offer.id, starts_at=start, ends_at=end, purpose="Course"))

        outcomes, elapsed = race(book_own)
        timed.setdefault((name, fast), []).append(elapsed)
        failed = [repr(o)[:160] for o in outcomes if isinstance(o, Exception)]
        if failed:
            failures.append(failed)
    report(name)
    print(f"  all {CLIENTS} booked in {len(modes) * args.races - len(failures)} of "
          f"{len(modes) * args.races} races"
          + (f"; failures: {failures[0][:2]}" if failures else ""))

    if len(modes) == 2:
        saved_report(timed)
    bench.server.shutdown()


def saved_report(timed: dict[tuple[str, bool], list[float]]) -> None:
    """What going straight to the driver saves, scenario by scenario."""
    print("\nwhat the fast path saves (SQLAlchemy's time minus the fast path's, ms and %):")
    print(f"{'scenario':<56} {'median':>16} {'p95':>16}")
    for name in dict.fromkeys(name for name, _fast in timed):
        cells = []
        for measure in (statistics.median, lambda t: harness.percentile(t, 95)):
            fast, slow = measure(timed[name, True]), measure(timed[name, False])
            cells.append(f"{slow - fast:>6.1f} ({(slow - fast) / slow:>4.0%})")
        print(f"{name:<56} {cells[0]:>16} {cells[1]:>16}", flush=True)


if __name__ == "__main__":
    main()
