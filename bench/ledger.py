"""Time the ledger on the large benchmark pole (200,000 exchanges over five years): medians
and percentiles of one member's yearly statement and of the pole's yearly totals (service
layer, and over HTTP when the pages or the API serve them), of a member's first page of
exchanges, and one run of `flask ledger check`.

Usage: make bench  (or: .venv/bin/python bench/ledger.py [--requests N])
Uses DATABASE_URL if set (an empty database), else a fresh SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="requests per scenario")
    args = parser.parse_args()
    bench = harness.start()
    import sqlalchemy as sa

    from pooling.accounts.models import User
    from pooling.accounts.services import create_api_token
    from pooling.demo.loader import DEMO_PASSWORD, demo_logins
    from pooling.extensions import db
    from pooling.ledger import queries, statements
    from pooling.ledger.models import Exchange, LedgerEntry
    from pooling.members.models import Member

    app = bench.app
    rng = random.Random(11)
    with app.app_context():
        first, last = db.session.execute(sa.select(sa.func.min(LedgerEntry.booked_on),
                                                   sa.func.max(LedgerEntry.booked_on))).one()
        # Full calendar years only.
        years = list(range(first.year + (first > date(first.year, 1, 1)),
                           last.year + (last == date(last.year, 12, 31))))
        members = list(db.session.scalars(
            sa.select(LedgerEntry.member_id).distinct().order_by(LedgerEntry.member_id)))
        people = dict(db.session.execute(
            sa.select(User.member_id, sa.func.min(User.id)).where(User.active.is_(True))
            .group_by(User.member_id)).all())
        cell = next(user for label, user in demo_logins() if label == "cell")
        cell_id, cell_email = cell.id, cell.email
        _token, cell_token = create_api_token(cell_id, "bench ledger")
        exchanges = db.session.scalar(sa.select(sa.func.count(Exchange.id)))
        entries = db.session.scalar(sa.select(sa.func.count(LedgerEntry.id)))
        print(f"database: {db.engine.dialect.name}, {exchanges} exchanges, {entries} entries, "
              f"{len(members)} members, full years {years[0]}-{years[-1]}")
        routes = {rule.rule for rule in app.url_map.iter_rules()}
        login_path = next((rule.rule for rule in app.url_map.iter_rules()
                           if rule.endpoint == "auth.login"), None)
        db.session.remove()

    def period(year: int) -> statements.Period:
        return statements.Period(date(year, 1, 1), date(year, 12, 31))

    def timed(action) -> float:
        with app.test_request_context():
            started = time.perf_counter()
            action()
            elapsed = (time.perf_counter() - started) * 1000
        return elapsed

    harness.report_header()

    # 1. One member's statement for a full year, every entry listed (service layer).
    def one_statement():
        member = db.session.get(Member, rng.choice(members))
        statement = statements.statement(member, period(rng.choice(years)), detailed=True)
        assert statement.lines is not None

    harness.report("member's yearly statement (service)",
                   [timed(one_statement) for _ in range(args.requests)])

    # 2. The pole's totals for a full year (service layer).
    harness.report("pole's yearly totals (service)",
                   [timed(lambda: statements.pole_totals(period(rng.choice(years))))
                    for _ in range(args.requests)])

    # 3. A member's first page of exchanges, as one of its people sees it.
    def first_page():
        viewer = db.session.get(User, people[rng.choice(members)])
        page = queries.list_exchanges(viewer, queries.ExchangeQuery())
        assert page.items is not None

    harness.report("member's exchanges, first page (service)",
                   [timed(first_page) for _ in range(args.requests)])

    # 4. The statement over HTTP: the API (the cell's token), then the page (signed in).
    def year_query() -> str:
        year = rng.choice(years)
        return f"from={year}-01-01&to={year}-12-31"

    if "/api/v1/ledger/members/<int:member_id>" in routes:
        api = harness.Bench(app, bench.base, {"Authorization": f"Bearer {cell_token}"},
                            bench.server, cell_id)
        harness.report("member's yearly statement (HTTP API)", harness.timed_each(
            [f"/api/v1/ledger/members/{rng.choice(members)}?{year_query()}"
             for _ in range(args.requests)], api.get))
        if "/api/v1/ledger" in routes:
            harness.report("pole's yearly totals (HTTP API)", harness.timed_each(
                [f"/api/v1/ledger?{year_query()}" for _ in range(args.requests)], api.get))
    else:
        print("HTTP API: route not available (GET /api/v1/ledger/members/{id})")
    if "/ledger/members/<int:member_id>" in routes and login_path:
        opener = harness.signed_in(bench.base + login_path, cell_email, DEMO_PASSWORD)
        timings = harness.Timed().start()
        for _ in range(args.requests):
            url = f"{bench.base}/ledger/members/{rng.choice(members)}?{year_query()}"
            started = time.perf_counter()
            with opener.open(url) as response:
                response.read()
                assert response.status == 200 and response.url == url, response.url
            timings.append((time.perf_counter() - started) * 1000)
        harness.report("member's yearly statement (HTTP page)", timings.stop())
    else:
        print("HTTP page: route not available (GET /ledger/members/<id>)")

    # 5. Every invariant of the ledger, once.
    try:
        from pooling.ledger import checks
    except ImportError:
        checks = None
    if checks is not None and hasattr(checks, "check"):
        breaches = []
        elapsed = timed(lambda: breaches.extend(checks.check()))
        harness.report("ledger check, every invariant (once)", [elapsed])
        print(f"  {len(breaches)} breaches" + (f": {breaches[:3]}" if breaches else ""))
    else:
        print("ledger check: pooling.ledger.checks.check not available")
    bench.server.shutdown()


if __name__ == "__main__":
    main()
