"""Time the animation cell's review on the large benchmark pole (300 organisations, 3,000
offers, 500,000 bookings, 200,000 exchanges): medians and percentiles of the dashboard for one
year (the page, signed in as the cell), of the API's stats and network for one year, and of an
organisation's own review, with the framework's floor (GET /api/v1/me) beside them.

Usage: make bench  (or: .venv/bin/python bench/review.py [--requests N])
Uses DATABASE_URL if set (an empty database), else a fresh SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=100, help="requests per scenario")
    args = parser.parse_args()
    bench = harness.start()
    import sqlalchemy as sa

    from pooling.accounts.services import create_api_token
    from pooling.bookings.models import Booking
    from pooling.demo.loader import DEMO_PASSWORD, demo_logins
    from pooling.extensions import db
    from pooling.ledger.models import Exchange, LedgerEntry
    from pooling.ledger.statements import Period

    app = bench.app
    rng = random.Random(14)
    with app.app_context():
        first, last = db.session.execute(sa.select(sa.func.min(LedgerEntry.booked_on),
                                                   sa.func.max(LedgerEntry.booked_on))).one()
        years = list(range(first.year + (first > date(first.year, 1, 1)),
                           last.year + (last == date(last.year, 12, 31)))) or [last.year]
        cell = next(user for label, user in demo_logins() if label == "cell")
        member = next(user for label, user in demo_logins() if label != "cell")
        cell_id, cell_email, member_email = cell.id, cell.email, member.email
        _token, cell_token = create_api_token(cell_id, "bench review")
        print(f"database: {db.engine.dialect.name}, "
              f"{db.session.scalar(sa.select(sa.func.count(Booking.id)))} bookings, "
              f"{db.session.scalar(sa.select(sa.func.count(Exchange.id)))} exchanges, "
              f"full years {years[0]}-{years[-1]}")
        routes = {rule.rule for rule in app.url_map.iter_rules()}
        db.session.remove()

    def year_query() -> str:
        year = rng.choice(years)
        return f"from={year}-01-01&to={year}-12-31"

    def page_timings(opener, path: str) -> list[float]:
        timings = []
        for _ in range(args.requests):
            url = f"{bench.base}{path}{'&' if '?' in path else '?'}{year_query()}"
            started = time.perf_counter()
            with opener.open(url) as response:
                response.read()
                assert response.status == 200 and response.url == url, response.url
            timings.append((time.perf_counter() - started) * 1000)
        return timings

    harness.report_header()

    # The figures summed afresh, as after a new booking or exchange (service layer); pages and
    # the API then answer from the figures kept until the data change again.
    from pooling.review import balance, cooperation, network, usage

    def afresh(compute) -> float:
        year = rng.choice(years)
        period = Period(date(year, 1, 1), date(year, 12, 31))
        with app.test_request_context():
            started = time.perf_counter()
            compute(period)
            elapsed = (time.perf_counter() - started) * 1000
            db.session.remove()
        return elapsed

    runs = max(3, args.requests // 10)
    harness.report("usage figures of a year, afresh (service)",
                   [afresh(usage.compute) for _ in range(runs)])
    harness.report("cooperation figures of a year, afresh (service)",
                   [afresh(cooperation.compute) for _ in range(runs)])
    harness.report("balance figures of a year, afresh (service)",
                   [afresh(balance.compute) for _ in range(runs)])
    harness.report("network and layout of a year, afresh (service)",
                   [afresh(lambda p: network.build(p, None, cooperation.members_of_pole(p)))
                    for _ in range(runs)])
    api = harness.Bench(app, bench.base, {"Authorization": f"Bearer {cell_token}"},
                        bench.server, cell_id)
    harness.report("floor: GET /api/v1/me (HTTP, cell's token)",
                   [api.get("/api/v1/me") for _ in range(args.requests)])
    for path, name in (("/api/v1/stats", "pole's stats for one year (HTTP API)"),
                       ("/api/v1/stats/network", "cooperation network, one year (HTTP API)")):
        if path in routes:
            # Each settled year once first, on its own row: a year this version of the code
            # has not summed yet (the code's digest is part of the kept figures' state) is
            # summed there and kept for every worker, as at the first readings after a deploy.
            harness.report(f"{name}, each year read once first",
                           [api.get(f"{path}?from={year}-01-01&to={year}-12-31")
                            for year in years])
            harness.report(name, [api.get(f"{path}?{year_query()}")
                                  for _ in range(args.requests)])
        else:
            print(f"{path}: route not available")
    login = f"{bench.base}/login"
    cell_browser = harness.signed_in(login, cell_email, DEMO_PASSWORD)
    harness.report("cell's dashboard for one year (HTTP page)",
                   page_timings(cell_browser, "/review/"))
    harness.report("its network, fetched after the page (HTTP part)",
                   page_timings(cell_browser, "/review/network?part=1"))
    booked_timings, dashboard_timings, network_timings, kept_timings = after_booking(
        app, bench, cell_browser, args.requests, rng)
    harness.report("a booking (HTTP POST /api/v1/bookings), before the reading below",
                   booked_timings)
    harness.report("cell's dashboard, first reading after a new booking (HTTP page)",
                   dashboard_timings)
    harness.report("its network, fetched after the page (HTTP part)", network_timings)
    harness.report("usage of the year, read again after the booking (service, kept months)",
                   kept_timings)
    declared_timings, exchange_timings, network_timings, kept_timings = after_exchange(
        app, bench, cell_browser, {"Authorization": f"Bearer {cell_token}"}, args.requests, rng)
    harness.report("an exchange declared and confirmed (HTTP API), before the reading below",
                   declared_timings)
    harness.report("cell's dashboard, first reading after a new exchange (HTTP page)",
                   exchange_timings)
    harness.report("its network, fetched after the page (HTTP part)", network_timings)
    harness.report("cooperation and balance, read again after it (service, kept months)",
                   kept_timings)
    if "/review/member" in routes:
        harness.report("an organisation's own review for one year (HTTP page)",
                       page_timings(harness.signed_in(login, member_email, DEMO_PASSWORD),
                                    "/review/member"))
    bench.server.shutdown()


def read_in_process(app, read, year: int) -> float:
    """`read(period)` of the year in a request of the bench's own process, in ms: what one
    process reads again after a change, from the months it keeps (pooling.review.sums)."""
    from pooling.extensions import db
    from pooling.ledger.statements import Period

    with app.test_request_context():
        started = time.perf_counter()
        read(Period(date(year, 1, 1), date(year, 12, 31)))
        elapsed = (time.perf_counter() - started) * 1000
        db.session.remove()
    return elapsed


def read_dashboard(browser, base: str, year: int) -> tuple[float, float]:
    """The dashboard of the year, then the network its script fetches: each in ms."""
    span = f"from={year}-01-01&to={year}-12-31"
    timings = []
    for path in (f"/review/?{span}", f"/review/network?{span}&part=1"):
        started = time.perf_counter()
        with browser.open(base + path) as response:
            response.read()
            assert response.status == 200
        timings.append((time.perf_counter() - started) * 1000)
    return timings[0], timings[1]


def after_booking(app, bench, browser, requests: int, rng: random.Random
                  ) -> tuple[list[float], list[float], list[float], list[float]]:
    """Book a free hour through the API, then read the dashboard of the booking's year at
    once, as the cell does after members booked: the reading every worker makes first after
    a change; then the year's usage in the bench's own process. Returns the bookings', the
    pages', their networks' and the usage's timings."""
    import sqlalchemy as sa

    from pooling.accounts.models import User
    from pooling.bookings import availability
    from pooling.catalogue.models import BookingPolicy, Offer, OfferStatus
    from pooling.extensions import db
    from pooling.pole.clock import pole_zone
    from pooling.review import usage

    with app.app_context():
        zone = pole_zone()
        offers = db.session.execute(
            sa.select(Offer.id, Offer.member_id, Offer.min_duration_minutes)
            .where(Offer.status == OfferStatus.PUBLISHED,
                   Offer.booking_policy == BookingPolicy.AUTOMATIC)).all()
        viewer_member = db.session.get(User, bench.user_id).member_id
        offers = [o for o in offers if o.member_id != viewer_member]
    today = datetime.now(zone).date()
    claimed: set[tuple[int, datetime]] = set()

    def free_slot() -> tuple[int, datetime, datetime]:
        while True:
            offer = rng.choice(offers)
            day = today + timedelta(days=rng.randint(14, 160))
            start = datetime.combine(day, datetime.min.time(), zone)
            length = timedelta(minutes=max(60, offer.min_duration_minutes))
            with app.test_request_context():
                viewer = db.session.get(User, bench.user_id)
                free = availability.availability(viewer, offer.id, start,
                                                 start + timedelta(days=1))
                db.session.remove()
            for interval in (f.interval for f in free):
                begin = interval.start
                if begin.minute % 30:
                    begin += timedelta(minutes=30 - begin.minute % 30)
                if begin + length <= interval.end and (offer.id, begin) not in claimed:
                    claimed.add((offer.id, begin))
                    return offer.id, begin, begin + length

    # Each worker reads the years the bookings fall in once first, as the cell's earlier
    # readings would have: what is timed below is what a new booking changes.
    for year in {today.year, (today + timedelta(days=160)).year}:
        for _ in range(4 * harness.Gunicorn.WORKERS):
            read_dashboard(browser, bench.base, year)
        read_in_process(app, usage.figures, year)
    booked, read, drawn, kept = [], [], [], []
    for _ in range(requests):
        offer_id, start, end = free_slot()
        body = json.dumps({"offer": offer_id, "start": start.isoformat(),
                           "end": end.isoformat(), "purpose": "Banc d'essai"}).encode()
        request = urllib.request.Request(
            bench.base + "/api/v1/bookings", data=body, method="POST",
            headers={**bench.headers, "Content-Type": "application/json"})
        started = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            response.read()
            assert response.status == 201, response.status
        booked.append((time.perf_counter() - started) * 1000)
        page, network = read_dashboard(browser, bench.base, start.astimezone(zone).year)
        read.append(page)
        drawn.append(network)
        kept.append(read_in_process(app, usage.figures, start.astimezone(zone).year))
    return booked, read, drawn, kept


