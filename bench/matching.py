"""Time the matching engine on the large benchmark pole (3,000 offers, 500,000 bookings, a few
hundred open needs): ranking the offers for one need, availability included, in the service
layer and over HTTP (GET /api/v1/needs/{id}/matches), with the framework's floor beside it
(GET /api/v1/me on the same server, with the same token), and the reverse: the open needs
one offer can serve. Each need is asked once per scenario, in turn.

Usage: make bench  (or: .venv/bin/python bench/matching.py [--needs N] [--offers N]
[--profile])
Uses DATABASE_URL if set (an empty database), else a fresh SQLite file in a temporary folder;
with POOLING_INSTANCE_PATH set to a folder that holds the large pole already, reuses it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

# The target: ranking one need's offers, availability included, at the 95th percentile.
TARGET_P95_MS = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--needs", type=int, default=300, help="needs ranked per scenario")
    parser.add_argument("--offers", type=int, default=20,
                        help="offers whose matching needs are found")
    parser.add_argument("--profile", action="store_true",
                        help="profile the service calls and print where the time goes")
    args = parser.parse_args()
    bench = harness.start()
    import sqlalchemy as sa

    from pooling.accounts.models import Role, User
    from pooling.accounts.services import create_api_token
    from pooling.catalogue.models import Offer, OfferStatus
    from pooling.demo import needs as demo_needs
    from pooling.extensions import db
    from pooling.matching import engine
    from pooling.needs import matches
    from pooling.needs.models import Need, NeedStatus
    from pooling.needs.services import need_request
    from pooling.pole.clock import pole_today

    app = bench.app
    rng = random.Random(13)

    def open_needs() -> list[int]:
        return list(db.session.scalars(sa.select(Need.id).where(
            Need.status == NeedStatus.OPEN, Need.open_until >= pole_today())
            .order_by(Need.id)))

    with app.test_request_context():
        found = open_needs()
        if len(found) < args.needs:
            # A pole generated before it had needs: post the missing ones.
            demo_needs.generate_large(rng, args.needs - len(found), echo=lambda _line: None)
            found = open_needs()
        need_ids = rng.sample(found, min(args.needs, len(found)))
        offer_ids = rng.sample(list(db.session.scalars(
            sa.select(Offer.id).where(Offer.status == OfferStatus.PUBLISHED))), args.offers)
        # The cell may see every need's matches.
        cell = db.session.scalars(sa.select(User).where(User.role == Role.CELL)
                                  .order_by(User.id)).first()
        _token, plain = create_api_token(cell.id, "bench")
        print(f"database: {db.engine.dialect.name}, "
              f"{db.session.scalar(sa.text('SELECT count(*) FROM offers'))} offers, "
              f"{db.session.scalar(sa.text('SELECT count(*) FROM bookings'))} bookings, "
              f"{len(found)} open needs; load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores")
    headers = {"Authorization": f"Bearer {plain}"}
    bench.headers = headers

    def timed(call) -> float:
        """One call in a request context of its own, as a request runs it, in ms."""
        with app.test_request_context():
            started = time.perf_counter()
            call()
            return (time.perf_counter() - started) * 1000

    harness.report_header()
    # The first need of each kind builds the offers' index and their sentence vectors in
    # this process, as a server's first requests do: timed apart.
    with app.test_request_context():
        kinds = dict(db.session.execute(sa.select(Need.kind, sa.func.min(Need.id)).where(
            Need.id.in_(found)).group_by(Need.kind)).all())
    harness.report("first need of each kind: index and vectors built (service)",
                   [timed(lambda need_id=need_id: engine.suggestions(need_request(need_id)))
                    for need_id in kinds.values()])

    counts, timings = [], []
    for need_id in need_ids:
        timings.append(timed(lambda need_id=need_id: counts.append(
            len(engine.suggestions(need_request(need_id))))))
    harness.report("ranking one need's offers, availability included (service)", timings)
    service_p95 = harness.percentile(timings, 95)

    harness.report("the same, GET /api/v1/needs/{id}/matches (HTTP)", harness.timed_each(
        need_ids, lambda need_id: bench.get(f"/api/v1/needs/{need_id}/matches")))
    harness.report("floor: GET /api/v1/me (HTTP, same token)",
                   harness.timed_run(len(need_ids), lambda: bench.get("/api/v1/me")))

    reverse = [timed(lambda offer_id=offer_id: matches.needs_for_offer(offer_id))
               for offer_id in offer_ids]
    harness.report("open needs one offer can serve (service)", reverse)
    harness.report("the same, GET /api/v1/offers/{id}/matching-needs (HTTP)",
                   [bench.get(f"/api/v1/offers/{offer_id}/matching-needs")
                    for offer_id in offer_ids])

    print(f"  suggestions per need: median {sorted(counts)[len(counts) // 2]}, "
          f"none for {counts.count(0)} of {len(counts)}")
    verdict = "within" if service_p95 < TARGET_P95_MS else "OVER"
    print(f"  service p95 {service_p95:.1f} ms: {verdict} the target of {TARGET_P95_MS} ms")
    if args.profile:
        # Apart from the timings, which the profiler would slow down.
        profiler = cProfile.Profile()
        for need_id in need_ids:
            with app.test_request_context():
                profiler.runcall(lambda need_id=need_id: engine.suggestions(
                    need_request(need_id)))
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(20)
        print(out.getvalue())
    bench.server.shutdown()


if __name__ == "__main__":
    main()
