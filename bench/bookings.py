"""Time the booking engine on the large benchmark pole (500,000 bookings): medians and
percentiles of a week of availability and of a booking (service layer and HTTP), of the
catalogue's "available during" filter, and two races of 20 clients.

Usage: make bench  (or: .venv/bin/python bench/bookings.py [--requests N] [--races N])
Uses DATABASE_URL if set (an empty database), else a fresh SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import random
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
    timings = []
    for _ in range(args.requests):
        with context():
            viewer = db.session.get(User, bench.user_id)
            offer = rng.choice(offers)
            start = datetime.combine(monday + timedelta(weeks=rng.randint(0, 20)),
                                     datetime.min.time(), zone)
            started = time.perf_counter()
            availability.availability(viewer, offer.id, start, start + timedelta(days=7))
            timings.append((time.perf_counter() - started) * 1000)
    harness.report("availability, one offer's week (service)", timings)

    # 2. A booking of a free slot, in the service layer.
    timings, refused = [], 0
    for _ in range(args.requests):
        with context():
            viewer = db.session.get(User, bench.user_id)
            offer, (start, end) = pick_slot(viewer)
            actor = actor_for(offer)
            request = services.BookingRequest(offer_id=offer.id, starts_at=start, ends_at=end,
                                              purpose="Banc d'essai")
            # The previous booking's e-mails render in a background thread of this process:
            # wait for them, so that they are not counted in this booking's time.
            mail.flush()
            started = time.perf_counter()
            try:
                services.create_booking(actor, request)
            except services.BookingRefused:
                refused += 1
            timings.append((time.perf_counter() - started) * 1000)
    harness.report("booking a free slot (service)", timings)
    if refused:
        print(f"  {refused} of them refused (expected none)")

    # 3. The same over HTTP, if the bookings API is there.
    with context():
        routes = {(rule.rule, method) for rule in app.url_map.iter_rules()
                  for method in rule.methods}
    if ("/api/v1/bookings", "POST") in routes:
        timings, failed = [], []
        for _ in range(args.requests):
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
            timings.append((time.perf_counter() - started) * 1000)
        harness.report("booking a free slot (HTTP POST /api/v1/bookings)", timings)
        if failed:
            print(f"  {len(failed)} refused, e.g. {failed[0]}")
    else:
        print("HTTP booking: route not available (POST /api/v1/bookings); service timed only")

    # 4. The catalogue's "available during" filter over HTTP.
    windows = []
    for week in range(1, 21):
        day = monday + timedelta(weeks=week, days=week % 5)
        windows.append((f"{day}T10:00", f"{day}T12:00"))
    timings = [bench.get(f"/api/v1/offers?available_from={a}&available_to={b}")
               for a, b in (rng.choice(windows) for _ in range(args.requests))]
    harness.report("catalogue, available during 2 h (HTTP)", timings)

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
    timings, wrong = [], []
    for _ in range(args.races):
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
        timings.append(elapsed)
        winners = sum(not isinstance(o, Exception) for o in outcomes)
        refused = sum(isinstance(o, services.BookingRefused) for o in outcomes)
        if winners != 1 or refused != CLIENTS - 1:
            others = [repr(o)[:120] for o in outcomes if isinstance(o, Exception)
                      and not isinstance(o, services.BookingRefused)]
            wrong.append((winners, refused, others[:2]))
    harness.report(f"race: {CLIENTS} clients, one free slot (whole race)", timings)
    print(f"  exactly one winner in {args.races - len(wrong)} of {args.races} races"
          + (f"; wrong: {wrong[:3]}" if wrong else ""))

    timings, failures = [], []
    for _ in range(args.races):
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
        timings.append(elapsed)
        failed = [repr(o)[:160] for o in outcomes if isinstance(o, Exception)]
        if failed:
            failures.append(failed)
    harness.report(f"race: {CLIENTS} clients, {CLIENTS} slots of one offer", timings)
    print(f"  all {CLIENTS} booked in {args.races - len(failures)} of {args.races} races"
          + (f"; failures: {failures[0][:2]}" if failures else ""))
    bench.server.shutdown()


if __name__ == "__main__":
    main()