def after_exchange(app, bench, browser, headers: dict, requests: int, rng: random.Random
                   ) -> tuple[list[float], list[float], list[float], list[float]]:
    """Declare and confirm an exchange between two organisations through the API (the cell's
    token), then read the dashboard of the exchange's year at once: every figure summed from
    the ledger changes; then the year's cooperation and balance in the bench's own process.
    Returns the exchanges', the pages', their networks' and those figures' timings."""
    import sqlalchemy as sa

    from pooling.extensions import db
    from pooling.members.models import Member
    from pooling.pole.clock import pole_today
    from pooling.review import balance, cooperation

    def ledger_figures(period) -> None:
        cooperation.figures(period)
        balance.figures(period)

    with app.app_context():
        members = list(db.session.scalars(sa.select(Member.id).where(
            Member.left_on.is_(None)).order_by(Member.id)))
        today = pole_today()
        db.session.remove()
    for _ in range(4 * harness.Gunicorn.WORKERS):
        read_dashboard(browser, bench.base, today.year)
    read_in_process(app, ledger_figures, today.year)

    def post(path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            bench.base + path, data=json.dumps(body or {}).encode(), method="POST",
            headers={**headers, "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            assert response.status in (200, 201), response.status
            return json.loads(response.read())

    declared, read, drawn, kept = [], [], [], []
    for _ in range(requests):
        provider, beneficiary = rng.sample(members, 2)
        started = time.perf_counter()
        exchange = post("/api/v1/exchanges", {
            "provider_id": provider, "beneficiary_id": beneficiary, "kind": "skill",
            "quantity": "2", "unit": "hour", "occurred_on": today.isoformat(),
            "description": "Banc d'essai", "cooperation": rng.choice(["commercial",
                                                                      "strategic"])})
        post(f"/api/v1/exchanges/{exchange['id']}/confirm")
        declared.append((time.perf_counter() - started) * 1000)
        page, network = read_dashboard(browser, bench.base, today.year)
        read.append(page)
        drawn.append(network)
        kept.append(read_in_process(app, ledger_figures, today.year))
    return declared, read, drawn, kept


if __name__ == "__main__":
    main()
